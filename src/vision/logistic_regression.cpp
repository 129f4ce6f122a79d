#include "vision/logistic_regression.hpp"

#include <string>

#include "io/error.hpp"

namespace vec2midi::vision {

namespace {

torch::Tensor standardised(const LogisticModel& m, const torch::Tensor& features) {
  return (features.to(torch::kFloat64) - m.mean) / m.scale;
}

}  // namespace

LogisticModel fit_logistic(const torch::Tensor& features, const torch::Tensor& labels, int64_t n_classes,
                           const LogisticOptions& options) {
  if (features.dim() != 2 || labels.dim() != 1 || features.size(0) != labels.size(0) || features.size(0) == 0) {
    throw InputError("logistic regression: needs features [N, F] and N labels, N > 0");
  }
  const auto y = labels.to(torch::kInt64);
  if (y.min().item<int64_t>() < 0 || y.max().item<int64_t>() >= n_classes) {
    throw InputError("logistic regression: a label is outside [0, " + std::to_string(n_classes) + ")");
  }
  torch::NoGradGuard outer;  // the statistics below need no graph
  LogisticModel m;
  const auto x64 = features.to(torch::kFloat64);
  m.mean = x64.mean(0);
  const auto spread = x64.std(0, /*unbiased=*/false);
  m.scale = torch::where(spread > 1e-12, spread, torch::ones_like(spread));
  const auto x = standardised(m, features);
  auto weight = torch::zeros({x.size(1), n_classes}, torch::kFloat64).requires_grad_(true);
  auto bias = torch::zeros({n_classes}, torch::kFloat64).requires_grad_(true);
  torch::optim::LBFGS optimiser({weight, bias}, torch::optim::LBFGSOptions(1.0)
                                                    .max_iter(options.max_iterations)
                                                    .tolerance_grad(1e-9)
                                                    .tolerance_change(1e-12)
                                                    .history_size(20)
                                                    .line_search_fn("strong_wolfe"));
  auto closure = [&] {
    optimiser.zero_grad();
    torch::AutoGradMode enable(true);
    const auto loss = torch::nn::functional::cross_entropy(x.matmul(weight) + bias, y) + options.l2 * weight.pow(2).sum();
    loss.backward();
    return loss;
  };
  optimiser.step(closure);
  m.weight = weight.detach();
  m.bias = bias.detach();
  return m;
}

torch::Tensor logistic_scores(const LogisticModel& model, const torch::Tensor& features) {
  torch::NoGradGuard no_grad;
  return standardised(model, features).matmul(model.weight) + model.bias;
}

torch::Tensor predict_logistic(const LogisticModel& model, const torch::Tensor& features) {
  return logistic_scores(model, features).argmax(1);
}

}  // namespace vec2midi::vision
