#include "render/audio.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <utility>

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

music::Track drums() {
  music::Track t{.name = "drums", .channel = music::kDrumChannel};
  for (int64_t s = 0; s < 16; s += 4) {
    t.notes.push_back({.pitch = s % 8 == 0 ? 36 : 38, .start_step = s, .end_step = s + 1});  // kick, snare
  }
  return t;
}

TEST(Audio, MelodyIsTheTracksRenderOfOneTrack) {
  const AudioOptions opts{.qpm = 97, .program = 40, .sample_rate = 22050};
  const music::Track track{.name = "melody", .program = 40, .channel = 0, .notes = two_notes().notes};
  EXPECT_EQ(render_melody_samples(two_notes(), opts), render_tracks_samples({track}, two_notes().n_steps, opts));
}

TEST(Audio, DrumsOnlyAreNotSilent) {
  const auto s = render_tracks_samples({drums()}, 16, AudioOptions{});
  EXPECT_GT(rms(s, 0, s.size()), 0.005);
}

TEST(Audio, ProgramOfTheDrumChannelIsIgnored) {
  music::Track kit = drums();
  const auto a = render_tracks_samples({kit}, 16, AudioOptions{});
  kit.program = 40;
  EXPECT_EQ(render_tracks_samples({kit}, 16, AudioOptions{.program = 73}), a);
}

TEST(Audio, TracksLengthIsThePiecePlusTheTail) {
  const AudioOptions opts;  // 120 qpm: 32 steps last 4 s
  const music::Track bass{.name = "bass", .program = 33, .channel = 1,
                          .notes = {{.pitch = 36, .start_step = 0, .end_step = 8},
                                    {.pitch = 43, .start_step = 16, .end_step = 24}}};
  const auto s = render_tracks_samples({bass, drums()}, 32, opts);
  EXPECT_EQ(s.size(), size_t(2 * (4.0 + opts.tail_seconds) * opts.sample_rate));
  EXPECT_GT(rms(s, 0, 2 * 44100), 0.01);
}

TEST(Audio, EachTrackPlaysItsOwnProgram) {
  const music::Track piano{.name = "a", .program = 0, .channel = 0, .notes = two_notes().notes};
  music::Track organ = piano;
  organ.program = 19;
  EXPECT_NE(render_tracks_samples({piano}, 16, AudioOptions{}), render_tracks_samples({organ}, 16, AudioOptions{}));
}

TEST(Audio, TracksWithBadProgramOrChannelAreInputErrors) {
  const music::Track good{.name = "melody", .program = 0, .channel = 0, .notes = two_notes().notes};
  for (const auto& [program, channel] : {std::pair{128, 0}, {-1, 0}, {0, 16}, {0, -1}}) {
    music::Track bad = good;
    bad.program = program;
    bad.channel = channel;
    EXPECT_THROW(render_tracks_samples({good, bad}, 16, AudioOptions{}), InputError) << program << " " << channel;
  }
  EXPECT_THROW(render_tracks_samples({good}, 16, AudioOptions{.qpm = 5}), InputError);
}

TEST(Audio, TracksWavFileReadsBack) {
  const auto dir = testing::temp_dir("audio_tracks_wav");
  render_tracks_wav({drums()}, 16, dir / "d.wav", AudioOptions{});
  SF_INFO info{};
  SNDFILE* sf = sf_open((dir / "d.wav").c_str(), SFM_READ, &info);
  ASSERT_NE(sf, nullptr);
  EXPECT_EQ(info.channels, 2);
  EXPECT_EQ(info.frames, sf_count_t(3.0 * 44100));
  sf_close(sf);
}

}  // namespace
}  // namespace vec2midi::render
