// What a checkpoint holds, independent of its format: each variable's name, dtype, shape and place
// on disk (VariableInfo), shapes by name (ShapeMap, all that architecture inference needs) and
// loaded tensors by name (TensorMap). Usage: ShapeMap shapes = shapes_of(reader.variables());
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/safetensors.hpp"

namespace vec2midi::vae {

/// Variable shapes by name.
using ShapeMap = std::map<std::string, std::vector<int64_t>>;
/// Loaded tensors by name.
using TensorMap = std::map<std::string, io::StoredTensor>;

/// One variable listed by a checkpoint, without its values.
struct VariableInfo {
  std::string name;               ///< name as stored in the checkpoint
  std::string dtype = "float";    ///< TensorFlow's name for the type: "float", "int64", "string", ...
  std::vector<int64_t> shape;     ///< dimensions, outermost first ([] for a scalar)
  std::filesystem::path file;     ///< the file holding its values (data shard, raw file or tfjs shard)
  int64_t offset = 0;             ///< byte offset of the values in `file` (tfjs: in its weight group)
  int64_t size = 0;               ///< bytes on disk
  int32_t shard = 0;              ///< data shard index (TF tensor bundles; 0 elsewhere)
  uint32_t masked_crc32c = 0;     ///< stored masked CRC32C (TF tensor bundles; 0 elsewhere)
  bool present = true;            ///< false when the format lists the variable but its file is absent
                                  ///< (a deeplearn.js manifest entry without its file: the variable is missing)
};

/// Shapes of the present variables (VariableInfo::present) by name.
ShapeMap shapes_of(const std::vector<VariableInfo>& variables);

}  // namespace vec2midi::vae
