// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) on a plain vector of
// parameters: the step of the Gaussian process's hyperparameter fit and of the acquisition ascent. Written
// here (a dozen lines) rather than taken from a training library, so the optimisers need no libtorch;
// the update is the one libtorch's torch::optim::Adam makes with the same settings (no weight decay).
// Usage: Adam adam(n, {.learning_rate = 0.05}); for (...) { adam.step(params, gradient_of_the_loss); }
#pragma once

#include <cstdint>

#include <Eigen/Core>

namespace vec2midi::optim {

/// Adam's settings; the defaults of the paper (and of PyTorch) besides the step size.
struct AdamOptions {
  double learning_rate = 1e-3;  ///< α
  double beta1 = 0.9;           ///< decay of the first-moment estimate
  double beta2 = 0.999;         ///< decay of the second-moment estimate
  double epsilon = 1e-8;        ///< added to the root of the second moment
};

/// Minimises: each step() moves the parameters against the gradient it is given.
class Adam {
 public:
  Adam(Eigen::Index n_parameters, AdamOptions options);
  /// One update of `parameters` (size n_parameters) given the loss's gradient there.
  void step(Eigen::Ref<Eigen::VectorXd> parameters, const Eigen::VectorXd& gradient);
  int64_t n_steps() const { return t_; }

 private:
  AdamOptions options_;
  Eigen::VectorXd m_, v_;
  int64_t t_ = 0;
};

}  // namespace vec2midi::optim
