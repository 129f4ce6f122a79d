#include "optim/optimizer.hpp"
#include "optim/optimizer_factory.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "optim/gp_bo.hpp"

namespace vec2midi::optim {
namespace {

double bowl(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += (v - 0.02) * (v - 0.02);
  return s;
}

// Tells n asked points their bowl losses.
void run(Optimizer& opt, int n) {
  for (int i = 0; i < n; ++i) {
    const auto xs = opt.ask(1);
    opt.tell(xs, {bowl(xs[0])});
  }
}

TEST(MakeOptimizer, InitialPointsShortenTheBoRandomPhase) {
  const SearchSpace space{.n_dims = 3, .lower = -0.07, .upper = 0.07};
  auto shortened = make_optimizer("bo", space, 1, {.n_initial = 12});
  auto original = make_optimizer("bo", space, 1);
  run(*shortened, 12);
  run(*original, 12);
  // After 12 points the shortened run's GP holds its best min(100, 12) = 12; the original is still random.
  EXPECT_EQ(dynamic_cast<GpBo&>(*shortened).gp().size(), 12);
  EXPECT_EQ(dynamic_cast<GpBo&>(*original).gp().size(), 0);
}

TEST(MakeOptimizer, InitialPointsAreRefusedWhereThereIsNoInitialDesign) {
  const SearchSpace space{.n_dims = 3};
  EXPECT_THROW(make_optimizer("cmaes", space, 1, {.n_initial = 10}), InputError);
  EXPECT_THROW(make_optimizer("random", space, 1, {.n_initial = 10}), InputError);
  EXPECT_THROW(make_optimizer("bo", space, 1, {.n_initial = 1}), InputError);  // a GP needs two points
  EXPECT_THROW(make_optimizer("bo", space, 1, {.n_initial = -1}), InputError);
  EXPECT_NO_THROW(make_optimizer("turbo", space, 1, {.n_initial = 10}));
  EXPECT_THROW(make_optimizer("annealing", space, 1), InputError);
  EXPECT_THROW(make_optimizer("turbo", space, 1, {.refit_every = 10}), InputError);  // bo's alone
  EXPECT_THROW(make_optimizer("bo", space, 1, {.batch_acquisition = "thompson"}), InputError);
  EXPECT_THROW(make_optimizer("random", space, 1, {.refit_lag = 1}), InputError);
  EXPECT_THROW(make_optimizer("bo", space, 1, {.refit_lag = -1}), InputError);
  EXPECT_NO_THROW(make_optimizer("bo", space, 1, {.batch = 4, .batch_acquisition = "believer", .refit_every = 7}));
  EXPECT_NO_THROW(make_optimizer("bo", space, 1, {.refit_every = 64, .refit_lag = 2}));
}

}  // namespace
}  // namespace vec2midi::optim
