#include "optim/matern_kernel.hpp"

#include <cmath>

namespace vec2midi::optim {

Eigen::MatrixXd scaled_squared_distances(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2,
                                         const Eigen::VectorXd& lengthscales) {
  // ||a - b||² = ||a||² + ||b||² - 2 a·b on the scaled inputs: one GEMM [n, d]·[d, m].
  const Eigen::RowVectorXd inverse = lengthscales.cwiseInverse().transpose();
  const Eigen::MatrixXd a = x1.array().rowwise() * inverse.array();
  const Eigen::MatrixXd b = x2.array().rowwise() * inverse.array();
  Eigen::MatrixXd r2 = -2.0 * a * b.transpose();
  r2.colwise() += a.rowwise().squaredNorm();
  r2.rowwise() += b.rowwise().squaredNorm().transpose();
  return r2.cwiseMax(0.0);
}

Eigen::MatrixXd matern52(const Eigen::MatrixXd& x1, const Eigen::MatrixXd& x2, const Eigen::VectorXd& lengthscales,
                         double outputscale) {
  const double sqrt5 = std::sqrt(5.0);
  return scaled_squared_distances(x1, x2, lengthscales).unaryExpr([&](double r2) {
    const double r = std::sqrt(r2);
    return outputscale * (1.0 + sqrt5 * r + (5.0 / 3.0) * r2) * std::exp(-sqrt5 * r);
  });
}

MaternValues matern52_with_factor(const Eigen::MatrixXd& r2, double outputscale) {
  const double sqrt5 = std::sqrt(5.0);
  MaternValues v{Eigen::MatrixXd(r2.rows(), r2.cols()), Eigen::MatrixXd(r2.rows(), r2.cols())};
  for (Eigen::Index j = 0; j < r2.cols(); ++j) {
    for (Eigen::Index i = 0; i < r2.rows(); ++i) {
      const double s = r2(i, j);
      const double r = std::sqrt(s);
      const double e = outputscale * std::exp(-sqrt5 * r);
      v.k(i, j) = (1.0 + sqrt5 * r + (5.0 / 3.0) * s) * e;
      v.g(i, j) = (5.0 / 3.0) * (1.0 + sqrt5 * r) * e;
    }
  }
  return v;
}

}  // namespace vec2midi::optim
