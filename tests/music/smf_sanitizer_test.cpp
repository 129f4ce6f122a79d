#include "music/smf_sanitizer.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "music/midi_io.hpp"
#include "music/smf_bytes.hpp"

namespace vec2midi::music {
namespace {

using testing::smf_be;
using testing::SmfTrack;
using testing::smf_file;

TEST(SmfSanitizer, ResolvesRunningStatusIntoExplicitStatusBytes) {
  SmfTrack t;
  t.raw(0, {0x91, 60, 100}).raw(10, {60, 0}).end();
  SmfTrack expected;
  expected.raw(0, {0x91, 60, 100}).raw(10, {0x91, 60, 0}).end();
  EXPECT_EQ(sanitize_smf(smf_file(0, 96, {t}), "x"), smf_file(0, 96, {expected}));
}

TEST(SmfSanitizer, DropsSysexAndTextButKeepsTheirTime) {
  SmfTrack t;
  t.raw(0, {0xF0, 3, 0x7E, 0x7F, 0xF7}).meta(5, 0x01, "text").on(7, 0, 60, 100).end();
  SmfTrack expected;
  expected.on(12, 0, 60, 100).end();
  EXPECT_EQ(sanitize_smf(smf_file(0, 96, {t}), "x"), smf_file(0, 96, {expected}));
}

TEST(SmfSanitizer, AddsAMissingEndOfTrack) {
  SmfTrack t;
  t.on(0, 0, 60, 100).off(96, 0, 60);
  SmfTrack expected = t;
  expected.end();
  EXPECT_EQ(sanitize_smf(smf_file(0, 96, {t}), "x"), smf_file(0, 96, {expected}));
}

TEST(SmfSanitizer, SkipsUnknownChunks) {
  SmfTrack t;
  t.on(0, 0, 60, 100).end();
  const std::string plain = smf_file(0, 96, {t});
  const std::string with_alien = plain.substr(0, 14) + "XFIL" + smf_be(3, 4) + "abc" + plain.substr(14);
  EXPECT_EQ(sanitize_smf(with_alien, "x"), plain);
}

TEST(SmfSanitizer, IgnoresBytesAfterEndOfTrack) {
  SmfTrack t;
  t.on(0, 0, 60, 100).end().raw(0, {0x90, 61, 100});
  SmfTrack expected;
  expected.on(0, 0, 60, 100).end();
  EXPECT_EQ(sanitize_smf(smf_file(0, 96, {t}), "x"), smf_file(0, 96, {expected}));
}

TEST(SmfSanitizer, DataByteWithoutStatusIsBadInput) {
  SmfTrack t;
  t.raw(0, {60, 100}).end();
  EXPECT_THROW(sanitize_smf(smf_file(0, 96, {t}), "x"), InputError);
}

TEST(SmfSanitizer, FiveByteDeltaIsBadInput) {
  SmfTrack t;
  t.body = std::string("\x81\x81\x81\x81\x01", 5) + "\x90\x3C\x40";
  EXPECT_THROW(sanitize_smf(smf_file(0, 96, {t}), "x"), InputError);
}

TEST(SmfSanitizer, AbsurdlyLongTrackIsBadInput) {
  SmfTrack t;
  for (int i = 0; i < 3; ++i) t.on(0x0FFFFFFF, 0, 60, 100);
  t.end();
  EXPECT_THROW(sanitize_smf(smf_file(0, 96, {t}), "x"), InputError);
}

TEST(SmfSanitizer, TooManyEventsIsBadInput) {
  // 1,000,001 note-on events of 3 bytes each (delta 0 and running status): a small file that would
  // cost libsmf a heap allocation per event.
  SmfTrack t;
  t.raw(0, {0x90, 60, 100});
  t.body.reserve(3'000'010);
  for (int i = 0; i < 1'000'000; ++i) t.raw(0, {60, 100});
  t.end();
  try {
    sanitize_smf(smf_file(0, 96, {t}), "many.mid");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("events"), std::string::npos) << e.what();
  }
}

TEST(SmfSanitizer, InvalidTimeSignatureIsBadInput) {
  SmfTrack zero, huge;
  zero.time_signature(0, 0, 2).end();
  huge.time_signature(0, 4, 9).end();
  EXPECT_THROW(sanitize_smf(smf_file(0, 96, {zero}), "x"), InputError);
  EXPECT_THROW(sanitize_smf(smf_file(0, 96, {huge}), "x"), InputError);
}

TEST(SmfSanitizer, HeaderCountingMoreTracksThanPresentIsTruncation) {
  SmfTrack t;
  t.on(0, 0, 60, 100).end();
  std::string bytes = smf_file(1, 96, {t});
  bytes[11] = 2;  // header says two tracks
  try {
    sanitize_smf(bytes, "two.mid");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vec2midi::music
