// The Matérn-5/2 kernel with one lengthscale per input dimension (ARD; Rasmussen & Williams 2006, eq. 4.17),
// the covariance of the search's Gaussian processes. Pure functions, autograd-capable.
// Usage: auto k = matern52(x1 /*[n, d]*/, x2 /*[m, d]*/, lengthscales /*[d]*/, outputscale);  // [n, m]
#pragma once

#include <torch/torch.h>

namespace vec2midi::optim {

/// Squared scaled distances r²_ij = Σ_k ((x1_ik - x2_jk) / ℓ_k)²: [n, d], [m, d], [d] -> [n, m], >= 0.
torch::Tensor scaled_squared_distances(const torch::Tensor& x1, const torch::Tensor& x2,
                                       const torch::Tensor& lengthscales);

/// k(x, x') = s² (1 + √5 r + 5 r² / 3) exp(-√5 r), r = ||(x - x') / ℓ||: [n, d], [m, d] -> [n, m].
/// `outputscale` is s² (a scalar tensor). k(x, x) = s²; gradients are finite at r = 0.
torch::Tensor matern52(const torch::Tensor& x1, const torch::Tensor& x2, const torch::Tensor& lengthscales,
                       const torch::Tensor& outputscale);

}  // namespace vec2midi::optim
