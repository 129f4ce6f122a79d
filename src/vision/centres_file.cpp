#include "vision/centres_file.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

ColourCentres read_centres_file(const std::filesystem::path& path, int64_t embedding_size, std::span<const float> fallback_std) {
  const std::string where = path.string();
  std::ifstream in(path);
  if (!in) throw InputError(where + ": cannot open the centres file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw InputError(where + ": not a JSON file");
  }
  if (!j.is_object() || !j.contains("classes") || !j.contains("centres") || !j["classes"].is_array() ||
      !j["centres"].is_array() || j["classes"].size() != j["centres"].size()) {
    throw InputError(where + ": needs \"classes\" and \"centres\" arrays of the same length");
  }
  const bool has_std = j.contains("std");
  if (has_std && (!j["std"].is_array() || j["std"].size() != j["centres"].size())) {
    throw InputError(where + ": \"std\" needs one row per class");
  }
  const size_t n_values = size_t(kNumClasses) * size_t(embedding_size);
  ColourCentres c{.embedding_size = embedding_size, .mean = std::vector<float>(n_values, NAN),
                  .std = std::vector<float>(n_values, 0.0f)};
  if (!has_std && fallback_std.size() == n_values) c.std.assign(fallback_std.begin(), fallback_std.end());
  const auto row = [&](const nlohmann::json& r, const std::string& what) {
    if (!r.is_array() || int64_t(r.size()) != embedding_size) {
      throw InputError(where + ": " + what + " has " + std::to_string(r.is_array() ? r.size() : 0) + " numbers, expected " +
                       std::to_string(embedding_size));
    }
    std::vector<float> v;
    for (const auto& x : r) {
      if (!x.is_number()) throw InputError(where + ": " + what + " holds something that is not a number");
      v.push_back(x.get<float>());
    }
    return v;
  };
  std::vector<bool> seen(kNumClasses, false);
  for (size_t i = 0; i < j["classes"].size(); ++i) {
    if (!j["classes"][i].is_string()) throw InputError(where + ": class names must be strings");
    const std::string name = j["classes"][i].get<std::string>();
    const auto label = find_class(name);
    if (!label) throw InputError(where + ": unknown colour class '" + name + "'");
    if (seen[size_t(*label)]) throw InputError(where + ": class '" + name + "' appears twice");
    seen[size_t(*label)] = true;
    const auto put = [&](std::vector<float>& table, const std::vector<float>& values) {
      std::copy(values.begin(), values.end(), table.begin() + std::ptrdiff_t(size_t(*label) * size_t(embedding_size)));
    };
    put(c.mean, row(j["centres"][i], "the centre of '" + name + "'"));
    if (has_std) put(c.std, row(j["std"][i], "the std of '" + name + "'"));
  }
  for (int k = 0; k < kNumClasses; ++k) {
    if (!seen[size_t(k)]) throw InputError(where + ": no centre for class '" + std::string(kClassNames[size_t(k)]) + "'");
  }
  return c;
}

}  // namespace vec2midi::vision
