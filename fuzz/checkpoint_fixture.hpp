// For the checkpoint-reader harnesses: a private folder per process where the fuzz input becomes the
// manifest or index file, beside fixed small data files the manifests may name.
// Usage: static const auto dir = fuzz_folder(); write_input(dir / "manifest.json", data, size);
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace vec2midi::fuzz {

/// A fresh folder holding data files "a" (0 bytes), "b" (4), "c" (64), "d" (4,096), the tfjs shard
/// "group1-shard1of1" (4,096) and the bundle shard "model.data-00000-of-00001" (4,096), all zeros.
inline std::filesystem::path fuzz_folder() {
  const auto dir = std::filesystem::temp_directory_path() / ("vec2midi_fuzz_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto fill = [&](const std::string& name, size_t n) { std::ofstream(dir / name, std::ios::binary) << std::string(n, '\0'); };
  fill("a", 0);
  fill("b", 4);
  fill("c", 64);
  fill("d", 4096);
  fill("group1-shard1of1", 4096);
  fill("model.data-00000-of-00001", 4096);
  return dir;
}

/// Writes the fuzz input to `path`.
inline void write_input(const std::filesystem::path& path, const uint8_t* data, size_t size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
}

}  // namespace vec2midi::fuzz
