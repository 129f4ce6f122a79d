#include "app/picture_cache.hpp"

#include <algorithm>
#include <string_view>

namespace vec2midi::app {

PictureKey picture_key(std::string_view bytes, int palette_size) {
  uint64_t fnv = 14695981039346656037ull;
  for (const char c : bytes) {
    fnv ^= uint64_t(static_cast<unsigned char>(c));
    fnv *= 1099511628211ull;
  }
  return {.fnv = fnv, .mixed = std::hash<std::string_view>{}(bytes), .size = bytes.size(), .palette_size = palette_size};
}

PictureCache::PictureCache(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

std::shared_ptr<const PictureReading> PictureCache::get(std::string_view bytes, int palette_size,
                                                       const std::function<PictureReading()>& read) {
  const PictureKey key = picture_key(bytes, palette_size);
  {
    const std::lock_guard lock(mutex_);
    const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
    if (it != entries_.end()) {
      entries_.splice(entries_.begin(), entries_, it);
      ++hits_;
      return it->reading;
    }
    ++misses_;
  }
  auto reading = std::make_shared<const PictureReading>(read());
  const std::lock_guard lock(mutex_);
  if (std::none_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; })) {
    entries_.push_front({key, reading});
    if (entries_.size() > capacity_) entries_.pop_back();
  }
  return reading;
}

size_t PictureCache::hits() const {
  const std::lock_guard lock(mutex_);
  return hits_;
}

size_t PictureCache::misses() const {
  const std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace vec2midi::app
