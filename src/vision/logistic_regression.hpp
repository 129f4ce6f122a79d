// Multinomial logistic regression with an L2 penalty: the classifier of the classical colour baseline
// (saliency-weighted histograms, hue_baseline.hpp) when it is trained on the same photos as the CNN.
// Features are standardised with the training set's mean and spread; the penalised mean cross-entropy
// is minimised by L-BFGS with a strong-Wolfe line search (lbfgs.hpp; convex, so the optimum does not depend on
// the start). It stops as PyTorch's LBFGS does, which on the photo split's train part leaves the weights within
// about 1e-4 of the optimum. Bishop (2006), Pattern Recognition and Machine Learning, §4.3.4. No libtorch.
// Usage: auto m = fit_logistic(features /*[N, F]*/, labels /*[N]*/, 9, {}); std::vector<int> p = predict_logistic(m, test);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

/// Settings of the fit. The penalty was chosen on the validation part of data/photo_split.json (docs/EMBEDDER.md).
struct LogisticOptions {
  double l2 = 1e-3;                 ///< weight of the squared norm of the weights (not the biases), per example
  int64_t max_iterations = 500;     ///< L-BFGS iterations
};

/// A fitted model: scores = ((x - mean) / scale) · weight + bias.
struct LogisticModel {
  Eigen::VectorXd mean;    ///< [F]
  Eigen::VectorXd scale;   ///< [F] (1 where a feature is constant)
  Eigen::MatrixXd weight;  ///< [F, C]
  Eigen::VectorXd bias;    ///< [C]
};

/// The penalised loss at `weight` [F, C] and `bias` [C] on standardised features `x` [N, F]: the mean cross-entropy
/// of softmax(x · weight + bias) against `labels`, plus l2 · ||weight||². Its gradients are written into `d_weight`
/// and `d_bias` when they are not null.
double penalised_cross_entropy(const Eigen::MatrixXd& x, std::span<const int> labels, const Eigen::MatrixXd& weight,
                               const Eigen::VectorXd& bias, double l2, Eigen::MatrixXd* d_weight = nullptr,
                               Eigen::VectorXd* d_bias = nullptr);

/// Fits the model on features [N, F] and labels [N] (in [0, n_classes)). Throws InputError if the
/// sizes disagree, there is no example, or a label is out of range.
LogisticModel fit_logistic(const RowMatrix& features, std::span<const int> labels, int n_classes,
                           const LogisticOptions& options);

/// Class scores (logits) [N, C] of features [N, F].
Eigen::MatrixXd logistic_scores(const LogisticModel& model, const RowMatrix& features);

/// The highest-scoring class of each row of features [N, F] (the first on ties).
std::vector<int> predict_logistic(const LogisticModel& model, const RowMatrix& features);

}  // namespace vec2midi::vision
