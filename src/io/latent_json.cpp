#include "io/latent_json.hpp"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::io {

std::vector<float> parse_latent_json(std::string_view text, int64_t z_size, const std::string& name) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw InputError(name + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array() || doc["items"].empty()) {
    throw InputError(name + ": expected {\"items\": [{\"z\": [...]}, ...]} with at least one item");
  }
  const auto& items = doc["items"];
  std::vector<float> values;
  values.reserve(items.size() * static_cast<size_t>(z_size));
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = name + ": items[" + std::to_string(i) + "].z";
    if (!items[i].is_object() || !items[i].contains("z") || !items[i]["z"].is_array()) {
      throw InputError(where + " is missing or not an array");
    }
    const auto& z = items[i]["z"];
    if (static_cast<int64_t>(z.size()) != z_size) {
      throw InputError(where + " has " + std::to_string(z.size()) + " values; the model's latent size is " +
                       std::to_string(z_size));
    }
    for (const auto& x : z) {
      if (!x.is_number()) throw InputError(where + " holds a non-number: " + x.dump());
      const double v = x.get<double>();
      if (!(std::abs(v) <= std::numeric_limits<float>::max())) throw InputError(where + " holds " + x.dump() + ", beyond float range");
      values.push_back(static_cast<float>(v));
    }
  }
  return values;
}

}  // namespace vec2midi::io
