// A searched transition on disk: a safetensors file with the coefficients a (F64 [K]) and, in its
// metadata, everything needed to redraw G (seed, K, sizes, driven dims) and the model it belongs to.
// Usage: write_transition_file("transition.safetensors", {options, a, "cat-mel_2bar_small"});
//        auto loaded = read_transition_file(path);  Transition t(loaded.options);  t.combine(loaded.coefficients);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "transition/transition_options.hpp"

namespace vec2midi::transition {

/// The metadata value of "format" that marks a transition file.
inline constexpr char kTransitionFormat[] = "vec2midi-transition";

/// What a transition file holds.
struct TransitionFile {
  TransitionOptions options;         ///< redraws G: seed, K, box, Z, E, driven dims, noise amplitude
  std::vector<double> coefficients;  ///< a, K values
  std::string model;                 ///< the MusicVAE model whose latent space z lives in (e.g. "cat-mel_2bar_small")
};

/// Writes `file` atomically (metadata: format, seed, n_matrices, box, latent_size, embedding_size,
/// driven_dims, noise_amplitude, model, generator, g_digest; tensor "a"). Throws InputError if the
/// options are invalid or a has not K values, Error if the file cannot be written.
void write_transition_file(const std::filesystem::path& path, const TransitionFile& file);

/// Reads a transition file and checks that G redrawn here has the stored digest. Throws InputError naming
/// the path for a missing or malformed file, Error if the redrawn G differs.
TransitionFile read_transition_file(const std::filesystem::path& path);

}  // namespace vec2midi::transition
