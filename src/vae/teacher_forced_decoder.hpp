// The MusicVAE decoder run teacher-forced — each step fed the true previous event — with the gradient of the
// windows' cross-entropy in z written out (backpropagation through time of TensorFlow's LSTM cell, forget bias 1,
// and of the tanh initial state): what latent refinement (latent_refinement.hpp) and vae-eval's teacher-forced
// accuracy need, without libtorch. Float32 on Eigen (products on the BLAS). Written by hand: it is our own
// model's forward and backward pass; tests/vae/teacher_forced_decoder_test.cpp holds it against the libtorch
// training model's logits and autograd gradient.
// Usage: TeacherForcedDecoder dec("models/default_vae.safetensors");
//        TeacherForcedResult r = dec.run(z /*n × Z*/, events /*n × T*/, T, true);  // r.loss, r.predicted, r.gradient
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "io/model_file.hpp"
#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

/// What a teacher-forced pass gives per window.
struct TeacherForcedResult {
  std::vector<double> loss;        ///< [n] Σ_t -log softmax(logits_t)[event_t]
  std::vector<uint8_t> predicted;  ///< [n, T] the argmax event of each step's logits
  std::vector<float> gradient;     ///< [n, Z] ∂loss_i/∂z_i (empty unless asked for)
};

class TeacherForcedDecoder {
 public:
  /// Loads the decoder tensors of a MusicVAE model file. Throws InputError naming the path as MelodyDecoder does.
  explicit TeacherForcedDecoder(const std::filesystem::path& path);
  explicit TeacherForcedDecoder(const io::ModelFile& file);

  /// z: n rows of Z floats; events: n rows of n_steps event indices (< n_events). Windows are independent (a
  /// window's gradient is its own loss's). Throws InputError on sizes that do not fit or an event out of range.
  TeacherForcedResult run(std::span<const float> z, std::span<const uint8_t> events, int64_t n_steps,
                          bool with_gradient) const;

  const MusicVaeOptions& options() const { return options_; }

 private:
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
  struct BlockTrace;  // what the backward pass needs of a block's forward pass (teacher_forced_decoder.cpp)
  /// Rows [first_row, first_row + n): losses and argmaxes into `out`, the activations into `trace` if given.
  void forward_block(const float* z, const uint8_t* events, int64_t n, int64_t n_steps, TeacherForcedResult& out,
                     int64_t first_row, BlockTrace* trace) const;
  /// ∂loss/∂z [n, Z] of the block traced.
  Matrix backward_block(const BlockTrace& trace, int64_t n, int64_t n_steps) const;

  MusicVaeOptions options_;
  Matrix init_kernel_;               // [Z, 2LH] z → (c0, h0, c1, h1, …) before tanh
  RowVector init_bias_;              // [2LH]
  Matrix x0_, z0_, h0_;              // layer 0's kernel rows: one-hot [V, 4H], z [Z, 4H], h [H, 4H]
  std::vector<Matrix> kernels_;      // layers l >= 1: [h_{l-1}, h_l] [2H, 4H]; [0] unused
  std::vector<RowVector> biases_;    // [4H] per layer
  Matrix out_kernel_;                // [H, V]
  RowVector out_bias_;               // [V]
};

}  // namespace vec2midi::vae
