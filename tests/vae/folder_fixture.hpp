// Test fixture: checkpoint folders made from ../shared's deeplearn.js mel_2bar_small in a temp dir:
// a writable copy (to corrupt), and a tfjs folder (weights_manifest.json + shards) built by hand
// from the tfjs format description. Usage: fs::path dir = tfjs_from_mel_2bar_small("x", 1'000'003);
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vae::testing {

inline const std::string kSharedSmall = "data/magenta/mel_2bar_small";

/// A writable copy of the shared deeplearn.js folder.
inline std::filesystem::path copy_mel_2bar_small(const std::string& name) {
  const std::filesystem::path dir = vec2midi::testing::temp_dir(name);
  for (const auto& e : std::filesystem::directory_iterator(vec2midi::testing::shared_path(kSharedSmall))) {
    std::filesystem::copy_file(e.path(), dir / e.path().filename());
    std::filesystem::permissions(dir / e.path().filename(), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
  }
  return dir;
}

/// A tfjs folder holding the shared folder's variables whose files exist, in manifest (name) order,
/// as one weight group cut into shards of `shard_bytes`.
inline std::filesystem::path tfjs_from_mel_2bar_small(const std::string& name, size_t shard_bytes) {
  namespace fs = std::filesystem;
  const fs::path dir = vec2midi::testing::temp_dir(name);
  const fs::path src = vec2midi::testing::shared_path(kSharedSmall);
  const nlohmann::json manifest = vec2midi::testing::shared_json(kSharedSmall + "/manifest.json");
  nlohmann::json weights = nlohmann::json::array();
  std::string all;
  for (const auto& [var, entry] : manifest.items()) {
    const fs::path file = src / entry["filename"].get<std::string>();
    if (!fs::exists(file)) continue;
    weights.push_back({{"name", var}, {"shape", entry["shape"]}, {"dtype", "float32"}});
    all += io::read_file(file);
  }
  nlohmann::json paths = nlohmann::json::array();
  const size_t n_shards = (all.size() + shard_bytes - 1) / shard_bytes;
  for (size_t i = 0; i < n_shards; ++i) {
    const std::string file = "group1-shard" + std::to_string(i + 1) + "of" + std::to_string(n_shards) + ".bin";
    io::write_file_atomic(dir / file, all.substr(i * shard_bytes, shard_bytes));
    paths.push_back(file);
  }
  io::write_file_atomic(dir / "weights_manifest.json",
                        nlohmann::json::array({{{"paths", paths}, {"weights", weights}}}).dump());
  return dir;
}

}  // namespace vec2midi::vae::testing
