#include "search/transition_evaluation.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "music/melody_distance.hpp"
#include "search_fixtures.hpp"

namespace vec2midi::search {
namespace {

TEST(TransitionEvaluation, ScoresEveryPairOfTestMelodies) {
  const vae::MelodyDecoder decoder = testing::tiny_decoder();
  const transition::Transition transition({.n_matrices = 4, .seed = 1, .latent_size = 8, .embedding_size = 3});
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

TEST(PairwiseScoreMatrix, HoldsTheEvaluationsPairScoresBothWays) {
  const vae::MelodyDecoder decoder = testing::tiny_decoder();
  const transition::Transition transition({.n_matrices = 4, .seed = 1, .latent_size = 8, .embedding_size = 3});
  const auto ev = evaluate_transition(decoder, transition, std::vector<double>{0.07, -0.07, 0.05, 0.02},
                                      testing::random_embeddings(3, 3, 2));
  const std::vector<double> m = pairwise_score_matrix(ev.melodies);
  const size_t n = ev.melodies.size();
  ASSERT_EQ(m.size(), n * n);
  std::vector<music::MelodyFeatures> f;
  for (const auto& melody : ev.melodies) f.push_back(music::melody_features(melody));
  const eval::PairwiseScores pairs = eval::pairwise_melody_scores(f, ev.labels);
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(m[i * n + i], 0.0);
    for (size_t j = i + 1; j < n; ++j, ++k) {
      EXPECT_EQ(m[i * n + j], pairs.scores[k]);
      EXPECT_EQ(m[j * n + i], pairs.scores[k]);
    }
  }
}

TEST(TransitionEvaluation, OneClassOnlyIsAnInputError) {
  const vae::MelodyDecoder decoder = testing::tiny_decoder();
  const transition::Transition transition({.n_matrices = 2, .latent_size = 8, .embedding_size = 2});
  const EmbeddingSet test{.embedding_size = 2, .embeddings = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f},
                          .labels = {1, 1, 1, 1}};
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
