#include "optim/gp_bo.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <future>
#include <numeric>
#include <optional>

#include "io/error.hpp"
#include "io/random.hpp"
#include "optim/acquisition.hpp"
#include "optim/adam.hpp"
#include "optim/local_penalisation.hpp"
#include "optim/matern_kernel.hpp"
#include "optim/random_search.hpp"

namespace vec2midi::optim {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::MatrixXd rows_matrix(const std::vector<std::vector<double>>& rows, int64_t d) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), d);
  for (size_t i = 0; i < rows.size(); ++i) {
    m.row(static_cast<Eigen::Index>(i)) = Eigen::Map<const Eigen::RowVectorXd>(rows[i].data(), d);
  }
  return m;
}

std::vector<double> row_vector(const Eigen::MatrixXd& m, Eigen::Index row) {
  std::vector<double> v(static_cast<size_t>(m.cols()));
  Eigen::Map<Eigen::RowVectorXd>(v.data(), m.cols()) = m.row(row);
  return v;
}

nlohmann::json hyper_json(const GpHyperparameters& h) {
  return {{"lengthscales", h.lengthscales}, {"outputscale", h.outputscale}, {"noise", h.noise}};
}

GpHyperparameters hyper_from_json(const nlohmann::json& j) {
  GpHyperparameters h;
  h.lengthscales = j.at("lengthscales").get<std::vector<double>>();
  h.outputscale = j.at("outputscale").get<double>();
  h.noise = j.at("noise").get<double>();
  return h;
}

AcquisitionValue acquisition_at(const GpBoOptions& options, double mean, double variance, double best) {
  if (options.acquisition == "ei") return expected_improvement(mean, variance, best, options.ei_xi);
  return negative_lcb(mean, variance, options.lcb_weight);
}

// Indices of `values` ordered by `less` (stable), the first k.
template <typename Less>
std::vector<Eigen::Index> first_k(const Eigen::VectorXd& values, Eigen::Index k, Less less) {
  std::vector<Eigen::Index> order(static_cast<size_t>(values.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return less(values(a), values(b)); });
  order.resize(static_cast<size_t>(std::min(k, values.size())));
  return order;
}

Eigen::VectorXd values_at(const GpPosterior& post, double best, const GpBoOptions& options) {
  Eigen::VectorXd values(post.mean.size());
  for (Eigen::Index i = 0; i < values.size(); ++i) values(i) = acquisition_at(options, post.mean(i), post.variance(i), best).value;
  return values;
}

}  // namespace

Eigen::VectorXd acquisition_values(const GaussianProcess& gp, const Eigen::MatrixXd& candidates, const GpBoOptions& options) {
  return values_at(gp.predict(candidates), gp.targets().minCoeff(), options);
}

AcquisitionGradient acquisition_gradient(const GaussianProcess& gp, const Eigen::MatrixXd& points, const GpBoOptions& options) {
  const GpPosteriorGradient post = gp.predict_with_gradient(points);
  const double best = gp.targets().minCoeff();
  AcquisitionGradient out{Eigen::VectorXd(points.rows()), Eigen::MatrixXd(points.rows(), points.cols())};
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    const AcquisitionValue a = acquisition_at(options, post.posterior.mean(i), post.posterior.variance(i), best);
    out.values(i) = a.value;
    out.gradient.row(i) = a.d_mean * post.mean_gradient.row(i) + a.d_variance * post.variance_gradient.row(i);
  }
  return out;
}

AcquisitionScreening screen_acquisition(const GaussianProcess& gp, const GpBoOptions& options, std::mt19937_64& gen,
                                        int64_t n_points) {
  const int64_t d = gp.n_dims();
  const int64_t m = std::max({options.n_candidates, options.n_starts, 4 * n_points});
  // Half uniform, half N(best_k, local_scale²) around the 5 best observations (clipped to the box).
  std::vector<double> values(static_cast<size_t>(m * d));
  for (auto& v : values) v = io::uniform_open(gen);
  AcquisitionScreening out;
  out.points = Eigen::Map<const RowMajor>(values.data(), m, d);
  const auto inputs = gp.inputs();
  const auto best = first_k(gp.targets(), 5, std::less<double>());
  const int64_t n_local = m / 2;
  std::vector<double> noise(static_cast<size_t>(n_local * d));
  io::fill_standard_normal(gen, noise);
  const Eigen::Map<const RowMajor> noise_rows(noise.data(), n_local, d);
  for (int64_t i = 0; i < n_local; ++i) {
    const Eigen::Index centre = best[static_cast<size_t>(i) % best.size()];
    out.points.row(i) = (inputs.row(centre) + options.local_scale * noise_rows.row(i)).cwiseMax(0.0).cwiseMin(1.0);
  }
  out.posterior = gp.predict(out.points);
  out.values = values_at(out.posterior, gp.targets().minCoeff(), options);
  return out;
}

Eigen::MatrixXd refine_acquisition(const GaussianProcess& gp, const GpBoOptions& options, const AcquisitionScreening& screened) {
  const int64_t d = gp.n_dims();
  const Eigen::VectorXd& scores = screened.values;
  const auto top = first_k(scores, std::min<Eigen::Index>(options.n_starts, scores.size()), std::greater<double>());
  const Eigen::Index n_starts = static_cast<Eigen::Index>(top.size());
  Eigen::MatrixXd starts(n_starts, d);
  Eigen::VectorXd start_scores(n_starts);
  for (Eigen::Index k = 0; k < n_starts; ++k) {
    starts.row(k) = screened.points.row(top[static_cast<size_t>(k)]);
    start_scores(k) = scores(top[static_cast<size_t>(k)]);
  }
  // Adam on all starts at once (each start's gradient is its own), projected back into the box.
  Eigen::MatrixXd x = starts;
  Adam adam(x.size(), {.learning_rate = options.ascent_learning_rate});
  for (int64_t step = 0; step < options.n_ascent_steps; ++step) {
    const Eigen::MatrixXd gradient = -acquisition_gradient(gp, x, options).gradient;
    adam.step(Eigen::Map<Eigen::VectorXd>(x.data(), x.size()), Eigen::Map<const Eigen::VectorXd>(gradient.data(), gradient.size()));
    x = x.cwiseMax(0.0).cwiseMin(1.0);
  }
  const Eigen::VectorXd final_scores = acquisition_values(gp, x, options);
  Eigen::MatrixXd chosen(n_starts, d);
  Eigen::VectorXd chosen_scores(n_starts);
  for (Eigen::Index k = 0; k < n_starts; ++k) {
    const bool better = final_scores(k) >= start_scores(k);
    chosen.row(k) = better ? x.row(k) : starts.row(k);
    chosen_scores(k) = std::max(final_scores(k), start_scores(k));
  }
  const auto order = first_k(chosen_scores, n_starts, std::greater<double>());
  Eigen::MatrixXd sorted(n_starts, d);
  for (Eigen::Index k = 0; k < n_starts; ++k) sorted.row(k) = chosen.row(order[static_cast<size_t>(k)]);
  return sorted;
}

Eigen::MatrixXd maximise_acquisition(const GaussianProcess& gp, const GpBoOptions& options, std::mt19937_64& gen) {
  return refine_acquisition(gp, options, screen_acquisition(gp, options, gen));
}

GpBo::GpBo(SearchSpace space, uint64_t seed, GpBoOptions options)
    : space_(space), options_(std::move(options)), gen_(seed), gp_(space.n_dims) {
  validate(space_);
  if (options_.n_random < 1 || options_.n_start < 2 || options_.n_start > options_.n_random) {
    throw InputError("bo: need n_random >= 1 and 2 <= n_start <= n_random");
  }
  if (options_.acquisition != "lcb" && options_.acquisition != "ei") {
    throw InputError("bo: acquisition must be lcb or ei, got '" + options_.acquisition + "'");
  }
  if (options_.batch_size < 1) throw InputError("bo: the batch must be >= 1");
  if (options_.refit_every < 1 || options_.refit_lag < 0) {
    throw InputError("bo: need a refit interval >= 1 and a refit lag >= 0");
  }
  if (options_.batch_acquisition != "penalised" && options_.batch_acquisition != "believer") {
    throw InputError("bo: the batch acquisition must be penalised or believer, got '" + options_.batch_acquisition + "'");
  }
}

std::vector<std::vector<double>> GpBo::ask(int64_t n) {
  if (n < 0) throw InputError("bo: cannot ask for a negative number of points");
  std::vector<std::vector<double>> out;
  // The random phase counts the pending points: the i-th point of this ask is evaluation n_told + pending + i.
  const int64_t first = n_told_ + static_cast<int64_t>(pending_.size());
  int64_t n_random = 0;
  while (n_random < n && (first + n_random < options_.n_random || gp_.size() == 0)) {
    out.push_back(uniform_point(space_, gen_));
    ++n_random;
  }
  const int64_t n_gp = n - n_random;
  if (n_gp > 0) {
    const bool plain = n_gp == 1 && pending_.empty();  // the original's single ask: both ways agree
    auto points = plain || options_.batch_acquisition == "believer" ? ask_believer(n_gp) : ask_penalised(n_gp);
    for (auto& x : points) out.push_back(std::move(x));
  }
  for (const auto& x : out) pending_.push_back(to_unit(space_, x));
  return out;
}

std::vector<double> GpBo::deduplicated(std::vector<double> u, const GaussianProcess& model) {
  // De-duplication (GPyOpt de_duplication=True): a point on top of an observation is replaced by a random one.
  const Eigen::Map<const Eigen::RowVectorXd> ut(u.data(), space_.n_dims);
  const double nearest = std::sqrt((model.inputs().rowwise() - ut).rowwise().squaredNorm().minCoeff());
  return nearest < options_.min_distance ? uniform_point(space_, gen_) : from_unit(space_, u);
}

std::vector<std::vector<double>> GpBo::ask_believer(int64_t n) {
  // The Kriging believer (Ginsbourger et al. 2010): after each point, a copy of the GP is told the posterior mean
  // there as if observed, so the next maximiser looks elsewhere; pending points are believed first. A single point
  // with nothing pending asks the GP itself.
  std::optional<GaussianProcess> believer;
  auto believe = [&](const std::vector<double>& u) {
    if (!believer) believer = gp_;
    const Eigen::VectorXd point = Eigen::Map<const Eigen::VectorXd>(u.data(), space_.n_dims);
    believer->add_observation(point, believer->predict(point.transpose()).mean(0));
  };
  for (const auto& u : pending_) believe(u);
  std::vector<std::vector<double>> out;
  for (int64_t i = 0; i < n; ++i) {
    const GaussianProcess& model = believer ? *believer : gp_;
    out.push_back(deduplicated(row_vector(maximise_acquisition(model, options_, gen_), 0), model));
    if (i + 1 < n) believe(to_unit(space_, out.back()));
  }
  return out;
}

std::vector<std::vector<double>> GpBo::ask_penalised(int64_t n) {
  // One screening and one ascent; the pool is the refined starts, then the screened candidates. What does not
  // depend on the ascent (the pending points' posterior, the screened points' slopes) is computed beside it.
  const AcquisitionScreening screened = screen_acquisition(gp_, options_, gen_, n);
  auto beside = std::async(std::launch::async, [&] {
    const double slope = gp_.mean_gradient(screened.points).rowwise().norm().maxCoeff();
    std::vector<PenaltyCentre> busy;
    if (!pending_.empty()) {
      const Eigen::MatrixXd xs = rows_matrix(pending_, space_.n_dims);
      const GpPosterior post = gp_.predict(xs);
      for (Eigen::Index j = 0; j < xs.rows(); ++j) busy.push_back({xs.row(j), post.mean(j), post.variance(j)});
    }
    return std::pair{std::move(busy), slope};
  });
  const Eigen::MatrixXd refined = refine_acquisition(gp_, options_, screened);
  const GpPosterior refined_posterior = gp_.predict(refined);
  ScreenedPoints pool;
  const Eigen::Index n_refined = refined.rows(), m = n_refined + screened.points.rows();
  pool.x.resize(m, space_.n_dims);
  pool.x << refined, screened.points;
  pool.mean.resize(m);
  pool.mean << refined_posterior.mean, screened.posterior.mean;
  pool.variance.resize(m);
  pool.variance << refined_posterior.variance, screened.posterior.variance;
  // The acquisition made positive: softplus of its value in standardised loss units (LCB's offset removed).
  const auto targets = gp_.targets();
  const double best = targets.minCoeff();
  const double scale = std::max(std::sqrt((targets.array() - targets.mean()).square().mean()), 1e-12);
  const double offset = options_.acquisition == "lcb" ? targets.mean() : 0.0;
  const Eigen::VectorXd values = values_at({pool.mean, pool.variance}, best, options_);
  pool.log_value.resize(m);
  for (Eigen::Index i = 0; i < m; ++i) pool.log_value(i) = log_softplus((values(i) + offset) / scale);
  // L: the largest slope of the posterior mean over the pool (GPyOpt: 10 in standardised units if it is ~0).
  const auto [busy, screened_slope] = beside.get();
  double lipschitz = std::max(gp_.mean_gradient(refined).rowwise().norm().maxCoeff(), screened_slope);
  if (!(lipschitz > 1e-7 * scale)) lipschitz = 10.0 * scale;

  const std::vector<Eigen::Index> rows = select_penalised(pool, busy, lipschitz, best, n, options_.min_distance);
  std::vector<std::vector<double>> out;
  if (!rows.empty()) {
    // De-duplication as deduplicated(), the distances to the data in one product.
    Eigen::MatrixXd chosen(static_cast<Eigen::Index>(rows.size()), space_.n_dims);
    for (size_t k = 0; k < rows.size(); ++k) chosen.row(static_cast<Eigen::Index>(k)) = pool.x.row(rows[k]);
    const Eigen::VectorXd nearest2 = scaled_squared_distances(chosen, gp_.inputs(), Eigen::VectorXd::Ones(space_.n_dims))
                                         .rowwise()
                                         .minCoeff();
    for (Eigen::Index k = 0; k < chosen.rows(); ++k) {
      const std::vector<double> u = row_vector(chosen, k);
      out.push_back(std::sqrt(nearest2(k)) < options_.min_distance ? uniform_point(space_, gen_) : from_unit(space_, u));
    }
  }
  while (static_cast<int64_t>(out.size()) < n) out.push_back(uniform_point(space_, gen_));  // the pool ran out
  return out;
}

void GpBo::forget_pending(const std::vector<double>& u) {
  // The told point's pending entry: the same point up to a replayed journal row's difference (unit box).
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    double gap = 0.0;
    for (size_t k = 0; k < u.size(); ++k) gap = std::max(gap, std::abs((*it)[k] - u[k]));
    if (gap <= 1e-6) {
      pending_.erase(it);
      return;
    }
  }
}

void GpBo::start_gp() {
  // The best n_start random points (MISSION.md §5: X = samples[scores.argsort()[:100]]), stable order.
  std::vector<size_t> order(random_y_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return random_y_[a] < random_y_[b]; });
  std::vector<std::vector<double>> xs;
  std::vector<double> ys;
  for (int64_t i = 0; i < options_.n_start; ++i) {
    xs.push_back(random_x_[order[static_cast<size_t>(i)]]);
    ys.push_back(random_y_[order[static_cast<size_t>(i)]]);
  }
  gp_.set_data(rows_matrix(xs, space_.n_dims), Eigen::Map<const Eigen::VectorXd>(ys.data(), Eigen::Index(ys.size())));
}

void GpBo::tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw InputError("bo: tell() got different numbers of points and losses");
  if (refit_ && ++refit_->age >= options_.refit_lag) apply_refit();
  // GP-phase points go to the GP in blocks (one pass over its factor each), cut where a refit falls.
  std::vector<std::vector<double>> block_x;
  std::vector<double> block_y;
  auto flush = [&] {
    if (block_x.empty()) return;
    gp_.add_observations(rows_matrix(block_x, space_.n_dims),
                         Eigen::Map<const Eigen::VectorXd>(block_y.data(), Eigen::Index(block_y.size())));
    blocks_.push_back(static_cast<int64_t>(block_x.size()));
    block_x.clear();
    block_y.clear();
  };
  for (size_t i = 0; i < xs.size(); ++i) {
    std::vector<double> u = to_unit(space_, xs[i]);
    forget_pending(u);
    ++n_told_;
    if (n_told_ <= options_.n_random) {
      random_x_.push_back(u);
      random_y_.push_back(ys[i]);
      if (n_told_ == options_.n_random) {
        start_gp();
        gp_.fit(options_.fit);
        since_refit_ = 0;
        blocks_.clear();
      }
      continue;
    }
    block_x.push_back(std::move(u));
    block_y.push_back(ys[i]);
    if (++since_refit_ >= options_.refit_every && !refit_) {
      flush();
      refit();
    }
  }
  flush();
}

nlohmann::json GpBo::state() const {
  nlohmann::json s = {{"rng", rng_state(gen_)}, {"n_told", n_told_}, {"since_refit", since_refit_}};
  if (!pending_.empty()) s["pending"] = pending_;
  if (!blocks_.empty()) s["blocks"] = blocks_;
  if (refit_) s["refit"] = {{"from", refit_->from}, {"age", refit_->age}, {"blocks_before", refit_->blocks_before}};
  if (gp_.size() > 0) s["hyperparameters"] = hyper_json(gp_.hyperparameters());
  return s;
}

void GpBo::restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
                   const std::vector<double>& ys) {
  if (xs.size() != ys.size() || state.at("n_told").get<int64_t>() != static_cast<int64_t>(xs.size())) {
    throw InputError("bo: checkpoint state does not match the history (" + std::to_string(xs.size()) + " points)");
  }
  set_rng_state(gen_, state.at("rng").get<std::string>());
  refit_.reset();
  random_x_.clear();
  random_y_.clear();
  gp_ = GaussianProcess(space_.n_dims);
  n_told_ = static_cast<int64_t>(xs.size());
  const size_t n_random = std::min(xs.size(), static_cast<size_t>(options_.n_random));
  for (size_t i = 0; i < n_random; ++i) {
    random_x_.push_back(to_unit(space_, xs[i]));
    random_y_.push_back(ys[i]);
  }
  if (static_cast<int64_t>(xs.size()) >= options_.n_random) {
    // Rebuild the GP as tell() built it: the best n_start random points, then every later point; factored at the
    // last refit's size, then grown by the same blocks since (so that it asks the very same points again), or
    // all at once for a state that does not list its blocks.
    start_gp();
    std::vector<std::vector<double>> later;
    for (size_t i = n_random; i < xs.size(); ++i) later.push_back(to_unit(space_, xs[i]));
    const Eigen::Index n_start = gp_.size(), n_later = Eigen::Index(later.size());
    Eigen::MatrixXd x_all(n_start + n_later, space_.n_dims);
    x_all << gp_.inputs(), rows_matrix(later, space_.n_dims);
    Eigen::VectorXd y_all(n_start + n_later);
    y_all << gp_.targets(), Eigen::Map<const Eigen::VectorXd>(ys.data() + n_random, n_later);
    blocks_ = state.value("blocks", std::vector<int64_t>{});
    Eigen::Index factored = x_all.rows();
    for (const int64_t b : blocks_) factored -= b;
    if (factored < n_start || std::any_of(blocks_.begin(), blocks_.end(), [](int64_t b) { return b < 1; })) {
      throw InputError("bo: checkpoint state's blocks do not match the history");
    }
    gp_.set_data(x_all.topRows(factored), y_all.head(factored));
    gp_.set_hyperparameters(hyper_from_json(state.at("hyperparameters")));
    for (const int64_t b : blocks_) {
      gp_.add_observations(x_all.middleRows(factored, b), y_all.segment(factored, b));
      factored += b;
    }
  }
  since_refit_ = state.at("since_refit").get<int64_t>();
  if (state.contains("refit")) restore_refit(state.at("refit"));
  pending_ = state.value("pending", std::vector<std::vector<double>>{});
  for (const auto& u : pending_) {
    if (static_cast<int64_t>(u.size()) != space_.n_dims ||
        std::any_of(u.begin(), u.end(), [](double v) { return !(v >= 0.0 && v <= 1.0); })) {
      throw InputError("bo: checkpoint state's pending points are not " + std::to_string(space_.n_dims) +
                       " coordinates inside the box");
    }
  }
}

}  // namespace vec2midi::optim
