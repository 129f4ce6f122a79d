#include "vae/tf_bundle_reader.hpp"

#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/table.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <new>
#include <optional>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "vae/crc32c.hpp"
#include "vae/tf_bundle.pb.h"

namespace vec2midi::vae {
namespace fs = std::filesystem;

namespace {

constexpr size_t kFooterBytes = 48;  // LevelDB table footer: two block handles, padding, 8-byte magic
constexpr int32_t kMaxShards = 1 << 16;
constexpr int64_t kMaxRank = 64;

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// Decodes a LevelDB varint64 at p (< end); false if malformed.
bool get_varint64(const unsigned char*& p, const unsigned char* end, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift <= 63 && p < end; shift += 7) {
    const uint64_t byte = *p++;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// LevelDB allocates whatever a block handle says before reading it, so a corrupt footer could ask
// for exabytes: check both footer handles lie inside the file first.
void check_footer(const fs::path& index, uint64_t file_size) {
  const std::string where = index.string() + ": not a TensorFlow checkpoint index (LevelDB table)";
  if (file_size < kFooterBytes) throw InputError(where + ": file too short (" + std::to_string(file_size) + " bytes)");
  std::ifstream in(index, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(file_size - kFooterBytes));
  unsigned char footer[kFooterBytes];
  in.read(reinterpret_cast<char*>(footer), kFooterBytes);
  if (!in) throw InputError(index.string() + ": cannot read the table footer");
  const unsigned char* p = footer;
  const unsigned char* end = footer + kFooterBytes - 8;
  for (const char* what : {"metaindex", "index"}) {
    uint64_t offset = 0, size = 0;
    if (!get_varint64(p, end, offset) || !get_varint64(p, end, size)) {
      throw InputError(where + ": malformed " + what + " block handle");
    }
    constexpr uint64_t kTrailer = 5;  // compression type byte + masked CRC32C
    if (offset > file_size || size > file_size || offset + size + kTrailer > file_size - kFooterBytes) {
      throw InputError(where + ": " + what + " block lies outside the file (truncated?)");
    }
  }
}

}  // namespace

std::string tf_dtype_name(int dtype) {
  switch (dtype) {
    case tfbundle::DT_FLOAT: return "float";
    case tfbundle::DT_DOUBLE: return "double";
    case tfbundle::DT_INT32: return "int32";
    case tfbundle::DT_UINT8: return "uint8";
    case tfbundle::DT_INT16: return "int16";
    case tfbundle::DT_INT8: return "int8";
    case tfbundle::DT_STRING: return "string";
    case tfbundle::DT_COMPLEX64: return "complex64";
    case tfbundle::DT_INT64: return "int64";
    case tfbundle::DT_BOOL: return "bool";
    case tfbundle::DT_BFLOAT16: return "bfloat16";
    case tfbundle::DT_UINT16: return "uint16";
    case tfbundle::DT_COMPLEX128: return "complex128";
    case tfbundle::DT_HALF: return "half";
    case tfbundle::DT_RESOURCE: return "resource";
    case tfbundle::DT_VARIANT: return "variant";
    case tfbundle::DT_UINT32: return "uint32";
    case tfbundle::DT_UINT64: return "uint64";
    default: return "dtype_" + std::to_string(dtype);
  }
}

namespace {

// The io::DType a TensorFlow dtype is stored as, or nullopt for types we do not import.
std::optional<io::DType> stored_dtype(int dtype) {
  switch (dtype) {
    case tfbundle::DT_FLOAT: return io::DType::F32;
    case tfbundle::DT_DOUBLE: return io::DType::F64;
    case tfbundle::DT_HALF: return io::DType::F16;
    case tfbundle::DT_BFLOAT16: return io::DType::BF16;
    case tfbundle::DT_INT64: return io::DType::I64;
    case tfbundle::DT_INT32: return io::DType::I32;
    case tfbundle::DT_UINT8: return io::DType::U8;
    case tfbundle::DT_BOOL: return io::DType::U8;
    default: return std::nullopt;
  }
}

// The bundle header (the entry with the empty key): its shard count, after checking it.
int32_t parse_header(const leveldb::Slice& value, const std::string& where) {
  tfbundle::BundleHeaderProto header;
  if (!header.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    throw InputError(where + ": the header entry is not a BundleHeaderProto");
  }
  if (header.endianness() != tfbundle::BundleHeaderProto::LITTLE) {
    throw InputError(where + ": big-endian checkpoints are not supported");
  }
  if (header.num_shards() < 1 || header.num_shards() > kMaxShards) {
    throw InputError(where + ": header declares " + std::to_string(header.num_shards()) + " shards");
  }
  return header.num_shards();
}

// One variable's entry, checked (shape, offset, size against the dtype); its TensorFlow dtype number in `dtype`.
VariableInfo parse_entry(const std::string& key, const leveldb::Slice& value, const std::string& where, int& dtype) {
  const std::string var_where = where + ": variable " + key;
  tfbundle::BundleEntryProto entry;
  if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    throw InputError(var_where + ": entry is not a BundleEntryProto");
  }
  if (entry.slices_size() > 0) {
    throw InputError(var_where + ": partitioned (sliced) variables are not supported");
  }
  if (entry.shape().unknown_rank() || entry.shape().dim_size() > kMaxRank) {
    throw InputError(var_where + ": shape of unknown or excessive rank");
  }
  VariableInfo v;
  v.name = key;
  v.dtype = tf_dtype_name(entry.dtype());
  int64_t numel = 1;
  for (const auto& d : entry.shape().dim()) {
    if (d.size() < 0) throw InputError(var_where + ": negative dimension " + std::to_string(d.size()));
    if (__builtin_mul_overflow(numel, d.size(), &numel)) throw InputError(var_where + ": shape overflows");
    v.shape.push_back(d.size());
  }
  if (entry.offset() < 0 || entry.size() < 0) throw InputError(var_where + ": negative offset or size");
  if (const auto stored = stored_dtype(entry.dtype())) {
    int64_t bytes = 0;
    if (__builtin_mul_overflow(numel, io::element_size(*stored), &bytes) || bytes != entry.size()) {
      throw InputError(var_where + ": size " + std::to_string(entry.size()) + " bytes does not match shape " +
                       io::shape_string(v.shape) + " of " + v.dtype);
    }
  }
  v.shard = entry.shard_id();
  v.offset = entry.offset();
  v.size = entry.size();
  v.masked_crc32c = entry.crc32c();
  v.shard = entry.shard_id();
  v.offset = entry.offset();
  v.size = entry.size();
  v.masked_crc32c = entry.crc32c();
  dtype = entry.dtype();
  return v;
}

}  // namespace

TfBundleReader::TfBundleReader(fs::path prefix) : prefix_(std::move(prefix)) {
  const fs::path index = index_file();
  const std::string where = index.string();
  std::error_code ec;
  if (!fs::is_regular_file(index, ec)) throw InputError(where + ": no such checkpoint index file");
  const uint64_t file_size = fs::file_size(index, ec);
  if (ec) throw InputError(where + ": cannot read: " + ec.message());
  if (file_size > kMaxBundleIndexBytes) {
    throw InputError(where + ": index file too large (" + std::to_string(file_size) + " bytes, limit " +
                     std::to_string(kMaxBundleIndexBytes) + ")");
  }
  check_footer(index, file_size);

  leveldb::RandomAccessFile* raw_file = nullptr;
  leveldb::Status s = leveldb::Env::Default()->NewRandomAccessFile(index.string(), &raw_file);
  if (!s.ok()) throw InputError(where + ": cannot open: " + s.ToString());
  const std::unique_ptr<leveldb::RandomAccessFile> file(raw_file);
  leveldb::Table* raw_table = nullptr;
  std::unique_ptr<leveldb::Table> table;
  bool header_seen = false;
  try {
    s = leveldb::Table::Open(leveldb::Options(), file.get(), file_size, &raw_table);
    if (!s.ok()) throw InputError(where + ": not a TensorFlow checkpoint index (LevelDB table): " + s.ToString());
    table.reset(raw_table);
    leveldb::ReadOptions read_options;
    read_options.verify_checksums = true;
    read_options.fill_cache = false;
    const std::unique_ptr<leveldb::Iterator> it(table->NewIterator(read_options));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      const leveldb::Slice value = it->value();
      if (key.empty()) {
        num_shards_ = parse_header(value, where);
        header_seen = true;
        continue;
      }
      int dtype = 0;
      variables_.push_back(parse_entry(key, value, where, dtype));
      dtypes_[key] = dtype;
    }
    if (!it->status().ok()) throw InputError(where + ": corrupt index: " + it->status().ToString());
  } catch (const std::bad_alloc&) {
    throw InputError(where + ": corrupt index (a block claims an impossible size)");
  }
  if (!header_seen) throw InputError(where + ": no bundle header (empty key) in the index");
  for (auto& v : variables_) {
    if (v.shard < 0 || v.shard >= num_shards_) {
      throw InputError(where + ": variable " + v.name + " names shard " + std::to_string(v.shard) + " of " +
                       std::to_string(num_shards_));
    }
    v.file = data_file(v.shard);
  }
}

fs::path TfBundleReader::index_file() const { return fs::path(prefix_.string() + ".index"); }

fs::path TfBundleReader::data_file(int32_t shard) const {
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".data-%05d-of-%05d", shard, num_shards_);
  return fs::path(prefix_.string() + suffix);
}

std::string TfBundleReader::description() const { return "TensorFlow checkpoint " + prefix_.string(); }

io::StoredTensor TfBundleReader::read(const std::string& name) const {
  const auto it = std::find_if(variables_.begin(), variables_.end(), [&](const auto& v) { return v.name == name; });
  if (it == variables_.end()) throw InputError(index_file().string() + ": no variable " + name);
  const VariableInfo& v = *it;
  const std::optional<io::DType> dtype = stored_dtype(dtypes_.at(name));
  if (!dtype) throw InputError(index_file().string() + ": variable " + name + " has dtype " + v.dtype + ", which cannot be read");
  const std::string where = v.file.string() + ": variable " + name;
  std::error_code ec;
  if (!fs::is_regular_file(v.file, ec)) {
    throw InputError(v.file.string() + ": data file for variable " + name +
                     " is absent (an index alone can be inspected, not imported)");
  }
  const uint64_t file_size = fs::file_size(v.file, ec);
  if (ec) throw InputError(where + ": cannot read: " + ec.message());
  if (static_cast<uint64_t>(v.offset) > file_size || static_cast<uint64_t>(v.size) > file_size - v.offset) {
    throw InputError(where + ": bytes " + std::to_string(v.offset) + ".." + std::to_string(v.offset + v.size) +
                     " lie past the end of the file (" + std::to_string(file_size) + " bytes; truncated?)");
  }
  io::StoredTensor t;
  t.dtype = *dtype;
  t.shape = v.shape;
  t.bytes.resize(static_cast<size_t>(v.size));
  std::ifstream in(v.file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(v.offset));
  in.read(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
  if (!in) throw InputError(where + ": short read");
  const uint32_t computed = mask_crc32c(crc32c(t.bytes));
  if (computed != v.masked_crc32c) {
    throw InputError(where + ": CRC32C mismatch (stored " + hex32(v.masked_crc32c) + ", computed " + hex32(computed) +
                     "): the data file is corrupt");
  }
  if (dtypes_.at(name) == tfbundle::DT_BOOL) {
    for (char& c : t.bytes) c = c != 0 ? 1 : 0;
  }
  return t;
}

}  // namespace vec2midi::vae
