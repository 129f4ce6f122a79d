#include "transition/transition_file.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "support/shared_data.hpp"
#include "transition/transition_draw.hpp"

namespace vec2midi::transition {
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

/// The example file written to a fresh folder `dir`, then its metadata `key` replaced by `value`.
std::filesystem::path example_with(const std::string& dir, const std::string& key, const std::string& value) {
  const auto path = temp_dir(dir) / "t.safetensors";
  write_transition_file(path, example_file());
  auto st = io::read_safetensors(path);
  st.metadata[key] = value;
  io::write_safetensors(path, st);
  return path;
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
  EXPECT_EQ(g.options.generator, TransitionGenerator::named_stream);
}

TEST(TransitionFile, NamesTheGeneratorOfGAndReadsTheLegacyOne) {
  const auto dir = temp_dir("transition_generator");
  auto f = example_file();
  write_transition_file(dir / "new.safetensors", f);
  EXPECT_EQ(io::read_safetensors(dir / "new.safetensors").metadata.at("generator"),
            "stream:transition.G+mt19937_64+box-muller53");
  f.options.generator = TransitionGenerator::legacy;
  write_transition_file(dir / "legacy.safetensors", f);
  EXPECT_EQ(io::read_safetensors(dir / "legacy.safetensors").metadata.at("generator"), "mt19937_64+box-muller53");
  const auto g = read_transition_file(dir / "legacy.safetensors");
  EXPECT_EQ(g.options.generator, TransitionGenerator::legacy);
  EXPECT_EQ(draw_transition(g.options).matrices, draw_transition(f.options).matrices);
}

TEST(TransitionFile, ALegacyFileKeepsReadingAndRedrawsItsDigest) {
  // tests/data/transition/legacy_default_2026-12-03.safetensors: the default transition shipped until 2026-12-07,
  // searched before named streams and written by that day's code; reading it redraws its G from std::mt19937_64(0)
  // and checks the stored digest, so a change to the legacy draw cannot pass unnoticed.
  const auto g = read_transition_file(testing::project_path("tests/data/transition/legacy_default_2026-12-03.safetensors"));
  EXPECT_EQ(g.options.generator, TransitionGenerator::legacy);
  EXPECT_EQ(g.options.latent_size, 128);
  EXPECT_EQ(g.coefficients.size(), 100u);
}

TEST(TransitionFile, ShippedTransitionsUseNamedStreamsAndRedrawTheirDigest) {
  // models/transition_*.safetensors were re-searched on 2026-12-07 with G from the transition.G stream.
  for (const char* name : {"transition_default.safetensors", "transition_mel_2bar_small.safetensors"}) {
    const auto g = read_transition_file(testing::project_path("models") / name);
    EXPECT_EQ(g.options.generator, TransitionGenerator::named_stream) << name;
  }
}

TEST(TransitionFile, RefusesAnUnknownGenerator) {
  EXPECT_THROW(read_transition_file(example_with("transition_unknown_generator", "generator", "pcg64+ziggurat")),
               InputError);
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
  EXPECT_THROW(read_transition_file(example_with("transition_tampered", "g_digest", "0000000000000000")), Error);
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
}  // namespace vec2midi::transition
