// A whole training run around a VaeTrainer: steps up to a target, a progress line (step, loss, KL,
// per-step accuracy, sequences/s, ETA), a JSON-lines log, validation every N steps and an atomic
// checkpoint every N steps and at the end, so that a killed run resumes from its last checkpoint
// (resume_log() first drops log lines the killed run wrote after that checkpoint).
// Usage: RunReport r = run_training(trainer, {.n_steps = 20000, .checkpoint_path = "ckpt/checkpoint.safetensors"});
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "vae/vae_trainer.hpp"

namespace vec2midi::vae {

/// How long to train and what to write along the way.
struct TrainingRunOptions {
  int64_t n_steps = 20000;                  ///< stop when the global step reaches this
  double time_limit_seconds = 0.0;          ///< also stop (after a checkpoint) after this much wall time; 0 = none
  std::filesystem::path checkpoint_path;    ///< training checkpoint file; empty = none
  int64_t checkpoint_every = 500;           ///< steps between checkpoints (and one at the end)
  int64_t validate_every = 1000;            ///< steps between validations (and one at the end); 0 = only at the end
  int64_t validation_windows = 2048;        ///< held-out windows per validation
  std::filesystem::path log_path;           ///< JSON-lines log (one line per step and per validation); empty = none
  bool show_progress = true;                ///< progress line on stderr
};

/// What a run did.
struct RunReport {
  int64_t first_step = 0;                   ///< global step when the run began (0, or the checkpoint's)
  int64_t last_step = 0;                    ///< global step when it ended
  double seconds = 0.0;                     ///< wall time of this run
  double sequences_per_second = 0.0;        ///< training throughput of this run
  std::optional<TrainStepStats> last;       ///< the final step, if any step ran
  std::optional<ValidationStats> validation;  ///< the final validation, if any
  bool stopped_by_time = false;             ///< ended by time_limit_seconds before n_steps
};

/// Trains until n_steps (or the time limit). Throws Error if a checkpoint or log cannot be written.
RunReport run_training(VaeTrainer& trainer, const TrainingRunOptions& options);

/// Rewrites the log at `log_path` (atomically) keeping only lines of steps <= `step`: the lines a killed
/// run wrote after its last checkpoint are dropped before the resumed run appends. No-op if it is absent.
void resume_log(const std::filesystem::path& log_path, int64_t step);

}  // namespace vec2midi::vae
