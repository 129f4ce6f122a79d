// Test access to ../shared (weights, MIDI corpora, photos, golden files) and to the built binary.
// Usage: auto path = shared_path("golden/melody_distance_examples.json");  // fails loudly if absent
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace vec2midi::testing {

/// The shared folder: $VEC2MIDI_SHARED, else ../shared beside the source tree (fixed at configure time).
std::filesystem::path shared_dir();

/// A path inside the shared folder; the test fails with a clear message (throws) if it is missing.
std::filesystem::path shared_path(const std::string& relative);

/// Reads a JSON file inside the shared folder.
nlohmann::json shared_json(const std::string& relative);

/// A path inside the project's tests/data (small fixtures that live in the repository).
std::filesystem::path test_data_path(const std::string& relative);

/// A path inside the project's source tree (e.g. "examples").
std::filesystem::path project_path(const std::string& relative);

/// A fresh empty temporary directory, removed when the test binary exits.
std::filesystem::path temp_dir(const std::string& name);

/// The vec2midi binary of this build folder ($VEC2MIDI_BIN overrides it).
std::filesystem::path vec2midi_binary();

/// Result of running a command through the shell.
struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs `args` (shell-quoted by the caller) with the vec2midi binary and captures its output.
CommandResult run_vec2midi(const std::string& args);

}  // namespace vec2midi::testing
