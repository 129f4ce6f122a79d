// Multinomial logistic regression with an L2 penalty: the classifier of the classical colour baseline
// (saliency-weighted histograms, hue_baseline.hpp) when it is trained on the same photos as the CNN.
// Features are standardised with the training set's mean and spread; the penalised mean cross-entropy
// is minimised by L-BFGS with a strong-Wolfe line search (convex, so the optimum does not depend on the
// start). Bishop (2006), Pattern Recognition and Machine Learning, §4.3.4.
// Usage: auto m = fit_logistic(features /*[N, F]*/, labels /*[N]*/, 9, {}); auto predicted = predict_logistic(m, test);
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace vec2midi::vision {

/// Settings of the fit. The penalty was chosen on the validation part of data/photo_split.json (docs/EMBEDDER.md).
struct LogisticOptions {
  double l2 = 1e-3;                 ///< weight of the squared norm of the weights (not the biases), per example
  int64_t max_iterations = 500;     ///< L-BFGS iterations
};

/// A fitted model: scores = ((x - mean) / scale) · weight + bias.
struct LogisticModel {
  torch::Tensor mean;    ///< [F] float64
  torch::Tensor scale;   ///< [F] float64 (1 where a feature is constant)
  torch::Tensor weight;  ///< [F, C] float64
  torch::Tensor bias;    ///< [C] float64
};

/// Fits the model on features [N, F] and labels [N] (int64 in [0, n_classes)). Throws InputError if the
/// sizes disagree, there is no example, or a label is out of range.
LogisticModel fit_logistic(const torch::Tensor& features, const torch::Tensor& labels, int64_t n_classes,
                           const LogisticOptions& options);

/// Class scores (logits) [N, C] of features [N, F].
torch::Tensor logistic_scores(const LogisticModel& model, const torch::Tensor& features);

/// The highest-scoring class of each row of features [N, F] -> [N] int64.
torch::Tensor predict_logistic(const LogisticModel& model, const torch::Tensor& features);

}  // namespace vec2midi::vision
