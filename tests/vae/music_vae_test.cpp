#include "vae/music_vae.hpp"

#include <map>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "music/event_codec.hpp"
#include "magenta_fixture.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vae {
namespace {

MusicVaeOptions tiny_options() {
  MusicVaeOptions o;
  o.z_size = 6;
  o.encoder_size = 5;
  o.decoder_size = 8;
  o.decoder_layers = 2;
  o.n_events = 7;
  o.max_steps = 12;
  return o;
}

TEST(MusicVae, VariablesMatchMagentaMel2barSmallManifest) {
  // The manifest of Magenta's own checkpoint lists every variable with its shape (encoder kernels included,
  // though their files are not shipped).
  const nlohmann::json manifest = vec2midi::testing::shared_json("data/magenta/mel_2bar_small/manifest.json");
  MusicVae vae(MusicVaeOptions::mel_2bar_small());
  std::map<std::string, std::vector<int64_t>> ours;
  for (const auto& [name, t] : vae->magenta_variables()) ours[name] = t.sizes().vec();
  ASSERT_EQ(ours.size(), manifest.size());
  for (const auto& [name, entry] : manifest.items()) {
    ASSERT_TRUE(ours.count(name)) << name;
    EXPECT_EQ(ours[name], entry.at("shape").get<std::vector<int64_t>>()) << name;
  }
}

TEST(MusicVae, BigConfigHasThreeDecoderLayersOf2048) {
  MusicVae vae(MusicVaeOptions::mel_2bar_big());
  std::map<std::string, std::vector<int64_t>> ours;
  for (const auto& [name, t] : vae->magenta_variables()) ours[name] = t.sizes().vec();
  EXPECT_EQ(ours.at("decoder/multi_rnn_cell/cell_0/lstm_cell/kernel"), (std::vector<int64_t>{90 + 512 + 2048, 8192}));
  EXPECT_EQ(ours.at("decoder/multi_rnn_cell/cell_2/lstm_cell/kernel"), (std::vector<int64_t>{4096, 8192}));
  EXPECT_EQ(ours.at("decoder/z_to_initial_state/kernel"), (std::vector<int64_t>{512, 6 * 2048}));
  EXPECT_EQ(ours.at("encoder/cell_0/bidirectional_rnn/fw/multi_rnn_cell/cell_0/lstm_cell/kernel"),
            (std::vector<int64_t>{90 + 2048, 8192}));
}

TEST(MusicVae, DecoderOnlyModelRefusesToEncode) {
  MusicVaeOptions o = tiny_options();
  o.has_encoder = false;
  MusicVae vae(o);
  for (const auto& [name, t] : vae->magenta_variables()) EXPECT_EQ(name.rfind("encoder/", 0), std::string::npos);
  EXPECT_THROW(vae->encode(torch::zeros({1, 4, o.n_events})), Error);
}

TEST(MusicVae, InitialStateIsSplitCellThenHiddenPerLayer) {
  MusicVaeOptions o = tiny_options();
  MusicVae vae(o);
  torch::NoGradGuard no_grad;
  // Zero kernel: the state is tanh(bias); bias block k holds the value k + 1 scaled.
  const int64_t h = o.decoder_size;
  for (int64_t k = 0; k < 4; ++k) vae->z_to_initial_state.bias.narrow(0, k * h, h).fill_(0.1 * (k + 1));
  const auto state = vae->initial_state(torch::zeros({2, o.z_size}));
  ASSERT_EQ(state.size(), 2u);
  EXPECT_NEAR(state[0].c[1][3].item<double>(), std::tanh(0.1), 1e-6);
  EXPECT_NEAR(state[0].h[1][3].item<double>(), std::tanh(0.2), 1e-6);
  EXPECT_NEAR(state[1].c[0][0].item<double>(), std::tanh(0.3), 1e-6);
  EXPECT_NEAR(state[1].h[0][7].item<double>(), std::tanh(0.4), 1e-6);
}

TEST(MusicVae, EncoderGivesPositiveSigmaOfLatentSize) {
  MusicVaeOptions o = tiny_options();
  MusicVae vae(o);
  vae->reset_parameters(3);
  const torch::Tensor seq = torch::one_hot(torch::randint(o.n_events, {3, 10}), o.n_events).to(torch::kFloat);
  const Posterior p = vae->encode(seq);
  EXPECT_EQ(p.mu.sizes().vec(), (std::vector<int64_t>{3, o.z_size}));
  EXPECT_GT(p.sigma.min().item<double>(), 0.0);
  auto gen = at::detail::createCPUGenerator(1);
  EXPECT_EQ(MusicVaeImpl::sample_posterior(p, gen).sizes().vec(), (std::vector<int64_t>{3, o.z_size}));
}

TEST(MusicVae, EncoderReadsTheSequenceFromBothEnds) {
  // The backward direction's final state depends on the first step; the forward one on the last.
  MusicVaeOptions o = tiny_options();
  MusicVae vae(o);
  vae->reset_parameters(4);
  {
    torch::NoGradGuard no_grad;
    vae->encoder_mu.kernel.normal_(0.0, 1.0);
  }
  torch::Tensor seq = torch::one_hot(torch::randint(o.n_events, {1, 8}), o.n_events).to(torch::kFloat);
  const torch::Tensor mu = vae->encode(seq).mu;
  torch::Tensor first_changed = seq.clone();
  first_changed[0][0] = torch::one_hot(torch::tensor((seq[0][0].argmax().item<int64_t>() + 1) % o.n_events), o.n_events);
  torch::Tensor last_changed = seq.clone();
  last_changed[0][7] = torch::one_hot(torch::tensor((seq[0][7].argmax().item<int64_t>() + 1) % o.n_events), o.n_events);
  EXPECT_GT((vae->encode(first_changed).mu - mu).abs().max().item<double>(), 1e-7);
  EXPECT_GT((vae->encode(last_changed).mu - mu).abs().max().item<double>(), 1e-7);
}

TEST(MusicVae, TeacherForcedLogitsMatchStepwiseDecoding) {
  MusicVaeOptions o = tiny_options();
  MusicVae vae(o);
  vae->reset_parameters(5);
  const torch::Tensor z = torch::randn({2, o.z_size});
  const torch::Tensor targets = torch::one_hot(torch::randint(o.n_events, {2, 5}), o.n_events).to(torch::kFloat);
  const torch::Tensor logits = vae->decode_logits(z, targets);
  ASSERT_EQ(logits.sizes().vec(), (std::vector<int64_t>{2, 5, o.n_events}));
  auto state = vae->initial_state(z);
  const torch::Tensor first = vae->decode_step(torch::zeros({2, o.n_events}), z, state);
  const torch::Tensor second = vae->decode_step(targets.select(1, 0), z, state);
  EXPECT_TRUE(torch::allclose(logits.select(1, 0), first));
  EXPECT_TRUE(torch::allclose(logits.select(1, 1), second));
}

TEST(MusicVae, ReconstructionLossBackpropagatesToEveryParameter) {
  MusicVaeOptions o = tiny_options();
  MusicVae vae(o);
  vae->reset_parameters(6);
  const torch::Tensor seq = torch::one_hot(torch::randint(o.n_events, {4, 6}), o.n_events).to(torch::kFloat);
  auto gen = at::detail::createCPUGenerator(2);
  const torch::Tensor z = MusicVaeImpl::sample_posterior(vae->encode(seq), gen);
  const torch::Tensor logits = vae->decode_logits(z, seq);
  torch::nn::functional::cross_entropy(logits.reshape({-1, o.n_events}), seq.argmax(2).reshape({-1})).backward();
  for (const auto& [name, t] : vae->magenta_variables()) {
    ASSERT_TRUE(t.grad().defined()) << name;
    EXPECT_GT(t.grad().abs().sum().item<double>(), 0.0) << name;
  }
}

TEST(MusicVae, ReferenceGreedyDecodingReproducesMagentaJs) {
  const nlohmann::json golden = vec2midi::testing::shared_json("golden/magenta_mel_2bar_small_argmax.json");
  MusicVae vae = testing::load_shared_mel_2bar_small();
  const int64_t n_steps = golden.at("steps").get<int64_t>();
  const torch::Tensor events = vae->greedy_decode_reference(testing::golden_z(golden), n_steps);
  int matches = 0;
  const auto& items = golden.at("items");
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<uint8_t> row(static_cast<size_t>(n_steps));
    for (int64_t t = 0; t < n_steps; ++t) row[t] = static_cast<uint8_t>(events[i][t].item<int64_t>());
    const bool same = testing::melody_notes(music::events_to_melody(row)) == testing::golden_notes(items[i]);
    EXPECT_TRUE(same) << "golden item " << i;
    matches += same;
  }
  EXPECT_EQ(matches, 64);
}

}  // namespace
}  // namespace vec2midi::vae
