#include "vision/logistic_regression.hpp"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

/// Three Gaussian blobs in 4-d, centres 4 apart (nearly separable), n per class: features [3n, 4] and labels.
struct Blobs {
  torch::Tensor x;  // [3n, 4] float64
  torch::Tensor y;  // [3n] int64
  RowMatrix rows() const {
    const auto f = x.to(torch::kFloat32).contiguous();
    return Eigen::Map<const RowMatrix>(f.data_ptr<float>(), f.size(0), f.size(1));
  }
  std::vector<int> labels() const { return std::vector<int>(y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + y.numel()); }
};

Blobs blobs(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  const auto centres = torch::tensor({{0.0, 0.0, 4.0, 0.0}, {4.0, 0.0, 0.0, 0.0}, {0.0, 4.0, 0.0, 1.0}}, torch::kFloat64);
  const auto labels = torch::arange(3, torch::kInt64).repeat_interleave(n);
  // Rounded to float, the precision the features have in the program.
  return {(centres.index_select(0, labels) + torch::randn({3 * n, 4}, torch::kFloat64)).to(torch::kFloat32).to(torch::kFloat64),
          labels};
}

torch::Tensor to_tensor(const Eigen::MatrixXd& m) {
  auto t = torch::empty({m.rows(), m.cols()}, torch::kFloat64);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) t[i][j] = m(i, j);
  return t;
}

torch::Tensor to_tensor(const Eigen::VectorXd& v) { return to_tensor(Eigen::MatrixXd(v)).reshape({-1}); }

/// libtorch's penalised loss (cross_entropy + l2 · Σ w²) at the model's parameters plus dw, on the standardised blobs.
double torch_loss(const LogisticModel& m, const Blobs& b, double l2, const torch::Tensor& dw) {
  const auto z = (b.x - to_tensor(m.mean)) / to_tensor(m.scale);
  const auto w = to_tensor(m.weight) + dw;
  return (torch::nn::functional::cross_entropy(z.matmul(w) + to_tensor(m.bias), b.y) + l2 * w.pow(2).sum()).item<double>();
}

TEST(LogisticRegression, ClassifiesHeldOutBlobs) {
  const auto train = blobs(100, 1), test = blobs(100, 2);
  const auto m = fit_logistic(train.rows(), train.labels(), 3, {});
  const std::vector<int> predicted = predict_logistic(m, test.rows()), truth = test.labels();
  int right = 0;
  for (size_t i = 0; i < truth.size(); ++i) right += predicted[i] == truth[i] ? 1 : 0;
  EXPECT_GT(double(right) / double(truth.size()), 0.95);
}

TEST(LogisticRegression, LossAndGradientsMatchLibtorchAutograd) {
  const auto b = blobs(20, 7);
  torch::manual_seed(8);
  const auto w = torch::randn({4, 3}, torch::kFloat64).requires_grad_(true);
  const auto bias = torch::randn({3}, torch::kFloat64).requires_grad_(true);
  const auto want = torch::nn::functional::cross_entropy(b.x.matmul(w) + bias, b.y) + 0.05 * w.pow(2).sum();
  want.backward();
  Eigen::MatrixXd weight(4, 3), d_weight;
  Eigen::VectorXd bias_values(3), d_bias;
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) weight(i, j) = w[i][j].item<double>();
  for (int64_t j = 0; j < 3; ++j) bias_values(j) = bias[j].item<double>();
  const Eigen::MatrixXd x = b.rows().cast<double>();
  const double loss = penalised_cross_entropy(x, b.labels(), weight, bias_values, 0.05, &d_weight, &d_bias);
  EXPECT_NEAR(loss, want.item<double>(), 1e-12);
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(d_weight(i, j), w.grad()[i][j].item<double>(), 1e-12);
  for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(d_bias(j), bias.grad()[j].item<double>(), 1e-12);
}

TEST(LogisticRegression, TheFitIsAMinimumOfThePenalisedLoss) {
  const auto b = blobs(50, 3);
  const LogisticOptions options{.l2 = 1e-2};
  const auto m = fit_logistic(b.rows(), b.labels(), 3, options);
  const double at = torch_loss(m, b, options.l2, torch::zeros({4, 3}, torch::kFloat64));
  torch::manual_seed(4);
  for (int i = 0; i < 20; ++i) {
    EXPECT_LE(at, torch_loss(m, b, options.l2, 1e-3 * torch::randn({4, 3}, torch::kFloat64)) + 1e-12);
  }
}

TEST(LogisticRegression, AgreesWithLibtorchLbfgsOnTheSameProblem) {
  // The implementation this one replaced: libtorch's L-BFGS (strong Wolfe) on the same standardised features from
  // zero. The problem is convex, so both reach the same weights.
  const auto b = blobs(60, 9);
  const LogisticOptions options{.l2 = 1e-3};
  const auto m = fit_logistic(b.rows(), b.labels(), 3, options);
  const auto z = (b.x - to_tensor(m.mean)) / to_tensor(m.scale);
  const auto w = torch::zeros({4, 3}, torch::kFloat64).requires_grad_(true);
  const auto bias = torch::zeros({3}, torch::kFloat64).requires_grad_(true);
  torch::optim::LBFGS lbfgs({w, bias}, torch::optim::LBFGSOptions(1.0).max_iter(500).tolerance_grad(1e-9).tolerance_change(1e-12)
                                           .history_size(20).line_search_fn("strong_wolfe"));
  lbfgs.step([&] {
    lbfgs.zero_grad();
    const auto loss = torch::nn::functional::cross_entropy(z.matmul(w) + bias, b.y) + options.l2 * w.pow(2).sum();
    loss.backward();
    return loss;
  });
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(m.weight(i, j), w[i][j].item<double>(), 1e-6) << i << ", " << j;
  for (int64_t j = 0; j < 3; ++j) EXPECT_NEAR(m.bias(j), bias[j].item<double>(), 1e-6) << j;
}

TEST(LogisticRegression, StandardisesWithThePopulationSpread) {
  const auto b = blobs(10, 10);
  const auto m = fit_logistic(b.rows(), b.labels(), 3, {});
  const auto mean = b.x.mean(0), spread = b.x.std(0, /*unbiased=*/false);
  for (int64_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(m.mean(j), mean[j].item<double>(), 1e-12);
    EXPECT_NEAR(m.scale(j), spread[j].item<double>(), 1e-12);
  }
}

TEST(LogisticRegression, AStrongerPenaltyGivesSmallerWeights) {
  const auto b = blobs(50, 5);
  const auto loose = fit_logistic(b.rows(), b.labels(), 3, {.l2 = 1e-4});
  const auto tight = fit_logistic(b.rows(), b.labels(), 3, {.l2 = 1e-1});
  EXPECT_LT(tight.weight.norm(), loose.weight.norm());
}

TEST(LogisticRegression, AConstantFeatureIsHarmless) {
  auto b = blobs(30, 6);
  b.x.select(1, 3).fill_(7.0);
  const auto m = fit_logistic(b.rows(), b.labels(), 3, {});
  EXPECT_EQ(m.scale(3), 1.0);
  EXPECT_TRUE(logistic_scores(m, b.rows()).allFinite());
}

TEST(LogisticRegression, RefusesBadShapesAndLabels) {
  const RowMatrix x = RowMatrix::Zero(4, 2);
  EXPECT_THROW(fit_logistic(x, std::vector<int>(3, 0), 2, {}), InputError);
  EXPECT_THROW(fit_logistic(x, std::vector<int>(4, 2), 2, {}), InputError);
  EXPECT_THROW(fit_logistic(RowMatrix(0, 2), std::vector<int>{}, 2, {}), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
