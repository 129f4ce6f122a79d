// The server's memory of the pictures it has read lately: a slider moved, a key changed or a variation asked for on
// the same picture composes again without decoding its file or running the embedder on its pixels (a quarter of an
// 8-bar piece's time, measured in docs/BENCHMARKS.md). An entry is found by two independent 64-bit hashes of the
// picture file's bytes, its length and the palette size; the least recently used goes first. Thread-safe: a reading
// is made outside the lock, so two requests for a new picture may both read it (the second result is dropped).
// Usage: PictureCache cache(32); auto r = cache.get(bytes, 4, [&] { return composer.read_picture(decode(bytes), 4); });
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>

#include "app/composer.hpp"

namespace vec2midi::app {

/// What identifies a picture's reading.
struct PictureKey {
  uint64_t fnv = 0;      ///< FNV-1a 64 of the bytes
  uint64_t mixed = 0;    ///< std::hash of the bytes (libstdc++: MurmurHash2 64)
  size_t size = 0;       ///< number of bytes
  int palette_size = 0;  ///< the k of the palette read

  friend bool operator==(const PictureKey&, const PictureKey&) = default;
};

/// The key of a picture file's `bytes` read with `palette_size` regions.
PictureKey picture_key(std::string_view bytes, int palette_size);

class PictureCache {
 public:
  /// Keeps at most `capacity` readings (at least 1).
  explicit PictureCache(size_t capacity);

  /// The reading of `bytes` with `palette_size` regions: remembered, or made by `read` and remembered. An exception
  /// from `read` passes through and nothing is remembered.
  std::shared_ptr<const PictureReading> get(std::string_view bytes, int palette_size,
                                            const std::function<PictureReading()>& read);

  size_t hits() const;
  size_t misses() const;

 private:
  struct Entry {
    PictureKey key;
    std::shared_ptr<const PictureReading> reading;
  };
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  size_t hits_ = 0, misses_ = 0;
};

}  // namespace vec2midi::app
