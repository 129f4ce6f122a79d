// Test fixture: a TensorFlow.js folder of Keras MobileNetV2 variables (the stem and its first two blocks, named and
// shaped as the npm package nsfwjs ships them), each value telling which variable and element it is.
// Usage: fs::path dir = fixtures::tfjs_folder("name", fixtures::keras_two_blocks());
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vision::fixtures {

struct KerasWeight {
  std::string name;
  std::vector<int64_t> shape;
};

/// The Keras MobileNetV2 variables of the stem and the first two blocks (expanded_conv, block_1), as the npm
/// package nsfwjs names and shapes them.
inline std::vector<KerasWeight> keras_two_blocks() {
  std::vector<KerasWeight> w = {{"Conv1/kernel", {3, 3, 3, 32}}};
  const auto bn = [&w](const std::string& layer, int64_t c) {
    for (const char* v : {"gamma", "beta", "moving_mean", "moving_variance"}) w.push_back({layer + "/" + v, {c}});
  };
  bn("bn_Conv1", 32);
  w.push_back({"expanded_conv_depthwise/depthwise_kernel", {3, 3, 32, 1}});
  bn("expanded_conv_depthwise_BN", 32);
  w.push_back({"expanded_conv_project/kernel", {1, 1, 32, 16}});
  bn("expanded_conv_project_BN", 16);
  w.push_back({"block_1_expand/kernel", {1, 1, 16, 96}});
  bn("block_1_expand_BN", 96);
  w.push_back({"block_1_depthwise/depthwise_kernel", {3, 3, 96, 1}});
  bn("block_1_depthwise_BN", 96);
  w.push_back({"block_1_project/kernel", {1, 1, 96, 24}});
  bn("block_1_project_BN", 24);
  return w;
}

/// Variable k's element i holds k + i / 10^6: every value tells which variable and which element it came from.
inline float keras_value(size_t k, int64_t i) { return float(k) + float(i) * 1e-6f; }

/// Values a network can train from: BatchNorm scales and variances 1, shifts and means 0, kernels small and varied.
inline float plausible_value(const std::string& name, int64_t i) {
  if (name.ends_with("/gamma") || name.ends_with("/moving_variance")) return 1.0f;
  if (name.ends_with("/beta") || name.ends_with("/moving_mean")) return 0.0f;
  return 0.2f * std::sin(0.7f * float(i));
}

/// A tfjs folder (weights_manifest.json, one float32 shard) of `weights`, leaving out the one named `skip`; each
/// value keras_value() (which tells where it came from) or, with `plausible`, plausible_value().
inline std::filesystem::path tfjs_folder(const std::string& name, const std::vector<KerasWeight>& weights,
                                         const std::string& skip = "", bool plausible = false) {
  const std::filesystem::path dir = vec2midi::testing::temp_dir(name);
  nlohmann::json listed = nlohmann::json::array();
  std::string shard;
  for (size_t k = 0; k < weights.size(); ++k) {
    if (weights[k].name == skip) continue;
    int64_t n = 1;
    for (int64_t d : weights[k].shape) n *= d;
    for (int64_t i = 0; i < n; ++i) {
      const float v = plausible ? plausible_value(weights[k].name, i) : keras_value(k, i);
      shard.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    listed.push_back({{"name", weights[k].name}, {"shape", weights[k].shape}, {"dtype", "float32"}});
  }
  io::write_file_atomic(dir / "group1-shard1of1", shard);
  io::write_file_atomic(dir / "weights_manifest.json",
                        nlohmann::json::array({{{"paths", {"group1-shard1of1"}}, {"weights", listed}}}).dump());
  return dir;
}

}  // namespace vec2midi::vision::fixtures
