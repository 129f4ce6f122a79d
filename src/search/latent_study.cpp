#include "search/latent_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "io/error.hpp"
#include "io/progress.hpp"
#include "io/random.hpp"
#include "music/event_codec.hpp"
#include "vae/prior_draw.hpp"

namespace vec2midi::search {
namespace {

constexpr size_t kFeatures = kNumLatentFeatures;

// The features of the melodies decoded greedily from z [n, Z] -> [n, F] row-major; counts melodies without notes.
std::vector<double> features_of(const vae::MelodyDecoder& decoder, std::span<const float> z, int64_t n_steps,
                                int64_t* n_empty) {
  const vae::DecodeOptions decode{.n_steps = n_steps, .temperature = 0.0, .seed = 0};
  const auto z_size = static_cast<size_t>(decoder.options().z_size);
  const size_t n = z.size() / z_size;
  std::vector<double> out(n * kFeatures);
  for (size_t first = 0; first < n; first += 2048) {
    const size_t count = std::min<size_t>(2048, n - first);
    // z [count, Z] -> events [count, n_steps]
    const std::vector<uint8_t> events = decoder.decode(z.subspan(first * z_size, count * z_size), decode);
    for (size_t i = 0; i < count; ++i) {
      const music::Melody m =
          music::events_to_melody(std::span<const uint8_t>(events).subspan(i * size_t(n_steps), size_t(n_steps)));
      if (n_empty && m.notes.empty()) ++*n_empty;
      const auto f = latent_features(m, n_steps);
      std::copy(f.begin(), f.end(), out.begin() + std::ptrdiff_t((first + i) * kFeatures));
    }
  }
  return out;
}

// Squared Euclidean distance of two rows of `columns` values.
double squared_distance(const double* a, const double* b, size_t columns) {
  double s = 0.0;
  for (size_t k = 0; k < columns; ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
  return s;
}

// The nearest of the k centres [k, columns] for every row (the first on ties).
std::vector<int64_t> assign_rows(std::span<const double> x, const std::vector<double>& centres, size_t columns) {
  const size_t n = x.size() / columns, k = centres.size() / columns;
  std::vector<int64_t> assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < k; ++c) {
      const double d = squared_distance(x.data() + i * columns, centres.data() + c * columns, columns);
      if (d < best) {
        best = d;
        assign[i] = int64_t(c);
      }
    }
  }
  return assign;
}

// Column means and sample standard deviations (n − 1; at least 1e-9) of rows [n, F].
std::pair<std::vector<double>, std::vector<double>> column_moments(const std::vector<double>& rows, size_t columns) {
  const size_t n = rows.size() / columns;
  std::vector<double> mean(columns, 0.0), sd(columns, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < columns; ++k) mean[k] += rows[i * columns + k] / double(n);
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < columns; ++k) sd[k] += (rows[i * columns + k] - mean[k]) * (rows[i * columns + k] - mean[k]);
  }
  for (double& v : sd) v = std::max(std::sqrt(v / double(n > 1 ? n - 1 : 1)), 1e-9);
  return {mean, sd};
}

}  // namespace

std::array<double, kNumLatentFeatures> latent_features(const music::Melody& melody, int64_t n_steps) {
  std::array<double, kNumLatentFeatures> f{};
  const auto& notes = melody.notes;
  if (notes.empty()) return f;
  double sum_pitch = 0.0, sum_duration = 0.0;
  int lo = notes.front().pitch, hi = notes.front().pitch;
  for (const auto& n : notes) {
    sum_pitch += n.pitch;
    sum_duration += static_cast<double>(n.end_step - n.start_step);
    lo = std::min(lo, n.pitch);
    hi = std::max(hi, n.pitch);
  }
  const double count = static_cast<double>(notes.size());
  f[0] = count;
  f[1] = notes.front().pitch;
  f[2] = sum_pitch / count;
  f[3] = hi - lo;
  f[4] = sum_duration / count;
  f[5] = sum_duration / static_cast<double>(n_steps);
  return f;
}

std::vector<int64_t> kmeans(std::span<const double> rows, int64_t n_columns, int64_t k, int64_t iterations,
                            std::mt19937_64& gen) {
  const auto columns = static_cast<size_t>(n_columns);
  const int64_t n = columns > 0 ? int64_t(rows.size() / columns) : 0;
  if (k < 1 || n < k) throw InputError("k-means: need at least k = " + std::to_string(k) + " rows, got " + std::to_string(n));
  // k-means++ (Arthur & Vassilvitskii 2007): next centre drawn with probability ∝ squared distance.
  std::vector<int64_t> chosen = {io::scaled_index(gen, n)};
  std::vector<double> d2(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) d2[size_t(i)] = squared_distance(&rows[size_t(i) * columns], &rows[size_t(chosen[0]) * columns], columns);
  while (static_cast<int64_t>(chosen.size()) < k) {
    std::vector<double> cdf(d2.size());
    std::partial_sum(d2.begin(), d2.end(), cdf.begin());
    const double total = cdf.back();
    int64_t next = io::scaled_index(gen, n);
    if (total > 0) {
      const double u = io::uniform_open(gen) * total;
      next = std::min<int64_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin(), n - 1);
    }
    chosen.push_back(next);
    for (int64_t i = 0; i < n; ++i) {
      d2[size_t(i)] = std::min(d2[size_t(i)], squared_distance(&rows[size_t(i) * columns], &rows[size_t(next) * columns], columns));
    }
  }
  std::vector<double> centres;
  for (int64_t c : chosen) centres.insert(centres.end(), rows.begin() + std::ptrdiff_t(size_t(c) * columns),
                                          rows.begin() + std::ptrdiff_t(size_t(c + 1) * columns));
  std::vector<int64_t> assign = assign_rows(rows, centres, columns);
  for (int64_t it = 0; it < iterations; ++it) {
    std::vector<double> sum(centres.size(), 0.0);
    std::vector<int64_t> count(size_t(k), 0);
    for (int64_t i = 0; i < n; ++i) {
      const auto c = size_t(assign[size_t(i)]);
      ++count[c];
      for (size_t j = 0; j < columns; ++j) sum[c * columns + j] += rows[size_t(i) * columns + j];
    }
    for (size_t c = 0; c < size_t(k); ++c) {
      if (count[c] == 0) continue;  // an empty cluster keeps its centre
      for (size_t j = 0; j < columns; ++j) centres[c * columns + j] = sum[c * columns + j] / double(count[c]);
    }
    std::vector<int64_t> next = assign_rows(rows, centres, columns);
    const bool stable = next == assign;
    assign = std::move(next);
    if (stable) break;
  }
  return assign;
}

std::vector<double> cluster_separation(std::span<const float> z, int64_t n_columns, const std::vector<int64_t>& clusters,
                                       int64_t k) {
  const auto columns = static_cast<size_t>(n_columns);
  const size_t n = clusters.size();
  if (z.size() != n * columns) throw InputError("cluster separation: z must hold one row per cluster label");
  std::vector<double> mean(columns, 0.0), total(columns, 0.0), between(columns, 0.0);
  std::vector<double> cluster_sum(size_t(k) * columns, 0.0);
  std::vector<int64_t> cluster_count(size_t(k), 0);
  for (size_t i = 0; i < n; ++i) {
    const auto c = size_t(clusters[i]);
    ++cluster_count[c];
    for (size_t j = 0; j < columns; ++j) {
      mean[j] += double(z[i * columns + j]) / double(n);
      cluster_sum[c * columns + j] += z[i * columns + j];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < columns; ++j) total[j] += (z[i * columns + j] - mean[j]) * (z[i * columns + j] - mean[j]);
  }
  for (size_t c = 0; c < size_t(k); ++c) {
    if (cluster_count[c] == 0) continue;
    for (size_t j = 0; j < columns; ++j) {
      const double d = cluster_sum[c * columns + j] / double(cluster_count[c]) - mean[j];
      between[j] += double(cluster_count[c]) * d * d;
    }
  }
  for (size_t j = 0; j < columns; ++j) between[j] /= std::max(total[j], 1e-300);
  return between;
}

LatentStudy run_latent_study(const vae::MelodyDecoder& decoder, const LatentStudyOptions& options) {
  if (options.n_samples < options.n_clusters || options.n_probes < 1 || options.n_probes > options.n_samples) {
    throw InputError("latent study: need n_samples >= n_clusters and 1 <= n_probes <= n_samples");
  }
  const int64_t z_size = decoder.options().z_size;
  const auto zs = static_cast<size_t>(z_size);
  std::mt19937_64 gen(options.seed);
  const std::vector<float> z = vae::draw_prior(options.n_samples, z_size, gen);  // [N, Z]
  LatentStudy study;
  io::Progress progress("latent-study", z_size + 1, options.show_progress);
  const std::vector<double> feats = features_of(decoder, z, options.n_steps, &study.n_empty);  // [N, F]
  progress.advance(1);
  const auto [mean, sd] = column_moments(feats, kFeatures);
  study.feature_mean = mean;
  study.feature_std = sd;

  // Perturbation: the first n_probes samples, one coordinate moved by `perturbation` at a time.
  const auto n_probes = static_cast<size_t>(options.n_probes);
  for (size_t d = 0; d < zs; ++d) {
    std::vector<float> moved(z.begin(), z.begin() + std::ptrdiff_t(n_probes * zs));
    for (size_t i = 0; i < n_probes; ++i) moved[i * zs + d] += static_cast<float>(options.perturbation);
    const std::vector<double> moved_feats = features_of(decoder, moved, options.n_steps, nullptr);
    std::array<double, kFeatures> shift{}, signed_shift{};  // mean over probes of |Δfeature| (and Δfeature) / std
    for (size_t i = 0; i < n_probes; ++i) {
      for (size_t f = 0; f < kFeatures; ++f) {
        const double delta = (moved_feats[i * kFeatures + f] - feats[i * kFeatures + f]) / sd[f] / double(n_probes);
        shift[f] += std::abs(delta);
        signed_shift[f] += delta;
      }
    }
    study.importance.push_back(std::accumulate(shift.begin(), shift.end(), 0.0) / double(kFeatures));
    const auto dominant = static_cast<size_t>(std::max_element(shift.begin(), shift.end()) - shift.begin());
    study.dominant_feature.push_back(static_cast<int>(dominant));
    study.dominant_effect.push_back(signed_shift[dominant]);
    const auto directed = static_cast<size_t>(
        std::max_element(signed_shift.begin(), signed_shift.end(), [](double a, double b) { return std::abs(a) < std::abs(b); }) -
        signed_shift.begin());
    study.directed_feature.push_back(static_cast<int>(directed));
    study.directed_effect.push_back(signed_shift[directed]);
    progress.advance(1);
  }
  progress.finish();

  std::vector<double> standardised(feats.size());
  for (size_t i = 0; i < feats.size(); ++i) standardised[i] = (feats[i] - mean[i % kFeatures]) / sd[i % kFeatures];
  const auto clusters = kmeans(standardised, int64_t(kFeatures), options.n_clusters, options.kmeans_iterations, gen);
  study.cluster_sizes.assign(static_cast<size_t>(options.n_clusters), 0);
  for (int64_t c : clusters) ++study.cluster_sizes[static_cast<size_t>(c)];
  study.separation = cluster_separation(z, z_size, clusters, options.n_clusters);

  study.ranked.resize(static_cast<size_t>(z_size));
  std::iota(study.ranked.begin(), study.ranked.end(), 0);
  std::stable_sort(study.ranked.begin(), study.ranked.end(), [&](int64_t a, int64_t b) {
    return study.importance[static_cast<size_t>(a)] > study.importance[static_cast<size_t>(b)];
  });
  const double m = std::accumulate(study.importance.begin(), study.importance.end(), 0.0) / static_cast<double>(z_size);
  double var = 0.0;
  for (double v : study.importance) var += (v - m) * (v - m);
  const double threshold = m + options.significance_sigmas * std::sqrt(var / static_cast<double>(z_size));
  for (int64_t d : study.ranked) {
    if (study.importance[static_cast<size_t>(d)] > threshold) study.significant.push_back(d);
  }
  return study;
}

}  // namespace vec2midi::search
