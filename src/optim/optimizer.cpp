#include "optim/optimizer.hpp"

#include <algorithm>
#include <sstream>

#include "io/error.hpp"
#include "optim/cmaes.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "optim/turbo.hpp"

namespace vec2midi::optim {

void validate(const SearchSpace& space) {
  if (space.n_dims < 1) throw InputError("search space: n_dims must be >= 1, got " + std::to_string(space.n_dims));
  if (!(space.lower < space.upper)) {
    throw InputError("search space: lower bound " + std::to_string(space.lower) + " must be below upper bound " +
                     std::to_string(space.upper));
  }
}

std::string rng_state(const std::mt19937_64& gen) {
  std::ostringstream out;
  out << gen;
  return out.str();
}

void set_rng_state(std::mt19937_64& gen, const std::string& text) {
  std::istringstream in(text);
  in >> gen;
  if (in.fail()) throw InputError("optimizer state: malformed generator state");
}

std::vector<double> to_unit(const SearchSpace& space, const std::vector<double>& x) {
  std::vector<double> u(x.size());
  for (size_t i = 0; i < x.size(); ++i) u[i] = (x[i] - space.lower) / (space.upper - space.lower);
  return u;
}

std::vector<double> from_unit(const SearchSpace& space, const std::vector<double>& u) {
  std::vector<double> x(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    x[i] = space.lower + (space.upper - space.lower) * std::min(1.0, std::max(0.0, u[i]));
  }
  return x;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space, uint64_t seed,
                                          int64_t n_initial) {
  if (n_initial < 0) throw InputError("the number of initial points must be >= 0 (0: the optimiser's default)");
  if (n_initial > 0 && (name == "random" || name == "cmaes")) {
    throw InputError(name + " has no initial design: an initial-points count is for bo and turbo");
  }
  if (name == "random") return std::make_unique<RandomSearch>(space, seed);
  if (name == "bo") {
    GpBoOptions options;
    if (n_initial > 0) {
      options.n_random = n_initial;
      options.n_start = std::max<int64_t>(2, std::min(options.n_start, n_initial));
      if (options.n_start > n_initial) throw InputError("bo needs at least 2 initial points");
    }
    return std::make_unique<GpBo>(space, seed, options);
  }
  if (name == "turbo") {
    TurboOptions options;
    if (n_initial > 0) options.n_init = n_initial;
    return std::make_unique<Turbo>(space, seed, options);
  }
  if (name == "cmaes") return std::make_unique<Cmaes>(space, seed, CmaesOptions{});
  throw InputError("unknown optimizer '" + name + "' (random, bo, turbo or cmaes)");
}

}  // namespace vec2midi::optim
