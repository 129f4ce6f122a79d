// TeacherForcedDecoder against the libtorch training model: the same per-window cross-entropy and argmax as
// decode_logits, and the same gradient in z as autograd — on a 2-layer toy model and on the shipped default VAE.
#include "vae/teacher_forced_decoder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "training_fixture.hpp"
#include "vae/model_export.hpp"
#include "vae/model_io.hpp"
#include "vae/training_forward.hpp"

namespace vec2midi::vae {
namespace {

TeacherForcedDecoder plain_decoder(const MusicVaeImpl& model) {
  return TeacherForcedDecoder(io::ModelFile(music_vae_safetensors(model, io::DType::F32), "the model in memory",
                                            music_vae_model_kind()));
}

struct Reference {
  torch::Tensor loss;       // [B] Σ_t CE
  torch::Tensor predicted;  // [B, T]
  torch::Tensor gradient;   // [B, Z]
};

// The libtorch model's teacher-forced logits (decode_logits on the one-hot events) and autograd's gradient in z.
Reference libtorch_reference(MusicVaeImpl& model, const torch::Tensor& z0, const torch::Tensor& events) {
  torch::Tensor z = z0.detach().clone().requires_grad_(true);
  const torch::Tensor logits = model.decode_logits(z, events_one_hot(events, model.options().n_events));  // [B, T, V]
  const torch::Tensor ce = torch::nn::functional::cross_entropy(
                               logits.reshape({-1, logits.size(2)}), events.reshape({-1}),
                               torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                               .reshape(events.sizes())
                               .sum(1);
  const torch::Tensor gradient = torch::autograd::grad({ce.sum()}, {z})[0];
  return {ce.detach(), logits.detach().argmax(2), gradient};
}

void expect_agreement(MusicVaeImpl& model, const torch::Tensor& z, const torch::Tensor& events, double tolerance) {
  const Reference ref = libtorch_reference(model, z, events);
  const torch::Tensor zc = z.to(torch::kFloat32).contiguous();
  const torch::Tensor ec = events.to(torch::kUInt8).contiguous();
  const int64_t n = z.size(0), zs = z.size(1), t = events.size(1);
  const TeacherForcedResult r = plain_decoder(model).run({zc.data_ptr<float>(), size_t(n * zs)},
                                                         {ec.data_ptr<uint8_t>(), size_t(n * t)}, t, true);
  ASSERT_EQ(r.loss.size(), size_t(n));
  ASSERT_EQ(r.gradient.size(), size_t(n * zs));
  int64_t same_argmax = 0;
  for (int64_t b = 0; b < n; ++b) {
    EXPECT_NEAR(r.loss[size_t(b)], ref.loss[b].item<double>(), tolerance * std::max(1.0, ref.loss[b].item<double>())) << b;
    for (int64_t k = 0; k < zs; ++k) {
      const double g = ref.gradient[b][k].item<double>();
      EXPECT_NEAR(r.gradient[size_t(b * zs + k)], g, tolerance * std::max(1.0, std::abs(g))) << b << "," << k;
    }
    for (int64_t s = 0; s < t; ++s) same_argmax += r.predicted[size_t(b * t + s)] == ref.predicted[b][s].item<int64_t>();
  }
  EXPECT_EQ(same_argmax, n * t);
}

TEST(TeacherForcedDecoder, EqualsTheTrainingModelOnATwoLayerToy) {
  MusicVae model = testing::tiny_trainable_vae(11);
  model->eval();
  const music::WindowDataset d = testing::synthetic_windows(2, 3, 8);
  const torch::Tensor events = torch::from_blob(const_cast<uint8_t*>(d.events.data()), {6, 8}, torch::kUInt8).to(torch::kInt64);
  torch::manual_seed(3);
  expect_agreement(*model, torch::randn({6, model->options().z_size}), events, 1e-4);
}

TEST(TeacherForcedDecoder, EqualsTheTrainingModelOnTheShippedVae) {
  MusicVae model = load_music_vae(vec2midi::testing::project_path("models/default_vae.safetensors"));
  model->eval();
  const music::WindowDataset d = testing::synthetic_windows(1, 3, 32);
  const torch::Tensor events = torch::from_blob(const_cast<uint8_t*>(d.events.data()), {3, 32}, torch::kUInt8).to(torch::kInt64);
  torch::manual_seed(4);
  expect_agreement(*model, torch::randn({3, model->options().z_size}), events, 1e-3);
}

TEST(TeacherForcedDecoder, WithoutGradientGivesTheSameLossAndNoGradient) {
  MusicVae model = testing::tiny_trainable_vae(12);
  const TeacherForcedDecoder dec = plain_decoder(*model);
  const std::vector<float> z(8, 0.3f);
  const std::vector<uint8_t> events = {2, 0, 5, 1, 3, 3, 0, 2};
  const TeacherForcedResult with = dec.run(z, events, 4, true), without = dec.run(z, events, 4, false);
  EXPECT_TRUE(without.gradient.empty());
  EXPECT_EQ(with.loss, without.loss);
  EXPECT_EQ(with.predicted, without.predicted);
}

TEST(TeacherForcedDecoder, RefusesSizesThatDoNotFitAndEventsOutOfRange) {
  MusicVae model = testing::tiny_trainable_vae(13);
  const TeacherForcedDecoder dec = plain_decoder(*model);
  const std::vector<float> z(8, 0.0f);
  EXPECT_THROW(dec.run(z, std::vector<uint8_t>(7, 0), 4, false), InputError);
  EXPECT_THROW(dec.run(std::vector<float>(7, 0.0f), std::vector<uint8_t>(8, 0), 4, false), InputError);
  EXPECT_THROW(dec.run(z, std::vector<uint8_t>(8, 200), 4, false), InputError);
  EXPECT_THROW(dec.run(z, std::vector<uint8_t>(0), 0, false), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
