// Melody windows from whole MIDI corpora (directories of .mid files), on a few threads, with counts of
// what was read, rejected (and why) and kept; a bad file is counted and skipped, never fatal.
// Usage: CorpusExtraction r = extract_corpora({"../shared/data/melodies/pop909"}, {.extraction = {.track_name = "MELODY"}});
//        write_window_dataset(r.dataset, "windows.bin");  std::cout << r.report.windows;
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "music/melody_extraction.hpp"
#include "music/window_dataset.hpp"

namespace vec2midi::music {

/// Options of extract_corpora.
struct CorpusExtractionOptions {
  ExtractionOptions extraction;       ///< per-file melody extraction (Magenta's defaults)
  int n_threads = 2;                  ///< worker threads reading and extracting files
  bool dedupe_across_files = false;   ///< also drop windows already kept from an earlier file
                                      ///< (Magenta dedupes within a file only)
  bool progress = true;               ///< draw a progress line with ETA on stderr (for more than one file)
};

/// A file that gave no windows, and why.
struct RejectedFile {
  std::string file;       ///< path as found
  std::string reason;     ///< rejection_name(): unreadable, track_missing, not_4_4, no_melody
  std::string message;    ///< the error message for unreadable files, else empty
};

/// Counts for one corpus (or all of them).
struct CorpusCounts {
  int64_t files_read = 0;                       ///< MIDI files examined
  int64_t files_rejected = 0;                   ///< files that gave no window
  std::map<std::string, int64_t> rejections;    ///< rejected files by reason
  int64_t melodies = 0;                         ///< melodies extracted before slicing
  int64_t windows = 0;                          ///< windows kept
  int64_t duplicates = 0;                       ///< windows dropped as duplicates
};

/// What extract_corpora did.
struct CorpusReport {
  CorpusCounts total;                            ///< over all corpora
  std::map<std::string, CorpusCounts> corpora;   ///< by corpus name
  std::vector<RejectedFile> rejected;            ///< every rejected file, in file order
  double seconds = 0.0;                          ///< wall-clock time of the extraction
};

/// Windows and report of an extraction.
struct CorpusExtraction {
  WindowDataset dataset;   ///< windows in corpus, file and time order
  CorpusReport report;     ///< counts
};

/// The MIDI files (*.mid, *.midi, any case) under `root` (recursively, sorted), or `root` itself if it
/// is a file. Throws InputError if `root` does not exist.
std::vector<std::filesystem::path> list_midi_files(const std::filesystem::path& root);

/// The corpus name of a root given to extract: its last path component ("pop909").
std::string corpus_name(const std::filesystem::path& root);

/// Extracts windows from every MIDI file under each root. Unreadable files are counted and listed in
/// the report. The result does not depend on n_threads. Throws InputError if a root does not exist.
CorpusExtraction extract_corpora(const std::vector<std::filesystem::path>& roots, const CorpusExtractionOptions& options);

}  // namespace vec2midi::music
