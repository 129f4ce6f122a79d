#include "optim/adam.hpp"

#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::optim {

Adam::Adam(Eigen::Index n_parameters, AdamOptions options)
    : options_(options), m_(Eigen::VectorXd::Zero(n_parameters)), v_(Eigen::VectorXd::Zero(n_parameters)) {
  if (!(options_.learning_rate > 0.0)) throw InputError("Adam: the learning rate must be > 0");
}

void Adam::step(Eigen::Ref<Eigen::VectorXd> parameters, const Eigen::VectorXd& gradient) {
  if (parameters.size() != m_.size() || gradient.size() != m_.size()) {
    throw Error("Adam: " + std::to_string(parameters.size()) + " parameters and " + std::to_string(gradient.size()) +
                " gradient entries for an optimiser of " + std::to_string(m_.size()));
  }
  ++t_;
  m_ = options_.beta1 * m_ + (1.0 - options_.beta1) * gradient;
  v_ = options_.beta2 * v_ + (1.0 - options_.beta2) * gradient.cwiseAbs2();
  const double correction1 = 1.0 - std::pow(options_.beta1, static_cast<double>(t_));
  const double correction2 = 1.0 - std::pow(options_.beta2, static_cast<double>(t_));
  const Eigen::ArrayXd denominator = v_.array().sqrt() / std::sqrt(correction2) + options_.epsilon;
  parameters.array() -= (options_.learning_rate / correction1) * m_.array() / denominator;
}

}  // namespace vec2midi::optim
