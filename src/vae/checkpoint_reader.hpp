// Reading Magenta checkpoints of any supported format through one interface: a deeplearn.js folder
// (manifest.json + raw float32 files), a tfjs folder (weights_manifest.json + shards) or a TensorFlow
// tensor bundle (*.index + *.data-*). open_checkpoint() tells them apart.
// Usage: auto reader = open_checkpoint(src); for (auto& v : reader->variables()) reader->read(v.name);
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/safetensors.hpp"
#include "vae/tensor_map.hpp"

namespace vec2midi::vae {

/// The on-disk layouts open_checkpoint() recognises.
enum class CheckpointFormat { DeepLearnJs, Tfjs, TfBundle };

/// "deeplearn.js", "tfjs", "tensorflow-bundle".
std::string_view format_name(CheckpointFormat format);

/// A checkpoint opened for reading: lists its variables and reads (and verifies) any one of them.
class CheckpointReader {
 public:
  virtual ~CheckpointReader() = default;
  /// Which layout this is.
  virtual CheckpointFormat format() const = 0;
  /// One line naming the source, e.g. "deeplearn.js folder /data/mel_2bar_small".
  virtual std::string description() const = 0;
  /// Every variable, in name order.
  virtual const std::vector<VariableInfo>& variables() const = 0;
  /// The values of variable `name`, verified (size, CRC where the format has one). Throws InputError
  /// naming the file and the variable.
  virtual io::StoredTensor read(const std::string& name) const = 0;
  /// Steps per sequence from the folder's converter.json / config.json, when it says.
  virtual std::optional<int64_t> sequence_length() const { return std::nullopt; }
};

/// Opens `src`: a folder holding manifest.json (deeplearn.js) or weights_manifest.json (tfjs), a
/// tensor-bundle prefix or its .index file, or a folder holding one bundle (or a `checkpoint` file
/// naming one). Throws InputError naming the path when it is none of these.
std::unique_ptr<CheckpointReader> open_checkpoint(const std::filesystem::path& src);

}  // namespace vec2midi::vae
