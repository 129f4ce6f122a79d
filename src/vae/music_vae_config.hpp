// The MusicVAE architecture seen from a checkpoint: which variables a MusicVaeOptions implies
// (Magenta's names and shapes) and the inverse, inferring the options from variable shapes alone,
// so an index file without its data already says what model it holds.
// Usage: MusicVaeInference inf = infer_music_vae(shapes_of(reader->variables())); inf.options.z_size;
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vae/music_vae_options.hpp"
#include "vae/tensor_map.hpp"

namespace vec2midi::vae {

/// A variable name and its shape.
using NamedShape = std::pair<std::string, std::vector<int64_t>>;

/// Magenta's name for `name`: TF 1.x `basic_lstm_cell` scopes become `lstm_cell` (LSTMBlockCell's name).
std::string canonical_variable_name(std::string_view name);

/// True for training state that is not part of the model: Adam slots (".../Adam", ".../Adam_1"),
/// beta1_power, beta2_power and global_step.
bool is_optimizer_slot(std::string_view name);

/// Every variable of a MusicVAE with `options`, in the order of MusicVaeImpl::magenta_variables():
/// decoder/z_to_initial_state, decoder/multi_rnn_cell/cell_N/lstm_cell, decoder/output_projection,
/// then (if options.has_encoder) encoder/cell_N/bidirectional_rnn/{fw,bw}/..., encoder/mu, encoder/sigma.
/// LSTM kernels are [input + hidden, 4 * hidden] (MISSION.md §3).
std::vector<NamedShape> music_vae_variable_shapes(const MusicVaeOptions& options);

/// The architecture found in a checkpoint and how its variables map onto it.
struct MusicVaeInference {
  MusicVaeOptions options;                     ///< inferred architecture (has_encoder false if any encoder tensor is missing)
  std::vector<std::pair<std::string, std::string>> variables;  ///< (Magenta name, name in the checkpoint) to import, model order
  std::vector<std::string> missing_encoder;    ///< encoder variables the checkpoint lacks
  std::vector<std::string> dropped;            ///< encoder variables present but dropped (incomplete encoder)
  std::vector<std::string> ignored;            ///< checkpoint variables outside the model (optimizer slots, others)
};

/// Infers the MusicVAE architecture from `shapes` (names as stored in the checkpoint): decoder
/// layer count and size from the decoder LSTM kernels, z from decoder/z_to_initial_state, the event
/// count from decoder/output_projection, the encoder from its LSTM biases; then checks every shape
/// against the inferred architecture. `max_steps` is not visible in shapes (default 32).
/// Throws InputError naming the missing or inconsistent variable.
MusicVaeInference infer_music_vae(const ShapeMap& shapes, std::optional<int64_t> max_steps = std::nullopt);

/// "z 512, encoder 1 x 2048, decoder 3 x 2048, 90 events" (or "encoder none (decoder-only)").
std::string describe_architecture(const MusicVaeOptions& options);

}  // namespace vec2midi::vae
