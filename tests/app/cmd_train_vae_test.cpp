// `vec2midi train-vae`, `fit-encoder` and `vae-eval` as a user meets them, on a tiny model: a run killed
// with SIGKILL and continued with --resume repeats the loss curve of an uninterrupted run; the encoder
// fitted against a frozen decoder joins it; vae-eval prints the documented JSON keys.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "music/window_dataset.hpp"
#include "support/child_process.hpp"
#include "support/shared_data.hpp"
#include "vae/encoder_file.hpp"
#include "vae/model_io.hpp"
#include "vae/training_checkpoint.hpp"
#include "vae/training_fixture.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using testing::run_vec2midi;
using testing::temp_dir;

const std::string kTiny =
    " --batch-size 8 --z-size 4 --encoder-size 6 --decoder-size 8 --decoder-layers 1 --learning-rate 0.01"
    " --sampling-rate 10 --beta-rate 0.9 --checkpoint-every 5 --validate-every 0 --threads 1 -q";

fs::path tiny_windows(const fs::path& dir) {
  const fs::path path = dir / "windows.bin";
  music::write_window_dataset(vae::testing::synthetic_windows(10, 4, 8), path);
  return path;
}

// A decoder-only tiny model (seeded), saved at `path`: what fit-encoder fits an encoder against.
vae::MusicVae tiny_decoder(const fs::path& path) {
  vae::MusicVaeOptions o = vae::testing::tiny_training_options();
  o.has_encoder = false;
  vae::MusicVae decoder(o);
  decoder->reset_parameters(3);
  vae::save_music_vae(*decoder, path);
  return decoder;
}

TEST(CmdTrainVae, KilledRunResumesWithTheSameLossCurve) {
  const fs::path dir = temp_dir("train_kill");
  const fs::path windows = tiny_windows(dir);
  const fs::path checkpoint = dir / "killed" / "checkpoint.safetensors";

  // A long run, killed (SIGKILL) soon after its first checkpoint.
  testing::ChildProcess child(testing::split_words("train-vae " + windows.string() + " -o " +
                                                  (dir / "killed.safetensors").string() + " --checkpoint-dir " +
                                                  (dir / "killed").string() + " --steps 100000000" + kTiny));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(checkpoint) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(child.kill_after(std::chrono::seconds(0))) << "the run ended before it was killed";
  ASSERT_TRUE(fs::exists(checkpoint)) << "no checkpoint within 120 s";
  const int64_t killed_at = vae::load_training_checkpoint(checkpoint).step;
  const int64_t target = killed_at + 12;

  const auto resumed = run_vec2midi("train-vae " + windows.string() + " -o " + (dir / "killed.safetensors").string() +
                                    " --checkpoint-dir " + (dir / "killed").string() + " --resume --steps " +
                                    std::to_string(target) + kTiny + " --json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto doc = nlohmann::json::parse(resumed.out);
  EXPECT_TRUE(doc.at("resumed").get<bool>());
  EXPECT_EQ(doc.at("first_step"), killed_at);
  EXPECT_EQ(doc.at("last_step"), target);

  const auto reference = run_vec2midi("train-vae " + windows.string() + " -o " + (dir / "ref.safetensors").string() +
                                      " --checkpoint-dir " + (dir / "ref").string() + " --steps " +
                                      std::to_string(target) + kTiny);
  ASSERT_EQ(reference.exit_code, 0) << reference.err;

  const auto a = vae::testing::log_losses(dir / "killed" / "log.jsonl");
  const auto b = vae::testing::log_losses(dir / "ref" / "log.jsonl");
  ASSERT_EQ(a.size(), static_cast<size_t>(target));
  ASSERT_EQ(b.size(), static_cast<size_t>(target));
  for (const auto& [step, loss] : b) EXPECT_NEAR(a.at(step), loss, 1e-6 * std::abs(loss)) << "step " << step;

  const auto ma = vae::load_music_vae(dir / "killed.safetensors")->magenta_variables();
  const auto mb = vae::load_music_vae(dir / "ref.safetensors")->magenta_variables();
  for (size_t i = 0; i < ma.size(); ++i) EXPECT_TRUE(torch::allclose(ma[i].second, mb[i].second, 1e-5, 1e-7)) << ma[i].first;
}

TEST(CmdTrainVae, RefusesToOverwriteARunWithoutResume) {
  const fs::path dir = temp_dir("train_twice");
  const fs::path windows = tiny_windows(dir);
  const std::string args = "train-vae " + windows.string() + " -o " + (dir / "m.safetensors").string() + " --steps 2" + kTiny;
  ASSERT_EQ(run_vec2midi(args).exit_code, 0);
  const auto again = run_vec2midi(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--resume"), std::string::npos) << again.err;
}

TEST(CmdTrainVae, MissingWindowsFileIsBadInput) {
  const fs::path dir = temp_dir("train_missing");
  const auto r = run_vec2midi("train-vae " + (dir / "nope.bin").string() + " -o " + (dir / "m.safetensors").string());
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CmdFitEncoder, EncoderJoinsTheFrozenDecoder) {
  const fs::path dir = temp_dir("fit_encoder");
  const fs::path windows = tiny_windows(dir);
  const vae::MusicVae decoder = tiny_decoder(dir / "decoder.safetensors");
  const auto r = run_vec2midi("fit-encoder --decoder " + (dir / "decoder.safetensors").string() + " " + windows.string() +
                              " -o " + (dir / "enc.safetensors").string() +
                              " --encoder-size 6 --steps 6 --batch-size 8 --threads 1 -q --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("last_step"), 6);
  const vae::MusicVae full = vae::load_music_vae_with_encoder(dir / "decoder.safetensors", dir / "enc.safetensors");
  ASSERT_TRUE(full->options().has_encoder);
  std::map<std::string, torch::Tensor> original;
  for (const auto& [name, p] : decoder->magenta_variables()) original[name] = p;
  for (const auto& [name, p] : full->magenta_variables()) {
    if (original.count(name)) EXPECT_TRUE(torch::equal(p, original[name])) << name << " moved";
  }
}

TEST(CmdFitEncoder, InitEncoderStartsFromThatFilesWeights) {
  const fs::path dir = temp_dir("fit_encoder_init");
  const fs::path windows = tiny_windows(dir);
  const std::string dec = (dir / "decoder.safetensors").string();
  tiny_decoder(dec);
  const std::string base = "fit-encoder --decoder " + dec + " " + windows.string() + " --batch-size 8 --threads 1 -q";
  const auto first = run_vec2midi(base + " --encoder-size 6 --steps 4 -o " + (dir / "a.safetensors").string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // Zero further steps from a different seed: the written encoder is the initial one, so it must be a's.
  const auto second = run_vec2midi(base + " --seed 9 --steps 0 --init-encoder " + (dir / "a.safetensors").string() +
                                   " -o " + (dir / "b.safetensors").string());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const vae::MusicVae a = vae::load_music_vae_with_encoder(dec, dir / "a.safetensors");
  const vae::MusicVae b = vae::load_music_vae_with_encoder(dec, dir / "b.safetensors");
  EXPECT_EQ(b->options().encoder_size, 6);
  std::map<std::string, torch::Tensor> expected;
  for (const auto& [name, p] : a->magenta_variables()) expected[name] = p;
  for (const auto& [name, p] : b->magenta_variables()) EXPECT_TRUE(torch::equal(p, expected.at(name))) << name;

  const auto missing = run_vec2midi(base + " --steps 1 --init-encoder " + (dir / "none.safetensors").string() +
                                    " -o " + (dir / "c.safetensors").string());
  EXPECT_EQ(missing.exit_code, 2);
}

// The shipped encoder joined to the real Magenta decoder reconstructs melodies it never saw (nottingham,
// not in its training data) as its model card says: greedy accuracy of at least the goal's 0.95.
TEST(CmdVaeEval, ShippedEncoderCompletesMagentasMel2BarSmall) {
  const fs::path dir = temp_dir("shipped_encoder");
  const std::string decoder = (dir / "mel_2bar_small.safetensors").string();
  const auto imported =
      run_vec2midi("import-magenta " + testing::shared_path("data/magenta/mel_2bar_small").string() + " -o " + decoder);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto r = run_vec2midi("vae-eval --model " + decoder + " --encoder " +
                              testing::project_path("models/mel_2bar_small_encoder.safetensors").string() + " " +
                              testing::shared_path("data/melodies/nottingham").string() +
                              " --max-windows 300 --n-prior 10 --temperatures 0.5 --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_windows"), 300);
  EXPECT_GE(doc.at("reconstruction_greedy").get<double>(), 0.95);
}

TEST(CmdVaeEval, JsonHasTheDocumentedKeys) {
  const fs::path dir = temp_dir("vae_eval");
  const fs::path windows = tiny_windows(dir);
  vae::MusicVae model = vae::testing::tiny_trainable_vae(2);
  vae::save_music_vae(*model, dir / "m.safetensors");
  const auto r = run_vec2midi("vae-eval --model " + (dir / "m.safetensors").string() + " " + windows.string() +
                              " --n-prior 50 --reference " + (dir / "m.safetensors").string() + " --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"reconstruction_greedy", "reconstruction_teacher_forced", "n_windows", "prior_stats", "data_stats",
                          "reference_prior_stats", "uniform_stats"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc.at("n_windows"), 40);
  EXPECT_GE(doc.at("reconstruction_greedy").get<double>(), 0.0);
  EXPECT_LE(doc.at("reconstruction_greedy").get<double>(), 1.0);
  EXPECT_TRUE(doc.at("prior_stats").contains("0.5"));
  EXPECT_TRUE(doc.at("prior_stats").at("1").contains("comparison"));
  EXPECT_EQ(doc.at("data_stats").at("n_windows"), 40);
}

TEST(CmdVaeEval, RefinementReportsTheEncoderAloneBeside) {
  const fs::path dir = temp_dir("vae_eval_refine");
  const fs::path windows = tiny_windows(dir);
  vae::save_music_vae(*vae::testing::tiny_trainable_vae(2), dir / "m.safetensors");
  const auto r = run_vec2midi("vae-eval --model " + (dir / "m.safetensors").string() + " " + windows.string() +
                              " --n-prior 10 --refine-steps 20 --refine-lr 0.1 --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("refine_steps"), 20);
  ASSERT_TRUE(doc.contains("amortized"));
  // The encoder-alone figures are those of a run without refinement.
  const auto plain = run_vec2midi("vae-eval --model " + (dir / "m.safetensors").string() + " " + windows.string() +
                                  " --n-prior 10 --json -q");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const auto base = nlohmann::json::parse(plain.out);
  EXPECT_FALSE(base.contains("amortized"));
  EXPECT_DOUBLE_EQ(doc["amortized"].at("reconstruction_greedy").get<double>(), base.at("reconstruction_greedy").get<double>());
  EXPECT_DOUBLE_EQ(doc["amortized"].at("reconstruction_teacher_forced").get<double>(),
                   base.at("reconstruction_teacher_forced").get<double>());
}

TEST(CmdVaeEval, ExtractsMidiFoldersOnTheFly) {
  const fs::path dir = temp_dir("vae_eval_midi");
  fs::create_directories(dir / "tunes");
  for (const char* f : {"nottingham/xmas7.mid", "nottingham/morris19.mid"}) {
    fs::copy_file(testing::shared_path(std::string("data/melodies/") + f), dir / "tunes" / fs::path(f).filename());
  }
  vae::save_music_vae(*vae::testing::tiny_trainable_vae(2), dir / "m.safetensors");
  const auto r = run_vec2midi("vae-eval --model " + (dir / "m.safetensors").string() + " " + (dir / "tunes").string() +
                              " --n-prior 20 --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("n_windows"), 5 + 7);  // hand-counted in cmd_extract_test
}

TEST(CmdVaeEval, MissingInputIsBadInput) {
  const fs::path dir = temp_dir("vae_eval_missing");
  vae::save_music_vae(*vae::testing::tiny_trainable_vae(2), dir / "m.safetensors");
  const auto r = run_vec2midi("vae-eval --model " + (dir / "m.safetensors").string() + " " + (dir / "none").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("none"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
