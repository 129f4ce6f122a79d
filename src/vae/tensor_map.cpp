#include "vae/tensor_map.hpp"

namespace vec2midi::vae {

ShapeMap shapes_of(const std::vector<VariableInfo>& variables) {
  ShapeMap shapes;
  for (const auto& v : variables) {
    if (v.present) shapes[v.name] = v.shape;
  }
  return shapes;
}

}  // namespace vec2midi::vae
