// Test fixture: writes small TensorFlow tensor bundles (LevelDB-table index + one data shard) the way
// TensorFlow's BundleWriter lays them out, with LevelDB's TableBuilder and the bundle protos.
// Usage: write_bundle(dir / "model.ckpt", {{"w", tfbundle::DT_FLOAT, {2}, float_bytes({1, 2})}});
#pragma once

#include <leveldb/env.h>
#include <leveldb/options.h>
#include <leveldb/table_builder.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "vae/crc32c.hpp"
#include "vae/tf_bundle.pb.h"

namespace vec2midi::vae::testing {

struct FixtureTensor {
  std::string name;
  tfbundle::DataType dtype = tfbundle::DT_FLOAT;
  std::vector<int64_t> shape;
  std::string bytes;
};

inline std::string float_bytes(const std::vector<float>& values) {
  std::string s(values.size() * 4, '\0');
  if (!values.empty()) std::memcpy(s.data(), values.data(), s.size());
  return s;
}

/// Writes `prefix`.index and `prefix`.data-00000-of-00001 holding `tensors` back to back.
inline void write_bundle(const std::filesystem::path& prefix, std::vector<FixtureTensor> tensors,
                         leveldb::CompressionType compression = leveldb::kSnappyCompression) {
  std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::ofstream data(prefix.string() + ".data-00000-of-00001", std::ios::binary);
  leveldb::WritableFile* raw = nullptr;
  ASSERT_TRUE(leveldb::Env::Default()->NewWritableFile(prefix.string() + ".index", &raw).ok());
  std::unique_ptr<leveldb::WritableFile> file(raw);
  leveldb::Options options;
  options.compression = compression;
  leveldb::TableBuilder builder(options, file.get());
  tfbundle::BundleHeaderProto header;
  header.set_num_shards(1);
  header.mutable_version()->set_producer(1);
  builder.Add("", header.SerializeAsString());
  int64_t offset = 0;
  for (const auto& t : tensors) {
    tfbundle::BundleEntryProto entry;
    entry.set_dtype(t.dtype);
    for (int64_t d : t.shape) entry.mutable_shape()->add_dim()->set_size(d);
    entry.set_shard_id(0);
    entry.set_offset(offset);
    entry.set_size(static_cast<int64_t>(t.bytes.size()));
    entry.set_crc32c(mask_crc32c(crc32c(t.bytes)));
    builder.Add(t.name, entry.SerializeAsString());
    data.write(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
    offset += static_cast<int64_t>(t.bytes.size());
  }
  ASSERT_TRUE(builder.Finish().ok());
  ASSERT_TRUE(file->Close().ok());
}

}  // namespace vec2midi::vae::testing
