#include "music/key.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "io/error.hpp"
#include "io/lower_case.hpp"

namespace vec2midi::music {

namespace {

constexpr std::array<int, kScaleSize> kMajorSteps = {0, 2, 4, 5, 7, 9, 11};
constexpr std::array<int, kScaleSize> kMinorSteps = {0, 2, 3, 5, 7, 8, 10};

// The natural letters C D E F G A B: their pitch classes and their places on the line of fifths
// (F = -1, C = 0, G = 1, ..., B = 5), from which a spelled note's key signature follows.
constexpr char kLetters[] = "CDEFGAB";
constexpr std::array<int, kScaleSize> kLetterPitchClass = {0, 2, 4, 5, 7, 9, 11};
constexpr std::array<int, kScaleSize> kLetterFifths = {0, 2, 4, -1, 1, 3, 5};
constexpr int kFifthsPerAccidental = 7;  // a sharp moves a note 7 places along the line of fifths
constexpr int kMinorFifthsOffset = 3;    // a minor key has the signature of the major key 3 semitones up

// Tonic spellings by pitch class: the common key signatures (no more than 6 sharps or flats).
constexpr std::array<const char*, kNumPitchClasses> kMajorTonics = {"C",  "Db", "D",  "Eb", "E",  "F",
                                                                    "F#", "G",  "Ab", "A",  "Bb", "B"};
constexpr std::array<const char*, kNumPitchClasses> kMinorTonics = {"C",  "C#", "D",  "Eb", "E",  "F",
                                                                    "F#", "G",  "G#", "A",  "Bb", "B"};
constexpr std::array<const char*, kNumPitchClasses> kSharpNames = {"C",  "C#", "D",  "D#", "E",  "F",
                                                                   "F#", "G",  "G#", "A",  "A#", "B"};
constexpr std::array<const char*, kNumPitchClasses> kFlatNames = {"C",  "Db", "D",  "Eb", "E",  "F",
                                                                  "Gb", "G",  "Ab", "A",  "Bb", "B"};
constexpr std::array<const char*, kNumPitchClasses> kNeutralNames = {"C",  "C#", "D",  "Eb", "E",  "F",
                                                                     "F#", "G",  "Ab", "A",  "Bb", "B"};

// Krumhansl & Kessler's probe-tone ratings (Krumhansl 1990, table 2.1), indexed by semitones above the tonic.
constexpr std::array<double, kNumPitchClasses> kMajorProfile = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09,
                                                                2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, kNumPitchClasses> kMinorProfile = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53,
                                                                2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
constexpr double kTieTolerance = 1e-12;  // correlations closer than this count as equal

const char* tonic_spelling(Key key) {
  const auto& names = key.mode == Mode::kMajor ? kMajorTonics : kMinorTonics;
  return names[static_cast<size_t>(pitch_class(key.tonic))];
}

int letter_index(char letter) {
  const char* found = std::find(kLetters, kLetters + kScaleSize, letter);
  return found == kLetters + kScaleSize ? -1 : static_cast<int>(found - kLetters);
}

[[noreturn]] void throw_bad_key(const std::string& text) {
  throw InputError("key: expected e.g. C, F#m, Bb major or A minor, got '" + text + "'");
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Pearson correlation of x with the profile rotated to `tonic`; 0 when either does not vary.
double correlation(const std::array<double, kNumPitchClasses>& x, const std::array<double, kNumPitchClasses>& profile,
                   int tonic) {
  double mean_x = 0.0, mean_y = 0.0;
  for (int pc = 0; pc < kNumPitchClasses; ++pc) {
    mean_x += x[static_cast<size_t>(pc)];
    mean_y += profile[static_cast<size_t>(pc)];
  }
  mean_x /= kNumPitchClasses;
  mean_y /= kNumPitchClasses;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (int pc = 0; pc < kNumPitchClasses; ++pc) {
    const double dx = x[static_cast<size_t>(pc)] - mean_x;
    const double dy = profile[static_cast<size_t>(pitch_class(pc - tonic))] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0.0 || syy <= 0.0) return 0.0;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

std::string key_name(Key key) {
  return std::string(tonic_spelling(key)) + (key.mode == Mode::kMajor ? " major" : " minor");
}

Key parse_key(const std::string& text) {
  const std::string s = trimmed(text);
  if (s.empty()) throw_bad_key(text);
  const int letter = letter_index(static_cast<char>(std::toupper(static_cast<unsigned char>(s[0]))));
  if (letter < 0) throw_bad_key(text);
  int tonic = kLetterPitchClass[static_cast<size_t>(letter)];
  size_t i = 1;
  if (i < s.size() && (s[i] == '#' || s[i] == 'b')) tonic += s[i++] == '#' ? 1 : -1;
  while (i < s.size() && s[i] == ' ') ++i;
  const std::string suffix = s.substr(i);
  const std::string lower = io::lower_case(suffix);
  Key key{.tonic = pitch_class(tonic)};
  if (suffix == "m" || lower == "min" || lower == "minor") {
    key.mode = Mode::kMinor;
  } else if (!(suffix.empty() || lower == "maj" || lower == "major")) {
    throw_bad_key(text);
  }
  return key;
}

std::array<int, kScaleSize> scale_pitch_classes(Key key) {
  const auto& steps = key.mode == Mode::kMajor ? kMajorSteps : kMinorSteps;
  std::array<int, kScaleSize> scale{};
  for (size_t i = 0; i < scale.size(); ++i) scale[i] = pitch_class(key.tonic + steps[i]);
  return scale;
}

bool in_key(int pitch, Key key) {
  const auto scale = scale_pitch_classes(key);
  return std::find(scale.begin(), scale.end(), pitch_class(pitch)) != scale.end();
}

int key_signature_sharps(Key key) {
  const std::string tonic = tonic_spelling(key);
  int fifths = kLetterFifths[static_cast<size_t>(letter_index(tonic[0]))];
  if (tonic.size() > 1) fifths += tonic[1] == '#' ? kFifthsPerAccidental : -kFifthsPerAccidental;
  return key.mode == Mode::kMajor ? fifths : fifths - kMinorFifthsOffset;
}

std::string pitch_class_name(int pc, Key key) {
  pc = pitch_class(pc);
  const auto scale = scale_pitch_classes(key);
  const auto degree = std::find(scale.begin(), scale.end(), pc);
  if (degree == scale.end()) {
    const int sharps = key_signature_sharps(key);
    const auto& names = sharps > 0 ? kSharpNames : sharps < 0 ? kFlatNames : kNeutralNames;
    return names[static_cast<size_t>(pc)];
  }
  const int tonic_letter = letter_index(tonic_spelling(key)[0]);
  const int letter = (tonic_letter + static_cast<int>(degree - scale.begin())) % kScaleSize;
  // Semitones from the natural letter to the note, -6..5; scale notes are at most two away.
  const int offset = pitch_class(pc - kLetterPitchClass[static_cast<size_t>(letter)] + 6) - 6;
  std::string name(1, kLetters[letter]);
  name.append(static_cast<size_t>(std::abs(offset)), offset > 0 ? '#' : 'b');
  return name;
}

Key detect_key(const Melody& melody) {
  std::array<double, kNumPitchClasses> histogram{};
  for (const Note& note : melody.notes) {
    histogram[static_cast<size_t>(pitch_class(note.pitch))] += static_cast<double>(note.duration());
  }
  Key best;
  double best_r = 0.0;
  bool first = true;
  for (int tonic = 0; tonic < kNumPitchClasses; ++tonic) {
    for (Mode mode : {Mode::kMajor, Mode::kMinor}) {
      const double r = correlation(histogram, mode == Mode::kMajor ? kMajorProfile : kMinorProfile, tonic);
      if (first || r > best_r + kTieTolerance) {
        best = Key{.tonic = tonic, .mode = mode};
        best_r = r;
        first = false;
      }
    }
  }
  return best;
}

}  // namespace vec2midi::music
