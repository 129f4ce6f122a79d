#include "vae/vae_evaluation.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "music/constants.hpp"
#include "training_fixture.hpp"
#include "vae/model_export.hpp"
#include "vae/training_forward.hpp"

namespace vec2midi::vae {
namespace {

using music::note_on_event;

// The inference parts of a libtorch model, through the model file's bytes in memory.
struct Parts {
  explicit Parts(const MusicVaeImpl& model)
      : file(music_vae_safetensors(model, io::DType::F32), "the model in memory", music_vae_model_kind()),
        encoder(file), decoder(file), teacher(file) {}
  io::ModelFile file;
  MelodyEncoder encoder;
  MelodyDecoder decoder;
  TeacherForcedDecoder teacher;
  VaeParts parts() const { return {encoder, decoder, teacher}; }
};

TEST(VaeEvaluation, ReconstructionAgreesWithTheReferenceDecoders) {
  MusicVae vae = testing::tiny_trainable_vae(2);
  {
    torch::NoGradGuard g;
    for (auto& [name, p] : vae->magenta_variables()) p.normal_(0, 0.5);
  }
  const music::WindowDataset d = testing::synthetic_windows(3, 4, 8);
  const Parts parts(*vae);
  const ReconstructionAccuracy r = reconstruction_accuracy(parts.parts(), d.events, 8, /*batch_size=*/5);
  // Recompute with the model's own slow paths: encode, decode_logits (teacher forced), greedy_decode_reference.
  torch::NoGradGuard g;
  const torch::Tensor events = torch::from_blob(const_cast<uint8_t*>(d.events.data()), {12, 8}, torch::kUInt8).to(torch::kInt64);
  const torch::Tensor x = events_one_hot(events, 90);
  const torch::Tensor mu = vae->encode(x).mu;
  const double tf = vae->decode_logits(mu, x).argmax(2).eq(events).to(torch::kDouble).mean().item<double>();
  const torch::Tensor greedy = vae->greedy_decode_reference(mu, 8);
  EXPECT_EQ(r.n_windows, 12);
  EXPECT_NEAR(r.teacher_forced, tf, 1e-12);
  EXPECT_NEAR(r.greedy, greedy.eq(events).to(torch::kDouble).mean().item<double>(), 1e-12);
  EXPECT_NEAR(r.greedy_exact, greedy.eq(events).all(1).to(torch::kDouble).mean().item<double>(), 1e-12);
}

TEST(VaeEvaluation, PitchSpanIsMeanOverNonEmptyWindows) {
  // Window 1: 60..67 (span 7), window 2: empty, window 3: one note (span 0).
  std::vector<uint8_t> e(12, music::kNoEvent);
  e[0] = note_on_event(60);
  e[2] = note_on_event(67);
  e[8] = note_on_event(70);
  const SampleStats s = sample_stats(e, 4);
  EXPECT_DOUBLE_EQ(s.pitch_span, 3.5);
  EXPECT_EQ(s.stats.n_empty_windows, 1);
}

TEST(VaeEvaluation, UniformMelodiesAreMostlyNoteOns) {
  const SampleStats s = sample_stats(uniform_random_melodies(200, 32, 1), 32);
  // 88 of 90 events are note-ons: about 16 · 88/90 notes per bar.
  EXPECT_NEAR(s.stats.notes_per_bar, 16.0 * 88.0 / 90.0, 0.3);
  EXPECT_EQ(s.stats.n_empty_windows, 0);
}

TEST(VaeEvaluation, ComparisonPrefersTheCloserReference) {
  SampleStats sample, data, uniform;
  sample.stats.notes_per_bar = 4;
  data.stats.notes_per_bar = 3;
  uniform.stats.notes_per_bar = 15;
  sample.pitch_span = 20;
  data.pitch_span = 8;
  uniform.pitch_span = 25;
  const auto c = compare_stats(sample, data, uniform);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[1].name, "notes_per_bar");
  EXPECT_TRUE(c[1].closer_to_data);
  EXPECT_EQ(c[2].name, "pitch_span");
  EXPECT_FALSE(c[2].closer_to_data);
  EXPECT_TRUE(c[0].closer_to_data);  // empty fraction 0 everywhere: equal to the data
}

TEST(VaeEvaluation, PriorSamplesAreSeeded) {
  MusicVae vae = testing::tiny_trainable_vae(3);
  const PriorSampleOptions o{.n_samples = 6, .temperature = 1.0, .n_steps = 8, .seed = 4};
  const Parts parts(*vae);
  const auto a = sample_prior_melodies(parts.decoder, o);
  EXPECT_EQ(a.size(), 48u);
  EXPECT_EQ(a, sample_prior_melodies(parts.decoder, o));
}

}  // namespace
}  // namespace vec2midi::vae
