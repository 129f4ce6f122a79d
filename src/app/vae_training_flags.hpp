// What `vec2midi train-vae` and `vec2midi fit-encoder` share: their flags (straight into TrainVaeOptions
// and TrainingRunOptions), reading the windows files, starting or resuming a run in a checkpoint folder,
// and the JSON summary of a run.
// Usage (in a subcommand file): add_training_flags(*cmd, *args); ... auto result = run_training_command(*args, make_model);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "music/window_dataset.hpp"
#include "vae/music_vae.hpp"
#include "vae/training_run.hpp"
#include "vae/vae_training_options.hpp"

namespace vec2midi::app {

/// Flags of a training command.
struct TrainingCommandArgs {
  std::vector<std::string> windows;    ///< windows files from `vec2midi extract`, merged in order
  std::string output;                  ///< model (or encoder) file written at the end
  std::string checkpoint_dir;          ///< folder of checkpoint.safetensors and log.jsonl (default: <output>.training)
  bool resume = false;                 ///< continue from the checkpoint in checkpoint_dir
  vae::TrainVaeOptions train;          ///< optimisation options (Magenta defaults)
  vae::TrainingRunOptions run;         ///< steps, checkpoint and validation cadence
  double time_limit_minutes = 0.0;     ///< stop after this many minutes (checkpoint kept); 0 = none
  int threads = 0;                     ///< libtorch intra-op threads; 0 = libtorch's default
  bool fp16 = false;                   ///< store the output weights as float16
  bool quiet = false;                  ///< no progress line
  bool json = false;                   ///< one JSON document on stdout
};

/// Adds WINDOWS..., -o, --checkpoint-dir, --resume, the TrainVaeOptions flags, --steps, --checkpoint-every,
/// --validate-every, --validation-windows, --time-limit, --threads, --fp16, --quiet and --json.
void add_training_flags(CLI::App& cmd, TrainingCommandArgs& args);

/// Reads and merges the windows files (read_window_dataset, so each needs its manifest).
music::WindowDataset load_training_windows(const std::vector<std::string>& files);

/// The outcome of run_training_command.
struct TrainingCommandResult {
  vae::MusicVae model{nullptr};   ///< the trained model
  vae::RunReport report;          ///< what the run did
  vae::WindowSplit split;         ///< the train/validation split used
  bool resumed = false;           ///< continued from a checkpoint
  std::string checkpoint;         ///< checkpoint file path
  std::string log;                ///< log file path
};

/// Starts a run with make_model() (fresh) or resumes the checkpoint (--resume), trains, and returns the model.
/// The output file is left to the caller. Throws InputError for bad input, Error for I/O failures.
TrainingCommandResult run_training_command(const TrainingCommandArgs& args, const music::WindowDataset& data,
                                           const std::function<vae::MusicVae()>& make_model);

/// JSON summary of a run (steps, seconds, sequences/s, final training and validation figures).
nlohmann::json training_result_json(const TrainingCommandResult& result);

}  // namespace vec2midi::app
