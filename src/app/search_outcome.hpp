// What a search run leaves besides its folder: re-selection among its best candidates (by fresh losses or by
// validation, written next to the best-seen transition) and the summary printed at the end (JSON with --json).
// Usage: auto r = reselect_run(dir, f, run, args, validate, seed); print_report(args, budget, report, r);
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "app/search_args.hpp"
#include "search/reselection.hpp"
#include "search/search_run.hpp"

namespace vec2midi::app {

/// What re-selection chose, for the summary.
struct Reselected {
  int64_t index = 0;
  double search_loss = 0.0;
  std::string measure;  // e.g. "mean of 5 fresh evaluations 105.8 ± 2.9"
};

// Re-selects among the run's best candidates (by fresh losses, or by validation on the original scheme
// drawn from the data seed's validation stream, which no search's data and no test shares) and writes the
// winner next to the best-seen one.
Reselected reselect_run(const std::filesystem::path& dir, const search::ObjectiveFunction& objective,
                        const search::SearchRunOptions& run, const SearchArgs& args,
                        const search::ValidationFunction& validate, uint64_t validation_seed);

/// The run's summary on standard output: JSON with --json, else a few lines.
void print_report(const SearchArgs& args, int64_t budget, const search::SearchReport& report,
                  const std::optional<Reselected>& reselected);

}  // namespace vec2midi::app
