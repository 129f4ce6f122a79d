// The Matérn-5/2 kernel with one lengthscale per input dimension (ARD; Rasmussen & Williams 2006, eq. 4.17),
// the covariance of the search's Gaussian processes, with the radial factor its derivatives need. Points are
// the rows of a matrix. Pure functions on Eigen matrices (no libtorch).
// Usage: Eigen::MatrixXd k = matern52(x1 /*[n, d]*/, x2 /*[m, d]*/, lengthscales /*[d]*/, outputscale);  // [n, m]
#pragma once

#include <Eigen/Core>

namespace vec2midi::optim {

/// Squared scaled distances r²_ij = Σ_k ((x1_ik - x2_jk) / ℓ_k)²: [n, d], [m, d], [d] -> [n, m], >= 0.
Eigen::MatrixXd scaled_squared_distances(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2,
                                         const Eigen::VectorXd& lengthscales);

/// The kernel and its radial factor at the same pairs.
struct MaternValues {
  Eigen::MatrixXd k;  ///< k(r) = s² (1 + √5 r + 5 r² / 3) exp(-√5 r)
  /// g(r) = -(1/r) dk/dr = (5/3) s² (1 + √5 r) exp(-√5 r), finite at r = 0: then
  /// ∂k/∂x1_k = -g (x1_k - x2_k) / ℓ_k² and ∂k/∂log ℓ_k = g (x1_k - x2_k)² / ℓ_k².
  Eigen::MatrixXd g;
};

/// k(x, x') = s² (1 + √5 r + 5 r² / 3) exp(-√5 r), r = ||(x - x') / ℓ||: [n, d], [m, d] -> [n, m]; k(x, x) = s².
Eigen::MatrixXd matern52(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2, const Eigen::VectorXd& lengthscales,
                         double outputscale);

/// The kernel and its radial factor from squared scaled distances r² [n, m].
MaternValues matern52_with_factor(const Eigen::MatrixXd& r2, double outputscale);

}  // namespace vec2midi::optim
