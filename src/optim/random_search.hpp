// Random search, the original's first phase (MISSION.md §5: 2,048 points uniform in [-0.07, 0.07]^K).
// Usage: RandomSearch opt(space, seed); auto xs = opt.ask(16);
#pragma once

#include <random>

#include "optim/optimizer.hpp"

namespace vec2midi::optim {

/// Uniform candidates in the box, each coordinate lower + (upper - lower)·uniform_open(gen).
std::vector<double> uniform_point(const SearchSpace& space, std::mt19937_64& gen);

/// Candidates drawn independently and uniformly; tell() is ignored.
class RandomSearch : public Optimizer {
 public:
  /// `batch`: candidates per round the search run asks for (they are independent; 1 by default).
  RandomSearch(SearchSpace space, uint64_t seed, int64_t batch = 1);
  std::string name() const override { return "random"; }
  int64_t preferred_batch() const override { return batch_; }
  bool can_ask_ahead() const override { return true; }
  std::vector<std::vector<double>> ask(int64_t n) override;
  void tell(const std::vector<std::vector<double>>&, const std::vector<double>&) override {}
  nlohmann::json state() const override;
  void restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
               const std::vector<double>& ys) override;

 private:
  SearchSpace space_;
  std::mt19937_64 gen_;
  int64_t batch_ = 1;
};

}  // namespace vec2midi::optim
