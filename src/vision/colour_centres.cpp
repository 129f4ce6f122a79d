#include "vision/colour_centres.hpp"

#include <string>

#include "io/error.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {

ColourCentres compute_centres(const torch::Tensor& embeddings, const torch::Tensor& labels, int64_t n_classes) {
  TORCH_CHECK(embeddings.dim() == 2 && labels.dim() == 1 && labels.size(0) == embeddings.size(0),
              "compute_centres: embeddings [N, E] and labels [N] expected");
  const auto e = embeddings.to(torch::kFloat32);
  ColourCentres centres{torch::zeros({n_classes, e.size(1)}), torch::zeros({n_classes, e.size(1)})};
  for (int64_t c = 0; c < n_classes; ++c) {
    const auto rows = e.index({labels == c});  // [n_c, E]
    if (rows.size(0) == 0) {
      const std::string name = c < kNumClasses ? std::string(kClassNames[size_t(c)]) : std::to_string(c);
      throw InputError("no training image of class '" + name + "': cannot compute its colour centre");
    }
    centres.mean[c] = rows.mean(0);
    centres.std[c] = rows.std(0, /*unbiased=*/false);
  }
  return centres;
}

torch::Tensor squared_distances(const torch::Tensor& embeddings, const torch::Tensor& centres) {
  // [N, 1, E] - [1, C, E] -> [N, C, E] -> [N, C]
  return (embeddings.unsqueeze(1) - centres.unsqueeze(0)).pow(2).sum(2);
}

torch::Tensor nearest_centres(const torch::Tensor& embeddings, const torch::Tensor& centres) {
  return squared_distances(embeddings, centres).argmin(1);
}

}  // namespace vec2midi::vision
