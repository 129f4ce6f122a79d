#include "optim/random_search.hpp"

#include "io/error.hpp"
#include "io/random.hpp"

namespace vec2midi::optim {

std::vector<double> uniform_point(const SearchSpace& space, std::mt19937_64& gen) {
  std::vector<double> x(static_cast<size_t>(space.n_dims));
  for (auto& v : x) v = space.lower + (space.upper - space.lower) * io::uniform_open(gen);
  return x;
}

RandomSearch::RandomSearch(SearchSpace space, uint64_t seed, int64_t batch) : space_(space), gen_(seed), batch_(batch) {
  validate(space_);
  if (batch_ < 1) throw InputError("random search: the batch must be >= 1");
}

std::vector<std::vector<double>> RandomSearch::ask(int64_t n) {
  std::vector<std::vector<double>> xs;
  for (int64_t i = 0; i < n; ++i) xs.push_back(uniform_point(space_, gen_));
  return xs;
}

nlohmann::json RandomSearch::state() const { return {{"rng", rng_state(gen_)}}; }

void RandomSearch::restore(const nlohmann::json& state, const std::vector<std::vector<double>>&,
                           const std::vector<double>&) {
  set_rng_state(gen_, state.at("rng").get<std::string>());
}

}  // namespace vec2midi::optim
