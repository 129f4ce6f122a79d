#include "music/key.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "io/error.hpp"

namespace vec2midi::music {
namespace {

// Quarter notes of the given pitches, one after the other.
Melody quarters(const std::vector<int>& pitches) {
  Melody m;
  for (int pitch : pitches) {
    m.notes.push_back({.pitch = pitch, .start_step = m.n_steps, .end_step = m.n_steps + kStepsPerQuarter});
    m.n_steps += kStepsPerQuarter;
  }
  return m;
}

std::vector<Key> all_keys() {
  std::vector<Key> keys;
  for (int tonic = 0; tonic < kNumPitchClasses; ++tonic) {
    for (Mode mode : {Mode::kMajor, Mode::kMinor}) keys.push_back({.tonic = tonic, .mode = mode});
  }
  return keys;
}

const std::vector<int> kCMajorScale = {60, 62, 64, 65, 67, 69, 71, 72};

TEST(Key, CMajorScaleDetectsCMajor) {
  EXPECT_EQ(detect_key(quarters(kCMajorScale)), (Key{0, Mode::kMajor}));
}

TEST(Key, TransposedScaleDetectsTransposedTonic) {
  for (int k = 0; k < kNumPitchClasses; ++k) {
    std::vector<int> pitches = kCMajorScale;
    for (int& p : pitches) p += k;
    EXPECT_EQ(detect_key(quarters(pitches)), (Key{k, Mode::kMajor})) << "shift " << k;
  }
}

TEST(Key, TonicHeavyNaturalMinorDetectsAMinor) {
  // A natural minor up and down, the tonic held three times as long as the other notes.
  Melody weighted;
  for (int pitch : {57, 59, 60, 62, 64, 65, 67, 69, 67, 65, 64, 62, 60, 59, 57}) {
    const int64_t length = pitch_class(pitch) == 9 ? 3 * kStepsPerQuarter : kStepsPerQuarter;
    weighted.notes.push_back({.pitch = pitch, .start_step = weighted.n_steps, .end_step = weighted.n_steps + length});
    weighted.n_steps += length;
  }
  EXPECT_EQ(detect_key(weighted), (Key{9, Mode::kMinor}));
}

TEST(Key, EmptyMelodyDetectsCMajor) {
  EXPECT_EQ(detect_key(Melody{.notes = {}, .n_steps = 32}), (Key{0, Mode::kMajor}));
}

TEST(Key, NameParsesBackForAll24Keys) {
  for (const Key& key : all_keys()) EXPECT_EQ(parse_key(key_name(key)), key) << key_name(key);
}

TEST(Key, NamesAreDistinct) {
  std::vector<std::string> names;
  for (const Key& key : all_keys()) names.push_back(key_name(key));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
}

TEST(Key, NamesSpellTheUsualSignature) {
  EXPECT_EQ(key_name({0, Mode::kMajor}), "C major");
  EXPECT_EQ(key_name({6, Mode::kMinor}), "F# minor");
  EXPECT_EQ(key_name({10, Mode::kMajor}), "Bb major");
  EXPECT_EQ(key_name({3, Mode::kMinor}), "Eb minor");
  EXPECT_EQ(key_name({1, Mode::kMajor}), "Db major");
  EXPECT_EQ(key_name({8, Mode::kMinor}), "G# minor");
}

TEST(Key, ParsesShortAndLongForms) {
  EXPECT_EQ(parse_key("C"), (Key{0, Mode::kMajor}));
  EXPECT_EQ(parse_key("c"), (Key{0, Mode::kMajor}));
  EXPECT_EQ(parse_key("c minor"), (Key{0, Mode::kMinor}));
  EXPECT_EQ(parse_key("Am"), (Key{9, Mode::kMinor}));
  EXPECT_EQ(parse_key("A minor"), (Key{9, Mode::kMinor}));
  EXPECT_EQ(parse_key("F#m"), (Key{6, Mode::kMinor}));
  EXPECT_EQ(parse_key("Bb"), (Key{10, Mode::kMajor}));
  EXPECT_EQ(parse_key("bbm"), (Key{10, Mode::kMinor}));
  EXPECT_EQ(parse_key("Ebmaj"), (Key{3, Mode::kMajor}));
  EXPECT_EQ(parse_key("G min"), (Key{7, Mode::kMinor}));
}

TEST(Key, BadNamesThrow) {
  for (const char* bad : {"", "H", "C##", "Cx", "C minr", "A m m", "minor", "1"}) {
    EXPECT_THROW(parse_key(bad), InputError) << bad;
  }
}

TEST(Key, SignatureCountsSharpsAndFlats) {
  EXPECT_EQ(key_signature_sharps(parse_key("G major")), 1);
  EXPECT_EQ(key_signature_sharps(parse_key("F major")), -1);
  EXPECT_EQ(key_signature_sharps(parse_key("A minor")), 0);
  EXPECT_EQ(key_signature_sharps(parse_key("Eb minor")), -6);
  EXPECT_EQ(key_signature_sharps(parse_key("F# major")), 6);
  EXPECT_EQ(key_signature_sharps(parse_key("C# minor")), 4);
}

TEST(Key, RelativeKeysShareSignatureAndScale) {
  for (int tonic = 0; tonic < kNumPitchClasses; ++tonic) {
    const Key minor{tonic, Mode::kMinor}, major{pitch_class(tonic + 3), Mode::kMajor};
    auto a = scale_pitch_classes(minor), b = scale_pitch_classes(major);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << key_name(minor);
    // Eb minor (6 flats) and its relative F# major (6 sharps) are spelled differently.
    if (tonic != 3) {
      EXPECT_EQ(key_signature_sharps(minor), key_signature_sharps(major)) << key_name(minor);
    }
  }
}

TEST(Key, ScaleStartsOnTonicWithSevenDistinctClasses) {
  for (const Key& key : all_keys()) {
    auto scale = scale_pitch_classes(key);
    EXPECT_EQ(scale[0], key.tonic);
    std::sort(scale.begin(), scale.end());
    EXPECT_EQ(std::unique(scale.begin(), scale.end()), scale.end());
  }
}

TEST(Key, InKeyIgnoresOctave) {
  const Key c{0, Mode::kMajor};
  EXPECT_TRUE(in_key(60, c));
  EXPECT_TRUE(in_key(71 + 24, c));
  EXPECT_FALSE(in_key(61, c));
  EXPECT_TRUE(in_key(63, Key{0, Mode::kMinor}));
}

TEST(Key, PitchClassNamesFollowScaleLetters) {
  const Key f_sharp{6, Mode::kMajor};
  EXPECT_EQ(pitch_class_name(5, f_sharp), "E#");
  EXPECT_EQ(pitch_class_name(10, Key{5, Mode::kMajor}), "Bb");
  EXPECT_EQ(pitch_class_name(1, Key{0, Mode::kMajor}), "C#");
  EXPECT_EQ(pitch_class_name(1, Key{5, Mode::kMajor}), "Db");
}

}  // namespace
}  // namespace vec2midi::music
