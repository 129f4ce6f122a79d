// The bytes a file writer would write, for writers that only write to files (libsmf): the writer is handed a
// private temporary path, the file is read back and removed, also when the writer throws.
// Usage: std::string midi = bytes_written_by(".mid", [&](const fs::path& p) { music::write_melody_midi(m, p); });
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace vec2midi::python {

/// Largest file read back (64 MiB, as music::kMaxMidiFileBytes).
inline constexpr std::uintmax_t kMaxTempFileBytes = std::uintmax_t(64) << 20;

/// Calls `write` with a fresh path in the temporary folder ending in `suffix` and returns what it wrote.
/// Throws Error if no temporary file can be made; whatever `write` throws passes on.
std::string bytes_written_by(const std::string& suffix, const std::function<void(const std::filesystem::path&)>& write);

}  // namespace vec2midi::python
