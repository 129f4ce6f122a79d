#include "compose/latent_sliders.hpp"

#include <cmath>
#include <map>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::compose {
namespace fs = std::filesystem;

std::string feature_display_name(const std::string& feature) {
  static const std::map<std::string, std::string> kNames = {
      {"n_notes", "note density"},      {"first_pitch", "first note"},      {"mean_pitch", "pitch height"},
      {"pitch_range", "pitch range"},   {"mean_duration", "note length"},   {"sounding_fraction", "legato"}};
  const auto it = kNames.find(feature);
  return it == kNames.end() ? feature : it->second;
}

std::vector<LatentSlider> name_sliders(const std::vector<int64_t>& dims, const std::vector<std::string>& features,
                                       const std::vector<double>& effects, const std::vector<double>& importances) {
  std::vector<LatentSlider> sliders;
  std::map<std::string, int> seen;
  for (size_t i = 0; i < dims.size(); ++i) {
    const std::string base = feature_display_name(features.at(i));
    const int n = ++seen[base];
    sliders.push_back({.dim = dims[i], .name = n == 1 ? base : base + " " + std::to_string(n), .feature = features.at(i),
                       .effect = effects.at(i), .importance = importances.at(i)});
  }
  return sliders;
}

fs::path sliders_path(const fs::path& model) {
  fs::path path = model;
  path.replace_extension(".sliders.json");
  return path;
}

nlohmann::json sliders_json(const std::vector<LatentSlider>& sliders) {
  nlohmann::json list = nlohmann::json::array();
  for (const LatentSlider& s : sliders) {
    list.push_back({{"dim", s.dim}, {"name", s.name}, {"feature", s.feature}, {"effect", s.effect},
                    {"importance", s.importance}, {"min", s.min}, {"max", s.max}});
  }
  return {{"sliders", list}};
}

std::vector<LatentSlider> read_latent_sliders(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::vector<LatentSlider> sliders;
  try {
    const nlohmann::json doc = nlohmann::json::parse(io::read_file(path, 1 << 20));
    for (const auto& j : doc.at("sliders")) {
      LatentSlider s;
      j.at("dim").get_to(s.dim);
      j.at("name").get_to(s.name);
      j.at("feature").get_to(s.feature);
      j.at("effect").get_to(s.effect);
      j.at("importance").get_to(s.importance);
      j.at("min").get_to(s.min);
      j.at("max").get_to(s.max);
      if (s.dim < 0 || !(s.min <= s.max)) throw InputError("slider " + s.name + ": bad dim or range");
      sliders.push_back(s);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": not a sliders file (" + e.what() + ")");
  } catch (const InputError& e) {
    throw InputError(path.string() + ": " + e.what());
  }
  return sliders;
}

void write_latent_sliders(const fs::path& path, const std::vector<LatentSlider>& sliders) {
  io::write_file_atomic(path, sliders_json(sliders).dump(1) + "\n");
}

Nudge parse_nudge(const std::string& text) {
  const auto bad = [&] {
    return InputError("nudge '" + text + "': expected DIM=VALUE, a latent dim and a value within ±" +
                      std::to_string(int(kMaxNudge)) + " (e.g. 74=1.5)");
  };
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) throw bad();
  Nudge n;
  try {
    size_t used = 0;
    const std::string dim = text.substr(0, eq), value = text.substr(eq + 1);
    if (dim.find_first_not_of("0123456789") != std::string::npos || dim.size() > 6) throw bad();
    n.dim = std::stoll(dim);
    n.value = std::stod(value, &used);
    if (used != value.size()) throw bad();
  } catch (const std::logic_error&) {
    throw bad();
  }
  if (!(std::abs(n.value) <= kMaxNudge)) throw bad();
  return n;
}

void apply_nudges(std::span<float> z, const std::vector<Nudge>& nudges) {
  for (size_t i = 0; i < nudges.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (nudges[j].dim == nudges[i].dim) {
        throw InputError("nudge " + std::to_string(nudges[i].dim) + "=…: that dim is nudged twice; give it one value");
      }
    }
  }
  for (const Nudge& n : nudges) {
    if (n.dim < 0 || n.dim >= int64_t(z.size())) {
      throw InputError("nudge " + std::to_string(n.dim) + "=…: the latent space has dims 0.." + std::to_string(z.size() - 1));
    }
    z[size_t(n.dim)] += float(n.value);
  }
}

}  // namespace vec2midi::compose
