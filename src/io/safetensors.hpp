// Reading and writing safetensors files: an 8-byte little-endian header length N, N bytes of JSON
// ({name: {"dtype", "shape", "data_offsets"}, "__metadata__": {string: string}}), then raw tensors.
// Usage: auto st = read_safetensors("vae.safetensors"); auto w = st.tensors.at("encoder/mu/kernel").to_float();
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vec2midi::io {

/// Element types of a safetensors tensor (the names in the JSON header are "F32", "F16", ...).
enum class DType { F32, F16, BF16, F64, I64, I32, U8 };

/// Bytes per element of `dtype`.
int64_t element_size(DType dtype);
/// The header name of `dtype` ("F32", "BF16", ...).
std::string_view dtype_name(DType dtype);
/// Parses a header name ("F32", ...); throws InputError naming `name` if it is not one of ours.
DType parse_dtype(std::string_view name);

/// One tensor of a safetensors file.
struct StoredTensor {
  DType dtype = DType::F32;     ///< element type
  std::vector<int64_t> shape;   ///< dimensions, outermost first ([] for a scalar)
  std::string bytes;            ///< raw little-endian data, size = numel * element size

  /// Product of the dimensions (1 for a scalar).
  int64_t numel() const;
  /// The values as float (F32/F16/BF16/F64); throws InputError for integer dtypes.
  std::vector<float> to_float() const;
  /// A tensor of `dtype` (F32/F16/BF16/F64) holding `values` (rounded to nearest even); throws Error if
  /// the count does not match the shape or the dtype is an integer type.
  static StoredTensor from_float(std::vector<int64_t> shape, std::span<const float> values,
                                 DType dtype = DType::F32);
};

/// A whole safetensors file: metadata and tensors by name.
struct Safetensors {
  std::map<std::string, std::string> metadata;     ///< "__metadata__" (string -> string)
  std::map<std::string, StoredTensor> tensors;     ///< tensors by name

  /// The tensor called `name`; throws InputError ("<source>: no tensor <name>") if absent.
  const StoredTensor& at(const std::string& name, const std::string& source = "safetensors") const;
};

/// Largest JSON header accepted (the reference implementation's limit, 100 MB).
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

/// Reads and strictly validates a safetensors file; throws InputError naming `path` and the problem.
Safetensors read_safetensors(const std::filesystem::path& path);
/// Parses a whole safetensors file held in memory; `name` is used in error messages (for fuzzing).
Safetensors parse_safetensors(std::string_view bytes, const std::string& name);
/// Serialises `st` (tensors contiguous in name order, header padded to 8 bytes).
std::string serialize_safetensors(const Safetensors& st);
/// Writes `st` to `path` atomically (io::AtomicFile); throws Error/InputError naming the path.
void write_safetensors(const std::filesystem::path& path, const Safetensors& st);

}  // namespace vec2midi::io
