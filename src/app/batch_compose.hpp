// `compose --list FILE|DIR -o OUT` (issue 30): a large set of pictures composed into OUT, spread over the ranks when
// started by mpirun (each rank composes and writes the pictures rank 0 hands it, one at a time to whichever rank is
// free). Rank 0 appends one JSON line per picture to OUT/manifest.jsonl as each finishes (fsynced); a run that is
// interrupted and started again with the same settings (OUT/compose_settings.json) skips every picture the manifest
// holds as composed, on any number of ranks. A picture that cannot be composed gets a line with its "error" and the
// run goes on; it is tried again on the next start.
// Usage: run_batch_compose({.list = "photos/", .out_dir = "out"}, models, compose, output);
#pragma once

#include <filesystem>

#include "app/composition.hpp"
#include "app/composition_files.hpp"

namespace vec2midi::app {

struct BatchComposeOptions {
  std::filesystem::path list;     ///< a folder of pictures or a list file (app/batch_list.hpp)
  std::filesystem::path out_dir;  ///< OUT: the results, manifest.jsonl and compose_settings.json
  bool json = false;              ///< print the summary as one JSON document
  bool quiet = false;             ///< no progress line
};

/// Composes every picture of options.list not yet in OUT's manifest. Prints a summary on rank 0 (pictures, failures,
/// each rank's share and time per picture). Throws InputError for a bad list, settings that differ from OUT's, results
/// that would overwrite files of another run (unless output.force), and, after the summary, when pictures failed.
void run_batch_compose(const BatchComposeOptions& options, const ComposerModels& models, const ComposeOptions& compose,
                       const OutputOptions& output);

}  // namespace vec2midi::app
