// `compose --list FILE|DIR -o OUT` (issue 30) as a user meets it, with and without mpirun: one manifest line per
// picture, the same files as `compose IMAGE`, a second start skips what is done (also after a kill, on another
// number of ranks), a picture that fails is recorded and tried again, other settings or foreign files are refused.
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "composer_fixture.hpp"
#include "io/atomic_file.hpp"
#include "mpi_fixture.hpp"
#include "support/shell.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using mpi_testing::quoted;
using testing::fixture_model_flags;
using vec2midi::testing::run_shell;
using vec2midi::testing::run_vec2midi;
using vec2midi::testing::temp_dir;

// A fresh folder named after the running test.
fs::path this_test_dir() { return temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name()); }

// `count` flat pictures in two folders under base/pictures (colour label i % 9, a size per picture), for --list.
fs::path picture_folder(const fs::path& base, int count) {
  const fs::path dir = base / "pictures";
  for (int i = 0; i < count; ++i) {
    const fs::path folder = dir / (i % 2 ? "odd" : "even");
    fs::create_directories(folder);
    testing::write_flat_png(folder / ("p" + std::to_string(i) + ".png"), i % 9, 40 + i);
  }
  return dir;
}

std::string batch(const fs::path& list, const fs::path& out, const std::string& more = "") {
  return "compose --list " + quoted(list) + " -o " + quoted(out) + " -q" + fixture_model_flags() + " " + more;
}

// The manifest's lines (read only: it may be being written; a last line not yet complete is left out).
std::vector<nlohmann::json> manifest(const fs::path& out) {
  const std::string text = io::read_file(out / "manifest.jsonl");
  std::vector<nlohmann::json> lines;
  for (size_t begin = 0, end = text.find('\n'); end != std::string::npos; begin = end + 1, end = text.find('\n', begin)) {
    lines.push_back(nlohmann::json::parse(text.substr(begin, end - begin)));
  }
  return lines;
}

// The manifest's lines of composed pictures by name; fails the test if a picture was composed twice.
std::map<std::string, nlohmann::json> composed(const fs::path& out) {
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& line : manifest(out)) {
    if (line.contains("error")) continue;
    EXPECT_TRUE(by_name.emplace(line.at("name").get<std::string>(), line).second) << line.dump();
  }
  return by_name;
}

TEST(BatchCompose, AFolderBecomesAManifestAndTheSameFilesAsComposeImage) {
  const fs::path base = this_test_dir();
  const fs::path pictures = picture_folder(base, 4);
  const fs::path out = base / "out";
  const auto r = run_vec2midi(batch(pictures, out, "--json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("pictures"), 4);
  EXPECT_EQ(doc.at("composed"), 4);
  EXPECT_EQ(doc.at("failed"), 0);
  const auto lines = composed(out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines.at("odd/p3").at("colour"), vision::kClassNames[3]);  // the flat picture of class 3
  EXPECT_EQ(lines.at("odd/p3").at("files").at("midi"), (out / "odd" / "p3.mid").string());
  // The same picture through `compose IMAGE` writes the same MIDI file.
  const fs::path single = base / "single";
  const auto one = run_vec2midi("compose " + quoted(pictures / "odd" / "p3.png") + " -o " + quoted(single) + fixture_model_flags());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(io::read_file(out / "odd" / "p3.mid"), io::read_file(single / "p3.mid"));
  // A second start has nothing left to do.
  const auto again = run_vec2midi(batch(pictures, out, "--json"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out).at("already_done"), 4);
  EXPECT_EQ(nlohmann::json::parse(again.out).at("composed"), 0);
}

TEST(BatchCompose, AFailedPictureIsRecordedAndComposedOnTheNextStart) {
  const fs::path base = this_test_dir();
  const fs::path pictures = picture_folder(base, 2);
  io::write_file_atomic(pictures / "even" / "broken.png", "not a picture");
  const fs::path out = base / "out";
  const auto r = run_vec2midi(batch(pictures, out));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("1 of 3 pictures failed"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(composed(out).size(), 2u);
  bool recorded = false;
  for (const auto& line : manifest(out)) {
    recorded |= line.at("name") == "even/broken" && line.at("error").get<std::string>().find("broken.png") != std::string::npos;
  }
  EXPECT_TRUE(recorded);
  testing::write_flat_png(pictures / "even" / "broken.png", 2);
  const auto fixed = run_vec2midi(batch(pictures, out, "--json"));
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(nlohmann::json::parse(fixed.out).at("composed"), 1);
  EXPECT_EQ(composed(out).size(), 3u);
}

TEST(BatchCompose, OtherSettingsAndForeignFilesAreRefused) {
  const fs::path base = this_test_dir();
  const fs::path pictures = picture_folder(base, 2);
  const fs::path out = base / "out";
  ASSERT_EQ(run_vec2midi(batch(pictures, out)).exit_code, 0);
  const auto other = run_vec2midi(batch(pictures, out, "--tempo 90"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("other settings (tempo: 90.0 here, 120.0 in"), std::string::npos) << other.err;
  // Results of another run in a folder without a manifest are not overwritten without --force.
  const fs::path foreign = base / "foreign";
  fs::create_directories(foreign / "even");
  io::write_file_atomic(foreign / "even" / "p0.mid", "mine");
  const auto refused = run_vec2midi(batch(pictures, foreign));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("p0.mid"), std::string::npos) << refused.err;
  EXPECT_EQ(io::read_file(foreign / "even" / "p0.mid"), "mine");
  EXPECT_EQ(run_vec2midi(batch(pictures, foreign, "--force")).exit_code, 0);
  // --list needs -o and no IMAGE.
  const auto no_out = run_vec2midi("compose --list " + quoted(pictures) + fixture_model_flags());
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_NE(no_out.err.find("-o OUT"), std::string::npos) << no_out.err;
  EXPECT_NE(run_vec2midi(batch(pictures, out, quoted(pictures / "odd" / "p1.png"))).exit_code, 0);
  EXPECT_EQ(run_vec2midi("compose" + fixture_model_flags()).exit_code, 2);
}

TEST(BatchComposeMpi, ThreeRanksShareTheListAndWriteTheSameFiles) {
  const fs::path base = this_test_dir();
  const fs::path pictures = picture_folder(base, 9);
  const fs::path& dir = base;
  const auto one = run_shell(mpi_testing::plain() + batch(pictures, dir / "one"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto three = run_shell(mpi_testing::mpirun(3) + batch(pictures, dir / "three", "--json"));
  ASSERT_EQ(three.exit_code, 0) << three.err;
  EXPECT_EQ(nlohmann::json::parse(three.out).at("composed"), 9);  // rank 0 alone prints
  const auto lines = composed(dir / "three");
  ASSERT_EQ(lines.size(), 9u);
  std::set<int> ranks;
  for (const auto& [name, line] : lines) {
    ranks.insert(line.at("rank").get<int>());
    EXPECT_EQ(io::read_file(dir / "three" / (name + ".mid")), io::read_file(dir / "one" / (name + ".mid"))) << name;
  }
  EXPECT_TRUE(ranks.contains(1) && ranks.contains(2)) << "every worker rank gets a picture at the start";
}

// Killed (mpirun and its ranks, SIGKILL) under 3 ranks, started again under 2: the pictures the manifest holds are
// not composed again, and every picture ends up composed once.
TEST(BatchComposeMpi, AKilledBatchGoesOnWithAnotherNumberOfRanks) {
  const int n = 60;
  const fs::path base = this_test_dir();
  const fs::path pictures = picture_folder(base, n);
  const fs::path out = base / "out";
  const bool killed = mpi_testing::kill_once(mpi_testing::mpirun(3) + batch(pictures, out),
                                             [&] { return fs::exists(out / "manifest.jsonl") && composed(out).size() >= 10; });
  ASSERT_TRUE(killed) << "the batch ended before it could be killed";
  const size_t before = composed(out).size();
  ASSERT_LT(before, size_t(n));
  const auto r = run_shell(mpi_testing::mpirun(2) + batch(pictures, out, "--json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_GE(doc.at("already_done").get<size_t>(), before);
  EXPECT_EQ(doc.at("already_done").get<int>() + doc.at("composed").get<int>(), n);
  EXPECT_EQ(composed(out).size(), size_t(n));
}

}  // namespace
}  // namespace vec2midi::app
