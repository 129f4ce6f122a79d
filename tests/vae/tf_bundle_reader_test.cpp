#include "vae/tf_bundle_reader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "bundle_fixture.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "vae/checkpoint_reader.hpp"

namespace vec2midi::vae {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::shared_path;
using vec2midi::testing::temp_dir;

// One line of a ../shared .index.txt listing (written by an independent decoder).
struct ListedEntry {
  std::string name, dtype;
  std::vector<int64_t> shape;
  int32_t shard = 0;
  int64_t offset = 0, size = 0;
  uint32_t crc = 0;
};

std::vector<ListedEntry> read_listing(const fs::path& path) {
  std::ifstream in(path);
  std::vector<ListedEntry> out;
  const std::regex line_re(R"(^(\S+)\s+(\S+)\s+\[([0-9, ]*)\]\s+shard=(\d+) off=(\d+) size=(\d+) crc=0x([0-9a-f]+)\s*$)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) continue;  // HEADER / NOTE lines
    ListedEntry e;
    e.name = m[1];
    e.dtype = m[2];
    std::stringstream dims(m[3].str());
    std::string d;
    while (std::getline(dims, d, ',')) {
      if (d.find_first_not_of(' ') != std::string::npos) e.shape.push_back(std::stoll(d));
    }
    e.shard = std::stoi(m[4]);
    e.offset = std::stoll(m[5]);
    e.size = std::stoll(m[6]);
    e.crc = static_cast<uint32_t>(std::stoul(m[7], nullptr, 16));
    out.push_back(e);
  }
  return out;
}

// Every checkpoint in ../shared/data/tf_checkpoints: prefix and listing.
const std::vector<std::string> kBundles = {
    "bilstm_sentiment/model.ckpt",
    "catmel_index/cat-mel_2bar_big.ckpt",
    "musicresearch_melody_rnn/model.ckpt-1",
    "musicresearch_melody_rnn/model.ckpt-2",
    "tfserving_saved_model_half_plus_two_cpu/variables",
    "tfserving_saved_model_half_plus_two_tf2_cpu/variables",
};

// The bundle prefix of `rel` (its .index must exist in ../shared: fails loudly otherwise).
fs::path bundle_prefix(const std::string& rel) {
  const std::string index = shared_path("data/tf_checkpoints/" + rel + ".index").string();
  return index.substr(0, index.size() - std::string(".index").size());
}

float scalar_value(const io::StoredTensor& t) {
  EXPECT_EQ(t.dtype, io::DType::F32);
  return t.to_float().at(0);
}

using vec2midi::testing::input_error_of;

TEST(TfBundleReader, EveryIndexAgreesWithItsListing) {
  for (const auto& rel : kBundles) {
    SCOPED_TRACE(rel);
    const std::vector<ListedEntry> listed = read_listing(shared_path("data/tf_checkpoints/" + rel + ".index.txt"));
    ASSERT_FALSE(listed.empty());
    const TfBundleReader reader(bundle_prefix(rel));
    const auto& vars = reader.variables();
    ASSERT_EQ(vars.size(), listed.size());
    for (size_t i = 0; i < vars.size(); ++i) {
      EXPECT_EQ(vars[i].name, listed[i].name);
      EXPECT_EQ(vars[i].dtype, listed[i].dtype) << listed[i].name;
      EXPECT_EQ(vars[i].shape, listed[i].shape) << listed[i].name;
      EXPECT_EQ(vars[i].shard, listed[i].shard) << listed[i].name;
      EXPECT_EQ(vars[i].offset, listed[i].offset) << listed[i].name;
      EXPECT_EQ(vars[i].size, listed[i].size) << listed[i].name;
      EXPECT_EQ(vars[i].masked_crc32c, listed[i].crc) << listed[i].name;
    }
  }
}

TEST(TfBundleReader, ReadsEveryNumericTensorWithAValidCrc) {
  for (const auto& rel : {"bilstm_sentiment/model.ckpt", "musicresearch_melody_rnn/model.ckpt-1",
                          "musicresearch_melody_rnn/model.ckpt-2"}) {
    SCOPED_TRACE(rel);
    const TfBundleReader reader(bundle_prefix(rel));
    for (const auto& v : reader.variables()) {
      const io::StoredTensor t = reader.read(v.name);
      EXPECT_EQ(t.shape, v.shape);
      EXPECT_EQ(static_cast<int64_t>(t.bytes.size()), v.size);
    }
  }
}

TEST(TfBundleReader, SnappyCompressedIndexGivesHalfPlusTwoValues) {
  const TfBundleReader reader(bundle_prefix("tfserving_saved_model_half_plus_two_cpu/variables"));
  EXPECT_EQ(scalar_value(reader.read("a")), 0.5f);
  EXPECT_EQ(scalar_value(reader.read("a2")), 0.5f);
  EXPECT_EQ(scalar_value(reader.read("b")), 2.0f);
  EXPECT_EQ(scalar_value(reader.read("c")), 3.0f);
  EXPECT_EQ(scalar_value(reader.read("c2")), 3.0f);
}

TEST(TfBundleReader, Tf2BundleListsItsStringEntryButDoesNotReadIt) {
  const TfBundleReader reader(bundle_prefix("tfserving_saved_model_half_plus_two_tf2_cpu/variables"));
  EXPECT_EQ(scalar_value(reader.read("b/.ATTRIBUTES/VARIABLE_VALUE")), 2.0f);
  const std::string err = input_error_of([&] { reader.read("_CHECKPOINTABLE_OBJECT_GRAPH"); });
  EXPECT_NE(err.find("string"), std::string::npos) << err;
}

TEST(TfBundleReader, Int64GlobalStepReads) {
  const TfBundleReader reader(bundle_prefix("musicresearch_melody_rnn/model.ckpt-1"));
  const io::StoredTensor step = reader.read("global_step");
  EXPECT_EQ(step.dtype, io::DType::I64);
  EXPECT_EQ(step.bytes.size(), 8u);
}

TEST(TfBundleReader, IndexWithoutDataListsButCannotRead) {
  const TfBundleReader reader(bundle_prefix("catmel_index/cat-mel_2bar_big.ckpt"));
  EXPECT_EQ(reader.num_shards(), 1);
  const std::string err = input_error_of([&] { reader.read("encoder/mu/bias"); });
  EXPECT_NE(err.find("cat-mel_2bar_big.ckpt.data-00000-of-00001"), std::string::npos) << err;
  EXPECT_NE(err.find("encoder/mu/bias"), std::string::npos) << err;
}

TEST(TfBundleReader, CrcMismatchNamesFileAndVariable) {
  const fs::path dir = temp_dir("bundle_crc");
  const fs::path src = bundle_prefix("musicresearch_melody_rnn/model.ckpt-1");
  fs::copy_file(src.string() + ".index", dir / "m.index");
  std::string data = io::read_file(src.string() + ".data-00000-of-00001");
  data[29656 + 100] ^= 0x01;  // inside rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias (offset 29656, 1024 bytes)
  io::write_file_atomic(dir / "m.data-00000-of-00001", data);
  const TfBundleReader reader(dir / "m");
  EXPECT_NO_THROW(reader.read("global_step"));
  const std::string err = input_error_of([&] { reader.read("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias"); });
  EXPECT_NE(err.find("CRC32C mismatch"), std::string::npos) << err;
  EXPECT_NE(err.find("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias"), std::string::npos) << err;
  EXPECT_NE(err.find("m.data-00000-of-00001"), std::string::npos) << err;
}

TEST(TfBundleReader, TruncatedDataFileIsReported) {
  const fs::path dir = temp_dir("bundle_trunc");
  const fs::path src = bundle_prefix("musicresearch_melody_rnn/model.ckpt-1");
  fs::copy_file(src.string() + ".index", dir / "m.index");
  const std::string data = io::read_file(src.string() + ".data-00000-of-00001");
  io::write_file_atomic(dir / "m.data-00000-of-00001", data.substr(0, 600000));
  const TfBundleReader reader(dir / "m");
  const std::string err = input_error_of([&] { reader.read("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel/Adam_1"); });
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
}

TEST(TfBundleReader, MissingIndexNamesThePath) {
  const fs::path dir = temp_dir("bundle_missing");
  const std::string err = input_error_of([&] { TfBundleReader reader(dir / "nothing"); });
  EXPECT_NE(err.find((dir / "nothing.index").string()), std::string::npos) << err;
}

TEST(TfBundleReader, GarbageAndTruncatedIndexesAreInputErrors) {
  const fs::path dir = temp_dir("bundle_garbage");
  const std::string index = io::read_file(bundle_prefix("bilstm_sentiment/model.ckpt").string() + ".index");
  for (const std::string& bytes : {std::string(), std::string("not a table"), std::string(4096, '\0'),
                                   index.substr(0, index.size() - 1), index.substr(0, index.size() / 2)}) {
    io::write_file_atomic(dir / "g.index", bytes);
    EXPECT_THROW(TfBundleReader reader(dir / "g"), InputError) << bytes.size();
  }
}

TEST(TfBundleReader, RandomIndexCorruptionNeverCrashes) {
  const fs::path dir = temp_dir("bundle_fuzz");
  const std::string good = io::read_file(bundle_prefix("bilstm_sentiment/model.ckpt").string() + ".index");
  std::mt19937_64 rng(99);
  int n_rejected = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes = good;
    for (int e = 0; e < 1 + static_cast<int>(rng() % 3); ++e) bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xff);
    io::write_file_atomic(dir / "f.index", bytes);
    try {
      TfBundleReader reader(dir / "f");
    } catch (const InputError&) {
      ++n_rejected;
    }
  }
  EXPECT_GT(n_rejected, 250);  // block CRCs catch nearly every flip
}

TEST(TfBundleReader, ReadsABundleWrittenWithLevelDb) {
  const fs::path dir = temp_dir("bundle_written");
  testing::write_bundle(dir / "t.ckpt", {{"w", tfbundle::DT_FLOAT, {2, 2}, testing::float_bytes({1, 2, 3, 4})},
                                {"h", tfbundle::DT_HALF, {1}, std::string("\x00\x3c", 2)}},
               leveldb::kNoCompression);
  const TfBundleReader reader(dir / "t.ckpt");
  ASSERT_EQ(reader.variables().size(), 2u);
  EXPECT_EQ(reader.read("w").to_float(), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(reader.read("h").to_float(), (std::vector<float>{1.0f}));  // half 0x3c00
}

TEST(TfBundleReader, EntrySizeThatDisagreesWithShapeIsRejected) {
  const fs::path dir = temp_dir("bundle_badsize");
  testing::write_bundle(dir / "t.ckpt", {{"w", tfbundle::DT_FLOAT, {3}, testing::float_bytes({1, 2})}});
  const std::string err = input_error_of([&] { TfBundleReader reader(dir / "t.ckpt"); });
  EXPECT_NE(err.find("variable w"), std::string::npos) << err;
}

TEST(OpenCheckpoint, FindsTheBundleNamedByTheCheckpointFile) {
  const auto reader = open_checkpoint(vec2midi::testing::shared_dir() / "data/tf_checkpoints/musicresearch_melody_rnn");
  EXPECT_EQ(reader->format(), CheckpointFormat::TfBundle);
  EXPECT_NE(reader->description().find("model.ckpt-2"), std::string::npos);
}

TEST(OpenCheckpoint, AcceptsTheIndexFileAndThePrefix) {
  const fs::path prefix = bundle_prefix("catmel_index/cat-mel_2bar_big.ckpt");
  EXPECT_EQ(open_checkpoint(prefix.string() + ".index")->variables().size(), 57u);
  EXPECT_EQ(open_checkpoint(prefix)->variables().size(), 57u);
  EXPECT_EQ(open_checkpoint(prefix.parent_path())->variables().size(), 57u);
}

TEST(OpenCheckpoint, RejectsAFolderThatHoldsNoCheckpoint) {
  const fs::path dir = temp_dir("open_empty");
  EXPECT_THROW(open_checkpoint(dir), InputError);
  EXPECT_THROW(open_checkpoint(dir / "absent"), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
