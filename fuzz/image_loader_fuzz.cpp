// libFuzzer harness: bytes -> read_image_header + decode_image (src/imaging codecs, EXIF orientation, pixel limit).
// Anything but a decoded 8-bit BGR picture or a vec2midi::Error is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/error.hpp"
#include "vision/image_header.hpp"
#include "vision/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)vec2midi::vision::read_image_header(bytes);
  try {
    // A small pixel limit keeps each run fast; the limit itself is part of what is fuzzed.
    const cv::Mat image = vec2midi::vision::decode_image(bytes, "fuzz", {.max_pixels = 1 << 22});
    if (image.empty() || image.type() != CV_8UC3) std::abort();
  } catch (const vec2midi::Error&) {
  }
  return 0;
}
