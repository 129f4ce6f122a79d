#include "io/model_file.hpp"

#include <cmath>
#include <utility>

#include "io/error.hpp"

namespace vec2midi::io {

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

ModelFile::ModelFile(const std::filesystem::path& path, ModelKind kind)
    : ModelFile(read_safetensors(path), path.string(), std::move(kind)) {}

ModelFile::ModelFile(Safetensors file, std::string where, ModelKind kind)
    : file_(std::move(file)), where_(std::move(where)), kind_(std::move(kind)) {
  const std::string* format = find_metadata("format");
  if (format == nullptr || *format != kind_.format) {
    throw InputError(where_ + ": not a " + kind_.name + " (metadata \"format\" is " +
                     (format == nullptr ? std::string("missing") : "\"" + *format + "\"") + ", expected \"" +
                     kind_.format + "\")" + (kind_.how_to_make.empty() ? "" : "; " + kind_.how_to_make));
  }
}

const std::string* ModelFile::find_metadata(const std::string& key) const {
  const auto it = file_.metadata.find(key);
  return it == file_.metadata.end() ? nullptr : &it->second;
}

const std::string& ModelFile::metadata(const std::string& key) const {
  const std::string* value = find_metadata(key);
  if (value == nullptr) throw InputError(where_ + ": " + kind_.name + " without metadata \"" + key + "\"");
  return *value;
}

const StoredTensor& ModelFile::tensor(const std::string& name, const std::vector<int64_t>& shape) const {
  const StoredTensor& t = file_.at(name, where_);
  if (t.shape != shape) {
    throw InputError(where_ + ": tensor " + name + " has shape " + shape_string(t.shape) + ", expected " +
                     shape_string(shape));
  }
  return t;
}

std::vector<float> ModelFile::floats(const std::string& name, const std::vector<int64_t>& shape) const {
  std::vector<float> values;
  try {
    values = tensor(name, shape).to_float();
  } catch (const InputError& e) {
    const std::string what = e.what();
    if (what.rfind(where_, 0) == 0) throw;
    throw InputError(where_ + ": tensor " + name + ": " + what);
  }
  for (const float x : values) {
    if (!std::isfinite(x)) throw InputError(where_ + ": tensor " + name + " holds NaN or infinite values");
  }
  return values;
}

}  // namespace vec2midi::io
