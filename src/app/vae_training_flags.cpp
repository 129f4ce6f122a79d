#include "app/vae_training_flags.hpp"

#include <filesystem>
#include <iostream>

#include <torch/torch.h>

#include "io/error.hpp"
#include "vae/training_checkpoint.hpp"
#include "vae/training_data.hpp"
#include "vae/vae_trainer.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

void add_training_flags(CLI::App& cmd, TrainingCommandArgs& args) {
  cmd.add_option("windows", args.windows, "Windows files written by `vec2midi extract` (merged in order)")
      ->required()->check(CLI::ExistingFile);
  cmd.add_option("-o,--output", args.output, "File to write at the end")->required();
  cmd.add_option("--checkpoint-dir", args.checkpoint_dir,
                 "Folder for checkpoint.safetensors and log.jsonl (default: <output>.training)");
  cmd.add_flag("--resume", args.resume, "Continue the run whose checkpoint is in the checkpoint folder");
  vae::TrainVaeOptions& t = args.train;
  cmd.add_option("--batch-size", t.batch_size, "Sequences per step (Magenta 512)")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  cmd.add_option("--learning-rate", t.learning_rate, "Initial Adam step size (Magenta 1e-3)")->capture_default_str();
  cmd.add_option("--decay-rate", t.decay_rate, "Learning-rate decay per step (Magenta 0.9999)")->capture_default_str();
  cmd.add_option("--min-learning-rate", t.min_learning_rate, "Learning-rate floor (Magenta 1e-5)")->capture_default_str();
  cmd.add_option("--grad-clip", t.grad_clip, "Global gradient-norm clip (Magenta 1.0)")->capture_default_str();
  cmd.add_option("--free-bits", t.free_bits, "KL bits per sequence not penalised (cat-mel_2bar_small 0)")
      ->capture_default_str();
  cmd.add_option("--max-beta", t.max_beta, "Largest KL weight (cat-mel_2bar_small 0.2)")->capture_default_str();
  cmd.add_option("--beta-rate", t.beta_rate, "KL annealing: beta = max_beta (1 - rate^step) (Magenta 0.99999)")
      ->capture_default_str();
  cmd.add_option("--sampling-rate", t.sampling_rate,
                 "Scheduled sampling, inverse sigmoid rate k (Magenta 1000); 0 = teacher forcing")
      ->capture_default_str();
  cmd.add_option("--transpose-range", t.transpose_range, "Random transposition by up to this many semitones (Magenta 5)")
      ->capture_default_str();
  cmd.add_option("--validation-fraction", t.validation_fraction, "Share of source files held out")->capture_default_str();
  cmd.add_option("--seed", t.seed, "Seed of initialisation, split, data order and noise")->capture_default_str();
  vae::TrainingRunOptions& r = args.run;
  cmd.add_option("--steps", r.n_steps, "Train until this global step")->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  cmd.add_option("--checkpoint-every", r.checkpoint_every, "Steps between checkpoints")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd.add_option("--validate-every", r.validate_every, "Steps between validations (0 = only at the end)")
      ->capture_default_str()->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  cmd.add_option("--validation-windows", r.validation_windows, "Held-out windows per validation")->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  cmd.add_option("--time-limit", args.time_limit_minutes, "Stop after this many minutes (checkpoint kept; 0 = none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--threads", args.threads, "libtorch threads (0 = default)")->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd.add_flag("--fp16", args.fp16, "Store the written weights as float16 (half the size)");
  cmd.add_flag("-q,--quiet", args.quiet, "No progress line");
  cmd.add_flag("--json", args.json, "Print one machine-readable JSON document on stdout");
}

music::WindowDataset load_training_windows(const std::vector<std::string>& files) {
  std::vector<music::WindowDataset> parts;
  for (const std::string& file : files) parts.push_back(music::read_window_dataset(file));
  return vae::merge_window_datasets(parts);
}

TrainingCommandResult run_training_command(const TrainingCommandArgs& args, const music::WindowDataset& data,
                                           const std::function<vae::MusicVae()>& make_model) {
  if (args.threads > 0) torch::set_num_threads(args.threads);
  const fs::path output(args.output);
  const fs::path out_dir = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  if (!fs::is_directory(out_dir)) throw InputError(args.output + ": directory " + out_dir.string() + " does not exist");
  const fs::path dir = args.checkpoint_dir.empty() ? fs::path(args.output + ".training") : fs::path(args.checkpoint_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw InputError(dir.string() + ": cannot create the checkpoint folder");

  TrainingCommandResult result;
  result.checkpoint = (dir / "checkpoint.safetensors").string();
  result.log = (dir / "log.jsonl").string();
  vae::TrainingRunOptions run = args.run;
  run.checkpoint_path = result.checkpoint;
  run.log_path = result.log;
  run.time_limit_seconds = args.time_limit_minutes * 60.0;
  run.show_progress = !args.quiet;

  std::unique_ptr<vae::VaeTrainer> trainer;
  const bool have_checkpoint = fs::exists(result.checkpoint);
  if (args.resume && have_checkpoint) {
    const vae::TrainingCheckpoint checkpoint = vae::load_training_checkpoint(result.checkpoint);
    trainer = std::make_unique<vae::VaeTrainer>(checkpoint, data);
    vae::resume_log(result.log, checkpoint.step);
    result.resumed = true;
    if (!args.quiet) std::cerr << "resuming " << result.checkpoint << " at step " << checkpoint.step << "\n";
  } else {
    if (have_checkpoint) {
      throw InputError(result.checkpoint + " exists: pass --resume to continue that run, or choose another --checkpoint-dir");
    }
    if (args.resume && !args.quiet) std::cerr << "no checkpoint in " << dir.string() << ": starting a new run\n";
    args.train.validate();
    fs::remove(result.log, ec);  // a new run starts a new log
    trainer = std::make_unique<vae::VaeTrainer>(make_model(), data, args.train);
  }
  result.split = trainer->split();
  if (!args.quiet) {
    std::cerr << "training on " << result.split.train.size() << " windows of " << result.split.n_train_sources
              << " files; validation " << result.split.validation.size() << " windows of "
              << result.split.n_validation_sources << " files\n";
  }
  result.report = vae::run_training(*trainer, run);
  result.model = trainer->model();
  return result;
}

nlohmann::json training_result_json(const TrainingCommandResult& result) {
  const vae::RunReport& r = result.report;
  nlohmann::json doc = {{"resumed", result.resumed},
                        {"first_step", r.first_step},
                        {"last_step", r.last_step},
                        {"seconds", r.seconds},
                        {"sequences_per_second", r.sequences_per_second},
                        {"stopped_by_time", r.stopped_by_time},
                        {"train_windows", result.split.train.size()},
                        {"validation_windows", result.split.validation.size()},
                        {"train_files", result.split.n_train_sources},
                        {"validation_files", result.split.n_validation_sources},
                        {"checkpoint", result.checkpoint},
                        {"log", result.log}};
  if (r.last) {
    doc["last"] = {{"loss", r.last->loss},     {"reconstruction", r.last->reconstruction},
                   {"kl_bits", r.last->kl_bits}, {"accuracy", r.last->accuracy},
                   {"beta", r.last->beta},     {"learning_rate", r.last->learning_rate},
                   {"sampling_probability", r.last->sampling_probability}};
  }
  if (r.validation) {
    doc["validation"] = {{"n_windows", r.validation->n_windows},
                         {"reconstruction", r.validation->reconstruction},
                         {"kl_bits", r.validation->kl_bits},
                         {"teacher_forced_accuracy", r.validation->accuracy}};
  }
  return doc;
}

}  // namespace vec2midi::app
