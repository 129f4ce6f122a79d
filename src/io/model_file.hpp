// The one way to read a vec2midi model file — a safetensors file whose metadata says what it holds: the
// format check, metadata by key and tensors by name with their expected shape, each with one error text.
// Usage: const io::ModelFile f(path, {.format = "vec2midi.embedder", .name = "vec2midi embedder file"});
//        const std::string& json = f.metadata("embedder");  std::vector<float> w = f.floats("fc.weight", {9, 64});
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/safetensors.hpp"

namespace vec2midi::io {

/// "[2048, 90]" for {2048, 90}; "[]" for a scalar.
std::string shape_string(const std::vector<int64_t>& shape);

/// What a model file must say it is.
struct ModelKind {
  std::string format;       ///< the value of its metadata "format", e.g. "vec2midi.embedder"
  std::string name;         ///< what errors call it, e.g. "vec2midi embedder file"
  std::string how_to_make;  ///< appended to a format error when not empty, e.g. "make one with `vec2midi train-vae`"
};

/// A model file read and checked to be of its kind.
class ModelFile {
 public:
  /// Reads `path` (read_safetensors) and checks its format; throws InputError
  /// "<path>: not a <kind> (metadata "format" is "x", expected "y")" (or "is missing").
  ModelFile(const std::filesystem::path& path, ModelKind kind);
  /// The same check for a file already read; `where` names it in errors.
  ModelFile(Safetensors file, std::string where, ModelKind kind);

  /// The metadata value of `key`; throws InputError "<where>: <kind> without metadata "key"".
  const std::string& metadata(const std::string& key) const;
  /// The metadata value of `key`, or nullptr.
  const std::string* find_metadata(const std::string& key) const;
  /// The tensor called `name`, which must have `shape`; throws InputError
  /// "<where>: tensor <name> has shape [a, b], expected [c, d]" (or "<where>: no tensor <name>").
  const StoredTensor& tensor(const std::string& name, const std::vector<int64_t>& shape) const;
  /// tensor(name, shape) as float values, all finite; throws InputError naming a NaN or infinite value.
  std::vector<float> floats(const std::string& name, const std::vector<int64_t>& shape) const;

  const Safetensors& file() const { return file_; }
  const std::string& where() const { return where_; }
  const ModelKind& kind() const { return kind_; }

 private:
  Safetensors file_;
  std::string where_;
  ModelKind kind_;
};

}  // namespace vec2midi::io
