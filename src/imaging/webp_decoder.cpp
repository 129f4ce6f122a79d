#include "imaging/webp_decoder.hpp"

#include <cstdint>
#include <string>

#include <webp/decode.h>

#include "io/error.hpp"

namespace vec2midi::imaging {

namespace {

/// The bytes OpenCV read the features from (RIFF header and the first chunk's header); a shorter file is no WebP.
constexpr size_t kHeaderBytes = 32;

}  // namespace

cv::Mat decode_webp(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) throw InputError("corrupt WebP (shorter than its header)");
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, kHeaderBytes, &features) != VP8_STATUS_OK) throw InputError("corrupt WebP (bad header)");
  if (features.has_animation) throw InputError("unsupported WebP (an animation; a still picture is needed)");
  if (features.width <= 0 || features.height <= 0) throw InputError("corrupt WebP (empty size)");
  cv::Mat image(features.height, features.width, features.has_alpha ? CV_8UC4 : CV_8UC3);
  const size_t n_bytes = image.step * size_t(image.rows);
  const uint8_t* decoded =
      features.has_alpha ? WebPDecodeBGRAInto(data, bytes.size(), image.data, n_bytes, int(image.step))
                         : WebPDecodeBGRInto(data, bytes.size(), image.data, n_bytes, int(image.step));
  if (decoded != image.data) throw InputError("corrupt WebP (its image data does not decode)");
  return image;
}

}  // namespace vec2midi::imaging
