#include "vae/fast_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <string>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include "compute/lstm_gates.hpp"
#include "io/error.hpp"
#include "io/random_stream.hpp"
#include "vae/music_vae.hpp"
#include "vae/sampling.hpp"

namespace vec2midi::vae {
namespace {

// Rows decoded together; bounds the buffers (z·W_z + b alone is rows × 4H floats) for large requests.
constexpr int64_t kMaxRowsPerPass = 4096;

at::Tensor frozen_copy(const at::Tensor& t) { return t.detach().to(at::kFloat).contiguous().clone(); }

// out [M, N] = a [M, K] · w [K, N] (+ bias [N]); a's rows may be strided (a column slice of the state).
// One row goes through GEMV: a GEMM of one row would make BLAS pack the whole weight matrix every call.
void linear_into(at::Tensor& out, const at::Tensor& a, const at::Tensor& w, const at::Tensor* bias = nullptr) {
  if (a.size(0) == 1) {
    at::Tensor row = out.select(0, 0);
    if (bias != nullptr) {
      at::addmv_out(row, *bias, w.t(), a.select(0, 0));
    } else {
      at::mv_out(row, w.t(), a.select(0, 0));
    }
    return;
  }
  if (bias != nullptr) {
    at::addmm_out(out, *bias, a, w);
  } else {
    at::mm_out(out, a, w);
  }
}

// The fused gate update (compute/lstm_gates.hpp) over the rows, split over the ATen threads when there is enough
// work (about 16 k units per task: below that the hand-off costs more than it saves).
void gate_rows_threaded(int64_t n_rows, int64_t hidden, const compute::GateRows& rows) {
  const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(hidden, 1));
  at::parallel_for(0, n_rows, grain, [&](int64_t begin, int64_t end) { compute::lstm_gate_rows(begin, end, hidden, rows); });
}

}  // namespace

FastDecoder::FastDecoder(const MusicVaeImpl& model) : options_(model.options()) {
  c10::InferenceMode guard;
  const int64_t v = options_.n_events, z = options_.z_size, h = options_.decoder_size;
  w_init_ = frozen_copy(model.z_to_initial_state.kernel);
  b_init_ = frozen_copy(model.z_to_initial_state.bias);
  const at::Tensor& k0 = model.decoder_cells.at(0)->kernel;  // rows: one-hot (V), z (Z), h (H)
  w_x0_ = frozen_copy(k0.narrow(0, 0, v));
  w_z0_ = frozen_copy(k0.narrow(0, v, z));
  w_h0_ = frozen_copy(k0.narrow(0, v + z, h));
  b0_ = frozen_copy(model.decoder_cells[0]->bias);
  for (size_t l = 1; l < model.decoder_cells.size(); ++l) {
    w_up_.push_back(frozen_copy(model.decoder_cells[l]->kernel));
    b_up_.push_back(frozen_copy(model.decoder_cells[l]->bias));
  }
  w_out_ = frozen_copy(model.output_projection.kernel);
  b_out_ = frozen_copy(model.output_projection.bias);
}

double FastDecoder::gemm_flops_per_step() const {
  const double h = static_cast<double>(options_.decoder_size);
  const double layers = static_cast<double>(options_.decoder_layers);
  return 2.0 * (h * 4 * h + (layers - 1) * 2 * h * 4 * h + h * static_cast<double>(options_.n_events));
}

at::Tensor FastDecoder::decode(const at::Tensor& z_in, const DecodeOptions& options, int64_t first_item) const {
  // z [B, Z] -> events [B, T]
  if (z_in.dim() != 2 || z_in.size(1) != options_.z_size) {
    throw InputError("latent vectors must have shape [n, " + std::to_string(options_.z_size) + "], got shape " +
                     c10::str(z_in.sizes()));
  }
  if (options.n_steps < 1 || options.n_steps > options_.max_steps) {
    throw InputError("steps must be in 1.." + std::to_string(options_.max_steps) + ", got " +
                     std::to_string(options.n_steps));
  }
  if (!std::isfinite(options.temperature) || options.temperature < 0.0) {
    throw InputError("temperature must be a finite number >= 0, got " + std::to_string(options.temperature));
  }
  c10::InferenceMode guard;
  const at::Tensor z_all = z_in.to(at::kFloat).contiguous();
  if (!at::isfinite(z_all).all().item<bool>()) throw InputError("latent vectors contain NaN or infinite values");

  const int64_t n_total = z_all.size(0), n_steps = options.n_steps;
  const int64_t h = options_.decoder_size, layers = options_.decoder_layers, v = options_.n_events;
  at::Tensor events = at::empty({n_total, n_steps}, at::kByte);
  uint8_t* out = events.data_ptr<uint8_t>();

  for (int64_t first = 0; first < n_total; first += kMaxRowsPerPass) {
    const int64_t batch = std::min(kMaxRowsPerPass, n_total - first);
    const at::Tensor z = z_all.narrow(0, first, batch);
    const at::Tensor z_part = at::addmm(b0_, z, w_z0_);                 // [B, 4H]: z·W_z + b, fixed over steps
    const at::Tensor init = at::tanh(at::addmm(b_init_, z, w_init_));  // [B, 2LH]: (c0, h0, c1, h1, …)
    // All layers' h side by side, [B, L·H]: layer l >= 1 reads the column slice (h_{l-1} new, h_l old).
    at::Tensor hs = at::empty({batch, layers * h}, at::kFloat);
    at::Tensor cs = at::empty({batch, layers * h}, at::kFloat);
    for (int64_t l = 0; l < layers; ++l) {
      cs.narrow(1, l * h, h).copy_(init.narrow(1, 2 * l * h, h));
      hs.narrow(1, l * h, h).copy_(init.narrow(1, (2 * l + 1) * h, h));
    }
    at::Tensor gates = at::empty({batch, 4 * h}, at::kFloat);
    at::Tensor logits = at::empty({batch, v}, at::kFloat);
    std::vector<int32_t> previous(static_cast<size_t>(batch), -1);
    std::vector<std::mt19937_64> rngs;
    if (options.temperature > 0.0) {
      for (int64_t i = 0; i < batch; ++i) rngs.push_back(io::item_generator(options.seed, first_item + first + i));
    }
    float* hs_data = hs.data_ptr<float>();
    float* cs_data = cs.data_ptr<float>();
    const float* gates_data = gates.data_ptr<float>();
    const float* logits_data = logits.data_ptr<float>();

    for (int64_t t = 0; t < n_steps; ++t) {
      // Layer 0: gates = h0·W_h (GEMM) + (z·W_z + b) + W_x[previous event] (row lookup; none at t = 0).
      linear_into(gates, hs.narrow(1, 0, h), w_h0_);
      gate_rows_threaded(batch, h,
                       compute::GateRows{.gates = gates_data, .gates_stride = 4 * h,
                                .addend = z_part.data_ptr<float>(), .addend_stride = 4 * h,
                                .table = t > 0 ? w_x0_.data_ptr<float>() : nullptr,
                                .table_index = previous.data(),
                                .c = cs_data, .c_stride = layers * h, .h = hs_data, .h_stride = layers * h});
      // Layers l >= 1: gates = concat(h_{l-1}, h_l)·W_l (one GEMM on the strided slice) + b_l.
      for (int64_t l = 1; l < layers; ++l) {
        linear_into(gates, hs.narrow(1, (l - 1) * h, 2 * h), w_up_[l - 1]);
        gate_rows_threaded(batch, h,
                         compute::GateRows{.gates = gates_data, .gates_stride = 4 * h,
                                  .addend = b_up_[l - 1].data_ptr<float>(), .addend_stride = 0,
                                  .c = cs_data + l * h, .c_stride = layers * h,
                                  .h = hs_data + l * h, .h_stride = layers * h});
      }
      linear_into(logits, hs.narrow(1, (layers - 1) * h, h), w_out_, &b_out_);  // [B, V]
      at::parallel_for(0, batch, 256, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          const std::span<const float> row(logits_data + i * v, static_cast<size_t>(v));
          const int32_t event = options.temperature > 0.0 ? sample_event(row, options.temperature, rngs[i])
                                                          : argmax_event(row);
          previous[i] = event;
          out[(first + i) * n_steps + t] = static_cast<uint8_t>(event);
        }
      });
    }
  }
  return events;
}

void FastDecoder::run_step_gemms_only(int64_t batch, int64_t n_steps) const {
  c10::InferenceMode guard;
  const int64_t h = options_.decoder_size, layers = options_.decoder_layers, v = options_.n_events;
  at::Tensor hs = at::full({batch, layers * h}, 0.01f, at::kFloat);
  at::Tensor gates = at::empty({batch, 4 * h}, at::kFloat);
  at::Tensor logits = at::empty({batch, v}, at::kFloat);
  for (int64_t t = 0; t < n_steps; ++t) {
    linear_into(gates, hs.narrow(1, 0, h), w_h0_);
    for (int64_t l = 1; l < layers; ++l) linear_into(gates, hs.narrow(1, (l - 1) * h, 2 * h), w_up_[l - 1]);
    linear_into(logits, hs.narrow(1, (layers - 1) * h, h), w_out_, &b_out_);
  }
}

}  // namespace vec2midi::vae
