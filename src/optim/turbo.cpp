#include "optim/turbo.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/error.hpp"
#include "io/random.hpp"

namespace vec2midi::optim {
namespace {

int64_t n_init_of(const TurboOptions& o, int64_t d) { return o.n_init > 0 ? o.n_init : 2 * d; }

}  // namespace

int64_t failure_tolerance(const TurboOptions& options, int64_t n_dims) {
  if (options.failure_tolerance > 0) return options.failure_tolerance;
  const double q = static_cast<double>(options.batch_size);
  return static_cast<int64_t>(std::ceil(std::max(4.0 / q, static_cast<double>(n_dims) / q)));
}

TrustRegion update_trust_region(TrustRegion region, bool success, const TurboOptions& options, int64_t n_dims) {
  if (success) {
    ++region.n_successes;
    region.n_failures = 0;
  } else {
    ++region.n_failures;
    region.n_successes = 0;
  }
  if (region.n_successes >= options.success_tolerance) {
    region.length = std::min(2.0 * region.length, options.length_max);
    region.n_successes = 0;
  } else if (region.n_failures >= failure_tolerance(options, n_dims)) {
    region.length /= 2.0;
    region.n_failures = 0;
  }
  region.restart = region.length < options.length_min;
  if (region.restart) {
    region.length = options.length_init;
    region.n_successes = 0;
    region.n_failures = 0;
  }
  return region;
}

Turbo::Turbo(SearchSpace space, uint64_t seed, TurboOptions options)
    : space_(space), options_(std::move(options)), gen_(seed) {
  validate(space_);
  if (options_.batch_size < 1 || options_.n_candidates < 1) throw InputError("turbo: batch size and candidates must be >= 1");
  region_.length = options_.length_init;
}

std::vector<std::vector<double>> Turbo::latin_hypercube(int64_t n) {
  const int64_t d = space_.n_dims;
  std::vector<std::vector<double>> pts(static_cast<size_t>(n), std::vector<double>(static_cast<size_t>(d)));
  std::vector<int64_t> perm(static_cast<size_t>(n));
  for (int64_t k = 0; k < d; ++k) {
    for (int64_t i = 0; i < n; ++i) perm[static_cast<size_t>(i)] = i;
    for (int64_t i = n - 1; i > 0; --i) std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(io::scaled_index(gen_, i + 1))]);
    for (int64_t i = 0; i < n; ++i) {
      pts[static_cast<size_t>(i)][static_cast<size_t>(k)] =
          (static_cast<double>(perm[static_cast<size_t>(i)]) + io::uniform_open(gen_)) / static_cast<double>(n);
    }
  }
  return pts;
}

std::vector<std::vector<double>> Turbo::ask(int64_t n) {
  const int64_t d = space_.n_dims;
  std::vector<std::vector<double>> out;
  if (x_.empty() && init_queue_.empty()) init_queue_ = latin_hypercube(n_init_of(options_, d));
  while (static_cast<int64_t>(out.size()) < n && !init_queue_.empty()) {
    out.push_back(from_unit(space_, init_queue_.front()));
    init_queue_.erase(init_queue_.begin());
  }
  const int64_t want = n - static_cast<int64_t>(out.size());
  if (want == 0) return out;
  if (y_.size() < 2) {  // not enough for a GP yet (tiny n_init): uniform points
    for (int64_t i = 0; i < want; ++i) {
      std::vector<double> u(static_cast<size_t>(d));
      for (auto& v : u) v = io::uniform_open(gen_);
      out.push_back(from_unit(space_, u));
    }
    return out;
  }
  // Local GP on the most recent points of this start.
  const size_t m = std::min(y_.size(), static_cast<size_t>(options_.max_gp_points));
  const size_t first = y_.size() - m;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(m), d);
  for (size_t i = 0; i < m; ++i) x.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXd>(x_[first + i].data(), d);
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(y_.data() + first, Eigen::Index(m));
  GaussianProcess gp(d);
  if (have_hyper_) gp.set_hyperparameters(hyper_);
  gp.set_data(x, y);
  gp.fit(options_.fit);
  hyper_ = gp.hyperparameters();
  have_hyper_ = true;

  // Trust region around the best point, side L·w_k with w = ℓ / geometric mean(ℓ) (paper §2).
  Eigen::Index best = 0;
  y.minCoeff(&best);
  const Eigen::RowVectorXd centre = x.row(best);
  Eigen::RowVectorXd w = Eigen::Map<const Eigen::RowVectorXd>(hyper_.lengthscales.data(), d);
  w /= std::exp(w.array().log().mean());
  const Eigen::RowVectorXd lo = (centre - 0.5 * region_.length * w).cwiseMax(0.0).cwiseMin(1.0);
  const Eigen::RowVectorXd hi = (centre + 0.5 * region_.length * w).cwiseMax(0.0).cwiseMin(1.0);

  // Candidates: the centre with a random subset of coordinates (each with probability min(1, 20/d), at
  // least one) replaced by uniform values inside the region.
  const int64_t c = options_.n_candidates;
  const double p_perturb = std::min(1.0, 20.0 / static_cast<double>(d));
  Eigen::MatrixXd cand = centre.replicate(c, 1);
  for (int64_t i = 0; i < c; ++i) {
    bool any = false;
    for (int64_t k = 0; k < d; ++k) {
      if (io::uniform_open(gen_) < p_perturb) {
        cand(i, k) = lo(k) + (hi(k) - lo(k)) * io::uniform_open(gen_);
        any = true;
      }
    }
    if (!any) {
      const int64_t k = io::scaled_index(gen_, d);
      cand(i, k) = lo(k) + (hi(k) - lo(k)) * io::uniform_open(gen_);
    }
  }
  // Thompson sampling: one joint posterior draw over the candidates per point wanted; take its minimum.
  const Eigen::MatrixXd draws = gp.sample_joint(cand, want, gen_);  // [want, c]
  std::vector<Eigen::Index> taken;
  for (int64_t j = 0; j < want; ++j) {
    Eigen::RowVectorXd row = draws.row(j);
    for (Eigen::Index t : taken) row(t) = std::numeric_limits<double>::infinity();
    Eigen::Index k = 0;
    row.minCoeff(&k);
    taken.push_back(k);
    std::vector<double> u(static_cast<size_t>(d));
    Eigen::Map<Eigen::RowVectorXd>(u.data(), d) = cand.row(k);
    out.push_back(from_unit(space_, u));
  }
  return out;
}

void Turbo::tell_one_batch(const std::vector<std::vector<double>>& us, const std::vector<double>& ys) {
  const double best_before = y_.empty() ? std::numeric_limits<double>::infinity() : *std::min_element(y_.begin(), y_.end());
  const bool had_model = static_cast<int64_t>(y_.size()) >= n_init_of(options_, space_.n_dims);
  for (size_t i = 0; i < us.size(); ++i) {
    x_.push_back(us[i]);
    y_.push_back(ys[i]);
  }
  n_told_ += static_cast<int64_t>(us.size());
  if (!had_model) return;  // the initial design does not move the region
  const double best_batch = *std::min_element(ys.begin(), ys.end());
  const bool success = best_batch < best_before - 1e-3 * std::abs(best_before);
  region_ = update_trust_region(region_, success, options_, space_.n_dims);
  if (region_.restart) {  // a fresh start: new design, new local data (the old points stay in the history)
    x_.clear();
    y_.clear();
    init_queue_.clear();
    have_hyper_ = false;
    start_index_ = n_told_;
    region_.restart = false;
  }
}

void Turbo::tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw InputError("turbo: tell() got different numbers of points and losses");
  std::vector<std::vector<double>> us;
  for (const auto& x : xs) us.push_back(to_unit(space_, x));
  tell_one_batch(us, ys);
}

nlohmann::json Turbo::state() const {
  nlohmann::json s = {{"rng", rng_state(gen_)},
                      {"n_told", n_told_},
                      {"start_index", start_index_},
                      {"length", region_.length},
                      {"n_successes", region_.n_successes},
                      {"n_failures", region_.n_failures},
                      {"init_queue", init_queue_}};
  if (have_hyper_) {
    s["hyperparameters"] = {{"lengthscales", hyper_.lengthscales}, {"outputscale", hyper_.outputscale}, {"noise", hyper_.noise}};
  }
  return s;
}

void Turbo::restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
                    const std::vector<double>& ys) {
  if (xs.size() != ys.size() || state.at("n_told").get<int64_t>() != static_cast<int64_t>(xs.size())) {
    throw InputError("turbo: checkpoint state does not match the history (" + std::to_string(xs.size()) + " points)");
  }
  set_rng_state(gen_, state.at("rng").get<std::string>());
  n_told_ = static_cast<int64_t>(xs.size());
  start_index_ = state.at("start_index").get<int64_t>();
  region_.length = state.at("length").get<double>();
  region_.n_successes = state.at("n_successes").get<int64_t>();
  region_.n_failures = state.at("n_failures").get<int64_t>();
  region_.restart = false;
  init_queue_ = state.at("init_queue").get<std::vector<std::vector<double>>>();
  x_.clear();
  y_.clear();
  for (size_t i = static_cast<size_t>(start_index_); i < xs.size(); ++i) {
    x_.push_back(to_unit(space_, xs[i]));
    y_.push_back(ys[i]);
  }
  have_hyper_ = state.contains("hyperparameters");
  if (have_hyper_) {
    const auto& h = state.at("hyperparameters");
    hyper_.lengthscales = h.at("lengthscales").get<std::vector<double>>();
    hyper_.outputscale = h.at("outputscale").get<double>();
    hyper_.noise = h.at("noise").get<double>();
  }
}

}  // namespace vec2midi::optim
