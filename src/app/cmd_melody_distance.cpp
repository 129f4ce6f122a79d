// `vec2midi melody-distance A.mid B.mid`: the original's melody distance (MISSION.md §4) of two
// melodies with its parts; `--pairs FILE` scores many pairs given as notes, `--roc FILE` evaluates a
// labelled set the way MISSION.md §6 does (pairwise ROC-AUC and TPR at FPR <= 1e-3).
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/json_file.hpp"
#include "eval/roc.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/melody_distance.hpp"
#include "music/melody_extraction.hpp"
#include "music/midi_io.hpp"
#include "music/note_json.hpp"

namespace vec2midi::app {

namespace {

struct MelodyDistanceArgs {
  std::vector<std::string> files;  // A.mid B.mid
  int track_a = -1;                // MIDI track of A (-1: the first with pitched notes)
  int track_b = -1;                // MIDI track of B
  std::string pairs_file;          // --pairs: {"pairs": [{"a": [[pitch, start, end], ...], "b": ...}]}
  std::string roc_file;            // --roc: {"melodies": [...], "labels": [...]} (or {"roc_case": {...}})
  double max_fpr = eval::kReportedFpr;
  bool json = false;
};

// --- melodies from the command line's inputs -------------------------------------------------------

// A melody from the notes of one MIDI track, quantized to 16th steps and made monophonic as Magenta
// does (extract_melodies: the highest of simultaneous onsets, a new onset ends the sounding note),
// kept whole: no split at rests, no minimum length.
music::Melody melody_from_midi(const std::string& path, int track_index) {
  const music::MidiFile file = music::read_midi(path);
  const music::MidiTrack* track = nullptr;
  if (track_index >= 0) {
    if (track_index >= static_cast<int>(file.tracks.size())) {
      throw InputError(path + ": no track " + std::to_string(track_index) + " (the file has " +
                       std::to_string(file.tracks.size()) + ")");
    }
    track = &file.tracks[static_cast<size_t>(track_index)];
  } else {
    for (const auto& t : file.tracks) {
      if (!t.is_drum && !t.notes.empty()) {
        track = &t;
        break;
      }
    }
    if (track == nullptr) return {};  // no pitched notes: an empty melody (distance ±100)
  }
  std::vector<music::Note> notes;
  for (const auto& n : track->notes) {
    if (n.is_drum()) continue;
    const int64_t start = music::quantize_quarters(n.start_quarter);
    const int64_t end = std::max(music::quantize_quarters(n.end_quarter), start + 1);
    notes.push_back({.pitch = n.pitch, .start_step = start, .end_step = end, .velocity = n.velocity});
  }
  music::ExtractionOptions whole;
  whole.gap_bars = std::numeric_limits<double>::infinity();  // never split at a rest
  whole.min_melody_bars = 0;                                 // keep a one-bar melody
  whole.max_melody_bars = 0;                                 // never cut
  const auto melodies = music::extract_melodies(std::move(notes), whole);
  return melodies.empty() ? music::Melody{} : melodies.front();
}

// --- the three forms ---------------------------------------------------------------------------------

nlohmann::json parts_json(const music::MelodyDistanceParts& p) {
  return {{"pitch_term", p.pitch_term},
          {"time_term", p.time_term},
          {"first_note_term", p.first_note_term},
          {"penalty", p.penalty},
          {"empty", p.empty},
          {"total", p.total}};
}

void run_two_files(const MelodyDistanceArgs& args) {
  const music::Melody a = melody_from_midi(args.files[0], args.track_a);
  const music::Melody b = melody_from_midi(args.files[1], args.track_b);
  const auto fa = music::melody_features(a);
  const auto fb = music::melody_features(b);
  const auto positive = music::melody_distance_parts(fa, fb, true, true);
  const auto negative = music::melody_distance_parts(fa, fb, false, true);
  const auto no_penalty = music::melody_distance_parts(fa, fb, true, false);
  if (args.json) {
    print_json({{"a", {{"file", args.files[0]}, {"n_notes", a.notes.size()}}},
                {"b", {{"file", args.files[1]}, {"n_notes", b.notes.size()}}},
                {"positive", positive.total},
                {"negative", negative.total},
                {"no_penalty", no_penalty.total},
                {"parts", parts_json(positive)}});
    return;
  }
  std::cout << "A: " << args.files[0] << " (" << a.notes.size() << " notes)\n"
            << "B: " << args.files[1] << " (" << b.notes.size() << " notes)\n"
            << std::setprecision(6) << std::fixed;
  if (positive.empty) {
    std::cout << "a melody has no notes: distance +100 as a positive, -100 as a negative\n";
    return;
  }
  std::cout << "distance as positive " << positive.total << ", as negative " << negative.total << ", without penalty "
            << no_penalty.total << "\n"
            << "  pitch term       " << positive.pitch_term << "\n"
            << "  time term        " << positive.time_term << "\n"
            << "  first-note term  " << positive.first_note_term << "\n"
            << "  penalty          " << positive.penalty << " (" << (positive.penalty != 0.0 ? "" : "none: ")
            << "longer melody has " << std::max(fa.line_length(), fb.line_length()) / 2
            << " notes; only 2 or 3 escape it)\n";
}

void run_pairs(const MelodyDistanceArgs& args) {
  const auto pairs = music::parse_melody_pairs(io::read_file(args.pairs_file), args.pairs_file);
  std::vector<music::MelodyFeatures> features;
  features.reserve(2 * pairs.size());
  for (const auto& [a, b] : pairs) {
    features.push_back(music::melody_features(a));
    features.push_back(music::melody_features(b));
  }
  std::vector<music::MelodyFeaturePair> refs;
  refs.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) refs.push_back({&features[2 * i], &features[2 * i + 1]});
  const auto positive = music::melody_distances(refs, true, true);
  const auto negative = music::melody_distances(refs, false, true);
  const auto no_penalty = music::melody_distances(refs, true, false);
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < refs.size(); ++i) {
      out.push_back({{"positive", positive[i]}, {"negative", negative[i]}, {"no_penalty", no_penalty[i]}});
    }
    print_json({{"pairs", out}});
    return;
  }
  std::cout << "pair     positive     negative   no_penalty\n" << std::setprecision(6) << std::fixed;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::cout << std::setw(4) << i << " " << std::setw(12) << positive[i] << " " << std::setw(12) << negative[i] << " "
              << std::setw(12) << no_penalty[i] << "\n";
  }
}

void run_roc(const MelodyDistanceArgs& args) {
  nlohmann::json doc = read_json_file(args.roc_file);
  if (doc.is_object() && doc.contains("roc_case")) doc = doc["roc_case"];
  if (!doc.is_object() || !doc.contains("melodies") || !doc.contains("labels") || !doc["melodies"].is_array() ||
      !doc["labels"].is_array()) {
    throw InputError(args.roc_file + ": expected {\"melodies\": [[[pitch, start, end], ...], ...], \"labels\": [...]}");
  }
  std::vector<music::MelodyFeatures> features;
  for (size_t i = 0; i < doc["melodies"].size(); ++i) {
    features.push_back(music::melody_features(
        music::melody_from_note_list(doc["melodies"][i], args.roc_file + ": melody " + std::to_string(i))));
  }
  std::vector<int> classes;
  for (const auto& label : doc["labels"]) {
    if (!label.is_number_integer()) throw InputError(args.roc_file + ": label " + label.dump() + " is not an integer");
    classes.push_back(label.get<int>());
  }
  const auto pairs = eval::pairwise_melody_scores(features, classes);
  const auto roc = eval::evaluate_roc(pairs.scores, pairs.labels, args.max_fpr);
  if (args.json) {
    nlohmann::json curve = nlohmann::json::array();
    for (const auto& p : roc.curve.points) curve.push_back({p.fpr, p.tpr});
    print_json({{"n_melodies", features.size()},
                {"n_pairs", pairs.scores.size()},
                {"n_same_class", roc.curve.n_positive},
                {"auc", roc.auc},
                {"max_fpr", roc.max_fpr},
                {"tpr_at_max_fpr", roc.tpr_at_max_fpr},
                {"curve", curve}});
    return;
  }
  std::cout << features.size() << " melodies, " << pairs.scores.size() << " pairs (" << roc.curve.n_positive
            << " same class)\n"
            << std::setprecision(6) << std::fixed << "ROC-AUC " << roc.auc << ", TPR " << roc.tpr_at_max_fpr
            << " at FPR <= " << std::defaultfloat << roc.max_fpr << "\n";
}

}  // namespace

void add_melody_distance_command(CLI::App& root) {
  auto args = std::make_shared<MelodyDistanceArgs>();
  auto* cmd = root.add_subcommand(
      "melody-distance",
      "The original's melody distance of two MIDI melodies (with its parts), of many note pairs (--pairs),\n"
      "or the pairwise ROC of a labelled set of melodies (--roc)");
  auto* files = cmd->add_option("files", args->files, "Two MIDI files A.mid B.mid")->expected(2)->check(CLI::ExistingFile);
  cmd->add_option("--track-a", args->track_a, "MIDI track of A (default: the first with pitched notes)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--track-b", args->track_b, "MIDI track of B (default: the first with pitched notes)")
      ->check(CLI::NonNegativeNumber);
  auto* pairs = cmd->add_option("--pairs", args->pairs_file,
                                "JSON {\"pairs\": [{\"a\": [[pitch, start, end], ...], \"b\": [...]}]} (steps)")
                    ->check(CLI::ExistingFile);
  auto* roc = cmd->add_option("--roc", args->roc_file,
                              "JSON {\"melodies\": [[[pitch, start, end], ...], ...], \"labels\": [class, ...]}")
                  ->check(CLI::ExistingFile);
  cmd->add_option("--max-fpr", args->max_fpr, "FPR bound for the reported TPR (--roc)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  files->excludes(pairs)->excludes(roc);
  pairs->excludes(roc);
  add_json_flag(*cmd, args->json);
  cmd->callback([args] {
    if (!args->pairs_file.empty()) {
      run_pairs(*args);
    } else if (!args->roc_file.empty()) {
      run_roc(*args);
    } else if (args->files.size() == 2) {
      run_two_files(*args);
    } else {
      throw InputError("melody-distance: give two MIDI files, --pairs FILE or --roc FILE");
    }
  });
}

}  // namespace vec2midi::app
