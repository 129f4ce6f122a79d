#include "vision/triplet_loss.hpp"

#include <limits>

#include "io/error.hpp"

namespace vec2midi::vision {

std::string mining_name(TripletMining mining) {
  return mining == TripletMining::kSemiHard ? "semi-hard" : "batch-hard";
}

TripletMining parse_mining(const std::string& name) {
  if (name == "semi-hard") return TripletMining::kSemiHard;
  if (name == "batch-hard") return TripletMining::kBatchHard;
  throw InputError("unknown triplet mining '" + name + "' (expected semi-hard or batch-hard)");
}

torch::Tensor pairwise_distances(const torch::Tensor& e) {
  // ||a - b||^2 = |a|^2 - 2 a.b + |b|^2, clamped at 0 against rounding.
  const auto sq = e.pow(2).sum(1, true);                          // [N, 1]
  auto d2 = (sq - 2.0 * e.matmul(e.t()) + sq.t()).clamp_min(0.0);  // [N, N]
  const auto eye = torch::eye(e.size(0), torch::TensorOptions().dtype(torch::kBool).device(e.device()));
  return torch::sqrt(d2.clamp_min(1e-12)).masked_fill(eye, 0.0);
}

namespace {

torch::Tensor batch_hard(const torch::Tensor& d, const torch::Tensor& positive, const torch::Tensor& negative, double margin) {
  // Farthest positive and closest negative of each anchor: [N].
  const auto hardest_positive = d.masked_fill(positive.logical_not(), 0.0).amax(1);
  const auto hardest_negative = d.masked_fill(negative.logical_not(), std::numeric_limits<float>::infinity()).amin(1);
  const auto valid = positive.any(1).logical_and(negative.any(1));
  if (!valid.any().item<bool>()) return d.sum() * 0.0;
  const auto loss = torch::relu(hardest_positive - hardest_negative + margin);
  return loss.masked_select(valid).mean();
}

torch::Tensor semi_hard(const torch::Tensor& d, const torch::Tensor& positive, const torch::Tensor& negative, double margin) {
  // For each pair (a, p): the closest negative n with d(a,n) > d(a,p); without one, the farthest negative.
  const int64_t n = d.size(0);
  const auto d_an = d.unsqueeze(1).expand({n, n, n});   // [a, p, n] = d(a, n)
  const auto d_ap = d.unsqueeze(2);                       // [a, p, 1] = d(a, p)
  const auto harder = negative.unsqueeze(1).expand({n, n, n}).logical_and(d_an > d_ap);  // [a, p, n]
  const float inf = std::numeric_limits<float>::infinity();
  const auto semi = d_an.masked_fill(harder.logical_not(), inf).amin(2);                  // [a, p]
  const auto farthest = d.masked_fill(negative.logical_not(), -inf).amax(1, true).expand({n, n});  // [a, p]
  const auto chosen = torch::where(harder.any(2), semi, farthest);
  const auto valid = positive.logical_and(negative.any(1, true).expand({n, n}));
  if (!valid.any().item<bool>()) return d.sum() * 0.0;
  const auto loss = torch::relu(d - chosen + margin);  // d here is d(a, p)
  return loss.masked_select(valid).mean();
}

}  // namespace

torch::Tensor prototype_loss(const torch::Tensor& embeddings, const torch::Tensor& labels, double scale) {
  TORCH_CHECK(embeddings.dim() == 2 && labels.dim() == 1 && labels.size(0) == embeddings.size(0),
              "prototype_loss: embeddings [N, E] and labels [N] expected");
  const auto [classes, index, counts] = torch::_unique2(labels, /*sorted=*/true, /*return_inverse=*/true, /*return_counts=*/true);
  const int64_t n_classes = classes.size(0);
  const auto one_hot = torch::nn::functional::one_hot(index, n_classes).to(embeddings.dtype());   // [N, C]
  const auto n_c = counts.to(embeddings.dtype());                                                   // [C]
  const auto means = one_hot.t().matmul(embeddings) / n_c.unsqueeze(1);                             // [C, E]
  const auto d2 = (embeddings.unsqueeze(1) - means.unsqueeze(0)).pow(2).sum(2);                    // [N, C]
  // Leaving e_i out of its own class mean: e_i - p_loo = n/(n-1) (e_i - mean), so the distance scales.
  const auto n_own = n_c.index_select(0, index);                                                    // [N]
  const auto own_factor = (n_own / (n_own - 1).clamp_min(1)).pow(2);                                // [N]
  const auto scaled = d2 * (1 + one_hot * (own_factor.unsqueeze(1) - 1));
  const auto usable = n_own > 1;
  if (!usable.any().item<bool>() || n_classes < 2) return embeddings.sum() * 0.0;
  const auto logits = -scale * scaled.index({usable});
  return torch::nn::functional::cross_entropy(logits, index.index({usable}));
}

torch::Tensor triplet_loss(const torch::Tensor& embeddings, const torch::Tensor& labels, const TripletLossOptions& options) {
  TORCH_CHECK(embeddings.dim() == 2 && labels.dim() == 1 && labels.size(0) == embeddings.size(0),
              "triplet_loss: embeddings [N, E] and labels [N] expected");
  const auto d = pairwise_distances(embeddings);                                  // [N, N]
  const auto same = labels.unsqueeze(0) == labels.unsqueeze(1);                   // [N, N]
  const auto eye = torch::eye(labels.size(0), torch::TensorOptions().dtype(torch::kBool).device(labels.device()));
  const auto positive = same.logical_and(eye.logical_not());
  const auto negative = same.logical_not();
  return options.mining == TripletMining::kSemiHard ? semi_hard(d, positive, negative, options.margin)
                                                    : batch_hard(d, positive, negative, options.margin);
}

}  // namespace vec2midi::vision
