#include "vae/training_run.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/progress.hpp"

namespace vec2midi::vae {
namespace {

nlohmann::json step_json(const TrainStepStats& s) {
  return {{"step", s.step},         {"loss", s.loss},         {"reconstruction", s.reconstruction},
          {"kl_bits", s.kl_bits},   {"accuracy", s.accuracy}, {"beta", s.beta},
          {"learning_rate", s.learning_rate}, {"sampling_probability", s.sampling_probability},
          {"grad_norm", s.grad_norm}, {"skipped", s.skipped}, {"seconds", s.seconds},
          {"prior_inversion", s.prior_inversion}};
}

nlohmann::json validation_json(int64_t step, const ValidationStats& v) {
  return {{"step", step},
          {"validation",
           {{"n_windows", v.n_windows}, {"reconstruction", v.reconstruction}, {"kl_bits", v.kl_bits},
            {"accuracy", v.accuracy}}}};
}

class Log {
 public:
  explicit Log(const std::filesystem::path& path) : path_(path) {
    if (path_.empty()) return;
    out_.open(path_, std::ios::app);
    if (!out_) throw Error(path_.string() + ": cannot open the training log for appending");
  }
  void write(const nlohmann::json& line) {
    if (path_.empty()) return;
    out_ << line.dump() << '\n';
    out_.flush();
    if (!out_) throw Error(path_.string() + ": cannot write the training log");
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace

void resume_log(const std::filesystem::path& log_path, int64_t step) {
  if (log_path.empty() || !std::filesystem::exists(log_path)) return;
  std::istringstream in(io::read_file(log_path));
  std::string kept, line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    try {
      if (nlohmann::json::parse(line).at("step").get<int64_t>() > step) continue;
    } catch (const nlohmann::json::exception&) {
      continue;  // a line cut by the kill
    }
    kept += line + "\n";
  }
  io::write_file_atomic(log_path, kept);
}

RunReport run_training(VaeTrainer& trainer, const TrainingRunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  RunReport report;
  report.first_step = trainer.global_step();
  Log log(options.log_path);
  io::Progress progress("train", options.n_steps, options.show_progress);
  progress.resume_from(trainer.global_step());
  const int64_t batch = trainer.options().batch_size;
  auto save = [&] {
    if (!options.checkpoint_path.empty()) save_training_checkpoint(trainer.checkpoint(), options.checkpoint_path);
  };
  auto validate = [&] {
    report.validation = trainer.validate(options.validation_windows);
    if (report.validation->n_windows > 0) log.write(validation_json(trainer.global_step(), *report.validation));
  };
  double train_seconds = 0.0;
  int64_t last_checkpoint = trainer.global_step();
  while (trainer.global_step() < options.n_steps) {
    const TrainStepStats s = trainer.step();
    train_seconds += s.seconds;
    report.last = s;
    log.write(step_json(s));
    const double rate = train_seconds > 0 ? static_cast<double>((s.step - report.first_step) * batch) / train_seconds : 0.0;
    char detail[160];
    if (s.prior_inversion) {
      std::snprintf(detail, sizeof detail, "prior inversion: z NLL %.3f  KL %.1f bits  %.0f seq/s%s", s.loss, s.kl_bits,
                    rate, s.skipped ? "  (skipped: huge gradient)" : "");
    } else {
      std::snprintf(detail, sizeof detail, "loss %.3f  KL %.1f bits  acc %.3f  %.0f seq/s%s", s.loss, s.kl_bits,
                    s.accuracy, rate, s.skipped ? "  (skipped: huge gradient)" : "");
    }
    progress.set_done(s.step, detail);
    if (options.validate_every > 0 && s.step % options.validate_every == 0) validate();
    if (options.checkpoint_every > 0 && s.step % options.checkpoint_every == 0) {
      save();
      last_checkpoint = s.step;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.time_limit_seconds > 0 && elapsed >= options.time_limit_seconds && s.step < options.n_steps) {
      report.stopped_by_time = true;
      break;
    }
  }
  const bool validated_now = options.validate_every > 0 && report.validation && trainer.global_step() % options.validate_every == 0;
  if (!validated_now) validate();
  if (last_checkpoint != trainer.global_step()) save();
  progress.finish(report.last ? "loss " + std::to_string(report.last->loss) : "");
  report.last_step = trainer.global_step();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  report.sequences_per_second =
      train_seconds > 0 ? static_cast<double>((report.last_step - report.first_step) * batch) / train_seconds : 0.0;
  return report;
}

}  // namespace vec2midi::vae
