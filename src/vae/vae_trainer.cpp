#include "vae/vae_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <torch/torch.h>

#include "io/error.hpp"
#include "io/random_stream.hpp"
#include "vae/elbo.hpp"
#include "vae/model_export.hpp"
#include "vae/prior_inversion.hpp"
#include "vae/sampling.hpp"
#include "vae/training_forward.hpp"
#include "vae/training_schedules.hpp"

namespace vec2midi::vae {
namespace {

// Independent random streams per step: transposition (std::mt19937_64) and ε / scheduled sampling (torch).
constexpr uint64_t kTransposeStream = 0x7a3c5e9b1d2f4068ull;
constexpr uint64_t kNoiseStream = 0x2e8d4b6f0a1c3957ull;
constexpr uint64_t kPriorStream = 0x5b1e9f3c7d2a4860ull;  // z and sampling of prior inversion

std::string adam_key(const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

bool is_encoder_variable(const std::string& name) { return name.rfind("encoder/", 0) == 0; }

}  // namespace

VaeTrainer::VaeTrainer(MusicVae model, const music::WindowDataset& data, TrainVaeOptions options)
    : model_(std::move(model)), data_(data), options_(options) {
  setup();
}

VaeTrainer::VaeTrainer(const TrainingCheckpoint& checkpoint, const music::WindowDataset& data)
    : model_(checkpoint.model), data_(data), options_(checkpoint.options), cursor_(checkpoint.cursor),
      step_(checkpoint.step) {
  if (dataset_fingerprint(data) != checkpoint.data_fingerprint) {
    throw InputError("the training data differs from the data this checkpoint was trained on (" +
                     std::to_string(data.n_windows()) + " windows, fingerprint " +
                     std::to_string(dataset_fingerprint(data)) + " vs " + std::to_string(checkpoint.data_fingerprint) +
                     "): resume with the same windows files in the same order");
  }
  setup();
  for (const auto& [name, param] : trainable_) {
    const auto found = checkpoint.adam.find(name);
    if (found == checkpoint.adam.end()) continue;
    const AdamSlot& slot = found->second;
    if (!slot.exp_avg.sizes().equals(param.sizes()) || !slot.exp_avg_sq.sizes().equals(param.sizes())) {
      throw InputError("checkpoint Adam state for " + name + " does not match the parameter's shape");
    }
    auto state = std::make_unique<torch::optim::AdamParamState>();
    state->step(slot.step);
    state->exp_avg(slot.exp_avg.clone());
    state->exp_avg_sq(slot.exp_avg_sq.clone());
    adam_->state()[adam_key(param)] = std::move(state);
  }
}

void VaeTrainer::setup() {
  options_.validate();
  if (!model_->options().has_encoder) {
    throw InputError("cannot train a decoder-only MusicVAE: the model needs an encoder (has_encoder = true)");
  }
  if (model_->options().max_steps < data_.n_steps) {
    throw InputError("windows are " + std::to_string(data_.n_steps) + " steps long but the model's max_steps is " +
                     std::to_string(model_->options().max_steps));
  }
  split_ = split_by_source(data_, options_.validation_fraction, options_.seed);
  if (split_.train.empty()) throw InputError("no training windows: the data set is empty");
  trainable_.clear();
  std::vector<torch::Tensor> params;
  for (auto& [name, param] : model_->magenta_variables()) {
    const bool train = is_encoder_variable(name) ? options_.train_encoder : options_.train_decoder;
    param.set_requires_grad(train);
    if (train) {
      trainable_.emplace_back(name, param);
      params.push_back(param);
    }
  }
  if (options_.prior_inversion_steps > 0) frozen_decoder_ = inference_decoder(*model_);
  // TF AdamOptimizer defaults: β1 0.9, β2 0.999, ε 1e-8 (the same as torch's).
  adam_ = std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(options_.learning_rate));
}

void VaeTrainer::clip_and_step(TrainStepStats& stats) {
  // Global-norm clipping (tf.clip_by_global_norm); a norm at or above grad_norm_clip_to_zero (or NaN)
  // zeroes the gradients, as Magenta's train op does, and Adam still steps on the zeros.
  {
    torch::NoGradGuard no_grad;
    double sum_sq = 0.0;
    for (const auto& [name, p] : trainable_) {
      if (p.grad().defined()) sum_sq += p.grad().to(torch::kDouble).pow(2).sum().item<double>();
    }
    stats.grad_norm = std::sqrt(sum_sq);
    if (!(stats.grad_norm < options_.grad_norm_clip_to_zero)) {
      stats.skipped = true;
      for (const auto& [name, p] : trainable_) {
        if (p.grad().defined()) p.mutable_grad().zero_();
      }
    } else if (stats.grad_norm > options_.grad_clip) {
      const double scale = options_.grad_clip / stats.grad_norm;
      for (const auto& [name, p] : trainable_) {
        if (p.grad().defined()) p.mutable_grad().mul_(scale);
      }
    }
  }
  for (auto& group : adam_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(stats.learning_rate);
  adam_->step();
}

TrainStepStats VaeTrainer::prior_inversion_step(TrainStepStats stats) {
  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 gen = io::item_generator(options_.seed ^ kPriorStream, step_);
  const PriorInversionBatch batch = prior_inversion_batch(*frozen_decoder_, options_.batch_size, data_.n_steps,
                                                          options_.prior_inversion_temperature, gen);
  model_->train();
  const Posterior posterior = model_->encode(events_one_hot(batch.events, model_->options().n_events));
  const torch::Tensor nll = latent_nll(posterior, batch.z).mean();
  adam_->zero_grad();
  nll.backward();
  clip_and_step(stats);
  step_ += 1;
  stats.step = step_;
  stats.prior_inversion = true;
  stats.loss = nll.item<double>();
  stats.reconstruction = stats.loss;
  {
    torch::NoGradGuard no_grad;
    stats.kl_bits = kl_divergence_standard_normal(posterior).mean().item<double>() / std::log(2.0);
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

TrainStepStats VaeTrainer::step() {
  const auto start = std::chrono::steady_clock::now();
  const int64_t s = step_;
  TrainStepStats stats;
  stats.learning_rate = learning_rate_at(options_, s);
  stats.beta = kl_beta_at(options_, s);
  stats.sampling_probability = sampling_probability_at(options_, s);
  if (s < options_.prior_inversion_steps) return prior_inversion_step(stats);

  const std::vector<int64_t> indices = next_batch(cursor_, split_.train, options_.batch_size, options_.seed);
  std::mt19937_64 transpose_rng = io::item_generator(options_.seed ^ kTransposeStream, s);
  const torch::Tensor events = make_batch(data_, indices, options_.transpose_range, transpose_rng);  // [B, T]
  torch::Generator generator = at::detail::createCPUGenerator(io::item_generator(options_.seed ^ kNoiseStream, s)());

  model_->train();
  const TrainingForward f = training_forward(*model_, events, stats.sampling_probability, generator);
  const ElboTerms terms = elbo(f.logits, events, f.posterior, stats.beta, options_.free_bits);
  adam_->zero_grad();
  terms.loss.backward();
  clip_and_step(stats);
  step_ = s + 1;

  stats.step = step_;
  stats.loss = terms.loss.item<double>();
  stats.reconstruction = terms.reconstruction.mean().item<double>();
  stats.kl_bits = terms.kl.mean().item<double>() / std::log(2.0);
  stats.accuracy = terms.correct.to(torch::kFloat).mean().item<double>();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

ValidationStats VaeTrainer::validate(int64_t max_windows, int64_t batch_size) {
  torch::NoGradGuard no_grad;
  model_->eval();
  ValidationStats v;
  const auto n = std::min<int64_t>(max_windows, static_cast<int64_t>(split_.validation.size()));
  if (n <= 0) return v;
  double r_sum = 0.0, kl_sum = 0.0, correct = 0.0;
  std::mt19937_64 unused(0);
  torch::Generator generator = at::detail::createCPUGenerator(0);
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const int64_t count = std::min(batch_size, n - begin);
    const std::span<const int64_t> indices(split_.validation.data() + begin, static_cast<size_t>(count));
    const torch::Tensor events = make_batch(data_, indices, 0, unused);
    const TrainingForward f = training_forward(*model_, events, 0.0, generator, /*sample_z=*/false);
    const ElboTerms terms = elbo(f.logits, events, f.posterior, 0.0, 0.0);
    r_sum += terms.reconstruction.sum().item<double>();
    kl_sum += terms.kl.sum().item<double>();
    correct += terms.correct.to(torch::kDouble).sum().item<double>();
  }
  v.n_windows = n;
  v.reconstruction = r_sum / static_cast<double>(n);
  v.kl_bits = kl_sum / static_cast<double>(n) / std::log(2.0);
  v.accuracy = correct / static_cast<double>(n * data_.n_steps);
  return v;
}

TrainingCheckpoint VaeTrainer::checkpoint() const {
  TrainingCheckpoint c;
  c.model = model_;
  c.options = options_;
  c.step = step_;
  c.cursor = cursor_;
  c.data_fingerprint = dataset_fingerprint(data_);
  auto& state = adam_->state();
  for (const auto& [name, param] : trainable_) {
    const auto found = state.find(adam_key(param));
    if (found == state.end()) continue;
    const auto& s = static_cast<const torch::optim::AdamParamState&>(*found->second);
    c.adam[name] = AdamSlot{s.step(), s.exp_avg(), s.exp_avg_sq()};
  }
  return c;
}

}  // namespace vec2midi::vae
