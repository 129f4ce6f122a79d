#include "vision/colour_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "eval/roc.hpp"
#include "io/error.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

double pairwise_same_class_auc(const RowMatrix& points, std::span<const int> labels) {
  if (size_t(points.rows()) != labels.size()) throw Error("pairwise_same_class_auc: one label per point expected");
  const Eigen::MatrixXd p = points.cast<double>().transpose();  // [D, N]: each point a contiguous column
  const int64_t n = p.cols();
  std::vector<double> scores;
  std::vector<uint8_t> same;
  scores.reserve(size_t(n * (n - 1) / 2));
  same.reserve(scores.capacity());
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = i + 1; j < n; ++j) {
      scores.push_back(-(p.col(i) - p.col(j)).squaredNorm());
      same.push_back(labels[size_t(i)] == labels[size_t(j)]);
    }
  }
  const auto n_same = std::count(same.begin(), same.end(), uint8_t(1));
  if (n_same == 0 || n_same == int64_t(same.size())) return std::numeric_limits<double>::quiet_NaN();
  return eval::roc_auc(scores, same);
}

ColourMetrics colour_metrics(const RowMatrix& points, std::span<const int> labels, std::span<const int> predicted,
                             int n_classes) {
  if (labels.size() != predicted.size()) throw Error("colour_metrics: one prediction per label expected");
  const auto in_range = [&](int c) { return c >= 0 && c < n_classes; };
  if (!std::all_of(labels.begin(), labels.end(), in_range) || !std::all_of(predicted.begin(), predicted.end(), in_range)) {
    throw Error("colour_metrics: a class is outside [0, " + std::to_string(n_classes) + ")");
  }
  ColourMetrics m;
  m.n_images = int64_t(labels.size());
  m.confusion.assign(size_t(n_classes), std::vector<int64_t>(size_t(n_classes), 0));
  int64_t correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    ++m.confusion[size_t(labels[i])][size_t(predicted[i])];
    correct += labels[i] == predicted[i] ? 1 : 0;
  }
  m.accuracy = m.n_images > 0 ? double(correct) / double(m.n_images) : std::numeric_limits<double>::quiet_NaN();
  m.accuracy_interval = eval::wilson_interval(correct, m.n_images);
  for (int c = 0; c < n_classes; ++c) {
    const auto& row = m.confusion[size_t(c)];
    const int64_t total = std::accumulate(row.begin(), row.end(), int64_t(0));
    m.recall.push_back(total > 0 ? double(row[size_t(c)]) / double(total) : std::numeric_limits<double>::quiet_NaN());
    m.recall_interval.push_back(eval::wilson_interval(row[size_t(c)], total));
  }
  m.pairwise_auc = pairwise_same_class_auc(points, labels);
  return m;
}

nlohmann::json to_json(const ColourMetrics& metrics) {
  auto number = [](double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); };
  auto interval = [&](const eval::Interval& i) { return nlohmann::json::array({number(i.low), number(i.high)}); };
  nlohmann::json per_class = nlohmann::json::object(), per_class_interval = nlohmann::json::object();
  for (size_t c = 0; c < metrics.recall.size(); ++c) {
    const std::string name = c < kClassNames.size() ? std::string(kClassNames[c]) : std::to_string(c);
    per_class[name] = number(metrics.recall[c]);
    if (c < metrics.recall_interval.size()) per_class_interval[name] = interval(metrics.recall_interval[c]);
  }
  return {{"n_images", metrics.n_images},
          {"accuracy", number(metrics.accuracy)},
          {"accuracy_interval", interval(metrics.accuracy_interval)},
          {"per_class", per_class},
          {"per_class_interval", per_class_interval},
          {"confusion", metrics.confusion},
          {"pairwise_auc", number(metrics.pairwise_auc)}};
}

}  // namespace vec2midi::vision
