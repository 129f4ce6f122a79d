// Measuring a MusicVAE as the MusicVAE paper does: per-step reconstruction accuracy of held-out windows
// (teacher-forced, and greedy decoding from the posterior mean), and statistics of prior samples beside
// those of real data and of uniformly random melodies (empty windows, notes per bar, pitch range,
// interval histogram, scale consistency; music/melody_stats.hpp).
// No libtorch: the inference encoder and decoders of a model file.
// Usage: ReconstructionAccuracy r = reconstruction_accuracy({encoder, decoder, teacher}, data.events, data.n_steps);
//        SampleStats s = sample_stats(sample_prior_melodies(decoder, {.temperature = 0.5}), 32);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "music/constants.hpp"
#include "music/melody_stats.hpp"
#include "vae/latent_refinement.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/melody_encoder.hpp"
#include "vae/teacher_forced_decoder.hpp"

namespace vec2midi::vae {

/// Reconstruction of windows through z = μ(x).
struct ReconstructionAccuracy {
  int64_t n_windows = 0;           ///< windows evaluated
  double teacher_forced = 0.0;     ///< share of steps whose argmax logit is the true event, true previous events fed
  double greedy = 0.0;             ///< share of steps equal to the true event when decoding greedily from μ
  double greedy_exact = 0.0;       ///< share of windows reconstructed greedily without a single wrong step
};

/// The parts of one MusicVAE that measuring it needs (all read from the same model file, the encoder possibly
/// from an encoder file).
struct VaeParts {
  const MelodyEncoder& encoder;
  const MelodyDecoder& decoder;
  const TeacherForcedDecoder& teacher;
};

/// Encodes every window of `events` (n_steps events each, back to back) and compares. Batched. With
/// refine.n_steps > 0 the latents are refined from μ (latent_refinement.hpp) before decoding.
ReconstructionAccuracy reconstruction_accuracy(const VaeParts& vae, std::span<const uint8_t> events, int64_t n_steps,
                                               int64_t batch_size = 256, bool show_progress = false,
                                               const LatentRefinementOptions& refine = {});

/// How to draw melodies from the prior.
struct PriorSampleOptions {
  int64_t n_samples = 1000;                 ///< melodies drawn
  double temperature = 1.0;                 ///< softmax temperature; 0 = greedy
  int64_t n_steps = music::kWindowSteps;    ///< steps per melody
  uint64_t seed = 0;                        ///< seeds z ~ N(0, I) and the event draws
};

/// n_samples melodies decoded from z ~ N(0, I) (draw_prior, the inference decoder): events back to back.
std::vector<uint8_t> sample_prior_melodies(const MelodyDecoder& decoder, const PriorSampleOptions& options);

/// n windows of independent events drawn uniformly from all kNumMelodyEvents: the "random melody" baseline.
std::vector<uint8_t> uniform_random_melodies(int64_t n_windows, int64_t n_steps, uint64_t seed);

/// melody_stats plus the mean pitch span (highest minus lowest pitch) of the non-empty windows.
struct SampleStats {
  music::MelodyStats stats;   ///< melody_stats() of the windows
  double pitch_span = 0.0;    ///< mean over non-empty windows of max pitch - min pitch, semitones
};

/// SampleStats of windows stored back to back.
SampleStats sample_stats(std::span<const uint8_t> events, int64_t n_steps);

/// One statistic of a sample set beside the data and the uniform baseline.
struct StatComparison {
  std::string name;        ///< "empty_fraction", "notes_per_bar", "pitch_span", "interval_histogram", "scale_consistency"
  double sample = 0.0;     ///< the sample's value (for the histogram: its distance to the data's)
  double data = 0.0;       ///< the data's value (histogram: 0)
  double uniform = 0.0;    ///< the uniform baseline's value (histogram: the sample's distance to the baseline's)
  bool closer_to_data = false;  ///< |sample - data| < |sample - uniform|, or sample == data
                                ///< (histogram: distance to data < distance to uniform)
};

/// The listed statistics of `sample` compared with `data` and `uniform`.
std::vector<StatComparison> compare_stats(const SampleStats& sample, const SampleStats& data, const SampleStats& uniform);

}  // namespace vec2midi::vae
