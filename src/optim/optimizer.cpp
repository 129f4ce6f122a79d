#include "optim/optimizer.hpp"

#include <algorithm>
#include <sstream>

#include "io/error.hpp"

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

}  // namespace vec2midi::optim
