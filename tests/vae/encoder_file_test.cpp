#include "vae/encoder_file.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "support/shared_data.hpp"
#include "training_fixture.hpp"
#include "training_forward_helpers.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::vae {
namespace {

MusicVae decoder_only_copy(const MusicVaeImpl& full) {
  MusicVaeOptions o = full.options();
  o.has_encoder = false;
  MusicVae d(o);
  torch::NoGradGuard g;
  const auto src = full.magenta_variables();
  auto dst = d->magenta_variables();
  for (size_t i = 0; i < dst.size(); ++i) dst[i].second.copy_(src[i].second);
  return d;
}

TEST(EncoderFile, DecoderPlusEncoderFileIsTheFullModel) {
  MusicVae full = testing::tiny_trainable_vae(8);
  {
    torch::NoGradGuard g;
    for (auto& [name, p] : full->magenta_variables()) p.normal_(0, 0.2);
  }
  const auto dir = vec2midi::testing::temp_dir("encoder_file");
  save_encoder(*full, dir / "enc.safetensors");
  save_music_vae(*decoder_only_copy(*full), dir / "dec.safetensors");
  MusicVae joined = load_music_vae_with_encoder(dir / "dec.safetensors", dir / "enc.safetensors");
  const torch::Tensor x = testing::random_one_hot(3, 8, 90, 5);
  const Posterior a = full->encode(x);
  const Posterior b = joined->encode(x);
  EXPECT_TRUE(torch::equal(a.mu, b.mu));
  EXPECT_TRUE(torch::equal(full->decode_logits(a.mu, x), joined->decode_logits(b.mu, x)));
}

TEST(EncoderFile, HoldsOnlyEncoderTensors) {
  const auto path = vec2midi::testing::temp_dir("encoder_only") / "enc.safetensors";
  save_encoder(*testing::tiny_trainable_vae(1), path, io::DType::F16);
  const io::Safetensors st = io::read_safetensors(path);
  EXPECT_EQ(st.metadata.at("format"), kMusicVaeEncoderFormat);
  for (const auto& [name, t] : st.tensors) {
    EXPECT_EQ(name.rfind("encoder/", 0), 0u) << name;
    EXPECT_EQ(t.dtype, io::DType::F16) << name;
  }
  EXPECT_EQ(st.tensors.size(), 8u);  // fw/bw kernel+bias, mu and sigma kernel+bias
}

TEST(EncoderFile, RefusesAnEncoderForAnotherLatentSize) {
  const auto dir = vec2midi::testing::temp_dir("encoder_mismatch");
  MusicVaeOptions other = testing::tiny_training_options();
  other.z_size = 5;
  MusicVae a(other);
  save_encoder(*a, dir / "enc.safetensors");
  MusicVae decoder = testing::tiny_trainable_vae(1);
  EXPECT_THROW(attach_encoder(*decoder, dir / "enc.safetensors"), InputError);
}

TEST(EncoderFile, AModelFileIsNotAnEncoderFile) {
  const auto path = vec2midi::testing::temp_dir("encoder_wrong") / "model.safetensors";
  save_music_vae(*testing::tiny_trainable_vae(1), path);
  EXPECT_THROW(attach_encoder(*testing::tiny_trainable_vae(1), path), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
