// `vec2midi melody-stats windows.bin`: notes per bar, pitch range, interval histogram, empty windows
// and scale consistency of a window file written by `extract`.
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "music/melody_stats.hpp"
#include "music/window_dataset.hpp"

namespace vec2midi::app {

namespace {

struct MelodyStatsArgs {
  std::string file;
  bool json = false;
};

void run_melody_stats(const MelodyStatsArgs& args) {
  const music::WindowDataset d = music::read_window_events(args.file);
  const music::MelodyStats s = music::melody_stats(d.events, d.n_steps);
  if (args.json) {
    nlohmann::json histogram = nlohmann::json::object();
    for (int i = 0; i < music::kNumIntervalBins; ++i) {
      histogram[std::to_string(i - music::kMaxStatsInterval)] = s.interval_histogram[static_cast<size_t>(i)];
    }
    print_json({{"file", args.file},
                {"n_windows", s.n_windows},
                {"n_steps", d.n_steps},
                {"n_notes", s.n_notes},
                {"notes_per_bar", s.notes_per_bar},
                {"empty_fraction", s.empty_fraction},
                {"pitch", {{"min", s.pitch.min}, {"max", s.pitch.max}, {"mean", s.pitch.mean}, {"std", s.pitch.std}}},
                {"n_intervals", s.n_intervals},
                {"interval_histogram", histogram},
                {"scale_consistency", s.scale_consistency}});
    return;
  }
  std::cout << std::fixed << std::setprecision(3);
  std::cout << args.file << ": " << s.n_windows << " windows of " << d.n_steps << " steps, " << s.n_notes << " notes\n"
            << "notes per bar:      " << s.notes_per_bar << "\n"
            << "empty windows:      " << s.empty_fraction * 100.0 << " %\n"
            << "pitch:              " << s.pitch.min << ".." << s.pitch.max << ", mean " << s.pitch.mean << ", std "
            << s.pitch.std << "\n"
            << "scale consistency:  " << s.scale_consistency * 100.0 << " %\n"
            << "intervals (semitones, share of " << s.n_intervals << "):\n";
  for (int i = 0; i < music::kNumIntervalBins; ++i) {
    const double share = s.interval_histogram[static_cast<size_t>(i)];
    std::cout << "  " << std::setw(3) << std::showpos << i - music::kMaxStatsInterval << std::noshowpos << "  "
              << std::setw(6) << share * 100.0 << " %  " << std::string(static_cast<size_t>(share * 100.0 + 0.5), '#')
              << "\n";
  }
}

}  // namespace

void add_melody_stats_command(CLI::App& root) {
  auto args = std::make_shared<MelodyStatsArgs>();
  auto* cmd = root.add_subcommand("melody-stats",
                                  "Statistics of a window file: notes per bar, pitch range, interval histogram, "
                                  "empty windows, scale consistency");
  cmd->add_option("windows", args->file, "Window file written by extract")->required();
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_melody_stats(*args); });
}

}  // namespace vec2midi::app
