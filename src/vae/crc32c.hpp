// CRC32C (Castagnoli, the checksum TensorFlow and LevelDB use) and LevelDB's masking of stored CRCs.
// Usage: uint32_t c = crc32c(bytes); if (mask_crc32c(c) != entry.crc32c()) throw ...;
#pragma once

#include <cstdint>
#include <string_view>

namespace vec2midi::vae {

/// CRC32C of `data` continuing from the CRC `crc` of earlier bytes (0 to start): RFC 3720 appendix B.
uint32_t crc32c_extend(uint32_t crc, std::string_view data);

/// CRC32C of `data`.
inline uint32_t crc32c(std::string_view data) { return crc32c_extend(0, data); }

namespace detail {
/// The table-driven path alone, bypassing the SSE4.2 instruction (for tests comparing the two).
uint32_t crc32c_extend_portable(uint32_t crc, std::string_view data);
}  // namespace detail

/// LevelDB/TensorFlow store CRCs masked, ((c >> 15) | (c << 17)) + 0xa282ead8, so that a CRC of
/// data holding CRCs stays well distributed.
constexpr uint32_t mask_crc32c(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

/// Inverse of mask_crc32c.
constexpr uint32_t unmask_crc32c(uint32_t masked) {
  const uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

}  // namespace vec2midi::vae
