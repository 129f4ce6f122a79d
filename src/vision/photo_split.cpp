#include "vision/photo_split.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/random.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

namespace fs = std::filesystem;

namespace {

constexpr char kFormat[] = "vec2midi.photo-split";
constexpr SplitPart kParts[] = {SplitPart::train, SplitPart::validation, SplitPart::test};

/// round(share·n), at least one when the share is positive and the class has three or more images.
int64_t part_count(double share, size_t n) {
  auto k = int64_t(std::lround(share * double(n)));
  if (share > 0 && n >= 3) k = std::max<int64_t>(k, 1);
  return k;
}

void validate(const PhotoSplitOptions& o) {
  for (const double share : {o.validation, o.test}) {
    if (!(share >= 0 && share < 1)) throw InputError("split: a share must be in [0, 1), got " + std::to_string(share));
  }
  if (!(o.validation + o.test < 1)) throw InputError("split: validation + test must leave images for training");
}

}  // namespace

std::string_view part_name(SplitPart part) {
  switch (part) {
    case SplitPart::train: return "train";
    case SplitPart::validation: return "validation";
    case SplitPart::test: return "test";
  }
  return "?";
}

std::optional<SplitPart> find_part(std::string_view name) {
  for (const SplitPart part : kParts) {
    if (part_name(part) == name) return part;
  }
  return std::nullopt;
}

PhotoSplit make_photo_split(const fs::path& root, const std::vector<std::string>& sources, const PhotoSplitOptions& options) {
  validate(options);
  if (sources.empty()) throw InputError("split: no source folder");
  PhotoSplit split{.options = options, .sources = {}};
  io::Rng rng(options.seed);
  for (const std::string& source : sources) {
    if (split.sources.contains(source)) throw InputError("split: source '" + source + "' named twice");
    const auto items = scan_folder_dataset(root / source);  // sorted by key
    auto& parts = split.sources[source];
    for (int c = 0; c < kNumClasses; ++c) {
      std::vector<std::string> keys;
      for (const auto& item : items) {
        if (item.label == c) keys.push_back(item.key);
      }
      io::shuffle(keys, rng);
      const int64_t n_test = part_count(options.test, keys.size());
      const int64_t n_validation = part_count(options.validation, keys.size());
      for (size_t i = 0; i < keys.size(); ++i) {
        const auto at = int64_t(i);
        parts[keys[i]] = at < n_test ? SplitPart::test : at < n_test + n_validation ? SplitPart::validation : SplitPart::train;
      }
    }
  }
  return split;
}

void write_photo_split(const fs::path& path, const PhotoSplit& split) {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["seed"] = split.options.seed;
  j["validation"] = split.options.validation;
  j["test"] = split.options.test;
  j["sources"] = nlohmann::ordered_json::object();
  for (const auto& [source, keys] : split.sources) {
    auto& s = j["sources"][source];
    for (const SplitPart part : kParts) s[std::string(part_name(part))] = nlohmann::ordered_json::array();
    for (const auto& [key, part] : keys) s[std::string(part_name(part))].push_back(key);  // map order: sorted keys
  }
  io::write_file_atomic(path, j.dump(1) + "\n");
}

PhotoSplit read_photo_split(const fs::path& path) {
  const std::string where = path.string();
  std::ifstream in(path);
  if (!in) throw InputError(where + ": cannot open the split file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw InputError(where + ": not a JSON file");
  }
  if (!j.is_object() || j.value("format", "") != kFormat) throw InputError(where + ": not a photo split (format " + kFormat + ")");
  PhotoSplit split;
  try {
    split.options = {.validation = j.at("validation").get<double>(), .test = j.at("test").get<double>(),
                     .seed = j.at("seed").get<uint64_t>()};
    for (const auto& [source, parts] : j.at("sources").items()) {
      auto& keys = split.sources[source];
      for (const SplitPart part : kParts) {
        for (const auto& key : parts.at(std::string(part_name(part)))) {
          const auto name = key.get<std::string>();
          if (!keys.emplace(name, part).second) throw InputError(where + ": '" + source + "/" + name + "' is in two parts");
          if (!find_class(fs::path(name).parent_path().string())) {
            throw InputError(where + ": '" + source + "/" + name + "' is not in a colour-class folder");
          }
        }
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": malformed split file (" + std::string(e.what()) + ")");
  }
  if (split.sources.empty()) throw InputError(where + ": the split has no source");
  return split;
}

std::vector<SplitImage> split_items(const PhotoSplit& split, const fs::path& root, SplitPart part, const std::string& source) {
  if (!source.empty() && !split.sources.contains(source)) throw InputError("the split has no source '" + source + "'");
  std::vector<SplitImage> items;
  for (const auto& [name, keys] : split.sources) {
    if (!source.empty() && name != source) continue;
    for (const auto& [key, p] : keys) {
      if (p != part) continue;
      const fs::path path = root / name / key;
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) throw InputError(path.string() + ": in the split but not found (wrong photo root?)");
      items.push_back({{path, *find_class(fs::path(key).parent_path().string()), key}, name});
    }
  }
  return items;
}

std::vector<SplitImage> named_part_items(const PhotoSplit& split, const fs::path& split_file, const fs::path& root,
                                         std::string_view part) {
  const auto chosen = find_part(part);
  if (!chosen) throw InputError("--part must be train, validation or test, not '" + std::string(part) + "'");
  auto items = split_items(split, root, *chosen);
  if (items.empty()) throw InputError(split_file.string() + ": its " + std::string(part) + " part is empty");
  return items;
}

std::vector<LabelledImage> images_of(const std::vector<SplitImage>& items) {
  std::vector<LabelledImage> images;
  images.reserve(items.size());
  for (const auto& item : items) images.push_back(item.image);
  return images;
}

std::map<SplitPart, int64_t> part_sizes(const PhotoSplit& split, const std::string& source) {
  std::map<SplitPart, int64_t> sizes{{SplitPart::train, 0}, {SplitPart::validation, 0}, {SplitPart::test, 0}};
  const auto it = split.sources.find(source);
  if (it == split.sources.end()) return sizes;
  for (const auto& [key, part] : it->second) ++sizes[part];
  return sizes;
}

}  // namespace vec2midi::vision
