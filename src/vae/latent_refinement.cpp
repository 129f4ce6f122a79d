#include "vae/latent_refinement.hpp"

#include <Eigen/Core>

#include "optim/adam.hpp"

namespace vec2midi::vae {

std::vector<float> refine_latents(const TeacherForcedDecoder& decoder, std::span<const uint8_t> events, int64_t n_steps,
                                  std::span<const float> z0, const LatentRefinementOptions& options) {
  std::vector<float> z(z0.begin(), z0.end());
  if (options.n_steps <= 0) return z;
  // Adam works element by element, so one optimiser over all windows moves each window as if alone.
  Eigen::VectorXd parameters = Eigen::Map<const Eigen::VectorXf>(z.data(), Eigen::Index(z.size())).cast<double>();
  optim::Adam adam(parameters.size(), {.learning_rate = options.learning_rate});
  for (int64_t step = 0; step < options.n_steps; ++step) {
    const TeacherForcedResult r = decoder.run(z, events, n_steps, /*with_gradient=*/true);
    Eigen::VectorXd gradient = Eigen::Map<const Eigen::VectorXf>(r.gradient.data(), Eigen::Index(r.gradient.size())).cast<double>();
    if (options.prior_weight > 0.0) gradient += options.prior_weight * parameters;
    adam.step(parameters, gradient);
    Eigen::Map<Eigen::VectorXf>(z.data(), Eigen::Index(z.size())) = parameters.cast<float>();
  }
  return z;
}

}  // namespace vec2midi::vae
