#include "vae/melody_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "compute/lstm_gates.hpp"
#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/random_stream.hpp"
#include "vae/event_sampling.hpp"

namespace vec2midi::vae {
namespace {

using compute::PackedMatmul;
using compute::Precision;

// The recurrent state of a block of rows: c [n, L·H] in float32 and h [n, L·H] in the GEMMs' input type, layer l
// at columns l·H.. — so layer l's input [h_{l-1} new, h_l old] is one strided [n, 2H] matrix.
struct State {
  State(int64_t n, int64_t width, bool bf16)
      : c(size_t(n * width)), h(bf16 ? 0 : size_t(n * width)), h_bf16(bf16 ? size_t(n * width) : 0) {}
  const void* h_at(int64_t column) const {
    return h_bf16.empty() ? static_cast<const void*>(h.data() + column) : static_cast<const void*>(h_bf16.data() + column);
  }
  void set_h(size_t i, float x) {
    if (h_bf16.empty()) {
      h[i] = x;
    } else {
      h_bf16[i] = compute::to_bf16(x);
    }
  }
  std::vector<float> c, h;
  std::vector<uint16_t> h_bf16;
};

// Threads for the blocks: OMP_NUM_THREADS when set, else one per core — not omp_get_max_threads(), which libtorch
// lowers to 1 on this machine when it initialises in the same process.
int block_threads() {
  static const int threads = [] {
    const char* env = std::getenv("OMP_NUM_THREADS");
    if (env != nullptr && std::atoi(env) > 0) return std::atoi(env);
    return std::max(1, int(std::thread::hardware_concurrency()));
  }();
  return threads;
}

// Runs body(first_row, n_rows) over blocks of at most `max_rows` rows — and at least kMinBlockRows, else as many
// blocks as threads, so that a batch of 64 keeps both cores busy: one block on the calling thread (the GEMMs may
// then use OpenMP's threads), several spread over block_threads() threads. An exception in a block is rethrown here.
constexpr int64_t kMinBlockRows = 16;

template <class Body>
void for_each_block(int64_t n, int64_t max_rows, const Body& body) {
  const int64_t block_rows = std::clamp<int64_t>((n + block_threads() - 1) / block_threads(), kMinBlockRows, max_rows);
  const int64_t n_blocks = (n + block_rows - 1) / block_rows;
  if (n_blocks <= 1) {
    if (n > 0) body(0, n);
    return;
  }
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 1) num_threads(block_threads())
  for (int64_t b = 0; b < n_blocks; ++b) {
    try {
      body(b * block_rows, std::min(block_rows, n - b * block_rows));
    } catch (...) {
#pragma omp critical
      failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

MelodyDecoder::MelodyDecoder(const std::filesystem::path& path, Precision precision)
    : MelodyDecoder(io::ModelFile(path, music_vae_model_kind()), precision) {}

MelodyDecoder::MelodyDecoder(const io::ModelFile& file, Precision precision) : precision_(precision) {
  options_ = read_music_vae_config(file);
  const int64_t v = options_.n_events, z = options_.z_size, h = options_.decoder_size, layers = options_.decoder_layers;
  init_ = std::make_unique<PackedMatmul>(file.floats("decoder/z_to_initial_state/kernel", {z, 2 * layers * h}), z,
                                         2 * layers * h, Precision::kFloat32,
                                         file.floats("decoder/z_to_initial_state/bias", {2 * layers * h}));
  biases_.resize(size_t(layers));
  for (int64_t l = 0; l < layers; ++l) {
    const std::string prefix = "decoder/multi_rnn_cell/cell_" + std::to_string(l) + "/lstm_cell/";
    const std::vector<float> kernel = file.floats(prefix + "kernel", {l == 0 ? v + z + h : 2 * h, 4 * h});
    std::vector<float> bias = file.floats(prefix + "bias", {4 * h});
    if (l == 0) {
      // Rows [0, V) one-hot input, [V, V + Z) z, [V + Z, V + Z + H) h.
      x0_.assign(kernel.begin(), kernel.begin() + v * 4 * h);
      z0_ = std::make_unique<PackedMatmul>(std::span(kernel).subspan(size_t(v * 4 * h), size_t(z * 4 * h)), z, 4 * h,
                                           Precision::kFloat32, bias);
      cells_.emplace_back(std::span(kernel).subspan(size_t((v + z) * 4 * h)), h, 4 * h, precision);
    } else {
      cells_.emplace_back(kernel, 2 * h, 4 * h, precision);
      biases_[size_t(l)] = std::move(bias);
    }
  }
  out_ = std::make_unique<PackedMatmul>(file.floats("decoder/output_projection/kernel", {h, v}), h, v, precision,
                                        file.floats("decoder/output_projection/bias", {v}));
}

double MelodyDecoder::gemm_flops_per_step() const {
  double flops = 2.0 * double(out_->k() * out_->n());
  for (const PackedMatmul& cell : cells_) flops += 2.0 * double(cell.k() * cell.n());
  return flops;
}

std::vector<uint8_t> MelodyDecoder::decode(std::span<const float> z, const DecodeOptions& options,
                                           int64_t first_item) const {
  const int64_t z_size = options_.z_size;
  if (int64_t(z.size()) % z_size != 0) {
    throw InputError("latent vectors must have shape [n, " + std::to_string(z_size) + "], got " +
                     std::to_string(z.size()) + " values");
  }
  if (options.n_steps < 1 || options.n_steps > options_.max_steps) {
    throw InputError("steps must be in 1.." + std::to_string(options_.max_steps) + ", got " +
                     std::to_string(options.n_steps));
  }
  if (!std::isfinite(options.temperature) || options.temperature < 0.0) {
    throw InputError("temperature must be a finite number >= 0, got " + std::to_string(options.temperature));
  }
  if (!std::all_of(z.begin(), z.end(), [](float x) { return std::isfinite(x); })) {
    throw InputError("latent vectors contain NaN or infinite values");
  }
  const int64_t n = int64_t(z.size()) / z_size;
  std::vector<uint8_t> events(size_t(n * options.n_steps));
  for_each_block(n, kBlockRows, [&](int64_t first, int64_t rows) {
    decode_block(z.data() + first * z_size, rows, options, first_item + first, events.data() + first * options.n_steps);
  });
  return events;
}

void MelodyDecoder::decode_block(const float* z, int64_t n, const DecodeOptions& options, int64_t first_item,
                                 uint8_t* out) const {
  const int64_t v = options_.n_events, h = options_.decoder_size, layers = options_.decoder_layers;
  const int64_t width = layers * h;  // one row of the state
  State state(n, width, precision_ == Precision::kBfloat16);
  std::vector<float> init(size_t(n * 2 * width)), z_part(size_t(n * 4 * h)), gates(size_t(n * 4 * h)),
      logits(size_t(n * v));
  init_->run(n, z, options_.z_size, init.data(), 2 * width);
  z0_->run(n, z, options_.z_size, z_part.data(), 4 * h);
  for (int64_t r = 0; r < n; ++r) {  // (c_l, h_l) = tanh(z·W_init + b_init), laid out c0, h0, c1, h1, …
    for (int64_t l = 0; l < layers; ++l) {
      for (int64_t k = 0; k < h; ++k) {
        const size_t at = size_t(r * width + l * h + k);
        state.c[at] = std::tanh(init[size_t(r * 2 * width + 2 * l * h + k)]);
        state.set_h(at, std::tanh(init[size_t(r * 2 * width + (2 * l + 1) * h + k)]));
      }
    }
  }
  std::vector<io::Rng> rngs;
  if (options.temperature > 0.0) {
    for (int64_t r = 0; r < n; ++r) rngs.push_back(io::item_generator(options.seed, first_item + r));
  }
  std::vector<int32_t> previous(size_t(n), -1);  // no event before the first step
  const bool bf16 = precision_ == Precision::kBfloat16;
  for (int64_t t = 0; t < options.n_steps; ++t) {
    for (int64_t l = 0; l < layers; ++l) {
      // Layer 0: h0·W_h + (z·W_z + b) + W_x[previous]; layer l: [h_{l-1}, h_l]·W_l + b_l.
      cells_[size_t(l)].run(n, state.h_at(l == 0 ? 0 : (l - 1) * h), width, gates.data(), 4 * h);
      compute::GateRows rows{.gates = gates.data(), .gates_stride = 4 * h};
      rows.addend = l == 0 ? z_part.data() : biases_[size_t(l)].data();
      rows.addend_stride = l == 0 ? 4 * h : 0;
      if (l == 0) {
        rows.table = x0_.data();
        rows.table_index = previous.data();
      }
      rows.c = state.c.data() + l * h;
      rows.c_stride = width;
      rows.h = bf16 ? nullptr : state.h.data() + l * h;
      rows.h_bf16 = bf16 ? state.h_bf16.data() + l * h : nullptr;
      rows.h_stride = width;
      compute::lstm_gate_rows(0, n, h, rows);
    }
    out_->run(n, state.h_at((layers - 1) * h), width, logits.data(), v);
    for (int64_t r = 0; r < n; ++r) {
      const std::span<const float> row(logits.data() + r * v, size_t(v));
      const int32_t event = rngs.empty() ? argmax_event(row) : sample_event(row, options.temperature, rngs[size_t(r)]);
      previous[size_t(r)] = event;
      out[r * options.n_steps + t] = static_cast<uint8_t>(event);
    }
  }
}

void MelodyDecoder::run_step_gemms_only(int64_t batch, int64_t n_steps) const {
  const int64_t v = options_.n_events, h = options_.decoder_size, layers = options_.decoder_layers;
  for_each_block(batch, kBlockRows, [&](int64_t, int64_t n) {
    const State state(n, layers * h, precision_ == Precision::kBfloat16);
    std::vector<float> gates(size_t(n * 4 * h)), logits(size_t(n * v));
    for (int64_t t = 0; t < n_steps; ++t) {
      for (int64_t l = 0; l < layers; ++l) {
        cells_[size_t(l)].run(n, state.h_at(l == 0 ? 0 : (l - 1) * h), layers * h, gates.data(), 4 * h);
      }
      out_->run(n, state.h_at((layers - 1) * h), layers * h, logits.data(), v);
    }
  });
}

}  // namespace vec2midi::vae
