// Plain C++ arrays to numpy and back-checks, shared by the bindings: a copy into a new numpy array of a given
// shape, and an array's shape written as Python writes it for error messages.
// Usage: return numpy_copy<float>(z, {n, z_size});   throw InputError("got " + shape_text(a));
#pragma once

#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>

namespace vec2midi::python {

/// A new numpy array of `shape` holding a copy of `values` (whose size must be the shape's product).
template <class T>
pybind11::array_t<T> numpy_copy(std::span<const T> values, std::vector<pybind11::ssize_t> shape) {
  pybind11::array_t<T> out(std::move(shape));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

/// "(2, 7)", "(128,)": an array's shape as Python prints it.
inline std::string shape_text(const pybind11::array& a) {
  std::string text = "(";
  for (pybind11::ssize_t d = 0; d < a.ndim(); ++d) text += (d ? ", " : "") + std::to_string(a.shape(d));
  return text + (a.ndim() == 1 ? ",)" : ")");
}

}  // namespace vec2midi::python
