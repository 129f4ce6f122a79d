// vec2midi._engine.Transition: a searched transition file (transition::read_transition_file) combined once,
// mapping embeddings e to latent vectors z = 2·tanh(M(a)·e) (MISSION.md §2).
#include <filesystem>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl/filesystem.h>

#include "io/error.hpp"
#include "python/bindings.hpp"
#include "python/numpy_arrays.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::python {
namespace py = pybind11;

namespace {

class LoadedTransition {
 public:
  explicit LoadedTransition(const std::filesystem::path& path)
      : path_(path), file_(transition::read_transition_file(path)), transition_(file_.options),
        m_(transition_.combine(file_.coefficients)) {}

  // e [N, E] or [E] → z [N, Z] or [Z].
  py::array latent(const py::array_t<float, py::array::c_style | py::array::forcecast>& e) const {
    const int64_t e_size = file_.options.embedding_size, z_size = file_.options.latent_size;
    if (!(e.ndim() == 1 || e.ndim() == 2) || e.shape(e.ndim() - 1) != e_size) {
      throw InputError(path_.string() + ": embeddings must have shape (n, " + std::to_string(e_size) + ") or (" +
                       std::to_string(e_size) + ",)");
    }
    const std::vector<float> z = transition_.apply(m_, std::span(e.data(), size_t(e.size())));
    if (e.ndim() == 1) return numpy_copy<float>(z, {z_size});
    return numpy_copy<float>(z, {e.shape(0), z_size});
  }

  const transition::TransitionFile& file() const { return file_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  transition::TransitionFile file_;
  transition::Transition transition_;
  std::vector<float> m_;  // M(a) [Z, E]
};

}  // namespace

void bind_transition(py::module_& m) {
  py::class_<LoadedTransition>(m, "Transition")
      .def(py::init<const std::filesystem::path&>(), py::arg("path"))
      .def("latent", &LoadedTransition::latent, py::arg("e"))
      .def_property_readonly("embedding_size", [](const LoadedTransition& t) { return t.file().options.embedding_size; })
      .def_property_readonly("latent_size", [](const LoadedTransition& t) { return t.file().options.latent_size; })
      .def_property_readonly("coefficients", [](const LoadedTransition& t) { return t.file().coefficients; })
      .def_property_readonly("path", [](const LoadedTransition& t) { return t.path().string(); });
}

}  // namespace vec2midi::python
