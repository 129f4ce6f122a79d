// Labelled synthetic pictures for Image2Vec: the attention colour sits on the salient region
// (a product on a plain ground, a car in a street, a textured close-up, a flat swatch, an object
// among duller clutter), then lighting, white balance, noise, blur and JPEG artefacts are applied.
// Usage: io::Rng rng(seed); cv::Mat bgr = generate_scene(class_index("red"), rng);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include <opencv2/core.hpp>

#include "io/random.hpp"

namespace vec2midi::vision {

struct SceneOptions {
  int64_t size = 160;             ///< longer side of a scene in pixels (network input is 128)
  double min_aspect = 0.75;       ///< shortest height/width ratio of street scenes (photos are ~4:3)
  int jpeg_quality_min = 35;      ///< lowest JPEG quality of the artefact pass
  int jpeg_quality_max = 95;      ///< highest JPEG quality of the artefact pass
  double jpeg_probability = 0.8;  ///< share of scenes passed through JPEG encoding
  double max_noise_sigma = 5.0;   ///< Gaussian pixel noise, 8-bit units
  double max_blur_sigma = 1.2;    ///< Gaussian blur, pixels
};

/// One scene whose attention colour is class `label` (0..8), 8-bit BGR. Deterministic in `rng`.
cv::Mat generate_scene(int label, io::Rng& rng, const SceneOptions& options = {});

/// The seed of scene number `index` of a set generated from `seed` (so scenes can be made in any order).
uint64_t scene_seed(uint64_t seed, int64_t index);

/// Scene `index` of the balanced set from `seed`: class index % 9, seeded by scene_seed().
cv::Mat generate_indexed_scene(uint64_t seed, int64_t index, const SceneOptions& options = {});

/// The class of scene `index` in a balanced set (index % 9).
int scene_label(int64_t index);

/// Writes `n_scenes` balanced scenes as JPEG files DIR/<class>/scene_<index>.jpg (each written
/// atomically). `on_written` is called after each file (for progress). Throws Error on write failure.
void write_scenes(const std::filesystem::path& dir, int64_t n_scenes, uint64_t seed, const SceneOptions& options,
                  const std::function<void()>& on_written = {});

}  // namespace vec2midi::vision
