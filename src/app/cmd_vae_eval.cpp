// `vec2midi vae-eval [--model M] [--encoder E] WINDOWS_OR_MIDI [--json]`: how well a MusicVAE reconstructs
// melodies (per-step accuracy, teacher-forced and greedy from the posterior mean, as in the MusicVAE paper)
// and how its prior samples compare with the real data, a reference decoder's samples and random melodies.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "io/lower_case.hpp"
#include "music/corpus_extraction.hpp"
#include "music/window_dataset.hpp"
#include "vae/inference_vae.hpp"
#include "vae/music_vae_config.hpp"
#include "vae/vae_evaluation.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct VaeEvalArgs {
  std::string model;
  std::string encoder;
  std::string input;
  std::string track;
  std::string reference;
  int64_t max_windows = 10000;
  int64_t n_prior = 2000;
  std::vector<double> temperatures{0.5, 1.0};
  uint64_t seed = 0;
  vae::LatentRefinementOptions refine;
  bool quiet = false;
  bool json = false;
};

// Windows from a windows file, or extracted on the fly from a MIDI file or folder.
music::WindowDataset load_windows(const VaeEvalArgs& args) {
  const fs::path input(args.input);
  if (!fs::exists(input)) throw InputError(args.input + ": no such file or folder");
  const std::string ext = io::lower_extension(input);
  if (fs::is_directory(input) || ext == ".mid" || ext == ".midi") {
    music::CorpusExtractionOptions options;
    options.extraction.track_name = args.track;
    options.progress = !args.quiet;
    music::CorpusExtraction result = music::extract_corpora({input}, options);
    if (result.dataset.n_windows() == 0) throw InputError(args.input + ": no 2-bar melody windows could be extracted");
    return std::move(result.dataset);
  }
  return music::read_window_events(input);
}

// The first `max` windows spread evenly over the dataset (all of them if there are fewer).
std::vector<uint8_t> spread_windows(const music::WindowDataset& data, int64_t max) {
  const int64_t n = data.n_windows();
  const int64_t take = std::min(n, max);
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(take * data.n_steps));
  for (int64_t i = 0; i < take; ++i) {
    const auto w = data.window(i * n / take);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

// The reference decoder: a MusicVAE model file (a Magenta checkpoint folder is imported first, once).
std::unique_ptr<vae::MelodyDecoder> load_reference(const std::string& path) {
  if (fs::is_directory(path)) {
    throw InputError(path + ": a folder; --reference takes a MusicVAE model file (import a Magenta checkpoint with "
                     "`vec2midi import-magenta " + path + " -o FILE.safetensors`)");
  }
  return std::make_unique<vae::MelodyDecoder>(fs::path(path));
}

nlohmann::json stats_json(const vae::SampleStats& s) {
  const music::MelodyStats& m = s.stats;
  return {{"n_windows", m.n_windows},
          {"empty_fraction", m.empty_fraction},
          {"notes_per_bar", m.notes_per_bar},
          {"pitch_min", m.pitch.min},
          {"pitch_max", m.pitch.max},
          {"pitch_mean", m.pitch.mean},
          {"pitch_std", m.pitch.std},
          {"pitch_span", s.pitch_span},
          {"scale_consistency", m.scale_consistency},
          {"interval_histogram", m.interval_histogram}};
}

nlohmann::json comparison_json(const std::vector<vae::StatComparison>& comparisons) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& c : comparisons) {
    out[c.name] = {{"sample", c.sample}, {"data", c.data}, {"uniform", c.uniform}, {"closer_to_data", c.closer_to_data}};
  }
  return out;
}

void print_stats_line(const std::string& label, const vae::SampleStats& s, const vae::SampleStats& data) {
  const music::MelodyStats& m = s.stats;
  std::cout << "  " << std::left << std::setw(26) << label << std::right << std::fixed << std::setprecision(3)
            << " empty " << m.empty_fraction << "  notes/bar " << std::setprecision(2) << m.notes_per_bar
            << "  pitch span " << s.pitch_span << "  mean pitch " << m.pitch.mean << "  scale " << std::setprecision(3)
            << m.scale_consistency << "  interval dist to data "
            << music::interval_histogram_distance(m, data.stats) << "\n";
}

// Reconstruction accuracy over the windows (a model with an encoder only), as the report's fields.
void add_reconstruction(nlohmann::json& doc, const vae::InferenceVae& model, const std::vector<uint8_t>& windows,
                        int64_t n_steps, const VaeEvalArgs& args) {
  if (model.encoder) {
    const bool progress = !args.quiet && !args.json;
    const vae::VaeParts parts{*model.encoder, *model.decoder, *model.teacher};
    const vae::ReconstructionAccuracy r = vae::reconstruction_accuracy(parts, windows, n_steps, 256, progress, args.refine);
    doc["n_windows"] = r.n_windows;
    doc["reconstruction_teacher_forced"] = r.teacher_forced;
    doc["reconstruction_greedy"] = r.greedy;
    doc["reconstruction_greedy_exact_windows"] = r.greedy_exact;
    doc["refine_steps"] = args.refine.n_steps;
    if (args.refine.n_steps > 0) {
      // The encoder alone (z = μ), beside the refined figures above.
      const vae::ReconstructionAccuracy a = vae::reconstruction_accuracy(parts, windows, n_steps, 256, progress);
      doc["amortized"] = {{"reconstruction_teacher_forced", a.teacher_forced},
                          {"reconstruction_greedy", a.greedy},
                          {"reconstruction_greedy_exact_windows", a.greedy_exact}};
    }
  } else {
    doc["n_windows"] = static_cast<int64_t>(windows.size()) / n_steps;
    doc["reconstruction_teacher_forced"] = nullptr;
    doc["reconstruction_greedy"] = nullptr;
    doc["reconstruction_note"] = "decoder-only model: pass --encoder to measure reconstruction";
  }
}

void print_reconstruction(const nlohmann::json& doc, bool has_encoder, int64_t refine_steps) {
  if (has_encoder) {
    std::cout << std::fixed << std::setprecision(4) << "reconstruction accuracy per step: teacher-forced "
              << doc["reconstruction_teacher_forced"].get<double>() << ", greedy "
              << doc["reconstruction_greedy"].get<double>() << " (whole windows exact "
              << doc["reconstruction_greedy_exact_windows"].get<double>() << ")";
    if (refine_steps > 0) {
      std::cout << " with z refined by " << refine_steps << " steps; the encoder's μ alone: teacher-forced "
                << doc["amortized"]["reconstruction_teacher_forced"].get<double>() << ", greedy "
                << doc["amortized"]["reconstruction_greedy"].get<double>();
    }
    std::cout << "\n";
  } else {
    std::cout << "reconstruction: not measured (decoder-only model; pass --encoder)\n";
  }
}

void run_vae_eval(const VaeEvalArgs& args) {
  const fs::path model_path = args.model.empty() ? default_model_path("default_vae.safetensors") : fs::path(args.model);
  const vae::InferenceVae model = vae::load_inference_vae(model_path, args.encoder);
  const music::WindowDataset data = load_windows(args);
  const int64_t n_steps = data.n_steps;
  if (n_steps > model.options.max_steps) {
    throw InputError(args.input + ": windows of " + std::to_string(n_steps) + " steps are longer than the model's " +
                     std::to_string(model.options.max_steps));
  }
  const std::vector<uint8_t> windows = spread_windows(data, args.max_windows);

  nlohmann::json doc = {{"model", model_path.string()},
                        {"encoder", args.encoder.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.encoder)},
                        {"architecture", nlohmann::json::parse(model.options.to_json_string())},
                        {"input", args.input},
                        {"n_windows_available", data.n_windows()}};
  add_reconstruction(doc, model, windows, n_steps, args);

  const vae::SampleStats data_stats = vae::sample_stats(windows, n_steps);
  const vae::SampleStats uniform_stats =
      vae::sample_stats(vae::uniform_random_melodies(args.n_prior, n_steps, args.seed), n_steps);
  doc["data_stats"] = stats_json(data_stats);
  doc["uniform_stats"] = stats_json(uniform_stats);

  std::unique_ptr<vae::MelodyDecoder> reference;
  if (!args.reference.empty()) reference = load_reference(args.reference);
  nlohmann::json prior = nlohmann::json::object();
  nlohmann::json reference_prior = nlohmann::json::object();
  std::vector<std::pair<std::string, vae::SampleStats>> lines;
  for (const double t : args.temperatures) {
    const vae::PriorSampleOptions options{.n_samples = args.n_prior, .temperature = t, .n_steps = n_steps, .seed = args.seed};
    const vae::SampleStats s = vae::sample_stats(vae::sample_prior_melodies(*model.decoder, options), n_steps);
    std::ostringstream key;
    key << t;
    nlohmann::json entry = stats_json(s);
    entry["comparison"] = comparison_json(vae::compare_stats(s, data_stats, uniform_stats));
    prior[key.str()] = entry;
    lines.emplace_back("prior T=" + key.str(), s);
    if (reference) {
      const vae::SampleStats rs = vae::sample_stats(vae::sample_prior_melodies(*reference, options), n_steps);
      nlohmann::json r_entry = stats_json(rs);
      r_entry["comparison"] = comparison_json(vae::compare_stats(rs, data_stats, uniform_stats));
      reference_prior[key.str()] = r_entry;
      lines.emplace_back("reference prior T=" + key.str(), rs);
    }
  }
  doc["prior_stats"] = prior;
  if (reference) {
    doc["reference"] = args.reference;
    doc["reference_prior_stats"] = reference_prior;
  }
  doc["n_prior_samples"] = args.n_prior;

  if (args.json) {
    print_json(doc);
    return;
  }
  std::cout << "model " << model_path.string() << (args.encoder.empty() ? "" : " + encoder " + args.encoder) << ": "
            << vae::describe_architecture(model.options) << "\n";
  std::cout << "windows: " << doc["n_windows"] << " of " << data.n_windows() << " from " << args.input << "\n";
  print_reconstruction(doc, model.encoder != nullptr, args.refine.n_steps);
  std::cout << "statistics (" << args.n_prior << " prior samples each):\n";
  print_stats_line("data", data_stats, data_stats);
  print_stats_line("uniform random", uniform_stats, data_stats);
  for (const auto& [label, s] : lines) print_stats_line(label, s, data_stats);
}

}  // namespace

void add_vae_eval_command(CLI::App& root) {
  auto args = std::make_shared<VaeEvalArgs>();
  auto* cmd = root.add_subcommand(
      "vae-eval",
      "Evaluate a MusicVAE: per-step reconstruction accuracy (teacher-forced and greedy from the posterior\n"
      "mean) on a windows file or a MIDI folder, and statistics of prior samples beside the real data's");
  cmd->add_option("input", args->input, "Windows file (vec2midi extract) or a MIDI file or folder (extracted on the fly)")
      ->required();
  cmd->add_option("--model", args->model, "MusicVAE model file (default: the shipped models/default_vae.safetensors)");
  cmd->add_option("--encoder", args->encoder, "Encoder file to join to the model's decoder (vec2midi fit-encoder)");
  cmd->add_option("--reference", args->reference,
                  "Reference decoder for prior statistics: a MusicVAE model file (vec2midi import-magenta makes one)");
  cmd->add_option("--track", args->track, "When extracting MIDI: only tracks with this name (e.g. MELODY)");
  cmd->add_option("--max-windows", args->max_windows, "Evaluate at most this many windows, spread over the input")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("--n-prior", args->n_prior, "Prior samples per temperature")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  cmd->add_option("--temperatures", args->temperatures, "Sampling temperatures of the prior samples")
      ->capture_default_str()->delimiter(',')->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Seed of the prior samples")->capture_default_str();
  cmd->add_option("--refine-steps", args->refine.n_steps,
                  "Refine each window's z from the encoder's mu by this many Adam steps on the decoder's\n"
                  "cross-entropy before decoding (semi-amortised encoding; 0 = mu as it is)")
      ->capture_default_str()->check(CLI::Range(int64_t{0}, int64_t{10000}));
  cmd->add_option("--refine-lr", args->refine.learning_rate, "Adam step size of the refinement")->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_vae_eval(*args); });
}

}  // namespace vec2midi::app
