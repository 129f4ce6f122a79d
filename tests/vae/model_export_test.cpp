#include "vae/model_export.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "support/shared_data.hpp"
#include "training_fixture.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::vae {
namespace {

TEST(ModelExport, Float16FileLoadsBackWithinHalfPrecision) {
  MusicVae vae = testing::tiny_trainable_vae(5);
  const auto path = vec2midi::testing::temp_dir("export_f16") / "m.safetensors";
  save_music_vae_as(*vae, path, io::DType::F16, "test");
  const io::Safetensors st = io::read_safetensors(path);
  for (const auto& [name, t] : st.tensors) EXPECT_EQ(t.dtype, io::DType::F16) << name;
  MusicVae back = load_music_vae(path);
  EXPECT_EQ(back->options(), vae->options());
  const auto a = vae->magenta_variables();
  const auto b = back->magenta_variables();
  for (size_t i = 0; i < a.size(); ++i) {
    // float16 keeps 11 significant bits: relative error <= 2^-11.
    EXPECT_TRUE(torch::allclose(a[i].second, b[i].second, 1.0 / 2048, 1e-7)) << a[i].first;
  }
}

}  // namespace
}  // namespace vec2midi::vae
