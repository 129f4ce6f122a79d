#include "vision/folder_dataset.hpp"

#include <algorithm>
#include <cmath>

#include "io/error.hpp"
#include "io/random.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::vision {

namespace fs = std::filesystem;

std::vector<LabelledImage> scan_folder_dataset(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": not a directory (expected one sub-folder per colour class)");
  std::vector<LabelledImage> items;
  bool any_class = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory()) continue;
    const auto label = find_class(entry.path().filename().string());
    if (!label) continue;
    any_class = true;
    for (const auto& file : fs::directory_iterator(entry.path())) {
      if (!file.is_regular_file() || !has_image_extension(file.path())) continue;
      items.push_back({file.path(), *label, entry.path().filename().string() + "/" + file.path().filename().string()});
    }
  }
  if (ec) throw InputError(dir.string() + ": cannot list: " + ec.message());
  if (!any_class) {
    throw InputError(dir.string() + ": no colour-class sub-folder (expected black, blue, green, grey, orange, purple, red, white, yellow)");
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return items;
}

HoldoutSplit split_holdout(const std::vector<LabelledImage>& items, double fraction, uint64_t seed) {
  if (!(fraction >= 0 && fraction < 1)) throw InputError("held-out fraction must be in [0, 1): " + std::to_string(fraction));
  HoldoutSplit split;
  io::Rng rng(seed);
  for (int c = 0; c < kNumClasses; ++c) {
    std::vector<LabelledImage> cls;
    for (const auto& item : items) {
      if (item.label == c) cls.push_back(item);
    }
    std::sort(cls.begin(), cls.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    io::shuffle(cls, rng);
    auto n_held = int64_t(std::lround(fraction * double(cls.size())));
    if (fraction > 0 && cls.size() >= 2) n_held = std::max<int64_t>(n_held, 1);
    for (size_t i = 0; i < cls.size(); ++i) (int64_t(i) < n_held ? split.held_out : split.train).push_back(cls[i]);
  }
  auto by_key = [](const auto& a, const auto& b) { return a.key < b.key; };
  std::sort(split.train.begin(), split.train.end(), by_key);
  std::sort(split.held_out.begin(), split.held_out.end(), by_key);
  return split;
}

std::vector<int64_t> count_per_class(const std::vector<LabelledImage>& items) {
  std::vector<int64_t> counts(kNumClasses, 0);
  for (const auto& item : items) ++counts[size_t(item.label)];
  return counts;
}

}  // namespace vec2midi::vision
