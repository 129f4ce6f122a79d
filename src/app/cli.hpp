// Helpers shared by the subcommands: the --json flag, JSON printing, default model paths, and
// run_cli(), which turns exceptions into one error line and an exit code.
// Usage (in a subcommand file): add_json_flag(*cmd, args->json); ... print_json(doc);
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace vec2midi::app {

/// Exit codes: 0 success, 1 internal failure, 2 bad usage or bad input.
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

/// Adds `--json` (print one machine-readable JSON document on stdout instead of text).
void add_json_flag(CLI::App& cmd, bool& json);

/// Prints `doc` as one JSON document on stdout.
void print_json(const nlohmann::json& doc);

/// The shipped model file `file_name` in models/ (searched beside the executable, in the source
/// tree it was built from, and in $VEC2MIDI_MODELS). Returns the first existing candidate, or the
/// preferred location if none exists, so that a later "no such file" names a sensible path.
std::filesystem::path default_model_path(std::string_view file_name);

/// Parses and runs `app`; returns the process exit code. Errors become one line on stderr.
int run_cli(CLI::App& app, int argc, char** argv);

}  // namespace vec2midi::app
