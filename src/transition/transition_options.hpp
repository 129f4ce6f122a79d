// How the transition from an image embedding into the MusicVAE latent space is built (MISSION.md §2): K,
// the seed of G, the search box, the sizes and the driven dims.
// Usage: TransitionOptions o{.seed = 7, .latent_size = 256}; validate(o);
#pragma once

#include <cstdint>
#include <vector>

namespace vec2midi::transition {

/// The 26 latent dimensions of cat-mel_2bar_big the original found to matter (its music_learning.py,
/// `significant_indexes`, left commented out there in favour of all 512; MISSION.md §7).
inline constexpr int64_t kCatMelBigSignificantDims[] = {12,  182, 471, 455, 371, 62,  493, 208, 59,
                                                        195, 271, 437, 262, 121, 216, 245, 226, 377,
                                                        167, 14,  280, 282, 297, 363, 24,  81};

/// Which generator draws G from the seed (a transition file names it in its "generator" metadata).
enum class TransitionGenerator {
  legacy,         ///< std::mt19937_64(seed) itself, the stream every other use of that seed also got (files
                  ///< written before named streams: "mt19937_64+box-muller53")
  named_stream,   ///< io::stream_generator(seed, Stream::transition_matrices): G's own stream
                  ///< ("stream:transition.G+mt19937_64+box-muller53")
};

/// The "generator" metadata value of a transition file for `generator`.
const char* generator_name(TransitionGenerator generator);

/// How the transition is built. Defaults: the original's search script (music_learning.py).
struct TransitionOptions {
  int64_t n_matrices = 100;     ///< K, number of random matrices G_j (search script 100; a later run 200)
  uint64_t seed = 0;            ///< seed of the generator that draws G (then the held noise)
  TransitionGenerator generator = TransitionGenerator::named_stream;  ///< how the seed becomes a generator
  double box = 0.07;            ///< coefficients are searched in [-box, box]^K (search script)
  int64_t latent_size = 512;    ///< Z, MusicVAE latent size (cat-mel_2bar_big 512, mel_2bar_small 256)
  int64_t embedding_size = 9;   ///< E, image embedding size (9 colour classes)
  std::vector<int64_t> driven_dims;  ///< latent dims the map drives (empty: all Z); G_j is then [D, E]
  double noise_amplitude = 0.01;     ///< undriven dims hold U(-amp, amp) (original's visualize(): 0.01)
};

/// Throws InputError naming the field if `options` cannot build a transition (sizes < 1, box <= 0,
/// a driven dim outside [0, Z) or repeated, negative noise amplitude).
void validate(const TransitionOptions& options);

}  // namespace vec2midi::transition
