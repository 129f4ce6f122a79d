// Acquisition functions of GP-BO on the posterior at one point (larger is better), with their derivatives in
// the posterior mean and variance, which the ascent chains with the GP's gradients: LCB as GPyOpt defines it
// (the original, MISSION.md §5) and expected improvement (Jones et al. 1998). Pure functions.
// Usage: AcquisitionValue a = negative_lcb(mean, variance, 0.3); a.value; a.d_mean; a.d_variance;
#pragma once

namespace vec2midi::optim {

/// A value and its partial derivatives in the posterior mean and variance.
struct AcquisitionValue {
  double value = 0.0;
  double d_mean = 0.0;
  double d_variance = 0.0;
};

/// -(μ - w σ) with σ = √max(variance, 1e-18): minus GPyOpt's lower confidence bound, so that larger is better.
AcquisitionValue negative_lcb(double mean, double variance, double weight);

/// E[max(best - f - ξ, 0)] for f ~ N(μ, σ²) = (best - μ - ξ) Φ(u) + σ φ(u), u = (best - μ - ξ) / σ.
AcquisitionValue expected_improvement(double mean, double variance, double best, double xi = 0.0);

}  // namespace vec2midi::optim
