#include "vision/embedder_evaluation.hpp"

#include "io/error.hpp"
#include "io/progress.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::vision {
namespace {

// The nearest of `centres` [C, D] row-major for each row of `points` [N, D] -> [N] int64 (centre_distances.hpp).
torch::Tensor nearest_rows(const torch::Tensor& points, std::span<const float> centres) {
  const torch::Tensor p = points.to(torch::kFloat32).contiguous();
  const std::vector<int> nearest = nearest_centres(std::span<const float>(p.data_ptr<float>(), size_t(p.numel())), centres, p.size(1));
  return torch::tensor(std::vector<int64_t>(nearest.begin(), nearest.end()), torch::kInt64);
}

}  // namespace

BaselineFeatures baseline_features(const std::vector<LabelledImage>& items, const HueBaselineOptions& options,
                                   bool show_progress) {
  if (items.empty()) throw InputError("no labelled image to fit the baseline on");
  auto features = torch::empty({int64_t(items.size()), n_colour_features(options)});
  std::vector<int64_t> labels;
  io::Progress progress("baseline features", int64_t(items.size()), show_progress);
  for (size_t i = 0; i < items.size(); ++i) {
    features[int64_t(i)] = torch::tensor(colour_features(load_image(items[i].path), options));
    labels.push_back(items[i].label);
    progress.advance(1);
  }
  progress.finish();
  return {features, torch::tensor(labels, torch::kInt64)};
}

EmbedderEvaluation evaluate_embedder(EmbedderModel& model, const std::vector<LabelledImage>& items, bool show_progress) {
  if (items.empty()) throw InputError("no labelled image to evaluate");
  const auto n = int64_t(items.size());
  const int64_t n_features = n_colour_features(model.baseline_options);
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
      features[int64_t(i)] = torch::tensor(colour_features(images.back(), model.baseline_options));
      labels.push_back(items[i].label);
      r.keys.push_back(items[i].key);
    }
    parts.push_back(embed_images(model, images));
    progress.advance(int64_t(images.size()));
  }
  progress.finish();
  r.labels = torch::tensor(labels, torch::kInt64);
  r.embeddings = torch::cat(parts, 0);
  r.cnn_predicted = nearest_rows(r.embeddings, model.centres.mean);
  const auto hue = features.narrow(1, 0, n_hue_features(model.baseline_options));  // colour_features() begin with them
  const torch::Tensor centroids = model.baseline_centroids.to(torch::kFloat32).contiguous();
  r.baseline_predicted = nearest_rows(hue, std::span<const float>(centroids.data_ptr<float>(), size_t(centroids.numel())));
  r.cnn = colour_metrics(r.embeddings, r.labels, r.cnn_predicted, kNumClasses);
  r.baseline = colour_metrics(hue, r.labels, r.baseline_predicted, kNumClasses);
  r.features = features;
  return r;
}

}  // namespace vec2midi::vision
