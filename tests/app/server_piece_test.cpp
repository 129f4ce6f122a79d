// POST /api/compose asking for a piece (issue 28: bars, key, accompaniment, nudges) of a real server in-process
// on a free loopback port, with the shipped models and the bundled example photos. The MIDI it serves is read
// back with music::read_midi; bad piece fields are 400s with a message, and the server goes on serving. POST
// /api/morph (issue 29: a second picture dropped on the page) serves the files `vec2midi morph` writes.
#include "app/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "app/composer.hpp"
#include "app/static_files.hpp"
#include "io/atomic_file.hpp"
#include "music/key.hpp"
#include "music/midi_io.hpp"
#include "running_server.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;

class ServerPieceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shipped_ = new ShippedServer(test_server_options("server_piece"));
    server_ = &shipped_->server;
  }
  static void TearDownTestSuite() { delete shipped_; }

  static httplib::Client client() { return server_->client(); }
  static bool health() { return server_->healthy(); }
  // A compose request for a bundled example with extra form fields.
  static httplib::Result post_example(const std::string& example, httplib::MultipartFormDataItems fields) {
    fields.push_back({"example", example, "", ""});
    return client().Post("/api/compose", fields);
  }

  static ShippedServer* shipped_;
  static RunningServer* server_;
};
ShippedServer* ServerPieceTest::shipped_ = nullptr;
RunningServer* ServerPieceTest::server_ = nullptr;

TEST_F(ServerPieceTest, ComposesAPieceInTheKeyAskedForWithItsBand) {
  auto res = post_example("green_car.jpg", {{"bars", "8", "", ""},
                                            {"accompaniment", "full", "", ""},
                                            {"key", "G", "", ""},
                                            {"nudges", "1=1.5", "", ""}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto doc = nlohmann::json::parse(res->body);
  EXPECT_EQ(doc["key"], "G major");
  EXPECT_EQ(doc["key_signature"], 1);  // one sharp, F#
  EXPECT_EQ(doc["steps"], 8 * 16);
  EXPECT_EQ(doc["bars"], 8);
  EXPECT_EQ(doc["form"].size(), 4u);
  EXPECT_EQ(doc["accompaniment"], "full");
  EXPECT_EQ(doc["nudges"], (nlohmann::json{{"1", 1.5}}));
  std::vector<std::string> names;
  for (const auto& t : doc["tracks"]) names.push_back(t["name"].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"melody", "chords", "bass", "drums"}));
  const music::Key g_major{.tonic = 7, .mode = music::Mode::kMajor};
  for (const auto& n : doc["notes"]) EXPECT_TRUE(music::in_key(n["pitch"].get<int>(), g_major)) << n.dump();

  auto midi = client().Get(doc["files"]["midi"].get<std::string>());
  ASSERT_TRUE(midi);
  ASSERT_EQ(midi->status, 200);
  const music::MidiFile file = music::read_midi_bytes(midi->body, "download");
  EXPECT_EQ(file.format, 1);
  std::vector<std::string> midi_names;
  for (const music::MidiTrack& t : file.tracks) {
    if (!t.notes.empty()) midi_names.push_back(t.name);
  }
  EXPECT_EQ(midi_names, names);
  ASSERT_EQ(file.key_signatures.size(), 1u);
  EXPECT_EQ(file.key_signatures[0].sharps, 1);
  EXPECT_FALSE(file.key_signatures[0].minor);
}

TEST_F(ServerPieceTest, AutoKeyIsTheMotifsOwnAndEveryNoteIsInIt) {
  auto res = post_example("red_car.jpg", {{"bars", "4", "", ""}, {"key", "auto", "", ""}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto doc = nlohmann::json::parse(res->body);
  const music::Key key = music::parse_key(doc["key"].get<std::string>());
  for (const auto& n : doc["notes"]) EXPECT_TRUE(music::in_key(n["pitch"].get<int>(), key)) << n.dump();
  EXPECT_EQ(doc["tracks"].size(), 1u);  // no accompaniment asked for: the melody alone
}

TEST_F(ServerPieceTest, BadPieceFieldsAre400NamingTheValueAndServingGoesOn) {
  // field, value, what the message must name
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"bars", "3", "3"},           {"bars", "2.5", "2.5"},      {"key", "H", "'H'"},
      {"accompaniment", "x", "'x'"}, {"nudges", "1=9", "1=9"},    {"nudges", "999=1", "999"}};
  for (const auto& [name, value, named] : cases) {
    auto res = post_example("red_car.jpg", {{name, value, "", ""}});
    ASSERT_TRUE(res) << name << "=" << value;
    EXPECT_EQ(res->status, 400) << name << "=" << value << ": " << res->body;
    const auto doc = nlohmann::json::parse(res->body);
    ASSERT_TRUE(doc.contains("error")) << res->body;
    EXPECT_NE(doc["error"].get<std::string>().find(named), std::string::npos) << res->body;
  }
  EXPECT_TRUE(health());
  auto after = post_example("red_car.jpg", {{"bars", "4", "", ""}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << after->body;
}

TEST_F(ServerPieceTest, MorphServesTheFilesOfTheMorphCommand) {
  auto res = client().Post("/api/morph", httplib::MultipartFormDataItems{{"example", "red_car.jpg", "", ""},
                                                                        {"to_example", "blue_swatch.jpg", "", ""},
                                                                        {"phrases", "4", "", ""}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto doc = nlohmann::json::parse(res->body);
  EXPECT_EQ(doc["from"]["colour"], "red");
  EXPECT_EQ(doc["to"]["colour"], "blue");
  EXPECT_EQ(doc["phrases"], 4);
  EXPECT_EQ(doc["steps"], 4 * 16);
  auto midi = client().Get(doc["files"]["midi"].get<std::string>());
  ASSERT_TRUE(midi);
  ASSERT_EQ(midi->status, 200);
  const fs::path dir = vec2midi::testing::temp_dir("server_morph_cli");
  const auto cli = vec2midi::testing::run_vec2midi(
      "morph " + vec2midi::testing::project_path("examples/red_car.jpg").string() + " " +
      vec2midi::testing::project_path("examples/blue_swatch.jpg").string() + " --phrases 4 --name m -o " + dir.string());
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(midi->body, io::read_file(dir / "m.mid"));
}

TEST_F(ServerPieceTest, BadMorphsAre4xxAndServingGoesOn) {
  // fields beside example=red_car.jpg, the status, what the message must name
  const std::vector<std::tuple<httplib::MultipartFormDataItems, int, std::string>> cases = {
      {{}, 400, "to_image"},
      {{{"to_example", "nothing.jpg", "", ""}}, 404, "nothing.jpg"},
      {{{"to_example", "blue_swatch.jpg", "", ""}, {"phrases", "1", "", ""}}, 400, "phrases"},
      {{{"to_example", "blue_swatch.jpg", "", ""}, {"phrases", "4.5", "", ""}}, 400, "4.5"},
      {{{"to_example", "blue_swatch.jpg", "", ""}, {"bars", "8", "", ""}}, 400, "1 or 2 bars"},
      {{{"to_image", "not a picture", "x.png", "image/png"}}, 415, "to_image"}};
  for (const auto& [fields, status, named] : cases) {
    auto items = fields;
    items.push_back({"example", "red_car.jpg", "", ""});
    auto res = client().Post("/api/morph", items);
    ASSERT_TRUE(res) << named;
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_NE(nlohmann::json::parse(res->body)["error"].get<std::string>().find(named), std::string::npos) << res->body;
  }
  EXPECT_TRUE(health());
}

}  // namespace
}  // namespace vec2midi::app
