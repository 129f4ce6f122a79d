#include "search/transition_file.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "search/transition_draw.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::search {
namespace {

using testing::temp_dir;

TransitionFile example_file() {
  TransitionFile f;
  f.options = {.n_matrices = 5, .seed = 123456789012345ULL, .box = 0.07, .latent_size = 32, .embedding_size = 9,
               .driven_dims = {4, 1, 30}, .noise_amplitude = 0.01};
  f.coefficients = {0.0123456789012345678, -0.07, 0.07, 1.0 / 3.0, -1e-300};
  f.model = "cat-mel_2bar_small";
  return f;
}

TEST(TransitionFile, RoundTripsEveryField) {
  const auto path = temp_dir("transition_roundtrip") / "t.safetensors";
  const auto f = example_file();
  write_transition_file(path, f);
  const auto g = read_transition_file(path);
  EXPECT_EQ(g.options.seed, f.options.seed);
  EXPECT_EQ(g.options.n_matrices, 5);
  EXPECT_EQ(g.options.box, 0.07);
  EXPECT_EQ(g.options.latent_size, 32);
  EXPECT_EQ(g.options.embedding_size, 9);
  EXPECT_EQ(g.options.driven_dims, f.options.driven_dims);
  EXPECT_EQ(g.options.noise_amplitude, 0.01);
  EXPECT_EQ(g.coefficients, f.coefficients);  // bit-exact: stored as F64
  EXPECT_EQ(g.model, "cat-mel_2bar_small");
}

TEST(TransitionFile, StoresTheDigestOfTheMatrices) {
  const auto path = temp_dir("transition_digest") / "t.safetensors";
  const auto f = example_file();
  write_transition_file(path, f);
  const auto st = io::read_safetensors(path);
  EXPECT_EQ(st.metadata.at("g_digest"), matrices_digest(draw_transition(f.options).matrices));
  EXPECT_EQ(st.metadata.at("format"), kTransitionFormat);
  auto other = f.options;
  other.seed += 1;
  EXPECT_NE(st.metadata.at("g_digest"), matrices_digest(draw_transition(other).matrices));
}

TEST(TransitionFile, RefusesMatricesThatRedrawDifferently) {
  const auto path = temp_dir("transition_tampered") / "t.safetensors";
  write_transition_file(path, example_file());
  auto st = io::read_safetensors(path);
  st.metadata["g_digest"] = "0000000000000000";
  io::write_safetensors(path, st);
  EXPECT_THROW(read_transition_file(path), Error);
}

TEST(TransitionFile, RefusesOtherSafetensors) {
  const auto path = temp_dir("transition_foreign") / "t.safetensors";
  io::Safetensors st;
  const float one = 1.0f;
  st.tensors.emplace("w", io::StoredTensor::from_float({1}, std::span<const float>(&one, 1)));
  io::write_safetensors(path, st);
  EXPECT_THROW(read_transition_file(path), InputError);
}

TEST(TransitionFile, RefusesMissingFile) {
  EXPECT_THROW(read_transition_file(temp_dir("transition_missing") / "none.safetensors"), InputError);
}

TEST(TransitionFile, RefusesWrongCoefficientCount) {
  auto f = example_file();
  f.coefficients.pop_back();
  EXPECT_THROW(write_transition_file(temp_dir("transition_count") / "t.safetensors", f), InputError);
}

}  // namespace
}  // namespace vec2midi::search
