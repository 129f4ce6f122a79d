#include "search/transition_evaluation.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "search_fixtures.hpp"

namespace vec2midi::search {
namespace {

TEST(TransitionEvaluation, ScoresEveryPairOfTestMelodies) {
  const vae::MusicVae model = testing::tiny_vae();
  const vae::FastDecoder decoder(*model);
  const Transition transition({.n_matrices = 4, .seed = 1, .latent_size = 8, .embedding_size = 3});
  const EmbeddingSet test = testing::random_embeddings(3, 3, 2);  // 27 items
  const std::vector<double> a = {0.07, -0.07, 0.05, 0.02};
  const auto ev = evaluate_transition(decoder, transition, a, test);
  EXPECT_EQ(ev.n_pairs, 27 * 26 / 2);
  EXPECT_EQ(ev.melodies.size(), 27u);
  EXPECT_GE(ev.roc.auc, 0.0);
  EXPECT_LE(ev.roc.auc, 1.0);
  ASSERT_EQ(ev.interclass.size(), 9u);
  // A melody's distance to itself is 0 plus its line-length penalty (0 or 5), or 100 when it has no notes.
  for (int c = 0; c < 9; ++c) {
    const double self = ev.interclass[size_t(c)][size_t(c)];
    EXPECT_TRUE(self == 0.0 || self == 5.0 || self == 100.0) << self;
  }
}

TEST(TransitionEvaluation, OneClassOnlyIsAnInputError) {
  const vae::MusicVae model = testing::tiny_vae();
  const vae::FastDecoder decoder(*model);
  const Transition transition({.n_matrices = 2, .latent_size = 8, .embedding_size = 2});
  EmbeddingSet test;
  test.embeddings = torch::randn({4, 2});
  test.labels = {1, 1, 1, 1};
  EXPECT_THROW(evaluate_transition(decoder, transition, std::vector<double>{0.01, 0.02}, test), InputError);
}

TEST(InterclassGroups, DropTheDiagonalAndMissingClasses) {
  const double nan = std::nan("");
  const auto g = interclass_groups({{0, 1, nan}, {2, 0, 3}, {nan, nan, nan}});
  EXPECT_EQ(g[0], (std::vector<double>{1}));
  EXPECT_EQ(g[1], (std::vector<double>{2, 3}));
  EXPECT_TRUE(g[2].empty());
}

}  // namespace
}  // namespace vec2midi::search
