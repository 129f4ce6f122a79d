#include "vae/tensor_map.hpp"

namespace vec2midi::vae {

ShapeMap shapes_of(const std::vector<VariableInfo>& variables) {
  ShapeMap shapes;
  for (const auto& v : variables) {
    if (v.present) shapes[v.name] = v.shape;
  }
  return shapes;
}

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace vec2midi::vae
