// Small seeded fixtures shared by the vision tests: solid-colour training sets and tiny models
// that train in well under a second. Usage: auto set = solid_colour_set(3, 48);
#pragma once

#include <opencv2/core.hpp>

#include "vision/colour_class.hpp"
#include "vision/embedder_trainer.hpp"

namespace vec2midi::vision::fixtures {

/// A typical BGR colour of each class (black, blue, green, grey, orange, purple, red, white, yellow).
inline cv::Scalar typical_bgr(int label) {
  static const cv::Scalar kBgr[kNumClasses] = {{15, 15, 15},  {200, 60, 20}, {40, 160, 40}, {128, 128, 128}, {0, 140, 255},
                                               {160, 40, 120}, {30, 30, 210}, {245, 245, 245}, {0, 220, 240}};
  return kBgr[label];
}

/// `per_class` images of each class: the class colour with a small darker square, size x size.
inline TrainingSet solid_colour_set(int per_class, int size) {
  TrainingSet set;
  for (int c = 0; c < kNumClasses; ++c) {
    for (int i = 0; i < per_class; ++i) {
      cv::Mat image(size, size, CV_8UC3, typical_bgr(c));
      image(cv::Rect(i % size, i % size, size / 4, size / 4)) = typical_bgr(c) * 0.8;
      set.images.push_back(image);
      set.labels.push_back(c);
      set.generated.push_back(false);
      set.keys.push_back(std::string(kClassNames[size_t(c)]) + "/" + std::to_string(i));
    }
  }
  return set;
}

/// Options for a tiny, fast run on 32 x 32 inputs.
inline EmbedderTrainOptions tiny_options(int64_t n_steps) {
  EmbedderTrainOptions o;
  o.net.input_size = 32;
  o.net.n_middle_blocks = 0;
  o.n_steps = n_steps;
  o.images_per_class = 2;
  o.n_scenes = 0;
  o.cache_size = 40;
  o.checkpoint_every = 0;
  return o;
}

}  // namespace vec2midi::vision::fixtures
