#include "vision/training_record.hpp"

namespace vec2midi::vision {

namespace fs = std::filesystem;

std::set<std::string> held_out_keys(const nlohmann::json& training, const fs::path& dir) {
  const auto data = training.value("data", nlohmann::json::array());
  std::set<std::string> keys, same_dir_keys;
  const std::string wanted = fs::absolute(dir).lexically_normal().string();
  for (const auto& entry : data) {
    for (const auto& key : entry.value("held_out", nlohmann::json::array())) {
      keys.insert(key.get<std::string>());
      if (entry.value("dir", "") == wanted) same_dir_keys.insert(key.get<std::string>());
    }
  }
  return same_dir_keys.empty() ? keys : same_dir_keys;
}

}  // namespace vec2midi::vision
