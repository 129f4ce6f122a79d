// Helpers shared by the folder checkpoint formats (deeplearn.js, tfjs): reading a JSON manifest,
// validating a shape and a member file name, and the sequence length a folder's converter declares.
// Usage: auto j = read_manifest_json(dir / "manifest.json"); auto shape = parse_shape(j["shape"], where);
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vec2midi::vae {

/// Largest manifest accepted (the real ones are a few kB).
inline constexpr std::uintmax_t kMaxManifestBytes = 16u << 20;
/// Largest single tensor a folder checkpoint may declare (16 GiB: far above any MusicVAE).
inline constexpr int64_t kMaxTensorBytes = int64_t(1) << 34;

/// Parses the JSON file `path`; throws InputError naming it when missing, too large or not JSON.
nlohmann::json read_manifest_json(const std::filesystem::path& path);

/// A shape from a JSON array of non-negative integers whose byte size (x `element_size`) stays
/// within kMaxTensorBytes; throws InputError starting with `where`.
std::vector<int64_t> parse_shape(const nlohmann::json& value, int64_t element_size, const std::string& where);

/// `dir / name` when `name` is a plain file name (no directory part, not "." or ".."), so that a
/// manifest cannot point outside its folder; throws InputError starting with `where` otherwise.
std::filesystem::path member_path(const std::filesystem::path& dir, const std::string& name, const std::string& where);

/// numSteps from `dir`/converter.json (deeplearn.js: {"args": {"numSteps": 32}}) or `dir`/config.json
/// (magenta.js: {"dataConverter": {"args": {"numSteps": 32}}}); nullopt if neither says.
std::optional<int64_t> folder_sequence_length(const std::filesystem::path& dir);

}  // namespace vec2midi::vae
