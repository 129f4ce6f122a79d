// The EXIF Orientation tag of a JPEG picture, read as OpenCV 4.6 read it, and the turn or flip that puts the
// picture upright. Usage: image = apply_exif_orientation(image, exif_orientation(app1_payload.substr(6)));
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::imaging {

/// Orientation 1: the stored rows are already the upright picture (EXIF 2.32, tag 0x0112).
constexpr int kUprightOrientation = 1;

/// The value of the Orientation tag (0x0112) in an EXIF block: `tiff` is the APP1 payload after its 6-byte
/// "Exif\0\0" prefix (a TIFF header, "II" or "MM", then IFD0). Read as OpenCV 4.6's ExifReader reads it, so that
/// pictures turn the way they always did: the first Orientation entry of IFD0, its value taken as a SHORT; the
/// walk over IFD0 stops at the first entry one of OpenCV's known tags cannot be read from (an offset past the end),
/// keeping what it found before. kUprightOrientation when there is no such tag or no TIFF header.
int exif_orientation(std::string_view tiff);

/// `image` turned and/or mirrored so that it is seen upright (orientation 1..8 as in EXIF 2.32 §4.6.4: 2 mirror,
/// 3 turn 180°, 4 flip, 5 transpose, 6 turn 90° clockwise, 7 transverse, 8 turn 90° anticlockwise); any other value
/// returns it as stored.
cv::Mat apply_exif_orientation(const cv::Mat& image, int orientation);

}  // namespace vec2midi::imaging
