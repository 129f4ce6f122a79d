// Every optimiser by name, for `vec2midi search --optimizer`: random search, GP-BO, TuRBO and CMA-ES with their
// default options.
// Usage: std::unique_ptr<Optimizer> opt = make_optimizer("bo", {.n_dims = 100, .lower = -0.07, .upper = 0.07}, 7);
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "optim/optimizer.hpp"

namespace vec2midi::optim {

/// What `vec2midi search` sets of an optimiser besides its defaults.
struct OptimizerSettings {
  /// > 0: the uniform points before the model: bo's random phase (it then starts from the best min(100,
  /// n_initial)) and TuRBO's initial design; 0 keeps their defaults (2,048 and 2·d).
  int64_t n_initial = 0;
  int64_t batch = 1;  ///< q, the candidates per round (evaluated at once; CMA-ES always asks its population)
  std::string batch_acquisition = "penalised";  ///< bo's rounds: "penalised" or "believer" (gp_bo.hpp)
  int64_t refit_every = 0;  ///< bo: evaluations between hyperparameter refits; 0 keeps its default (50)
  int64_t refit_lag = 0;    ///< bo: tells between a refit's start in the background and its use; 0: at once
};

/// The optimiser named `name` ("random", "bo", "turbo", "cmaes") with default options, seeded. Throws
/// InputError for an unknown name, an n_initial for random or cmaes (they have no initial design), a batch > 1
/// for cmaes, an unknown batch acquisition, or a refit interval or lag for another optimiser than bo.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space, uint64_t seed,
                                          const OptimizerSettings& settings = {});

}  // namespace vec2midi::optim
