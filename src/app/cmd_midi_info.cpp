// `vec2midi midi-info FILE.mid`: what a MIDI file holds (tracks, tempo map, time signatures, notes) and
// how many training windows `extract` would take from it.
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "music/melody_extraction.hpp"
#include "music/midi_io.hpp"

namespace vec2midi::app {

namespace {

struct MidiInfoArgs {
  std::string file;
  music::ExtractionOptions extraction;
  bool notes = false;
  bool json = false;
};

nlohmann::json note_json(const music::MidiNote& n) {
  return {{"pitch", n.pitch},           {"velocity", n.velocity},          {"channel", n.channel},
          {"program", n.program},       {"start_tick", n.start_tick},      {"end_tick", n.end_tick},
          {"start_quarter", n.start_quarter}, {"end_quarter", n.end_quarter}};
}

void run_midi_info(const MidiInfoArgs& args) {
  const music::MidiFile file = music::read_midi(args.file);
  const music::FileWindows windows = music::extract_windows(file, args.extraction);
  const std::string rejection(music::rejection_name(windows.rejection));

  if (args.json) {
    nlohmann::json tempos = nlohmann::json::array(), signatures = nlohmann::json::array(),
                   tracks = nlohmann::json::array();
    for (const auto& t : file.tempos) {
      tempos.push_back({{"tick", t.tick}, {"quarter", t.quarter}, {"qpm", t.qpm}, {"seconds", t.seconds}});
    }
    for (const auto& s : file.time_signatures) {
      signatures.push_back({{"tick", s.tick}, {"quarter", s.quarter}, {"numerator", s.numerator},
                            {"denominator", s.denominator}});
    }
    for (const auto& t : file.tracks) {
      nlohmann::json track = {{"index", t.index},       {"name", t.name},       {"channels", t.channels},
                              {"programs", t.programs}, {"is_drum", t.is_drum}, {"n_notes", t.notes.size()}};
      if (args.notes) {
        nlohmann::json notes = nlohmann::json::array();
        for (const auto& n : t.notes) notes.push_back(note_json(n));
        track["notes"] = notes;
      }
      tracks.push_back(track);
    }
    print_json({{"file", file.source},
                {"format", file.format},
                {"ticks_per_quarter", file.ticks_per_quarter},
                {"length_quarters", file.length_quarters},
                {"length_seconds", file.length_seconds},
                {"n_notes", file.n_notes()},
                {"tempos", tempos},
                {"time_signatures", signatures},
                {"tracks", tracks},
                {"melodies", windows.n_melodies},
                {"windows", windows.windows.size()},
                {"duplicates_dropped", windows.n_duplicates},
                {"rejection", rejection}});
    return;
  }
  std::cout << file.source << ": format " << file.format << ", " << file.ticks_per_quarter << " ticks per quarter, "
            << file.tracks.size() << " tracks, " << file.n_notes() << " notes, " << std::fixed << std::setprecision(1)
            << file.length_quarters << " quarters (" << file.length_seconds << " s)\n";
  std::cout << "tempo map:";
  for (const auto& t : file.tempos) std::cout << "  " << t.qpm << " qpm @ quarter " << t.quarter;
  std::cout << "\ntime signatures:";
  if (file.time_signatures.empty()) std::cout << "  none (4/4 assumed)";
  for (const auto& s : file.time_signatures) std::cout << "  " << s.numerator << "/" << s.denominator << " @ quarter " << s.quarter;
  std::cout << "\n";
  for (const auto& t : file.tracks) {
    std::cout << "track " << t.index << " \"" << t.name << "\": " << t.notes.size() << " notes";
    if (!t.channels.empty()) {
      std::cout << ", channels";
      for (int c : t.channels) std::cout << " " << c + 1;
      std::cout << ", programs";
      for (int p : t.programs) std::cout << " " << p;
    }
    if (t.is_drum) std::cout << " (drums)";
    std::cout << "\n";
    if (args.notes) {
      for (const auto& n : t.notes) {
        std::cout << "  pitch " << n.pitch << " vel " << n.velocity << " ch " << n.channel + 1 << "  "
                  << std::setprecision(3) << n.start_quarter << " .. " << n.end_quarter << " quarters\n";
      }
      std::cout << std::setprecision(1);
    }
  }
  std::cout << "extraction: " << windows.n_melodies << " melodies, " << windows.windows.size() << " windows ("
            << windows.n_duplicates << " duplicates dropped)";
  if (!rejection.empty()) std::cout << ", rejected: " << rejection;
  std::cout << "\n";
}

}  // namespace

void add_midi_info_command(CLI::App& root) {
  auto args = std::make_shared<MidiInfoArgs>();
  auto* cmd = root.add_subcommand("midi-info", "Show a MIDI file's tracks, tempo map, time signatures and notes, "
                                               "and how many training windows extract would take from it");
  cmd->add_option("file", args->file, "MIDI file")->required();
  cmd->add_option("--track", args->extraction.track_name, "Count windows of this track only (e.g. MELODY)");
  cmd->add_flag("--assume-4-4", args->extraction.assume_four_four, "Read the file as 4/4 whatever its time signatures");
  cmd->add_flag("--notes", args->notes, "List every note");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_midi_info(*args); });
}

}  // namespace vec2midi::app
