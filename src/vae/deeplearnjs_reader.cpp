#include "vae/deeplearnjs_reader.hpp"

#include <algorithm>
#include <fstream>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "vae/checkpoint_folder.hpp"

namespace vec2midi::vae {
namespace fs = std::filesystem;

DeepLearnJsReader::DeepLearnJsReader(fs::path dir) : dir_(std::move(dir)) {
  const fs::path manifest_path = dir_ / "manifest.json";
  const std::string where = manifest_path.string();
  const nlohmann::json manifest = read_manifest_json(manifest_path);
  if (!manifest.is_object()) throw InputError(where + ": expected a JSON object {variable: {filename, shape}}");
  for (const auto& [name, entry] : manifest.items()) {
    const std::string var_where = where + ": variable " + name;
    if (!entry.is_object() || !entry.contains("filename") || !entry["filename"].is_string() || !entry.contains("shape")) {
      throw InputError(var_where + ": expected {\"filename\": string, \"shape\": [...]}");
    }
    VariableInfo v;
    v.name = name;
    v.dtype = "float";
    v.shape = parse_shape(entry["shape"], sizeof(float), var_where);
    v.file = member_path(dir_, entry["filename"].get<std::string>(), var_where);
    std::error_code ec;
    v.present = fs::is_regular_file(v.file, ec);
    v.size = static_cast<int64_t>(sizeof(float));
    for (int64_t d : v.shape) v.size *= d;
    variables_.push_back(std::move(v));
  }
  std::sort(variables_.begin(), variables_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  sequence_length_ = folder_sequence_length(dir_);
}

std::string DeepLearnJsReader::description() const { return "deeplearn.js folder " + dir_.string(); }

io::StoredTensor DeepLearnJsReader::read(const std::string& name) const {
  const auto it = std::find_if(variables_.begin(), variables_.end(), [&](const auto& v) { return v.name == name; });
  if (it == variables_.end()) throw InputError((dir_ / "manifest.json").string() + ": no variable " + name);
  const VariableInfo& v = *it;
  const std::string where = v.file.string() + " (variable " + name + ")";
  std::error_code ec;
  if (!fs::is_regular_file(v.file, ec)) {
    throw InputError((dir_ / "manifest.json").string() + " names " + v.file.filename().string() + " for variable " + name +
                     ", but " + v.file.string() + " is absent");
  }
  const auto size = fs::file_size(v.file, ec);
  if (ec) throw InputError(where + ": cannot read: " + ec.message());
  if (size != static_cast<uintmax_t>(v.size)) {
    throw InputError(where + ": holds " + std::to_string(size) + " bytes but shape " + io::shape_string(v.shape) +
                     " of float32 needs " + std::to_string(v.size) + (size < static_cast<uintmax_t>(v.size) ? " (truncated?)" : ""));
  }
  io::StoredTensor t;
  t.dtype = io::DType::F32;
  t.shape = v.shape;
  t.bytes.resize(static_cast<size_t>(v.size));
  std::ifstream in(v.file, std::ios::binary);
  in.read(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
  if (!in) throw InputError(where + ": short read");
  return t;
}

}  // namespace vec2midi::vae
