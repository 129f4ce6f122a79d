// vec2midi.Error (a RuntimeError) and vec2midi.InputError (a ValueError), raised with the C++ message.
#include <pybind11/pybind11.h>

#include "io/error.hpp"
#include "python/bindings.hpp"

namespace vec2midi::python {
namespace py = pybind11;

void bind_errors(py::module_& m) {
  // Registered base first: pybind11 tries the translators in reverse order, so InputError is matched first.
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  error.doc() = "A failure vec2midi reports: a file that cannot be written, a model that cannot be run.";
  input_error.doc() = "Bad input: a missing or malformed file, an array of the wrong shape, an invalid option.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(input_error.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });
}

}  // namespace vec2midi::python
