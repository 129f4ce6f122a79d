#include "search/latent_study.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "io/error.hpp"
#include "io/progress.hpp"
#include "io/random.hpp"
#include "music/event_codec.hpp"
#include "search/objective.hpp"
#include "vae/sampling.hpp"

namespace vec2midi::search {
namespace {

torch::Tensor features_of(const vae::MelodyDecoder& decoder, const torch::Tensor& z, int64_t n_steps, int64_t* n_empty) {
  const vae::DecodeOptions decode{.n_steps = n_steps, .temperature = 0.0, .seed = 0};
  const int64_t n = z.size(0);
  torch::Tensor out = torch::empty({n, kNumLatentFeatures}, torch::kFloat64);
  double* o = out.data_ptr<double>();
  for (int64_t first = 0; first < n; first += 2048) {
    const int64_t count = std::min<int64_t>(2048, n - first);
    // z [count, Z] -> events [count, n_steps]
    const at::Tensor chunk = z.narrow(0, first, count).contiguous();
    const std::vector<uint8_t> events =
        decoder.decode(std::span<const float>(chunk.data_ptr<float>(), size_t(chunk.numel())), decode);
    const uint8_t* e = events.data();
    for (int64_t i = 0; i < count; ++i) {
      const music::Melody m =
          music::events_to_melody(std::span<const uint8_t>(e + i * n_steps, static_cast<size_t>(n_steps)));
      if (n_empty && m.notes.empty()) ++*n_empty;
      const auto f = latent_features(m, n_steps);
      std::copy(f.begin(), f.end(), o + (first + i) * kNumLatentFeatures);
    }
  }
  return out;
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

std::vector<int64_t> kmeans(const torch::Tensor& rows, int64_t k, int64_t iterations, std::mt19937_64& gen) {
  const int64_t n = rows.size(0);
  if (k < 1 || n < k) throw InputError("k-means: need at least k = " + std::to_string(k) + " rows, got " + std::to_string(n));
  const torch::Tensor x = rows.to(torch::kFloat64);
  // k-means++ (Arthur & Vassilvitskii 2007): next centre drawn with probability ∝ squared distance.
  std::vector<int64_t> chosen = {io::scaled_index(gen, n)};
  torch::Tensor d2 = (x - x[chosen[0]]).pow(2).sum(1);
  while (static_cast<int64_t>(chosen.size()) < k) {
    const torch::Tensor cdf = torch::cumsum(d2, 0);
    const double total = cdf[n - 1].item<double>();
    int64_t next = io::scaled_index(gen, n);
    if (total > 0) {
      next = torch::searchsorted(cdf, torch::tensor({io::uniform_open(gen) * total}, torch::kFloat64)).item<int64_t>();
      next = std::min(next, n - 1);
    }
    chosen.push_back(next);
    d2 = torch::minimum(d2, (x - x[next]).pow(2).sum(1));
  }
  torch::Tensor centres = x.index_select(0, torch::tensor(chosen, torch::kInt64));
  torch::Tensor assign = torch::cdist(x, centres).argmin(1);
  for (int64_t it = 0; it < iterations; ++it) {
    for (int64_t c = 0; c < k; ++c) {
      const torch::Tensor members = (assign == c);
      if (members.sum().item<int64_t>() > 0) centres[c].copy_(x.index({members}).mean(0));
    }
    const torch::Tensor next = torch::cdist(x, centres).argmin(1);
    const bool stable = torch::equal(next, assign);
    assign = next;
    if (stable) break;
  }
  const torch::Tensor a = assign.to(torch::kInt64).contiguous();
  return std::vector<int64_t>(a.data_ptr<int64_t>(), a.data_ptr<int64_t>() + n);
}

std::vector<double> cluster_separation(const torch::Tensor& z, const std::vector<int64_t>& clusters, int64_t k) {
  const torch::Tensor x = z.to(torch::kFloat64);
  const torch::Tensor mean = x.mean(0);
  const torch::Tensor total = (x - mean).pow(2).sum(0);
  torch::Tensor between = torch::zeros_like(mean);
  const torch::Tensor labels = torch::tensor(clusters, torch::kInt64);
  for (int64_t c = 0; c < k; ++c) {
    const torch::Tensor members = labels == c;
    const int64_t n_c = members.sum().item<int64_t>();
    if (n_c == 0) continue;
    between += static_cast<double>(n_c) * (x.index({members}).mean(0) - mean).pow(2);
  }
  const torch::Tensor eta2 = (between / total.clamp_min(1e-300)).contiguous();
  return std::vector<double>(eta2.data_ptr<double>(), eta2.data_ptr<double>() + eta2.numel());
}

LatentStudy run_latent_study(const vae::MelodyDecoder& decoder, const LatentStudyOptions& options) {
  if (options.n_samples < options.n_clusters || options.n_probes < 1 || options.n_probes > options.n_samples) {
    throw InputError("latent study: need n_samples >= n_clusters and 1 <= n_probes <= n_samples");
  }
  const int64_t z_size = decoder.options().z_size;
  std::mt19937_64 gen(options.seed);
  const torch::Tensor z = vae::sample_prior(options.n_samples, z_size, gen);  // [N, Z]
  LatentStudy study;
  io::Progress progress("latent-study", z_size + 1, options.show_progress);
  const torch::Tensor feats = features_of(decoder, z, options.n_steps, &study.n_empty);  // [N, F]
  progress.advance(1);
  const torch::Tensor mean = feats.mean(0);
  const torch::Tensor sd = feats.std(0).clamp_min(1e-9);
  study.feature_mean.assign(mean.data_ptr<double>(), mean.data_ptr<double>() + kNumLatentFeatures);
  const torch::Tensor sd_c = sd.contiguous();
  study.feature_std.assign(sd_c.data_ptr<double>(), sd_c.data_ptr<double>() + kNumLatentFeatures);

  // Perturbation: the first n_probes samples, one coordinate moved by `perturbation` at a time.
  const torch::Tensor base = z.narrow(0, 0, options.n_probes);
  const torch::Tensor base_feats = feats.narrow(0, 0, options.n_probes);
  for (int64_t d = 0; d < z_size; ++d) {
    torch::Tensor moved = base.clone();
    moved.select(1, d).add_(options.perturbation);
    const torch::Tensor shift = ((features_of(decoder, moved, options.n_steps, nullptr) - base_feats).abs() / sd).mean(0);  // [F]
    study.importance.push_back(shift.mean().item<double>());
    study.dominant_feature.push_back(static_cast<int>(shift.argmax().item<int64_t>()));
    progress.advance(1);
  }
  progress.finish();

  const torch::Tensor standardised = (feats - mean) / sd;
  const auto clusters = kmeans(standardised, options.n_clusters, options.kmeans_iterations, gen);
  study.cluster_sizes.assign(static_cast<size_t>(options.n_clusters), 0);
  for (int64_t c : clusters) ++study.cluster_sizes[static_cast<size_t>(c)];
  study.separation = cluster_separation(z, clusters, options.n_clusters);

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
