#include "vae/training_schedules.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace vec2midi::vae {
namespace {

TEST(TrainingSchedules, LearningRateStartsAtInitialValue) {
  const TrainVaeOptions o;
  EXPECT_DOUBLE_EQ(learning_rate_at(o, 0), 1e-3);
}

TEST(TrainingSchedules, LearningRateDecaysPerStepTowardsFloor) {
  const TrainVaeOptions o;
  // Magenta: (1e-3 - 1e-5) * 0.9999^10000 + 1e-5.
  EXPECT_NEAR(learning_rate_at(o, 10000), (1e-3 - 1e-5) * std::exp(10000 * std::log(0.9999)) + 1e-5, 1e-15);
  EXPECT_NEAR(learning_rate_at(o, 10'000'000), 1e-5, 1e-12);
  EXPECT_GT(learning_rate_at(o, 10'000'000), 1e-5 * (1 - 1e-12));
}

TEST(TrainingSchedules, BetaIsZeroAtStartAndApproachesMax) {
  const TrainVaeOptions o;
  EXPECT_DOUBLE_EQ(kl_beta_at(o, 0), 0.0);
  EXPECT_NEAR(kl_beta_at(o, 100000), 0.2 * (1 - std::pow(0.99999, 100000)), 1e-12);  // ~0.126
  EXPECT_NEAR(kl_beta_at(o, 5'000'000), 0.2, 1e-12);
}

TEST(TrainingSchedules, BetaRateZeroGivesMaxBetaAtOnce) {
  TrainVaeOptions o;
  o.beta_rate = 0.0;
  o.max_beta = 0.5;
  EXPECT_DOUBLE_EQ(kl_beta_at(o, 1), 0.5);
}

TEST(TrainingSchedules, InverseSigmoidSamplingIsHalfAtKLogK) {
  const TrainVaeOptions o;  // k = 1000
  EXPECT_NEAR(sampling_probability_at(o, 0), 1.0 - 1000.0 / 1001.0, 1e-12);
  const auto half = static_cast<int64_t>(std::llround(1000 * std::log(1000.0)));  // exp(step/k) = k
  EXPECT_NEAR(sampling_probability_at(o, half), 0.5, 1e-3);
  EXPECT_NEAR(sampling_probability_at(o, 1'000'000), 1.0, 1e-12);
}

TEST(TrainingSchedules, SamplingRateZeroMeansTeacherForcing) {
  TrainVaeOptions o;
  o.sampling_rate = 0;
  EXPECT_EQ(sampling_probability_at(o, 123456), 0.0);
}

}  // namespace
}  // namespace vec2midi::vae
