// `vec2midi extract CORPUS_DIR... -o windows.bin`: 2-bar training melodies from MIDI corpora, the way
// Magenta's MusicVAE pipeline extracts them, into windows.bin and its manifest windows.bin.json.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "music/corpus_extraction.hpp"
#include "music/window_dataset.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct ExtractArgs {
  std::vector<std::string> roots;
  std::string output;
  music::CorpusExtractionOptions options;
  bool keep_duplicates = false;
  bool quiet = false;
  bool json = false;
};

nlohmann::json counts_json(const music::CorpusCounts& c) {
  return {{"files_read", c.files_read}, {"files_rejected", c.files_rejected}, {"rejections", c.rejections},
          {"melodies", c.melodies},     {"windows", c.windows},               {"duplicates_dropped", c.duplicates}};
}

void print_counts(const std::string& label, const music::CorpusCounts& c) {
  std::cout << label << ": " << c.files_read << " files read, " << c.files_rejected << " rejected";
  if (!c.rejections.empty()) {
    std::cout << " (";
    const char* sep = "";
    for (const auto& [reason, n] : c.rejections) {
      std::cout << sep << reason << " " << n;
      sep = ", ";
    }
    std::cout << ")";
  }
  std::cout << ", " << c.melodies << " melodies, " << c.windows << " windows kept (" << c.duplicates
            << " duplicates dropped)\n";
}

void run_extract(const ExtractArgs& args) {
  const fs::path out(args.output);
  const fs::path out_dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(out_dir)) throw InputError(args.output + ": directory " + out_dir.string() + " does not exist");
  std::vector<fs::path> roots(args.roots.begin(), args.roots.end());
  for (const fs::path& root : roots) music::list_midi_files(root);  // fail early on a missing corpus

  music::CorpusExtractionOptions options = args.options;
  options.progress = !args.quiet;
  options.extraction.dedupe = !args.keep_duplicates;
  const music::CorpusExtraction result = music::extract_corpora(roots, options);
  const music::CorpusReport& r = result.report;
  // A bad file among others is reported and skipped; input with nothing readable at all is bad input.
  if (r.total.files_read == 0) throw InputError(args.roots.front() + ": no MIDI files (*.mid, *.midi) found");
  const auto unreadable = r.total.rejections.find(std::string(music::rejection_name(music::Rejection::kUnreadable)));
  if (unreadable != r.total.rejections.end() && unreadable->second == r.total.files_read) {
    throw InputError(r.rejected.front().message +
                     (r.total.files_read > 1 ? " (and no other file was readable)" : std::string()));
  }
  music::write_window_dataset(result.dataset, out);

  if (args.json) {
    nlohmann::json doc = counts_json(r.total);
    doc["output"] = out.string();
    doc["manifest"] = music::manifest_path(out).string();
    doc["seconds"] = r.seconds;
    nlohmann::json corpora = nlohmann::json::object();
    for (const auto& [name, c] : r.corpora) corpora[name] = counts_json(c);
    doc["corpora"] = corpora;
    nlohmann::json unreadable = nlohmann::json::array();
    for (const music::RejectedFile& f : r.rejected) {
      if (f.reason == music::rejection_name(music::Rejection::kUnreadable)) {
        unreadable.push_back({{"file", f.file}, {"error", f.message}});
      }
    }
    doc["unreadable_files"] = unreadable;
    print_json(doc);
    return;
  }
  for (const auto& [name, c] : r.corpora) print_counts(name, c);
  if (r.corpora.size() > 1) print_counts("total", r.total);
  for (const music::RejectedFile& f : r.rejected) {
    if (!f.message.empty()) std::cout << "  unreadable: " << f.message << "\n";
  }
  std::cout << "wrote " << r.total.windows << " windows to " << out.string() << " and "
            << music::manifest_path(out).string() << " in " << r.seconds << " s\n";
}

}  // namespace

void add_extract_command(CLI::App& root) {
  auto args = std::make_shared<ExtractArgs>();
  auto* cmd = root.add_subcommand(
      "extract",
      "Extract 2-bar training melodies from MIDI corpora (Magenta MusicVAE pipeline: 16th-note grid, one\n"
      "monophonic line per instrument, split at rests of a bar, 4/4 only, 2-bar windows with a 1-bar hop,\n"
      "duplicates dropped) into a window file plus a JSON manifest (<output>.json)");
  cmd->add_option("corpus", args->roots, "Corpus directories (searched recursively for .mid) or MIDI files")
      ->required();
  cmd->add_option("-o,--output", args->output, "Window file to write (events as uint8 [N x 32])")->required();
  music::ExtractionOptions& x = args->options.extraction;
  cmd->add_option("--track", x.track_name, "Only tracks with this name (e.g. MELODY for POP909)");
  cmd->add_flag("--assume-4-4", x.assume_four_four,
                "Ignore time signatures and read every file as 4/4 from its first tick (for corpora whose\n"
                "time-signature events are placeholders, such as POP909's 1/4)");
  cmd->add_option("--gap-bars", x.gap_bars, "A rest of this many bars ends a melody")->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-bars", x.max_melody_bars, "Longer melodies are cut to this many bars before slicing")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_flag("--keep-duplicates", args->keep_duplicates, "Keep duplicate windows of a file (default: drop them)");
  cmd->add_flag("--dedupe-across-files", args->options.dedupe_across_files,
                "Also drop windows already kept from an earlier file");
  cmd->add_option("-j,--threads", args->options.n_threads, "Worker threads")->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_extract(*args); });
}

}  // namespace vec2midi::app
