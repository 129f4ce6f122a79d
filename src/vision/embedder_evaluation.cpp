#include "vision/embedder_evaluation.hpp"

#include "io/error.hpp"
#include "io/progress.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::vision {

EmbedderEvaluation evaluate_embedder(EmbedderModel& model, const std::vector<LabelledImage>& items, bool show_progress) {
  if (items.empty()) throw InputError("no labelled image to evaluate");
  const auto n = int64_t(items.size());
  const int64_t n_features = n_hue_features(model.baseline_options);
  EmbedderEvaluation r;
  std::vector<int64_t> labels;
  std::vector<torch::Tensor> parts;
  auto features = torch::empty({n, n_features});
  io::Progress progress("evaluate", n, show_progress);
  constexpr size_t kChunk = 64;  // images decoded at a time, to bound memory
  for (size_t start = 0; start < items.size(); start += kChunk) {
    std::vector<cv::Mat> images;
    for (size_t i = start; i < std::min(items.size(), start + kChunk); ++i) {
      images.push_back(load_image(items[i].path));
      features[int64_t(i)] = torch::tensor(hue_features(images.back(), model.baseline_options));
      labels.push_back(items[i].label);
      r.keys.push_back(items[i].key);
    }
    parts.push_back(embed_images(model, images));
    progress.advance(int64_t(images.size()));
  }
  progress.finish();
  r.labels = torch::tensor(labels, torch::kInt64);
  r.embeddings = torch::cat(parts, 0);
  r.cnn_predicted = nearest_centres(r.embeddings, model.centres.mean);
  r.baseline_predicted = nearest_centres(features, model.baseline_centroids);
  r.cnn = colour_metrics(r.embeddings, r.labels, r.cnn_predicted, kNumClasses);
  r.baseline = colour_metrics(features, r.labels, r.baseline_predicted, kNumClasses);
  return r;
}

}  // namespace vec2midi::vision
