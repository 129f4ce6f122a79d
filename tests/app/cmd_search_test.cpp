// `vec2midi search` as a user meets it: a run folder, a refused second run, and a SIGKILL mid-run
// followed by --resume that neither repeats nor loses an evaluation.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search_cli_fixture.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

std::string tiny_args(const fs::path& run_dir, int budget) {
  return "search --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
         " --class-sizes 20 20 20 20 20 20 20 20 20 --matrices 6 --triplets 64 --budget " + std::to_string(budget) +
         " -o " + quoted(run_dir);
}

std::vector<int64_t> history_indices(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<int64_t> indices;
  while (std::getline(in, line)) indices.push_back(std::stoll(line.substr(0, line.find(','))));
  return indices;
}

TEST(SearchCommand, WritesTheRunFolderAndReportsJson) {
  const fs::path dir = vec2midi::testing::temp_dir("search_cli_run") / "run";
  const auto r = vec2midi::testing::run_vec2midi(tiny_args(dir, 30) + " --optimizer cmaes --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_evaluations"), 30);
  for (const char* name : {"checkpoint.json", "history.csv", "best_transition.safetensors", "best_loss.png"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  }
  EXPECT_EQ(history_indices(dir / "history.csv").size(), 30u);
}

TEST(SearchCommand, SecondRunInTheSameFolderIsRefused) {
  const fs::path dir = vec2midi::testing::temp_dir("search_cli_twice") / "run";
  ASSERT_EQ(vec2midi::testing::run_vec2midi(tiny_args(dir, 3) + " -q").exit_code, 0);
  const auto r = vec2midi::testing::run_vec2midi(tiny_args(dir, 3) + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
}

TEST(SearchCommand, InitialPointsAreRecordedAndRefusedForCmaes) {
  const fs::path dir = vec2midi::testing::temp_dir("search_cli_initial") / "run";
  const auto r = vec2midi::testing::run_vec2midi(tiny_args(dir, 8) + " --optimizer bo --initial 5 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(dir / "checkpoint.json");
  EXPECT_EQ(nlohmann::json::parse(in).at("config").at("initial"), 5);
  // A resume must present the same initial design.
  const auto other = vec2midi::testing::run_vec2midi(tiny_args(dir, 10) + " --optimizer bo --initial 6 --resume -q");
  EXPECT_EQ(other.exit_code, 2) << other.err;
  const auto cmaes = vec2midi::testing::run_vec2midi(tiny_args(dir.parent_path() / "cmaes", 8) +
                                                     " --optimizer cmaes --initial 5 -q");
  EXPECT_EQ(cmaes.exit_code, 2);
  EXPECT_NE(cmaes.err.find("initial"), std::string::npos) << cmaes.err;
  EXPECT_FALSE(fs::exists(dir.parent_path() / "cmaes" / "history.csv"));
}

TEST(SearchCommand, NoPenaltyIsRecordedChangesTheLossAndMustMatchOnResume) {
  const fs::path root = vec2midi::testing::temp_dir("search_cli_penalty");
  const auto plain = vec2midi::testing::run_vec2midi(tiny_args(root / "plain", 3) + " --no-penalty --json");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const auto with = vec2midi::testing::run_vec2midi(tiny_args(root / "with", 3) + " --json");
  ASSERT_EQ(with.exit_code, 0) << with.err;
  // Same seeds, same candidates: only the line-length penalty differs, and it can only add loss.
  EXPECT_LT(nlohmann::json::parse(plain.out).at("best_loss").get<double>(),
            nlohmann::json::parse(with.out).at("best_loss").get<double>());
  std::ifstream in(root / "plain" / "checkpoint.json");
  EXPECT_EQ(nlohmann::json::parse(in).at("config").at("objective").at("penalty"), false);
  const auto other = vec2midi::testing::run_vec2midi(tiny_args(root / "plain", 5) + " --resume -q");
  EXPECT_EQ(other.exit_code, 2) << other.err;
}

TEST(SearchCommand, SoftSnapIsRecordedChangesTheLossAndMustMatchOnResume) {
  // The shipped VAE and embedder (the tiny ones make every sample decode alike): the loss shows what the transition
  // was given.
  const fs::path root = vec2midi::testing::temp_dir("search_cli_soft_snap");
  const auto args = [&](const std::string& run, int budget) {
    return "search --model " + quoted(vec2midi::testing::project_path("models/default_vae.safetensors")) + " --embedder " +
           quoted(vec2midi::testing::project_path("models/embedder.safetensors")) +
           " --class-sizes 20 20 20 20 20 20 20 20 20 --matrices 6 --triplets 64 --budget " + std::to_string(budget) +
           " -o " + quoted(root / run);
  };
  const auto soft = vec2midi::testing::run_vec2midi(args("soft", 3) + " --soft-snap 1 --json");
  ASSERT_EQ(soft.exit_code, 0) << soft.err;
  const auto raw = vec2midi::testing::run_vec2midi(args("raw", 3) + " --json");
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  // Same seeds, same candidates and samples: only the embeddings the transition is given differ.
  EXPECT_NE(nlohmann::json::parse(soft.out).at("best_loss").get<double>(),
            nlohmann::json::parse(raw.out).at("best_loss").get<double>());
  std::ifstream in(root / "soft" / "checkpoint.json");
  EXPECT_EQ(nlohmann::json::parse(in).at("config").at("data").at("soft_snap"), 1.0);
  const auto other = vec2midi::testing::run_vec2midi(args("soft", 5) + " --resume -q");
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_NE(other.err.find("other settings"), std::string::npos) << other.err;
  const auto bad = vec2midi::testing::run_vec2midi(args("bad", 3) + " --soft-snap 0 -q");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_FALSE(fs::exists(root / "bad" / "history.csv"));
}

// The coefficients of evaluation `index` in history.csv.
std::vector<double> history_coefficients(const fs::path& path, int64_t index) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string cell;
    std::getline(row, cell, ',');
    if (std::stoll(cell) != index) continue;
    std::getline(row, cell, ',');  // loss
    std::getline(row, cell, ',');  // seconds
    std::vector<double> a;
    while (std::getline(row, cell, ',')) a.push_back(std::stod(cell));
    return a;
  }
  return {};
}

TEST(SearchCommand, ReselectionOfAFinishedRunWritesTheChosenCandidateAndEvaluatesNothingNew) {
  const fs::path dir = vec2midi::testing::temp_dir("search_cli_reselect") / "run";
  ASSERT_EQ(vec2midi::testing::run_vec2midi(tiny_args(dir, 10) + " -q").exit_code, 0);
  for (const std::string by : {"loss", "validation"}) {
    const auto r = vec2midi::testing::run_vec2midi(tiny_args(dir, 10) + " --resume --reselect 3 --reselect-by " + by +
                                                   " --reselect-draws 2 --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out.at("n_evaluated"), 0);
    EXPECT_EQ(out.at("reselected_by"), by);
    std::ifstream in(dir / "reselection.json");
    const auto doc = nlohmann::json::parse(in);
    EXPECT_EQ(doc.at("by"), by);
    ASSERT_EQ(doc.at("candidates").size(), 3u);
    if (by == "loss") EXPECT_EQ(doc.at("candidates")[0].at("losses").size(), 2u);
    const int64_t chosen = doc.at("chosen_index").get<int64_t>();
    EXPECT_EQ(out.at("reselected_index").get<int64_t>(), chosen);
    const auto expected = history_coefficients(dir / "history.csv", chosen);
    const auto written = transition::read_transition_file(dir / "reselected_transition.safetensors").coefficients;
    ASSERT_EQ(written.size(), expected.size());
    for (std::size_t i = 0; i < written.size(); ++i) EXPECT_NEAR(written[i], expected[i], 1e-12) << i;
  }
  EXPECT_EQ(history_indices(dir / "history.csv").size(), 10u);  // re-selection is not part of the run
}

TEST(SearchCommand, ValidationReselectionNeedsTheOriginalScheme) {
  const fs::path root = vec2midi::testing::temp_dir("search_cli_reselect_images");
  const auto r = vec2midi::testing::run_vec2midi(tiny_args(root / "run", 3) + " --data images --images " + quoted(root) +
                                                 " --reselect 2 --reselect-by validation -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--data original"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(root / "run" / "history.csv"));
}

TEST(SearchCommand, DrivesTheSignificantDimsOfALatentStudy) {
  const fs::path root = vec2midi::testing::temp_dir("search_cli_dims");
  const fs::path study = root / "latent_study.json";
  std::ofstream(study) << R"({"significant": [5, 2, 7]})";
  const auto r = vec2midi::testing::run_vec2midi(tiny_args(root / "run", 4) + " --dims-from " + quoted(study) + " -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto file = transition::read_transition_file(root / "run" / "best_transition.safetensors");
  EXPECT_EQ(file.options.driven_dims, (std::vector<int64_t>{5, 2, 7}));
  std::ifstream in(root / "run" / "checkpoint.json");
  EXPECT_EQ(nlohmann::json::parse(in).at("config").at("transition").at("driven_dims"), nlohmann::json({5, 2, 7}));

  const auto listed = vec2midi::testing::run_vec2midi(tiny_args(root / "listed", 2) + " --dims 3,1 -q");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(transition::read_transition_file(root / "listed" / "best_transition.safetensors").options.driven_dims,
            (std::vector<int64_t>{3, 1}));

  // A dim outside the model's latent space, a file that is no study, and both flags at once are refused.
  const auto outside = vec2midi::testing::run_vec2midi(tiny_args(root / "outside", 2) + " --dims 1,100000 -q");
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("100000"), std::string::npos) << outside.err;
  std::ofstream(root / "other.json") << R"({"dims": []})";
  const auto other = vec2midi::testing::run_vec2midi(tiny_args(root / "other", 2) + " --dims-from " +
                                                     quoted(root / "other.json") + " -q");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("not a latent study"), std::string::npos) << other.err;
  const auto both = vec2midi::testing::run_vec2midi(tiny_args(root / "both", 2) + " --dims 1 --dims-from " +
                                                    quoted(study) + " -q");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_FALSE(fs::exists(root / "both" / "history.csv"));
}

TEST(SearchCommand, MissingModelNamesThePathAndHowToMakeIt) {
  const auto r = vec2midi::testing::run_vec2midi("search --model /nonexistent/vae.safetensors --embedder " +
                                                 quoted(search_files().embedder) + " -o /tmp/never");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/vae.safetensors"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("train-vae"), std::string::npos) << r.err;
}

TEST(SearchCommand, KillAndResumeLosesNoEvaluation) {
  const fs::path dir = vec2midi::testing::temp_dir("search_cli_kill") / "run";
  const int budget = 400;
  const std::string command = "exec '" + vec2midi::testing::vec2midi_binary().string() + "' " + tiny_args(dir, budget) +
                              " --checkpoint-every 100 -q 2>/dev/null";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once it is past its first checkpoint, mid-way to the second.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool killed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(dir / "history.csv") && history_indices(dir / "history.csv").size() >= 150) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int status = 0;
  if (killed) waitpid(pid, &status, 0);
  ASSERT_TRUE(killed && WIFSIGNALED(status)) << "the search ended before it could be killed";
  const size_t before = history_indices(dir / "history.csv").size();
  ASSERT_LT(before, size_t(budget));
  std::ifstream checkpoint(dir / "checkpoint.json");
  const int64_t checkpointed = nlohmann::json::parse(checkpoint).at("n_told").get<int64_t>();
  EXPECT_GE(checkpointed, 100);

  const auto r = vec2midi::testing::run_vec2midi(tiny_args(dir, budget) + " --checkpoint-every 100 --resume --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_evaluations"), budget);
  // Rows written after the checkpoint were reused, not recomputed.
  EXPECT_EQ(doc.at("n_evaluated").get<int64_t>() + doc.at("n_replayed").get<int64_t>(),
            budget - checkpointed);
  // (the last row may have been torn by the kill: then it is evaluated again)
  EXPECT_GE(doc.at("n_replayed").get<int64_t>(), int64_t(before) - checkpointed - 1);
  EXPECT_LE(doc.at("n_replayed").get<int64_t>(), int64_t(before) - checkpointed);
  const auto indices = history_indices(dir / "history.csv");
  ASSERT_EQ(indices.size(), size_t(budget));
  for (int i = 0; i < budget; ++i) EXPECT_EQ(indices[size_t(i)], i);
}

}  // namespace
}  // namespace vec2midi::app
