// vec2midi.Error (a RuntimeError) and vec2midi.InputError (a ValueError), raised with the C++ message.
#include <pybind11/pybind11.h>

#include "io/error.hpp"
#include "python/bindings.hpp"

namespace vec2midi::python {
namespace py = pybind11;

void bind_errors(py::module_& m) {
  // Base first: pybind11 tries the translators in reverse order of registration, so InputError is matched first.
  py::register_exception<Error>(m, "Error", PyExc_RuntimeError).doc() =
      "A failure vec2midi reports: a file that cannot be written, a model that cannot be run.";
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError).doc() =
      "Bad input: a missing or malformed file, an array of the wrong shape, an invalid option.";
}

}  // namespace vec2midi::python
