#include "transition/transition_options.hpp"

#include <set>
#include <string>

#include "io/error.hpp"

namespace vec2midi::transition {

const char* generator_name(TransitionGenerator generator) {
  return generator == TransitionGenerator::legacy ? "mt19937_64+box-muller53"
                                                  : "stream:transition.G+mt19937_64+box-muller53";
}

void validate(const TransitionOptions& o) {
  if (o.n_matrices < 1) throw InputError("transition: K (number of matrices) must be >= 1, got " + std::to_string(o.n_matrices));
  if (o.latent_size < 1) throw InputError("transition: latent size must be >= 1, got " + std::to_string(o.latent_size));
  if (o.embedding_size < 1) {
    throw InputError("transition: embedding size must be >= 1, got " + std::to_string(o.embedding_size));
  }
  if (!(o.box > 0.0)) throw InputError("transition: box must be > 0, got " + std::to_string(o.box));
  if (!(o.noise_amplitude >= 0.0)) {
    throw InputError("transition: noise amplitude must be >= 0, got " + std::to_string(o.noise_amplitude));
  }
  std::set<int64_t> seen;
  for (int64_t d : o.driven_dims) {
    if (d < 0 || d >= o.latent_size) {
      throw InputError("transition: driven dim " + std::to_string(d) + " is outside 0.." +
                       std::to_string(o.latent_size - 1));
    }
    if (!seen.insert(d).second) throw InputError("transition: driven dim " + std::to_string(d) + " is repeated");
  }
}

}  // namespace vec2midi::transition
