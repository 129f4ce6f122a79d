// Acquisition functions for minimisation from a GP posterior (mean μ, variance σ²); pure and
// autograd-capable. Both are written so that larger is better, for gradient ascent.
// Usage: auto a = negative_lcb(mean, var, 0.3); auto b = expected_improvement(mean, var, best_y);
#pragma once

#include <torch/torch.h>

namespace vec2midi::optim {

/// The lower confidence bound μ - w·σ (GPyOpt's LCB with exploration weight w; the original used 0.3,
/// MISSION.md §5), negated so that the point to evaluate next maximises it: -(μ - w·σ).
torch::Tensor negative_lcb(const torch::Tensor& mean, const torch::Tensor& variance, double weight);

/// Expected improvement below `best` (Jones et al. 1998): with σ = sqrt(variance), u = (best - μ - ξ) / σ,
/// EI = (best - μ - ξ)·Φ(u) + σ·φ(u); variance is clamped to >= 1e-18.
torch::Tensor expected_improvement(const torch::Tensor& mean, const torch::Tensor& variance, double best,
                                   double xi = 0.0);

}  // namespace vec2midi::optim
