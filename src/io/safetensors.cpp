#include "io/safetensors.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/float_formats.hpp"

namespace vec2midi::io {
namespace fs = std::filesystem;

// Tensor bytes are little-endian on disk and copied as they are: the code assumes a little-endian host.
static_assert(std::endian::native == std::endian::little, "safetensors I/O assumes a little-endian host");

namespace {

constexpr const char* kMetadataKey = "__metadata__";
// Deepest JSON nesting a valid header has: top object (0) > entry (1) > shape array (2) > number (3).
constexpr int kMaxHeaderDepth = 3;
// Most dimensions a tensor may have (safetensors has no limit; no real model comes close).
constexpr size_t kMaxRank = 64;

struct HeaderEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct Header {
  std::map<std::string, std::string> metadata;
  std::vector<HeaderEntry> entries;
};

struct TooDeep {};

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw InputError(name + ": not a valid safetensors file: " + what);
}

uint64_t read_u64_le(const char* p) {
  uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// numel * element size with every overflow caught; `what` names the tensor for the error.
uint64_t checked_byte_size(const std::vector<int64_t>& shape, DType dtype, const std::string& name,
                           const std::string& tensor) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (__builtin_mul_overflow(n, d, &n)) fail(name, "tensor '" + tensor + "': shape overflows");
  }
  int64_t bytes = 0;
  if (__builtin_mul_overflow(n, element_size(dtype), &bytes)) fail(name, "tensor '" + tensor + "': size overflows");
  return static_cast<uint64_t>(bytes);
}

HeaderEntry parse_entry(const std::string& key, const nlohmann::json& v, const std::string& name) {
  const std::string where = "tensor '" + key + "'";
  if (!v.is_object()) fail(name, where + " is not a JSON object");
  for (const auto& [field, _] : v.items()) {
    if (field != "dtype" && field != "shape" && field != "data_offsets") fail(name, where + ": unknown field '" + field + "'");
  }
  if (!v.contains("dtype") || !v["dtype"].is_string()) fail(name, where + ": missing string 'dtype'");
  if (!v.contains("shape") || !v["shape"].is_array()) fail(name, where + ": missing array 'shape'");
  if (!v.contains("data_offsets") || !v["data_offsets"].is_array() || v["data_offsets"].size() != 2) {
    fail(name, where + ": 'data_offsets' must be [begin, end]");
  }
  HeaderEntry e;
  e.name = key;
  try {
    e.dtype = parse_dtype(v["dtype"].get<std::string>());
  } catch (const InputError& err) {
    fail(name, where + ": " + err.what());
  }
  if (v["shape"].size() > kMaxRank) fail(name, where + ": more than " + std::to_string(kMaxRank) + " dimensions");
  for (const auto& d : v["shape"]) {
    if (!d.is_number_unsigned() || d.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      fail(name, where + ": shape entry " + d.dump() + " is not a non-negative integer");
    }
    e.shape.push_back(static_cast<int64_t>(d.get<uint64_t>()));
  }
  for (const auto& o : v["data_offsets"]) {
    if (!o.is_number_unsigned()) fail(name, where + ": offset " + o.dump() + " is not a non-negative integer");
  }
  e.begin = v["data_offsets"][0].get<uint64_t>();
  e.end = v["data_offsets"][1].get<uint64_t>();
  if (e.end < e.begin) fail(name, where + ": data_offsets end < begin");
  const uint64_t expected = checked_byte_size(e.shape, e.dtype, name, key);
  if (e.end - e.begin != expected) {
    fail(name, where + ": holds " + std::to_string(e.end - e.begin) + " bytes but its shape and dtype need " +
                   std::to_string(expected));
  }
  return e;
}

// Parses and validates the JSON header against a data section of `data_size` bytes: every tensor
// inside it, none overlapping, no gap (as the reference implementation requires).
Header parse_header(std::string_view text, uint64_t data_size, const std::string& name) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') fail(name, "header is not a JSON object");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(
        text.begin(), text.end(),
        [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxHeaderDepth) throw TooDeep{};
          return true;
        },
        /*allow_exceptions=*/true);
  } catch (const TooDeep&) {
    fail(name, "header JSON nested too deeply");
  } catch (const nlohmann::json::exception& e) {
    fail(name, std::string("header is not valid JSON: ") + e.what());
  }
  if (!j.is_object()) fail(name, "header is not a JSON object");
  Header h;
  for (const auto& [key, value] : j.items()) {
    if (key == kMetadataKey) {
      if (!value.is_object()) fail(name, "__metadata__ is not a JSON object");
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string()) fail(name, "__metadata__ value of '" + mk + "' is not a string");
        h.metadata[mk] = mv.get<std::string>();
      }
      continue;
    }
    h.entries.push_back(parse_entry(key, value, name));
  }
  std::vector<const HeaderEntry*> order;
  for (const auto& e : h.entries) order.push_back(&e);
  std::sort(order.begin(), order.end(), [](const HeaderEntry* a, const HeaderEntry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t expected = 0;
  for (const HeaderEntry* e : order) {
    if (e->begin < expected) fail(name, "tensor '" + e->name + "' overlaps another tensor");
    if (e->begin > expected) fail(name, "gap before tensor '" + e->name + "' (offset " + std::to_string(e->begin) + ")");
    if (e->end > data_size) {
      fail(name, "tensor '" + e->name + "' ends at byte " + std::to_string(e->end) + " past the data section (" +
                     std::to_string(data_size) + " bytes; truncated file?)");
    }
    expected = e->end;
  }
  if (expected != data_size) {
    fail(name, std::to_string(data_size - expected) + " bytes after the last tensor that no tensor owns");
  }
  return h;
}

// The JSON header for `st`, padded with spaces so that the data starts on an 8-byte boundary.
std::string build_header(const Safetensors& st, const std::string& name) {
  nlohmann::json j = nlohmann::json::object();
  if (!st.metadata.empty()) j[kMetadataKey] = st.metadata;
  uint64_t offset = 0;
  for (const auto& [key, t] : st.tensors) {
    if (key == kMetadataKey) throw Error(name + ": a tensor may not be called " + kMetadataKey);
    for (int64_t d : t.shape) {
      if (d < 0) throw Error(name + ": tensor '" + key + "' has a negative dimension");
    }
    const uint64_t size = checked_byte_size(t.shape, t.dtype, name, key);
    if (size != t.bytes.size()) {
      throw Error(name + ": tensor '" + key + "' holds " + std::to_string(t.bytes.size()) + " bytes, its shape needs " +
                  std::to_string(size));
    }
    j[key] = {{"dtype", std::string(dtype_name(t.dtype))}, {"shape", t.shape}, {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  std::string text = j.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

std::string length_prefix(uint64_t n) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &n, sizeof n);
  return s;
}

template <typename T>
T load(const std::string& bytes, int64_t i) {
  T v;
  std::memcpy(&v, bytes.data() + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

template <typename T>
void store(std::string& bytes, int64_t i, T v) {
  std::memcpy(bytes.data() + i * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
}

}  // namespace

int64_t element_size(DType dtype) {
  switch (dtype) {
    case DType::F32: return 4;
    case DType::F16: return 2;
    case DType::BF16: return 2;
    case DType::F64: return 8;
    case DType::I64: return 8;
    case DType::I32: return 4;
    case DType::U8: return 1;
  }
  return 1;
}

std::string_view dtype_name(DType dtype) {
  switch (dtype) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::F64: return "F64";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::U8: return "U8";
  }
  return "?";
}

DType parse_dtype(std::string_view name) {
  for (DType d : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I64, DType::I32, DType::U8}) {
    if (dtype_name(d) == name) return d;
  }
  throw InputError("unsupported dtype '" + std::string(name) + "' (supported: F32 F16 BF16 F64 I64 I32 U8)");
}

int64_t StoredTensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::vector<float> StoredTensor::to_float() const {
  const int64_t n = numel();
  if (static_cast<int64_t>(bytes.size()) != n * element_size(dtype)) {
    throw InputError("tensor holds " + std::to_string(bytes.size()) + " bytes, its shape and dtype need " +
                     std::to_string(n * element_size(dtype)));
  }
  std::vector<float> out(static_cast<size_t>(n));
  switch (dtype) {
    case DType::F32:
      if (n > 0) std::memcpy(out.data(), bytes.data(), bytes.size());
      break;
    case DType::F16:
      for (int64_t i = 0; i < n; ++i) out[i] = half_to_float(load<uint16_t>(bytes, i));
      break;
    case DType::BF16:
      for (int64_t i = 0; i < n; ++i) out[i] = bf16_to_float(load<uint16_t>(bytes, i));
      break;
    case DType::F64:
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(load<double>(bytes, i));
      break;
    default:
      throw InputError("tensor of dtype " + std::string(dtype_name(dtype)) + " is not floating-point");
  }
  return out;
}

StoredTensor StoredTensor::from_float(std::vector<int64_t> shape, std::span<const float> values, DType dtype) {
  StoredTensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  const int64_t n = t.numel();
  if (n != static_cast<int64_t>(values.size())) {
    throw Error("from_float: " + std::to_string(values.size()) + " values for a shape of " + std::to_string(n));
  }
  t.bytes.assign(static_cast<size_t>(n * element_size(dtype)), '\0');
  switch (dtype) {
    case DType::F32:
      if (n > 0) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
      break;
    case DType::F16:
      for (int64_t i = 0; i < n; ++i) store<uint16_t>(t.bytes, i, float_to_half(values[i]));
      break;
    case DType::BF16:
      for (int64_t i = 0; i < n; ++i) store<uint16_t>(t.bytes, i, float_to_bf16(values[i]));
      break;
    case DType::F64:
      for (int64_t i = 0; i < n; ++i) store<double>(t.bytes, i, static_cast<double>(values[i]));
      break;
    default:
      throw Error("from_float: dtype " + std::string(dtype_name(dtype)) + " is not floating-point");
  }
  return t;
}

const StoredTensor& Safetensors::at(const std::string& name, const std::string& source) const {
  const auto it = tensors.find(name);
  if (it == tensors.end()) throw InputError(source + ": no tensor '" + name + "'");
  return it->second;
}

Safetensors parse_safetensors(std::string_view bytes, const std::string& name) {
  if (bytes.size() < 8) fail(name, "shorter than the 8-byte header length (" + std::to_string(bytes.size()) + " bytes)");
  const uint64_t n = read_u64_le(bytes.data());
  if (n > kMaxSafetensorsHeaderBytes) fail(name, "header length " + std::to_string(n) + " exceeds the 100 MB limit");
  if (n > bytes.size() - 8) {
    fail(name, "header length " + std::to_string(n) + " runs past the end of the file (truncated?)");
  }
  const std::string_view data = bytes.substr(8 + n);
  const Header h = parse_header(bytes.substr(8, n), data.size(), name);
  Safetensors st;
  st.metadata = h.metadata;
  for (const auto& e : h.entries) {
    StoredTensor t;
    t.dtype = e.dtype;
    t.shape = e.shape;
    t.bytes.assign(data.substr(e.begin, e.end - e.begin));
    st.tensors.emplace(e.name, std::move(t));
  }
  return st;
}

Safetensors read_safetensors(const fs::path& path) {
  // Streams each tensor straight from the file, so a large model is not held twice in memory.
  const std::string name = path.string();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(name + ": no such file");
  if (fs::is_directory(path, ec)) throw InputError(name + ": is a directory, expected a safetensors file");
  const uint64_t size = fs::file_size(path, ec);
  if (ec) throw InputError(name + ": cannot read: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(name + ": cannot open for reading");
  if (size < 8) fail(name, "shorter than the 8-byte header length (" + std::to_string(size) + " bytes)");
  char prefix[8];
  in.read(prefix, 8);
  const uint64_t n = read_u64_le(prefix);
  if (n > kMaxSafetensorsHeaderBytes) fail(name, "header length " + std::to_string(n) + " exceeds the 100 MB limit");
  if (n > size - 8) fail(name, "header length " + std::to_string(n) + " runs past the end of the file (truncated?)");
  std::string header(n, '\0');
  in.read(header.data(), static_cast<std::streamsize>(n));
  if (!in) throw InputError(name + ": short read of the header");
  const Header h = parse_header(header, size - 8 - n, name);
  Safetensors st;
  st.metadata = h.metadata;
  for (const auto& e : h.entries) {
    StoredTensor t;
    t.dtype = e.dtype;
    t.shape = e.shape;
    t.bytes.resize(e.end - e.begin);
    in.seekg(static_cast<std::streamoff>(8 + n + e.begin));
    in.read(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
    if (!in) throw InputError(name + ": short read of tensor '" + e.name + "'");
    st.tensors.emplace(e.name, std::move(t));
  }
  return st;
}

std::string serialize_safetensors(const Safetensors& st) {
  const std::string header = build_header(st, "safetensors");
  std::string out = length_prefix(header.size()) + header;
  for (const auto& [_, t] : st.tensors) out += t.bytes;
  return out;
}

void write_safetensors(const fs::path& path, const Safetensors& st) {
  const std::string header = build_header(st, path.string());
  AtomicFile file(path);
  auto& out = file.stream();
  out << length_prefix(header.size()) << header;
  for (const auto& [_, t] : st.tensors) out.write(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
  file.commit();
}

}  // namespace vec2midi::io
