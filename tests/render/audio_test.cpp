#include "render/audio.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::render {
namespace {

music::Melody two_notes() {
  return music::Melody{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4}, {.pitch = 67, .start_step = 8, .end_step = 12}},
                       .n_steps = 16};
}

double rms(const std::vector<float>& s, size_t from, size_t to) {
  double sum = 0;
  for (size_t i = from; i < to; ++i) sum += double(s[i]) * s[i];
  return std::sqrt(sum / double(std::max<size_t>(1, to - from)));
}

TEST(Audio, LengthIsTheMelodyPlusTheTail) {
  const AudioOptions opts;  // 120 qpm: a 16-step bar lasts 2 s
  const auto s = render_melody_samples(two_notes(), opts);
  EXPECT_EQ(s.size(), size_t(2 * (2.0 + opts.tail_seconds) * opts.sample_rate));
}

TEST(Audio, NotesSoundAndSilenceIsSilent) {
  const auto s = render_melody_samples(two_notes(), AudioOptions{});
  const size_t sr2 = 2 * 44100;
  EXPECT_GT(rms(s, 0, sr2 / 2), 0.01);              // first note, first half second
  EXPECT_LT(rms(s, s.size() - sr2 / 10, s.size()), rms(s, 0, sr2 / 2) / 10);  // tail has died away
  const auto quiet = render_melody_samples(music::Melody{.notes = {}, .n_steps = 16}, AudioOptions{});
  EXPECT_LT(rms(quiet, 0, quiet.size()), 1e-4);
}

TEST(Audio, WavFileReadsBack) {
  const auto dir = testing::temp_dir("audio_wav");
  render_melody_wav(two_notes(), dir / "a.wav", AudioOptions{});
  SF_INFO info{};
  SNDFILE* sf = sf_open((dir / "a.wav").c_str(), SFM_READ, &info);
  ASSERT_NE(sf, nullptr);
  EXPECT_EQ(info.channels, 2);
  EXPECT_EQ(info.samplerate, 44100);
  EXPECT_EQ(info.frames, sf_count_t(3.0 * 44100));
  sf_close(sf);
}

TEST(Audio, InvalidProgramIsAnInputError) {
  EXPECT_THROW(render_melody_samples(two_notes(), AudioOptions{.program = 128}), InputError);
}

TEST(Audio, MissingSoundFontNamesThePath) {
  try {
    render_melody_samples(two_notes(), AudioOptions{.soundfont = "/nonexistent/x.sf2"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.sf2"), std::string::npos);
  }
}

}  // namespace
}  // namespace vec2midi::render
