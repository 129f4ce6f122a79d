#include "optim/optimizer_factory.hpp"

#include <algorithm>

#include "io/error.hpp"
#include "optim/cmaes.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "optim/turbo.hpp"

namespace vec2midi::optim {

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space, uint64_t seed,
                                          const OptimizerSettings& settings) {
  const int64_t n_initial = settings.n_initial, batch = settings.batch;
  if (n_initial < 0) throw InputError("the number of initial points must be >= 0 (0: the optimiser's default)");
  if (batch < 1) throw InputError("the batch must be >= 1");
  if (batch > 1 && name == "cmaes") {
    throw InputError("cmaes evaluates its population (lambda) per round: a batch is for random, bo and turbo");
  }
  if (settings.refit_every < 0) throw InputError("the refit interval must be >= 1 (0: the default)");
  if (settings.refit_every > 0 && name != "bo") throw InputError("a refit interval is for bo, not " + name);
  if (settings.refit_lag < 0) throw InputError("the refit lag must be >= 0");
  if (settings.refit_lag > 0 && name != "bo") throw InputError("a refit lag is for bo, not " + name);
  if (n_initial > 0 && (name == "random" || name == "cmaes")) {
    throw InputError(name + " has no initial design: an initial-points count is for bo and turbo");
  }
  if (name == "random") return std::make_unique<RandomSearch>(space, seed, batch);
  if (name == "bo") {
    GpBoOptions options;
    options.batch_size = batch;
    options.batch_acquisition = settings.batch_acquisition;
    if (settings.refit_every > 0) options.refit_every = settings.refit_every;
    options.refit_lag = settings.refit_lag;
    if (n_initial > 0) {
      options.n_random = n_initial;
      options.n_start = std::max<int64_t>(2, std::min(options.n_start, n_initial));
      if (options.n_start > n_initial) throw InputError("bo needs at least 2 initial points");
    }
    return std::make_unique<GpBo>(space, seed, options);
  }
  if (name == "turbo") {
    TurboOptions options;
    options.batch_size = batch;
    if (n_initial > 0) options.n_init = n_initial;
    return std::make_unique<Turbo>(space, seed, options);
  }
  if (name == "cmaes") return std::make_unique<Cmaes>(space, seed, CmaesOptions{});
  throw InputError("unknown optimizer '" + name + "' (random, bo, turbo or cmaes)");
}

}  // namespace vec2midi::optim
