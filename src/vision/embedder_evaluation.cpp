#include "vision/embedder_evaluation.hpp"

#include <algorithm>
#include <memory>

#include "io/error.hpp"
#include "io/progress.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::vision {

MeasuredEmbedder read_measured_embedder(const std::filesystem::path& path) {
  auto net = std::make_shared<const PlainEmbedder>(path);
  MeasuredEmbedder m;
  m.centres = net->centres();
  m.record = read_embedder_record(path);
  m.embed = [net](const std::vector<cv::Mat>& images) {
    RowMatrix out(Eigen::Index(images.size()), Eigen::Index(net->options().embedding_size));
    const std::vector<std::vector<float>> embeddings = net->embed(images);  // on all hardware threads
    for (size_t i = 0; i < images.size(); ++i) {
      const std::vector<float>& e = embeddings[i];
      out.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(e.data(), Eigen::Index(e.size()));
    }
    return out;
  };
  return m;
}

BaselineFeatures baseline_features(const std::vector<LabelledImage>& items, const HueBaselineOptions& options,
                                   bool show_progress) {
  if (items.empty()) throw InputError("no labelled image to fit the baseline on");
  BaselineFeatures b{.features = RowMatrix(Eigen::Index(items.size()), Eigen::Index(n_colour_features(options))), .labels = {}};
  io::Progress progress("baseline features", int64_t(items.size()), show_progress);
  for (size_t i = 0; i < items.size(); ++i) {
    const std::vector<float> f = colour_features(load_image(items[i].path), options);
    b.features.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(f.data(), Eigen::Index(f.size()));
    b.labels.push_back(items[i].label);
    progress.advance(1);
  }
  progress.finish();
  return b;
}

EmbedderEvaluation evaluate_embedder(const MeasuredEmbedder& embedder, const std::vector<LabelledImage>& items,
                                     bool show_progress) {
  if (items.empty()) throw InputError("no labelled image to evaluate");
  const auto n = Eigen::Index(items.size());
  const HueBaselineOptions& baseline = embedder.record.baseline_options;
  EmbedderEvaluation r;
  r.features.resize(n, Eigen::Index(n_colour_features(baseline)));
  r.embeddings.resize(n, Eigen::Index(embedder.centres.embedding_size));
  io::Progress progress("evaluate", int64_t(n), show_progress);
  constexpr size_t kChunk = 64;  // images decoded at a time, to bound memory
  for (size_t start = 0; start < items.size(); start += kChunk) {
    std::vector<cv::Mat> images;
    for (size_t i = start; i < std::min(items.size(), start + kChunk); ++i) {
      images.push_back(load_image(items[i].path));
      const std::vector<float> f = colour_features(images.back(), baseline);
      r.features.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(f.data(), Eigen::Index(f.size()));
      r.labels.push_back(items[i].label);
      r.keys.push_back(items[i].key);
    }
    const RowMatrix e = embedder.embed(images);  // [b, E]
    if (e.rows() != Eigen::Index(images.size()) || e.cols() != r.embeddings.cols()) {
      throw Error("evaluate_embedder: the network's output does not match the colour centres");
    }
    r.embeddings.middleRows(Eigen::Index(start), e.rows()) = e;
    progress.advance(int64_t(images.size()));
  }
  progress.finish();
  r.cnn_predicted = nearest_centres(row_major_values(r.embeddings), embedder.centres.mean, r.embeddings.cols());
  const RowMatrix hue = r.features.leftCols(Eigen::Index(n_hue_features(baseline)));  // colour_features() begin with them
  r.baseline_predicted = nearest_centres(row_major_values(hue), embedder.record.baseline_centroids, hue.cols());
  r.cnn = colour_metrics(r.embeddings, r.labels, r.cnn_predicted, kNumClasses);
  r.baseline = colour_metrics(hue, r.labels, r.baseline_predicted, kNumClasses);
  return r;
}

}  // namespace vec2midi::vision
