#include "vision/image_io.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "imaging/bmp_decoder.hpp"
#include "imaging/jpeg_codec.hpp"
#include "imaging/png_codec.hpp"
#include "imaging/webp_decoder.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/lower_case.hpp"
#include "vision/image_header.hpp"

namespace vec2midi::vision {

namespace {

/// Puts a 4-channel BGRA image on a white ground.
cv::Mat over_white(const cv::Mat& bgra) {
  cv::Mat out(bgra.size(), CV_8UC3);
  for (int y = 0; y < bgra.rows; ++y) {
    const auto* src = bgra.ptr<cv::Vec4b>(y);
    auto* dst = out.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgra.cols; ++x) {
      const int a = src[x][3];
      for (int c = 0; c < 3; ++c) dst[x][c] = cv::saturate_cast<uchar>((src[x][c] * a + 255 * (255 - a) + 127) / 255);
    }
  }
  return out;
}

}  // namespace

cv::Mat decode_image(std::string_view bytes, std::string_view name, const ImageLoadOptions& options) {
  const auto header = read_image_header(bytes);
  if (!header) {
    throw InputError(std::string(name) + ": not an image (expected a JPEG, PNG, BMP or WebP file)");
  }
  if (header->width <= 0 || header->height <= 0) {
    throw InputError(std::string(name) + ": " + std::string(format_name(header->format)) + " declares an empty size " +
                     std::to_string(header->width) + "x" + std::to_string(header->height));
  }
  if (header->width * header->height > options.max_pixels) {
    throw InputError(std::string(name) + ": image too large (" + std::to_string(header->width) + "x" +
                     std::to_string(header->height) + " pixels, limit " + std::to_string(options.max_pixels) +
                     " pixels); refusing to decode it");
  }
  // No picture of ours is DICOM. When OpenCV decoded our pictures, a damaged WebP with "DICM" at byte 128 went on to
  // GDCM, which aborted the process (found by fuzz/image_loader_fuzz.cpp); such files stay refused.
  if (bytes.size() >= 132 && bytes.substr(128, 4) == "DICM") {
    throw InputError(std::string(name) + ": corrupt " + std::string(format_name(header->format)) +
                     " image (it carries a DICOM marker)");
  }
  if (header->format == ImageFormat::kJpeg && !jpeg_has_end_marker(bytes)) {
    throw InputError(std::string(name) + ": truncated JPEG (the file ends before its end-of-image marker)");
  }
  cv::Mat image;
  try {
    switch (header->format) {
      case ImageFormat::kJpeg: image = imaging::decode_jpeg(bytes); break;  // turned upright per its EXIF orientation
      case ImageFormat::kBmp: image = imaging::decode_bmp(bytes); break;
      // PNG and WebP as stored, transparency kept (these formats carry no EXIF orientation in practice).
      case ImageFormat::kPng: image = imaging::decode_png(bytes); break;
      case ImageFormat::kWebp: image = imaging::decode_webp(bytes); break;
    }
  } catch (const InputError& e) {
    throw InputError(std::string(name) + ": " + e.what());
  } catch (const cv::Exception& e) {  // e.g. no memory for the pixels
    throw InputError(std::string(name) + ": cannot decode " + std::string(format_name(header->format)) + " (" +
                     e.what() + ")");
  }
  if (!image.empty() && image.depth() == CV_16U) image.convertTo(image, CV_8U, 1.0 / 257.0);
  if (!image.empty() && image.channels() == 4) image = over_white(image);
  if (!image.empty() && image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
  if (image.empty() || image.type() != CV_8UC3) {
    throw InputError(std::string(name) + ": corrupt or unsupported " + std::string(format_name(header->format)) +
                     " image");
  }
  return image;
}

cv::Mat load_image(const std::filesystem::path& path, const ImageLoadOptions& options) {
  const std::string bytes = io::read_file(path, std::uintmax_t(options.max_file_bytes));
  return decode_image(bytes, path.string(), options);
}

bool has_image_extension(const std::filesystem::path& path) {
  const std::string ext = io::lower_extension(path);
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".webp";
}

}  // namespace vec2midi::vision
