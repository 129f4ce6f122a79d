#include "search/optimizer.hpp"

#include <sstream>

#include "io/error.hpp"
#include "search/cmaes.hpp"
#include "search/gp_bo.hpp"
#include "search/random_search.hpp"
#include "search/turbo.hpp"

namespace vec2midi::search {

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

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const SearchSpace& space, uint64_t seed) {
  if (name == "random") return std::make_unique<RandomSearch>(space, seed);
  if (name == "bo") return std::make_unique<GpBo>(space, seed, GpBoOptions{});
  if (name == "turbo") return std::make_unique<Turbo>(space, seed, TurboOptions{});
  if (name == "cmaes") return std::make_unique<Cmaes>(space, seed, CmaesOptions{});
  throw InputError("unknown optimizer '" + name + "' (random, bo, turbo or cmaes)");
}

}  // namespace vec2midi::search
