#include "search/transition_evaluation.hpp"

#include <cmath>
#include <limits>

#include "io/error.hpp"
#include "music/event_codec.hpp"
#include "music/melody_distance.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::search {

TransitionEvaluation evaluate_transition(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                         std::span<const double> a, const EmbeddingSet& test,
                                         const TransitionEvaluationOptions& options) {
  if (test.size() < 2) throw InputError("evaluation: the test set needs at least 2 items, got " + std::to_string(test.size()));
  TransitionEvaluation ev;
  ev.labels = test.labels;
  test.check("evaluation: test");
  const vae::DecodeOptions decode{.n_steps = options.n_steps, .temperature = 0.0, .seed = 0};
  // e [N, E] -> z [N, Z] -> events [N, n_steps]
  const std::vector<uint8_t> events = decoder.decode(transition.map(a, test.embeddings), decode);
  const uint8_t* data = events.data();
  std::vector<music::MelodyFeatures> features;
  for (int64_t i = 0; i < test.size(); ++i) {
    ev.melodies.push_back(
        music::events_to_melody(std::span<const uint8_t>(data + i * options.n_steps, static_cast<size_t>(options.n_steps))));
    features.push_back(music::melody_features(ev.melodies.back()));
  }
  const eval::PairwiseScores pairs = eval::pairwise_melody_scores(features, ev.labels);
  ev.n_pairs = static_cast<int64_t>(pairs.scores.size());
  ev.roc = eval::evaluate_roc(pairs.scores, pairs.labels, options.max_fpr);

  // The first test melody of each class (the original's compute_interdist), distances with penalty.
  const int n_classes = vision::kNumClasses;
  std::vector<int64_t> first(static_cast<size_t>(n_classes), -1);
  for (int64_t i = test.size() - 1; i >= 0; --i) {
    const int c = ev.labels[static_cast<size_t>(i)];
    if (c >= 0 && c < n_classes) first[static_cast<size_t>(c)] = i;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ev.interclass.assign(static_cast<size_t>(n_classes), std::vector<double>(static_cast<size_t>(n_classes), nan));
  for (int i = 0; i < n_classes; ++i) {
    for (int j = 0; j < n_classes; ++j) {
      const int64_t a_i = first[static_cast<size_t>(i)], b_j = first[static_cast<size_t>(j)];
      if (a_i < 0 || b_j < 0) continue;
      ev.interclass[static_cast<size_t>(i)][static_cast<size_t>(j)] =
          music::melody_distance(features[static_cast<size_t>(a_i)], features[static_cast<size_t>(b_j)], true, true);
    }
  }
  return ev;
}

std::vector<double> pairwise_score_matrix(const std::vector<music::Melody>& melodies) {
  const size_t n = melodies.size();
  std::vector<music::MelodyFeatures> features;
  for (const auto& m : melodies) features.push_back(music::melody_features(m));
  std::vector<double> scores(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      scores[i * n + j] = scores[j * n + i] = -music::melody_distance(features[i], features[j], true, false);
    }
  }
  return scores;
}

std::vector<std::vector<double>> interclass_groups(const std::vector<std::vector<double>>& interclass) {
  std::vector<std::vector<double>> groups(interclass.size());
  for (size_t i = 0; i < interclass.size(); ++i) {
    for (size_t j = 0; j < interclass[i].size(); ++j) {
      if (i != j && std::isfinite(interclass[i][j])) groups[i].push_back(interclass[i][j]);
    }
  }
  return groups;
}

}  // namespace vec2midi::search
