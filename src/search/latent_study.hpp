// The latent research of MISSION.md §7 (issue 6 item 7): decode random z, measure how far each latent
// dimension moves the melody features when perturbed, cluster the melodies (k-means on standardised
// features) and rank the dimensions (the original found 10–20 of 512 that matter for cat-mel_2bar_big).
// Usage: LatentStudy s = run_latent_study(decoder, {.n_samples = 10000}); s.significant;  // dims
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "music/melody.hpp"
#include "vae/melody_decoder.hpp"

namespace vec2midi::search {

/// The melody features the study measures (names in kLatentFeatureNames).
inline constexpr int kNumLatentFeatures = 6;
inline constexpr std::array<const char*, kNumLatentFeatures> kLatentFeatureNames = {
    "n_notes", "first_pitch", "mean_pitch", "pitch_range", "mean_duration", "sounding_fraction"};

/// Settings of the study.
struct LatentStudyOptions {
  int64_t n_samples = 10000;       ///< random z ~ N(0, I) decoded and clustered (§7: 10,000)
  int64_t n_steps = 16;            ///< decoded steps (the original decoded one bar)
  int64_t n_probes = 200;          ///< base z per dimension whose melody is compared with the perturbed one
  double perturbation = 1.0;       ///< added to one latent coordinate (prior standard deviations)
  int64_t n_clusters = 8;          ///< k of k-means
  int64_t kmeans_iterations = 50;  ///< Lloyd iterations (stops earlier when stable)
  double significance_sigmas = 2.0;  ///< significant: importance > mean + this · std over dimensions
  uint64_t seed = 0;               ///< seed of z (vae::sample_prior) and of k-means++
  bool show_progress = true;       ///< progress line on stderr
};

/// What the study found.
struct LatentStudy {
  std::vector<double> importance;        ///< per dim: mean over probes and features of |Δfeature| / feature std
  std::vector<int> dominant_feature;     ///< per dim: index of the feature it moves most
  std::vector<double> dominant_effect;   ///< per dim: mean signed Δ of that feature / feature std (+1 along the dim)
  std::vector<int> directed_feature;     ///< per dim: the feature whose mean signed Δ is largest in size (what a
                                         ///< slider along the dim turns up or down)
  std::vector<double> directed_effect;   ///< per dim: that mean signed Δ / feature std
  std::vector<double> separation;        ///< per dim: η² of z_d between the clusters (between / total variance)
  std::vector<int64_t> ranked;           ///< all dims by decreasing importance
  std::vector<int64_t> significant;      ///< dims above the significance threshold, by decreasing importance
  std::vector<int64_t> cluster_sizes;    ///< melodies per cluster
  int64_t n_empty = 0;                   ///< decoded melodies without notes
  std::vector<double> feature_mean;      ///< per feature over the samples
  std::vector<double> feature_std;       ///< per feature over the samples
};

/// The features of `melody` in kLatentFeatureNames order (all 0 for a melody without notes).
std::array<double, kNumLatentFeatures> latent_features(const music::Melody& melody, int64_t n_steps);

/// k-means (k-means++ seeding with `gen`, Lloyd iterations) of `rows` [N, n_columns] row-major -> cluster of each row.
/// Throws InputError unless 1 <= k <= N.
std::vector<int64_t> kmeans(std::span<const double> rows, int64_t n_columns, int64_t k, int64_t iterations,
                            std::mt19937_64& gen);

/// η² per column of `z` [N, D] row-major for `clusters`: Σ_c n_c (mean_c - mean)² / Σ_i (z_i - mean)².
std::vector<double> cluster_separation(std::span<const float> z, int64_t n_columns, const std::vector<int64_t>& clusters,
                                       int64_t k);

/// Runs the study. Throws InputError for options out of range.
LatentStudy run_latent_study(const vae::MelodyDecoder& decoder, const LatentStudyOptions& options);

}  // namespace vec2midi::search
