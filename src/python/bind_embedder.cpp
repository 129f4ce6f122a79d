// vec2midi._engine.Embedder: the Image2Vec network on its own (vision::PlainEmbedder) — pictures to embeddings
// and to the nearest of the nine colour centres stored with it.
#include <filesystem>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "python/bindings.hpp"
#include "python/numpy_arrays.hpp"
#include "python/picture_arg.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::python {
namespace py = pybind11;

namespace {

// Pictures → (embeddings [N, E], nearest colour names [N]).
py::tuple embed(const vision::PlainEmbedder& embedder, const py::sequence& images) {
  std::vector<cv::Mat> pictures;
  for (const py::handle image : images) pictures.push_back(picture_arg(image));
  const int64_t e = embedder.options().embedding_size;
  std::vector<float> embeddings(pictures.size() * size_t(e));
  std::vector<int> nearest(pictures.size());
  {
    py::gil_scoped_release release;
    const std::vector<std::vector<float>> all = embedder.embed(pictures);  // on all hardware threads
    for (size_t i = 0; i < pictures.size(); ++i) {
      const std::vector<float>& one = all[i];
      std::copy(one.begin(), one.end(), embeddings.begin() + std::ptrdiff_t(i * size_t(e)));
      nearest[i] = vision::centre_distances(one, embedder.centres().mean).nearest;
    }
  }
  py::list colours;
  for (int c : nearest) colours.append(std::string(vision::kClassNames[size_t(c)]));
  return py::make_tuple(numpy_copy<float>(embeddings, {py::ssize_t(pictures.size()), py::ssize_t(e)}), colours);
}

}  // namespace

void bind_embedder(py::module_& m) {
  py::class_<vision::PlainEmbedder>(m, "Embedder")
      .def(py::init<const std::filesystem::path&>(), py::arg("path"))
      .def("embed", &embed, py::arg("images"))
      .def_property_readonly("embedding_size", [](const vision::PlainEmbedder& p) { return p.options().embedding_size; })
      .def_property_readonly("centres", [](const vision::PlainEmbedder& p) {
        return numpy_copy<float>(p.centres().mean, {vision::kNumClasses, p.options().embedding_size});
      });
  py::list names;
  for (const auto& name : vision::kClassNames) names.append(std::string(name));
  m.attr("colour_names") = py::tuple(names);
}

}  // namespace vec2midi::python
