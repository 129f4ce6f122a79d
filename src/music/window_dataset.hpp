// The melody-window dataset that `vec2midi extract` writes and VAE training reads: windows.bin holds
// the events (uint8, n_windows x n_steps) after a 24-byte header; windows.bin.json, the manifest, says
// where each window comes from (source file, corpus, start bar).
// Usage: write_window_dataset(data, "windows.bin");   WindowDataset d = read_window_dataset("windows.bin");
//        std::span<const uint8_t> w = d.window(0);      // d.n_steps events
//
// windows.bin layout (little-endian): "V2MWINDO" (8 bytes), uint32 version (1), uint32 n_steps,
// uint64 n_windows, then n_windows * n_steps event bytes, each < kNumMelodyEvents.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "music/constants.hpp"

namespace vec2midi::music {

inline constexpr char kWindowFileMagic[9] = "V2MWINDO";  ///< first 8 bytes of windows.bin
inline constexpr uint32_t kWindowFileVersion = 1;         ///< format version written and accepted
inline constexpr int64_t kWindowFileHeaderBytes = 24;     ///< magic + version + n_steps + n_windows
inline constexpr int64_t kMaxWindowSteps = 4096;          ///< longest window a file may declare

/// A file windows were cut from.
struct WindowSource {
  std::string file;    ///< path of the MIDI file as given to extract
  std::string corpus;  ///< corpus name: the name of the directory given to extract

  friend bool operator==(const WindowSource&, const WindowSource&) = default;
};

/// Melody windows with their provenance.
struct WindowDataset {
  int64_t n_steps = kWindowSteps;        ///< events per window
  std::vector<uint8_t> events;           ///< n_windows() * n_steps events, window after window
  std::vector<WindowSource> sources;     ///< distinct source files
  std::vector<int64_t> source_index;     ///< per window: index into `sources`
  std::vector<int64_t> start_bar;        ///< per window: bar of the source file where it begins

  int64_t n_windows() const { return n_steps > 0 ? static_cast<int64_t>(events.size()) / n_steps : 0; }
  /// The events of window `i` (0 <= i < n_windows()).
  std::span<const uint8_t> window(int64_t i) const {
    return {events.data() + i * n_steps, static_cast<size_t>(n_steps)};
  }
  /// Appends one window (events.size() must equal n_steps) from `source_index` at `bar`.
  void add(std::span<const uint8_t> window_events, int64_t source, int64_t bar);

  friend bool operator==(const WindowDataset&, const WindowDataset&) = default;
};

/// The manifest path for a dataset file: "<path>.json".
std::filesystem::path manifest_path(const std::filesystem::path& dataset_path);

/// Writes `path` and its manifest atomically. Throws InputError for an inconsistent dataset, Error on I/O.
void write_window_dataset(const WindowDataset& dataset, const std::filesystem::path& path);

/// Reads the events only (no manifest needed). Strict: bad magic, version, sizes or events throw
/// InputError naming the path.
WindowDataset read_window_events(const std::filesystem::path& path);

/// Reads the events and the manifest and checks that they agree. Throws InputError naming the path.
WindowDataset read_window_dataset(const std::filesystem::path& path);

}  // namespace vec2midi::music
