#include "io/safetensors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {
namespace fs = std::filesystem;

// A safetensors file built by hand from the format description: u64 LE header length, header, data.
std::string raw_file(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  const uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string floats_le(std::initializer_list<float> values) {
  std::string out;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  return out;
}

uint16_t u16_at(const std::string& bytes, size_t i) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * i]) | (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
}

void expect_rejected(const std::string& bytes, const std::string& needle) {
  try {
    parse_safetensors(bytes, "bad.safetensors");
    FAIL() << "expected InputError containing '" << needle << "'";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.safetensors"), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  }
}

Safetensors small_model() {
  Safetensors st;
  st.metadata["format"] = "vec2midi.test";
  const std::vector<float> w = {1.0f, -2.5f, 3.25f, 0.0f, 1e-3f, -7.0f};
  st.tensors["layer/kernel"] = StoredTensor::from_float({2, 3}, w);
  st.tensors["layer/bias"] = StoredTensor::from_float({3}, std::vector<float>{0.5f, 0.25f, -0.125f});
  st.tensors["scalar"] = StoredTensor::from_float({}, std::vector<float>{42.0f});
  return st;
}

TEST(Safetensors, ReadsAFileBuiltFromTheFormatDescription) {
  const std::string header = R"({"__metadata__":{"k":"v"},"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const Safetensors st = parse_safetensors(raw_file(header, floats_le({1.5f, -2.0f})), "hand.safetensors");
  EXPECT_EQ(st.metadata.at("k"), "v");
  ASSERT_EQ(st.tensors.size(), 1u);
  const StoredTensor& t = st.tensors.at("t");
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(t.to_float(), (std::vector<float>{1.5f, -2.0f}));
}

TEST(Safetensors, WriteThenReadRoundTrips) {
  const fs::path path = testing::temp_dir("st_roundtrip") / "m.safetensors";
  const Safetensors st = small_model();
  write_safetensors(path, st);
  const Safetensors back = read_safetensors(path);
  EXPECT_EQ(back.metadata, st.metadata);
  ASSERT_EQ(back.tensors.size(), 3u);
  for (const auto& [name, t] : st.tensors) {
    EXPECT_EQ(back.tensors.at(name).shape, t.shape) << name;
    EXPECT_EQ(back.tensors.at(name).bytes, t.bytes) << name;
  }
  EXPECT_EQ(back.tensors.at("scalar").numel(), 1);
}

TEST(Safetensors, WrittenHeaderIsPaddedToEightBytesAndParsesAsJson) {
  const std::string bytes = serialize_safetensors(small_model());
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
  EXPECT_EQ(n % 8, 0u);
  const auto j = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(j["layer/kernel"]["dtype"], "F32");
  EXPECT_EQ(j["layer/kernel"]["shape"], nlohmann::json::array({2, 3}));
  EXPECT_EQ(j["__metadata__"]["format"], "vec2midi.test");
  // Data section = the sum of the tensor sizes: 6 + 3 + 1 floats.
  EXPECT_EQ(bytes.size(), 8 + n + 10 * 4);
}

TEST(Safetensors, ReadFileAndParseBytesAgree) {
  const fs::path path = testing::temp_dir("st_agree") / "m.safetensors";
  write_safetensors(path, small_model());
  const Safetensors a = read_safetensors(path);
  const Safetensors b = parse_safetensors(read_file(path), path.string());
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (const auto& [name, t] : a.tensors) EXPECT_EQ(b.tensors.at(name).bytes, t.bytes) << name;
}

TEST(Safetensors, HalfPrecisionEncodesKnownValues) {
  // IEEE 754 binary16 bit patterns.
  const std::vector<float> v = {1.0f, -2.0f, 65504.0f, 1e5f, std::ldexp(1.0f, -24), 0.0f,
                                std::numeric_limits<float>::infinity(), 0.5f};
  const StoredTensor t = StoredTensor::from_float({8}, v, DType::F16);
  ASSERT_EQ(t.bytes.size(), 16u);
  EXPECT_EQ(u16_at(t.bytes, 0), 0x3c00);
  EXPECT_EQ(u16_at(t.bytes, 1), 0xc000);
  EXPECT_EQ(u16_at(t.bytes, 2), 0x7bff);  // largest finite half
  EXPECT_EQ(u16_at(t.bytes, 3), 0x7c00);  // overflow -> infinity
  EXPECT_EQ(u16_at(t.bytes, 4), 0x0001);  // smallest subnormal
  EXPECT_EQ(u16_at(t.bytes, 5), 0x0000);
  EXPECT_EQ(u16_at(t.bytes, 6), 0x7c00);
  EXPECT_EQ(u16_at(t.bytes, 7), 0x3800);
}

TEST(Safetensors, HalfPrecisionRoundsToNearestEven) {
  // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
  // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: ties go to 1 + 2^-9.
  const std::vector<float> v = {1.0f + std::ldexp(1.0f, -11), 1.0f + 3 * std::ldexp(1.0f, -11),
                                1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)};
  const StoredTensor t = StoredTensor::from_float({3}, v, DType::F16);
  EXPECT_EQ(u16_at(t.bytes, 0), 0x3c00);
  EXPECT_EQ(u16_at(t.bytes, 1), 0x3c02);
  EXPECT_EQ(u16_at(t.bytes, 2), 0x3c01);  // just above the tie rounds up
}

TEST(Safetensors, HalfPrecisionRoundTripIsWithinHalfAnUlp) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<float> dist(-1000.0f, 1000.0f);
  std::vector<float> v(5000);
  for (float& x : v) x = dist(rng);
  const std::vector<float> back = StoredTensor::from_float({5000}, v, DType::F16).to_float();
  for (size_t i = 0; i < v.size(); ++i) {
    // Relative half-ulp of binary16 (10 mantissa bits) is 2^-11; subnormals do not occur above 6e-5.
    EXPECT_LE(std::abs(back[i] - v[i]), std::abs(v[i]) * std::ldexp(1.0f, -11) + 1e-7f) << v[i];
  }
}

TEST(Safetensors, HalfSubnormalsAndNanDecode) {
  // 0x0001 = 2^-24, 0x03ff = 1023 * 2^-24, 0x7e00 = NaN, 0xfc00 = -inf.
  StoredTensor t;
  t.dtype = DType::F16;
  t.shape = {4};
  t.bytes = std::string("\x01\x00\xff\x03\x00\x7e\x00\xfc", 8);
  const std::vector<float> v = t.to_float();
  EXPECT_EQ(v[0], std::ldexp(1.0f, -24));
  EXPECT_EQ(v[1], 1023.0f * std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isnan(v[2]));
  EXPECT_EQ(v[3], -std::numeric_limits<float>::infinity());
}

TEST(Safetensors, Bfloat16KeepsTheTopSixteenBits) {
  const StoredTensor t = StoredTensor::from_float({2}, std::vector<float>{1.0f, -3.0f}, DType::BF16);
  EXPECT_EQ(u16_at(t.bytes, 0), 0x3f80);
  EXPECT_EQ(u16_at(t.bytes, 1), 0xc040);
  EXPECT_EQ(t.to_float(), (std::vector<float>{1.0f, -3.0f}));
}

TEST(Safetensors, Float64ConvertsToFloat) {
  const StoredTensor t = StoredTensor::from_float({2}, std::vector<float>{0.1f, -8.0f}, DType::F64);
  EXPECT_EQ(t.bytes.size(), 16u);
  EXPECT_EQ(t.to_float(), (std::vector<float>{0.1f, -8.0f}));
}

TEST(Safetensors, IntegerTensorIsNotConvertedToFloat) {
  StoredTensor t;
  t.dtype = DType::I64;
  t.shape = {1};
  t.bytes = std::string(8, '\0');
  EXPECT_THROW(t.to_float(), InputError);
}

TEST(Safetensors, IntegerTensorsRoundTrip) {
  Safetensors st;
  StoredTensor t;
  t.dtype = DType::I64;
  t.shape = {2};
  t.bytes = std::string("\x01\0\0\0\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff", 16);
  st.tensors["step"] = t;
  const Safetensors back = parse_safetensors(serialize_safetensors(st), "ints");
  EXPECT_EQ(back.tensors.at("step").dtype, DType::I64);
  EXPECT_EQ(back.tensors.at("step").bytes, t.bytes);
}

TEST(Safetensors, AtNamesTheMissingTensor) {
  try {
    small_model().at("decoder/nope", "m.safetensors");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("decoder/nope"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("m.safetensors"), std::string::npos);
  }
}

TEST(Safetensors, RejectsAFileShorterThanTheLengthPrefix) { expect_rejected("abc", "shorter"); }

TEST(Safetensors, RejectsAnOversizedHeaderLength) {
  std::string bytes = raw_file("{}", "");
  bytes[7] = '\x7f';  // ~9e18 bytes of header
  expect_rejected(bytes, "100 MB");
}

TEST(Safetensors, RejectsAHeaderRunningPastTheEnd) {
  const std::string header = R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  expect_rejected(raw_file(header, "").substr(0, 20), "past the end");
}

TEST(Safetensors, RejectsTruncatedData) {
  const std::string header = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  expect_rejected(raw_file(header, floats_le({1.0f})), "truncated");
}

TEST(Safetensors, RejectsOverlappingTensors) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  expect_rejected(raw_file(header, floats_le({1, 2})), "overlaps");
}

TEST(Safetensors, RejectsAGapBetweenTensors) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  expect_rejected(raw_file(header, floats_le({1, 2})), "gap");
}

TEST(Safetensors, RejectsBytesNoTensorOwns) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  expect_rejected(raw_file(header, floats_le({1, 2})), "no tensor owns");
}

TEST(Safetensors, RejectsASizeThatDisagreesWithTheShape) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})";
  expect_rejected(raw_file(header, floats_le({1, 2})), "need");
}

TEST(Safetensors, RejectsAShapeWhoseProductOverflows) {
  const std::string header =
      R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,0]}})";
  expect_rejected(raw_file(header, ""), "overflows");
}

TEST(Safetensors, RejectsNegativeDimensions) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})";
  expect_rejected(raw_file(header, ""), "non-negative");
}

TEST(Safetensors, RejectsAnUnknownDtype) {
  const std::string header = R"({"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}})";
  expect_rejected(raw_file(header, "x"), "F8_E4M3");
}

TEST(Safetensors, RejectsHeaderThatIsNotJson) { expect_rejected(raw_file("{not json", ""), "JSON"); }

TEST(Safetensors, RejectsDeeplyNestedHeader) {
  expect_rejected(raw_file(R"({"a":{"shape":[[[[[[1]]]]]]}})", ""), "nested");
}

TEST(Safetensors, RejectsNonStringMetadata) {
  expect_rejected(raw_file(R"({"__metadata__":{"n":3}})", ""), "__metadata__");
}

TEST(Safetensors, RejectsMissingFields) {
  expect_rejected(raw_file(R"({"a":{"dtype":"F32","shape":[0]}})", ""), "data_offsets");
}

TEST(Safetensors, MissingFileNamesThePath) {
  const fs::path path = testing::temp_dir("st_missing") / "absent.safetensors";
  try {
    read_safetensors(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
}

TEST(Safetensors, TruncatedFileOnDiskNamesThePath) {
  const fs::path dir = testing::temp_dir("st_truncated");
  const std::string bytes = serialize_safetensors(small_model());
  write_file_atomic(dir / "cut.safetensors", bytes.substr(0, bytes.size() - 3));
  try {
    read_safetensors(dir / "cut.safetensors");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.safetensors"), std::string::npos);
  }
}

TEST(Safetensors, FailedWriteLeavesTheOldFileAndNoTemporary) {
  const fs::path dir = testing::temp_dir("st_failed_write");
  write_safetensors(dir / "m.safetensors", small_model());
  Safetensors bad = small_model();
  bad.tensors["layer/bias"].bytes.pop_back();  // inconsistent with its shape
  EXPECT_THROW(write_safetensors(dir / "m.safetensors", bad), Error);
  EXPECT_EQ(read_safetensors(dir / "m.safetensors").tensors.size(), 3u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(Safetensors, RandomCorruptionNeverCrashes) {
  // Hostile input: flip, truncate and extend a valid file; each result must parse or throw InputError.
  const std::string good = serialize_safetensors(small_model());
  std::mt19937_64 rng(2024);
  int n_rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes = good;
    const int n_edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < n_edits; ++e) {
      const size_t pos = rng() % bytes.size();
      switch (rng() % 3) {
        case 0: bytes[pos] = static_cast<char>(rng() & 0xff); break;
        case 1: bytes.resize(pos + 1); break;
        default: bytes.insert(pos, 1, static_cast<char>(rng() & 0xff)); break;
      }
    }
    try {
      const Safetensors st = parse_safetensors(bytes, "fuzz");
      for (const auto& [_, t] : st.tensors) EXPECT_EQ(static_cast<int64_t>(t.bytes.size()), t.numel() * element_size(t.dtype));
    } catch (const InputError&) {
      ++n_rejected;
    }
  }
  EXPECT_GT(n_rejected, 1000);
}

}  // namespace
}  // namespace vec2midi::io
