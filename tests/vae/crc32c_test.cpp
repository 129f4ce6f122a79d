#include "vae/crc32c.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace vec2midi::vae {
namespace {

TEST(Crc32c, MatchesTheStandardCheckValue) {
  // The CRC-32C "check" value: CRC of the ASCII digits 1..9 (RFC 3720 / the CRC catalogue).
  EXPECT_EQ(crc32c("123456789"), 0xe3069283u);
}

TEST(Crc32c, MatchesRfc3720Examples) {
  // RFC 3720 appendix B.4: 32 bytes of zeros, of 0xff, and ascending 0..31.
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8a9136aau);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62a8ab43u);
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
  EXPECT_EQ(crc32c(ascending), 0x46dd794eu);
}

TEST(Crc32c, EmptyInputIsZero) { EXPECT_EQ(crc32c(""), 0u); }

TEST(Crc32c, ExtendingInPiecesEqualsTheWhole) {
  std::mt19937_64 rng(3);
  std::string data(1000, '\0');
  for (char& c : data) c = static_cast<char>(rng() & 0xff);
  for (size_t cut : {0u, 1u, 7u, 8u, 9u, 500u, 999u, 1000u}) {
    const uint32_t first = crc32c(std::string_view(data).substr(0, cut));
    EXPECT_EQ(crc32c_extend(first, std::string_view(data).substr(cut)), crc32c(data)) << cut;
  }
}

TEST(Crc32c, HardwareAndTablePathsAgree) {
  std::mt19937_64 rng(11);
  for (size_t n : {0u, 1u, 3u, 8u, 15u, 16u, 17u, 64u, 1023u, 4096u}) {
    std::string data(n, '\0');
    for (char& c : data) c = static_cast<char>(rng() & 0xff);
    EXPECT_EQ(crc32c(data), detail::crc32c_extend_portable(0, data)) << n;
  }
}

TEST(Crc32c, MaskMatchesATensorFlowCheckpoint) {
  // ../shared tfserving half_plus_two: variable a = 0.5f has stored (masked) crc 0x1f273806,
  // b = 2.0f has 0x4f78fd10 (the .index.txt listings, made by an independent decoder).
  auto bytes_of = [](float v) {
    std::string s(4, '\0');
    std::memcpy(s.data(), &v, 4);
    return s;
  };
  EXPECT_EQ(mask_crc32c(crc32c(bytes_of(0.5f))), 0x1f273806u);
  EXPECT_EQ(mask_crc32c(crc32c(bytes_of(2.0f))), 0x4f78fd10u);
}

TEST(Crc32c, UnmaskInvertsMask) {
  for (uint32_t c : {0u, 1u, 0xe3069283u, 0xffffffffu, 0x80000000u}) EXPECT_EQ(unmask_crc32c(mask_crc32c(c)), c);
  EXPECT_NE(mask_crc32c(0x12345678u), 0x12345678u);
}

}  // namespace
}  // namespace vec2midi::vae
