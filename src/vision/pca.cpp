#include "vision/pca.hpp"

#include <algorithm>

#include <Eigen/Eigenvalues>

#include "io/error.hpp"

namespace vec2midi::vision {

Pca fit_pca(const RowMatrix& points, int64_t k) {
  if (points.rows() < 2) throw InputError("PCA needs at least two points");
  const Eigen::MatrixXd x = points.cast<double>();
  const Eigen::Index d = x.cols();
  const Eigen::VectorXd mean = x.colwise().mean().transpose();
  const Eigen::MatrixXd centred = x.rowwise() - mean.transpose();
  const Eigen::MatrixXd cov = centred.transpose() * centred / double(x.rows() - 1);  // [D, D]
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(cov);  // ascending eigenvalues
  if (eigen.info() != Eigen::Success) throw InputError("PCA: the covariance of the points has no eigen decomposition");
  const Eigen::VectorXd values = eigen.eigenvalues().cwiseMax(0.0);
  const Eigen::Index m = std::min<Eigen::Index>(Eigen::Index(k), d);
  Pca pca;
  pca.mean = mean.cast<float>();
  pca.components = Eigen::MatrixXf::Zero(Eigen::Index(k), d);
  pca.explained_ratio = Eigen::VectorXf::Zero(Eigen::Index(k));
  const double total = values.sum();
  for (Eigen::Index r = 0; r < m; ++r) {
    Eigen::VectorXd direction = eigen.eigenvectors().col(d - 1 - r);
    // Fixed sign: the entry of largest magnitude (the first of equals) is positive.
    Eigen::Index largest = 0;
    direction.cwiseAbs().maxCoeff(&largest);
    if (direction(largest) < 0) direction = -direction;
    pca.components.row(r) = direction.transpose().cast<float>();
    if (total > 0) pca.explained_ratio(r) = float(values(d - 1 - r) / total);
  }
  return pca;
}

RowMatrix project(const Pca& pca, const RowMatrix& points) {
  // [N, D] - [D] -> [N, D] x [D, k] -> [N, k]
  return (points.rowwise() - pca.mean.transpose()) * pca.components.transpose();
}

}  // namespace vec2midi::vision
