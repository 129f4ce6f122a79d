#include "vision/colour_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <string>

#include "eval/roc.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

double pairwise_same_class_auc(const torch::Tensor& points, const torch::Tensor& labels) {
  const auto p = points.to(torch::kFloat64).contiguous();
  const auto sq = p.pow(2).sum(1, true);
  const auto d2 = (sq - 2.0 * p.matmul(p.t()) + sq.t()).contiguous();  // [N, N]
  const auto l = labels.to(torch::kInt64).contiguous();
  const int64_t n = p.size(0);
  const auto* d = d2.data_ptr<double>();
  const auto* lab = l.data_ptr<int64_t>();
  std::vector<double> scores;
  std::vector<uint8_t> same;
  scores.reserve(size_t(n * (n - 1) / 2));
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = i + 1; j < n; ++j) {
      scores.push_back(-d[i * n + j]);
      same.push_back(lab[i] == lab[j]);
    }
  }
  const auto n_same = std::count(same.begin(), same.end(), uint8_t(1));
  if (n_same == 0 || n_same == int64_t(same.size())) return std::numeric_limits<double>::quiet_NaN();
  return eval::roc_auc(scores, same);
}

ColourMetrics colour_metrics(const torch::Tensor& points, const torch::Tensor& labels, const torch::Tensor& predicted,
                             int64_t n_classes) {
  ColourMetrics m;
  m.n_images = labels.size(0);
  m.confusion.assign(size_t(n_classes), std::vector<int64_t>(size_t(n_classes), 0));
  const auto l = labels.to(torch::kInt64).contiguous(), p = predicted.to(torch::kInt64).contiguous();
  int64_t correct = 0;
  for (int64_t i = 0; i < m.n_images; ++i) {
    const int64_t t = l.data_ptr<int64_t>()[i], q = p.data_ptr<int64_t>()[i];
    ++m.confusion[size_t(t)][size_t(q)];
    correct += t == q ? 1 : 0;
  }
  m.accuracy = m.n_images > 0 ? double(correct) / double(m.n_images) : std::numeric_limits<double>::quiet_NaN();
  m.accuracy_interval = eval::wilson_interval(correct, m.n_images);
  for (int64_t c = 0; c < n_classes; ++c) {
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
