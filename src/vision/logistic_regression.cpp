#include "vision/logistic_regression.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"
#include "optim/lbfgs.hpp"

namespace vec2midi::vision {

namespace {

/// (features - mean) / scale in double: [N, F].
Eigen::MatrixXd standardised(const LogisticModel& m, const RowMatrix& features) {
  return ((features.cast<double>().rowwise() - m.mean.transpose()).array().rowwise() / m.scale.transpose().array()).matrix();
}

}  // namespace

double penalised_cross_entropy(const Eigen::MatrixXd& x, std::span<const int> labels, const Eigen::MatrixXd& weight,
                               const Eigen::VectorXd& bias, double l2, Eigen::MatrixXd* d_weight, Eigen::VectorXd* d_bias) {
  const auto n = x.rows();
  Eigen::MatrixXd z = (x * weight).rowwise() + bias.transpose();  // [N, C] logits
  // Row-wise log-softmax, shifted by each row's largest logit for stability.
  const Eigen::VectorXd top = z.rowwise().maxCoeff();
  z.colwise() -= top;
  Eigen::MatrixXd p = z.array().exp();  // [N, C], then the softmax probabilities
  const Eigen::VectorXd total = p.rowwise().sum();
  p.array().colwise() /= total.array();
  double loss = 0;
  for (Eigen::Index i = 0; i < n; ++i) loss += std::log(total(i)) - z(i, labels[size_t(i)]);
  loss = loss / double(n) + l2 * weight.squaredNorm();
  if (d_weight != nullptr || d_bias != nullptr) {
    // d loss / d z = (softmax - one-hot) / N.
    for (Eigen::Index i = 0; i < n; ++i) p(i, labels[size_t(i)]) -= 1.0;
    p /= double(n);
    if (d_weight != nullptr) *d_weight = x.transpose() * p + 2.0 * l2 * weight;
    if (d_bias != nullptr) *d_bias = p.colwise().sum().transpose();
  }
  return loss;
}

LogisticModel fit_logistic(const RowMatrix& features, std::span<const int> labels, int n_classes,
                           const LogisticOptions& options) {
  if (features.rows() != Eigen::Index(labels.size()) || features.rows() == 0) {
    throw InputError("logistic regression: needs features [N, F] and N labels, N > 0");
  }
  if (std::any_of(labels.begin(), labels.end(), [&](int c) { return c < 0 || c >= n_classes; })) {
    throw InputError("logistic regression: a label is outside [0, " + std::to_string(n_classes) + ")");
  }
  LogisticModel m;
  const Eigen::MatrixXd x64 = features.cast<double>();
  m.mean = x64.colwise().mean().transpose();
  const Eigen::VectorXd spread = ((x64.rowwise() - m.mean.transpose()).array().square().colwise().mean()).sqrt().transpose();
  m.scale = (spread.array() > 1e-12).select(spread.array(), 1.0).matrix();
  const Eigen::MatrixXd x = standardised(m, features);
  const Eigen::Index f = x.cols(), c = n_classes;
  // The parameters as one vector: the weight [F, C] column by column, then the bias [C]; from zero.
  const auto objective = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    const Eigen::Map<const Eigen::MatrixXd> weight(theta.data(), f, c);
    const Eigen::Map<const Eigen::VectorXd> bias(theta.data() + f * c, c);
    Eigen::MatrixXd d_weight;
    Eigen::VectorXd d_bias;
    const double loss = penalised_cross_entropy(x, labels, weight, bias, options.l2, &d_weight, &d_bias);
    gradient.resize(theta.size());
    gradient << d_weight.reshaped(), d_bias;
    return loss;
  };
  // PyTorch's stopping rules and history, as the libtorch fit this replaced (docs/EMBEDDER.md's figures).
  const optim::LbfgsOptions lbfgs{.max_iterations = options.max_iterations, .max_evaluations = options.max_iterations * 5 / 4};
  const optim::LbfgsResult fit = optim::minimise_lbfgs(objective, Eigen::VectorXd::Zero(f * c + c), lbfgs);
  m.weight = fit.x.head(f * c).reshaped(f, c);
  m.bias = fit.x.tail(c);
  return m;
}

Eigen::MatrixXd logistic_scores(const LogisticModel& model, const RowMatrix& features) {
  return (standardised(model, features) * model.weight).rowwise() + model.bias.transpose();
}

std::vector<int> predict_logistic(const LogisticModel& model, const RowMatrix& features) {
  const Eigen::MatrixXd scores = logistic_scores(model, features);
  std::vector<int> predicted(size_t(scores.rows()));
  for (Eigen::Index i = 0; i < scores.rows(); ++i) scores.row(i).maxCoeff(&predicted[size_t(i)]);
  return predicted;
}

}  // namespace vec2midi::vision
