// The one interface of the search optimisers (issue 6 item 4): ask for candidates, tell their losses,
// and save/restore the internal state so that a search resumes exactly (search_run.hpp).
// Usage: auto opt = make_optimizer("bo", {.n_dims = 100}, 7) (optimizer_factory.hpp); auto xs = opt->ask(1); opt->tell(xs, {loss});
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vec2midi::optim {

/// The box [lower, upper]^n_dims searched (the original: [-0.07, 0.07]^K, MISSION.md §2).
struct SearchSpace {
  int64_t n_dims = 100;   ///< K coefficients
  double lower = -0.07;   ///< lower bound of every coordinate
  double upper = 0.07;    ///< upper bound of every coordinate
};

/// Throws InputError if n_dims < 1 or lower >= upper.
void validate(const SearchSpace& space);

/// A minimiser of a noisy black-box function on a box. Deterministic given its seed, its state and
/// the sequence of ask/tell calls.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  /// "random", "bo", "turbo" or "cmaes".
  virtual std::string name() const = 0;
  /// How many candidates the optimiser wants per round (CMA-ES: its population size; others 1).
  virtual int64_t preferred_batch() const { return 1; }
  /// Whether ask() may be called again before the last ask's points are told (the next round asked while this
  /// one is evaluated): the optimiser then keeps away from the points still pending (random search, GP-BO).
  virtual bool can_ask_ahead() const { return false; }
  /// n new candidates inside the box.
  virtual std::vector<std::vector<double>> ask(int64_t n) = 0;
  /// The losses of candidates (usually those of the last ask; any points inside the box are accepted).
  virtual void tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) = 0;
  /// Everything besides the told points needed to continue exactly (RNG state, counters, ...).
  virtual nlohmann::json state() const = 0;
  /// Continues from state() given every point told before it, in order (xs.size() == ys.size()).
  virtual void restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
                       const std::vector<double>& ys) = 0;
};

/// The generator's state as text (std::mt19937_64's standard textual form).
std::string rng_state(const std::mt19937_64& gen);
/// Sets `gen` from rng_state() text; throws InputError if malformed.
void set_rng_state(std::mt19937_64& gen, const std::string& text);

/// Scales x in the box to [0, 1]^n and back.
std::vector<double> to_unit(const SearchSpace& space, const std::vector<double>& x);
std::vector<double> from_unit(const SearchSpace& space, const std::vector<double>& u);

}  // namespace vec2midi::optim
