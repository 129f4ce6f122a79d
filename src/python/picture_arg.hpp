// A picture handed in from Python: a path (str or os.PathLike, loaded as the CLI loads it) or an H×W×3 uint8
// array in RGB order (numpy's and PIL's), copied to the BGR cv::Mat the engine takes.
// Usage: cv::Mat bgr = picture_arg(obj);   std::string name = picture_name(obj);
#pragma once

#include <string>

#include <opencv2/core.hpp>
#include <pybind11/pybind11.h>

namespace vec2midi::python {

/// The picture as 8-bit BGR. Throws InputError for a missing or unreadable file, an array that is not H×W×3
/// uint8, or any other type. Call with the GIL held.
cv::Mat picture_arg(const pybind11::handle& image);

/// The file's stem for a path, "" for an array (the name of the files a composition is saved as).
std::string picture_name(const pybind11::handle& image);

}  // namespace vec2midi::python
