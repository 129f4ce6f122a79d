// Reader for TensorFlow tensor-bundle checkpoints (Magenta's Python checkpoints, e.g.
// cat-mel_2bar_big.ckpt.index + .data-00000-of-00001). The index is a LevelDB table read with
// LevelDB's own table reader; its values are BundleEntryProto messages parsed with protobuf.
// Usage: TfBundleReader r("ckpt/model.ckpt"); for (auto& v : r.variables()) ...; r.read("encoder/mu/bias");
#pragma once

#include <filesystem>
#include <map>

#include "vae/checkpoint_reader.hpp"

namespace vec2midi::vae {

/// Largest index file accepted (real ones are kilobytes; the data shards may be gigabytes).
inline constexpr std::uintmax_t kMaxBundleIndexBytes = 256u << 20;

/// A tensor bundle. The index alone is enough to list variables; read() needs the data shards
/// and verifies each tensor's masked CRC32C.
class TfBundleReader final : public CheckpointReader {
 public:
  /// Opens `prefix`.index (prefix = the path without ".index"); throws InputError naming the index.
  explicit TfBundleReader(std::filesystem::path prefix);

  CheckpointFormat format() const override { return CheckpointFormat::TfBundle; }
  std::string description() const override;
  const std::vector<VariableInfo>& variables() const override { return variables_; }
  io::StoredTensor read(const std::string& name) const override;

  /// Number of data shards the header declares.
  int32_t num_shards() const { return num_shards_; }
  /// `prefix`.data-0000S-of-0000N.
  std::filesystem::path data_file(int32_t shard) const;
  /// The index file.
  std::filesystem::path index_file() const;

 private:
  std::filesystem::path prefix_;
  int32_t num_shards_ = 1;
  std::vector<VariableInfo> variables_;
  std::map<std::string, int> dtypes_;  // TensorFlow DataType number by variable name
};

/// TensorFlow's name of DataType number `dtype` ("float", "int64", ...; "dtype_N" if unknown).
std::string tf_dtype_name(int dtype);

}  // namespace vec2midi::vae
