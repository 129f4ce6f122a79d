#include "python/picture_arg.hpp"

#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <pybind11/numpy.h>
#include <pybind11/stl/filesystem.h>

#include "io/error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::python {
namespace py = pybind11;

namespace {

bool is_path(const py::handle& image) {
  return py::isinstance<py::str>(image) || py::hasattr(image, "__fspath__");
}

}  // namespace

cv::Mat picture_arg(const py::handle& image) {
  if (is_path(image)) {
    const auto path = image.cast<std::filesystem::path>();
    py::gil_scoped_release release;
    return vision::load_image(path);
  }
  if (!py::isinstance<py::array>(image)) {
    throw InputError(std::string("a picture must be a path or an H×W×3 uint8 numpy array, got ") +
                     std::string(py::str(py::type::of(image).attr("__name__"))));
  }
  const auto array = py::reinterpret_borrow<py::array>(image);
  if (!array.dtype().is(py::dtype::of<uint8_t>())) {
    throw InputError("a picture array must have dtype uint8, got " + std::string(py::str(array.dtype())));
  }
  if (array.ndim() != 3 || array.shape(2) != 3 || array.shape(0) < 1 || array.shape(1) < 1) {
    std::string shape;
    for (py::ssize_t d = 0; d < array.ndim(); ++d) shape += (d ? ", " : "") + std::to_string(array.shape(d));
    throw InputError("a picture array must have shape (height, width, 3) in RGB order, got (" + shape + ")");
  }
  if (const int64_t limit = vision::ImageLoadOptions{}.max_pixels; array.shape(0) * array.shape(1) > limit) {
    throw InputError("a picture array may have at most " + std::to_string(limit) + " pixels (the limit for files)");
  }
  // Any strides: copied row by row into a contiguous RGB Mat, then to BGR.
  const auto contiguous = py::array_t<uint8_t, py::array::c_style | py::array::forcecast>::ensure(array);
  const cv::Mat rgb(int(array.shape(0)), int(array.shape(1)), CV_8UC3, const_cast<uint8_t*>(contiguous.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

std::string picture_name(const py::handle& image) {
  return is_path(image) ? image.cast<std::filesystem::path>().stem().string() : std::string();
}

}  // namespace vec2midi::python
