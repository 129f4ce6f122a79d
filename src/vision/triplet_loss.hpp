// Triplet losses with online mining inside a batch (Schroff et al. 2015, FaceNet; Hermans et
// al. 2017, "In Defense of the Triplet Loss"): every anchor-positive pair of a batch is used, the
// negative is chosen from the batch by the mining rule. Usage:
//   auto loss = triplet_loss(embeddings /*[N, E]*/, labels /*[N] int64*/, TripletLossOptions{});
#pragma once

#include <string>

#include <torch/torch.h>

namespace vec2midi::vision {

/// How the negative (and positive) of each triplet is chosen from the batch.
enum class TripletMining {
  kSemiHard,   ///< per anchor-positive pair: the closest negative farther than the positive (FaceNet; tfa default)
  kBatchHard,  ///< per anchor: the farthest positive and the closest negative (Hermans et al.)
};

/// "semi-hard" / "batch-hard"; parse_mining() throws InputError for other names.
std::string mining_name(TripletMining mining);
TripletMining parse_mining(const std::string& name);

struct TripletLossOptions {
  TripletMining mining = TripletMining::kSemiHard;  ///< tfa.losses.TripletSemiHardLoss, what Keras users ran
  double margin = 1.0;  ///< alpha in max(d(a,p) - d(a,n) + alpha, 0); tfa default 1.0, on unit vectors
};

/// Euclidean distances between all rows of `e` [N, E] -> [N, N]; exactly 0 on the diagonal and
/// with a finite gradient there (sqrt is taken of max(d^2, 1e-12)).
torch::Tensor pairwise_distances(const torch::Tensor& e);

/// The prototypical-network loss (Snell et al. 2017) inside a batch: each embedding's cross-entropy over
/// the classes, with logits -scale·||e_i - p_c||², where p_c is the batch mean of class c (of class y_i
/// without e_i itself). It trains what the embedder is used for — naming a colour by its nearest class
/// centre — and complements the triplet loss's pairwise view. Classes with no item in the batch are
/// left out; an item whose class has no other item is skipped. 0 if no item remains.
torch::Tensor prototype_loss(const torch::Tensor& embeddings, const torch::Tensor& labels, double scale);

/// Mean triplet loss of the batch; 0 if the batch holds no anchor with both a positive and a negative.
torch::Tensor triplet_loss(const torch::Tensor& embeddings, const torch::Tensor& labels,
                           const TripletLossOptions& options = {});

}  // namespace vec2midi::vision
