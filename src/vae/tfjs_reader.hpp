// Reader for TensorFlow.js weight folders (the layout of today's magenta.js checkpoints):
// weights_manifest.json is a list of groups {"paths": [shard files], "weights": [{"name", "shape",
// "dtype", "quantization"?}]}; a group's shards, concatenated, hold its weights back to back.
// Usage: TfjsReader r(dir); io::StoredTensor t = r.read("decoder/output_projection/bias");
#pragma once

#include <filesystem>

#include "vae/checkpoint_reader.hpp"

namespace vec2midi::vae {

/// A tfjs folder. float32, int32 and bool weights; uint8/uint16 affine and float16 quantization
/// are dequantized to float32 on read.
class TfjsReader final : public CheckpointReader {
 public:
  /// Parses `dir`/weights_manifest.json; throws InputError naming the manifest and the variable.
  explicit TfjsReader(std::filesystem::path dir);

  CheckpointFormat format() const override { return CheckpointFormat::Tfjs; }
  std::string description() const override;
  const std::vector<VariableInfo>& variables() const override { return variables_; }
  io::StoredTensor read(const std::string& name) const override;
  std::optional<int64_t> sequence_length() const override { return sequence_length_; }

 private:
  enum class Quantization { None, U8, U16, F16 };
  struct Weight {
    size_t group = 0;
    std::string dtype;           // "float32", "int32", "bool"
    Quantization quantization = Quantization::None;
    float scale = 1.0f;          // uint8/uint16: value = q * scale + min
    float min = 0.0f;
    int64_t offset = 0;          // in the group's concatenated shards
    int64_t size = 0;            // bytes on disk
  };
  struct Group {
    std::vector<std::filesystem::path> paths;
    int64_t size = 0;            // bytes all its weights need
  };

  std::string read_range(const Group& group, int64_t offset, int64_t size, const std::string& name) const;

  std::filesystem::path dir_;
  std::vector<VariableInfo> variables_;
  std::map<std::string, Weight> weights_;
  std::vector<Group> groups_;
  std::optional<int64_t> sequence_length_;
};

}  // namespace vec2midi::vae
