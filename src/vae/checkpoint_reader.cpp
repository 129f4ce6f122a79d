#include "vae/checkpoint_reader.hpp"

#include <algorithm>
#include <fstream>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "vae/deeplearnjs_reader.hpp"
#include "vae/tf_bundle_reader.hpp"
#include "vae/tfjs_reader.hpp"

namespace vec2midi::vae {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kIndexSuffix = ".index";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// model_checkpoint_path from a TF `checkpoint` state file (text proto), relative to `dir`.
std::optional<fs::path> checkpoint_state_prefix(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "checkpoint", ec)) return std::nullopt;
  const std::string text = io::read_file(dir / "checkpoint", 1u << 20);
  const std::string key = "model_checkpoint_path:";
  const auto pos = text.find(key);
  if (pos == std::string::npos) return std::nullopt;
  const auto open = text.find('"', pos + key.size());
  const auto close = open == std::string::npos ? open : text.find('"', open + 1);
  if (close == std::string::npos) return std::nullopt;
  const fs::path p = text.substr(open + 1, close - open - 1);
  return p.is_absolute() ? p : dir / p;
}

fs::path bundle_prefix_in_folder(const fs::path& dir) {
  std::error_code ec;
  if (const auto prefix = checkpoint_state_prefix(dir)) {
    if (fs::is_regular_file(prefix->string() + std::string(kIndexSuffix), ec)) return *prefix;
  }
  std::vector<fs::path> indexes;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().string();
    if (entry.is_regular_file(ec) && ends_with(name, kIndexSuffix)) indexes.push_back(entry.path());
  }
  if (indexes.empty()) {
    throw InputError(dir.string() + ": not a checkpoint folder (no manifest.json, weights_manifest.json, *.index)");
  }
  if (indexes.size() > 1) {
    std::sort(indexes.begin(), indexes.end());
    std::string names;
    for (const auto& p : indexes) names += " " + p.filename().string();
    throw InputError(dir.string() + ": holds several checkpoints (" + names.substr(1) + "); name one's .index file");
  }
  const std::string index = indexes.front().string();
  return fs::path(index.substr(0, index.size() - kIndexSuffix.size()));
}

}  // namespace

std::string_view format_name(CheckpointFormat format) {
  switch (format) {
    case CheckpointFormat::DeepLearnJs: return "deeplearn.js";
    case CheckpointFormat::Tfjs: return "tfjs";
    case CheckpointFormat::TfBundle: return "tensorflow-bundle";
  }
  return "?";
}

std::unique_ptr<CheckpointReader> open_checkpoint(const fs::path& src) {
  std::error_code ec;
  if (fs::is_directory(src, ec)) {
    if (fs::is_regular_file(src / "manifest.json", ec)) return std::make_unique<DeepLearnJsReader>(src);
    if (fs::is_regular_file(src / "weights_manifest.json", ec)) return std::make_unique<TfjsReader>(src);
    return std::make_unique<TfBundleReader>(bundle_prefix_in_folder(src));
  }
  const std::string s = src.string();
  if (ends_with(s, kIndexSuffix) && fs::is_regular_file(src, ec)) {
    return std::make_unique<TfBundleReader>(fs::path(s.substr(0, s.size() - kIndexSuffix.size())));
  }
  if (fs::is_regular_file(s + std::string(kIndexSuffix), ec)) return std::make_unique<TfBundleReader>(src);
  if (!fs::exists(src, ec)) throw InputError(s + ": no such file or folder");
  throw InputError(s + ": not a checkpoint (expected a deeplearn.js or tfjs folder, or a TensorFlow *.index)");
}

}  // namespace vec2midi::vae
