#include "music/note_json.hpp"

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::input_error_of;

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

TEST(NoteJson, SortsNotesByOnsetAndEndsAtTheLastNote) {
  const Melody m = melody_from_note_list(nlohmann::json::parse("[[64, 4, 8], [60, 0, 4]]"), "x");
  ASSERT_EQ(m.notes.size(), 2u);
  EXPECT_EQ(m.notes[0].pitch, 60);
  EXPECT_EQ(m.notes[1].start_step, 4);
  EXPECT_EQ(m.n_steps, 8);
}

TEST(NoteJson, EmptyListIsAnEmptyMelody) {
  const Melody m = melody_from_note_list(nlohmann::json::array(), "x");
  EXPECT_TRUE(m.notes.empty());
  EXPECT_EQ(m.n_steps, 0);
}

TEST(NoteJson, RefusesBadNotes) {
  const auto error = [](const char* notes) {
    return input_error_of([&] { melody_from_note_list(nlohmann::json::parse(notes), "pair 3 a"); });
  };
  EXPECT_TRUE(mentions(error("[[128, 0, 1]]"), "pair 3 a note 0: pitch 128"));
  EXPECT_TRUE(mentions(error("[[60, 0, 4], [60, 5, 5]]"), "note 1: needs 0 <= start < end"));
  EXPECT_TRUE(mentions(error("[[60, -1, 4]]"), "needs 0 <= start"));
  EXPECT_TRUE(mentions(error("[[60, 0, 4.5]]"), "integers"));
  EXPECT_TRUE(mentions(error("[[60, 0, 18446744073709551615]]"), "integers"));  // beyond int64
  EXPECT_TRUE(mentions(error("[[60, 0, 2000000000]]"), "<= 1073741824"));
  EXPECT_TRUE(mentions(error(R"({"a": 1})"), "expected a list"));
}

TEST(NoteJson, ReadsEveryPairOfTheGoldenFile) {
  const std::string text = io::read_file(testing::shared_path("golden/melody_distance_examples.json"));
  const auto doc = nlohmann::json::parse(text);
  const auto pairs = parse_melody_pairs(text, "golden");
  ASSERT_EQ(pairs.size(), doc["pairs"].size());
  ASSERT_FALSE(pairs.empty());
  EXPECT_EQ(pairs[0].first.notes.size(), doc["pairs"][0]["a"].size());
  EXPECT_EQ(pairs[0].second.notes.size(), doc["pairs"][0]["b"].size());
}

TEST(NoteJson, PairsFileNamesThePairAtFault) {
  EXPECT_TRUE(mentions(input_error_of([] { parse_melody_pairs(R"({"pairs": [{"a": [], "b": []}, {"a": []}]})", "p.json"); }),
                       "p.json: pair 1: needs \"a\" and \"b\""));
  EXPECT_TRUE(mentions(input_error_of([] { parse_melody_pairs("[]", "p.json"); }), "expected {\"pairs\""));
  EXPECT_TRUE(mentions(input_error_of([] { parse_melody_pairs("{x", "p.json"); }), "not valid JSON"));
}

}  // namespace
}  // namespace vec2midi::music
