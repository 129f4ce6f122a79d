#include "optim/gp_bo.hpp"

#include <algorithm>
#include <numeric>

#include "io/error.hpp"
#include "io/random.hpp"
#include "optim/acquisition.hpp"
#include "optim/random_search.hpp"

namespace vec2midi::optim {
namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

torch::Tensor rows_tensor(const std::vector<std::vector<double>>& rows, int64_t d) {
  torch::Tensor t = torch::empty({static_cast<int64_t>(rows.size()), d}, kF64);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::copy(rows[i].begin(), rows[i].end(), t[static_cast<int64_t>(i)].data_ptr<double>());
  }
  return t;
}

std::vector<double> row_vector(const torch::Tensor& row) {
  const torch::Tensor c = row.to(torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
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

}  // namespace

torch::Tensor acquisition_values(const GaussianProcess& gp, const torch::Tensor& candidates, const GpBoOptions& options,
                                 bool float32) {
  const GpPosterior post = float32 ? gp.predict_float32(candidates) : gp.predict(candidates);
  if (options.acquisition == "ei") {
    return expected_improvement(post.mean, post.variance, gp.targets().min().item<double>(), options.ei_xi);
  }
  return negative_lcb(post.mean, post.variance, options.lcb_weight);
}

torch::Tensor maximise_acquisition(const GaussianProcess& gp, const GpBoOptions& options, std::mt19937_64& gen) {
  const int64_t d = gp.n_dims();
  const int64_t m = std::max<int64_t>(options.n_candidates, options.n_starts);
  // Half uniform, half N(best_k, local_scale²) around the 5 best observations (clipped to the box).
  std::vector<double> values(static_cast<size_t>(m * d));
  for (auto& v : values) v = io::uniform_open(gen);
  torch::Tensor cand = torch::from_blob(values.data(), {m, d}, kF64).clone();
  const int64_t n_best = std::min<int64_t>(5, gp.size());
  const torch::Tensor best = std::get<1>(torch::topk(gp.targets(), n_best, 0, /*largest=*/false));
  const int64_t n_local = m / 2;
  std::vector<double> noise(static_cast<size_t>(n_local * d));
  io::fill_standard_normal(gen, noise);
  const torch::Tensor centres = gp.inputs().index_select(0, best.repeat({n_local / n_best + 1}).narrow(0, 0, n_local));
  cand.narrow(0, 0, n_local).copy_(
      (centres + options.local_scale * torch::from_blob(noise.data(), {n_local, d}, kF64)).clamp(0.0, 1.0));

  torch::Tensor scores;
  {
    torch::NoGradGuard no_grad;
    scores = acquisition_values(gp, cand, options, options.float32_acquisition);
  }
  const int64_t n_starts = std::min(options.n_starts, m);
  const torch::Tensor top = std::get<1>(torch::topk(scores, n_starts));
  const torch::Tensor starts = cand.index_select(0, top);
  const auto dtype = options.float32_acquisition ? torch::kFloat32 : torch::kFloat64;
  torch::Tensor x = starts.to(dtype).clone().requires_grad_(true);
  torch::optim::Adam adam({x}, torch::optim::AdamOptions(options.ascent_learning_rate));
  for (int64_t step = 0; step < options.n_ascent_steps; ++step) {
    adam.zero_grad();
    // The starts are independent: the sum's gradient is each start's own gradient.
    (-acquisition_values(gp, x, options, options.float32_acquisition).sum()).backward();
    adam.step();
    torch::NoGradGuard no_grad;
    x.clamp_(0.0, 1.0);
  }
  torch::NoGradGuard no_grad;
  const torch::Tensor refined = x.detach().to(torch::kFloat64);
  const torch::Tensor final_scores = acquisition_values(gp, refined, options);
  // Keep a start's screened point if the ascent made it worse (it cannot, up to Adam's overshoot); compared in
  // float64, so float32 screening scores are recomputed.
  const torch::Tensor start_scores =
      options.float32_acquisition ? acquisition_values(gp, starts, options) : scores.index_select(0, top);
  const torch::Tensor better = (final_scores >= start_scores).unsqueeze(1);
  const torch::Tensor chosen = torch::where(better, refined, starts);
  const torch::Tensor chosen_scores = torch::maximum(final_scores, start_scores);
  return chosen.index_select(0, torch::argsort(chosen_scores, 0, /*descending=*/true));
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
}

std::vector<std::vector<double>> GpBo::ask(int64_t n) {
  std::vector<std::vector<double>> out;
  std::vector<std::vector<double>> maxima;
  for (int64_t i = 0; i < n; ++i) {
    if (n_told_ + i < options_.n_random || gp_.size() == 0) {
      out.push_back(uniform_point(space_, gen_));
      continue;
    }
    if (maxima.empty()) {
      const torch::Tensor best = maximise_acquisition(gp_, options_, gen_);
      for (int64_t k = 0; k < best.size(0); ++k) maxima.push_back(row_vector(best[k]));
      std::reverse(maxima.begin(), maxima.end());
    }
    std::vector<double> u = maxima.back();
    maxima.pop_back();
    // De-duplication (GPyOpt de_duplication=True): a point on top of an observation is replaced by a random one.
    const torch::Tensor ut = torch::tensor(u, kF64).unsqueeze(0);
    const double nearest = torch::cdist(ut, gp_.inputs()).min().item<double>();
    if (nearest < options_.min_distance) {
      out.push_back(uniform_point(space_, gen_));
    } else {
      out.push_back(from_unit(space_, u));
    }
  }
  return out;
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
  gp_.set_data(rows_tensor(xs, space_.n_dims), torch::tensor(ys, kF64));
}

void GpBo::tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw InputError("bo: tell() got different numbers of points and losses");
  for (size_t i = 0; i < xs.size(); ++i) {
    const std::vector<double> u = to_unit(space_, xs[i]);
    ++n_told_;
    if (n_told_ <= options_.n_random) {
      random_x_.push_back(u);
      random_y_.push_back(ys[i]);
      if (n_told_ == options_.n_random) {
        start_gp();
        gp_.fit(options_.fit);
        since_refit_ = 0;
      }
      continue;
    }
    gp_.add_observation(torch::tensor(u, kF64), ys[i]);
    if (++since_refit_ >= options_.refit_every) {
      gp_.fit(options_.fit);
      since_refit_ = 0;
    }
  }
}

nlohmann::json GpBo::state() const {
  nlohmann::json s = {{"rng", rng_state(gen_)}, {"n_told", n_told_}, {"since_refit", since_refit_}};
  if (gp_.size() > 0) s["hyperparameters"] = hyper_json(gp_.hyperparameters());
  return s;
}

void GpBo::restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
                   const std::vector<double>& ys) {
  if (xs.size() != ys.size() || state.at("n_told").get<int64_t>() != static_cast<int64_t>(xs.size())) {
    throw InputError("bo: checkpoint state does not match the history (" + std::to_string(xs.size()) + " points)");
  }
  set_rng_state(gen_, state.at("rng").get<std::string>());
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
    // Rebuild the GP data exactly as tell() built it: best n_start random points, then every later point.
    start_gp();
    if (xs.size() > n_random) {
      std::vector<std::vector<double>> later;
      for (size_t i = n_random; i < xs.size(); ++i) later.push_back(to_unit(space_, xs[i]));
      const torch::Tensor x_all = torch::cat({gp_.inputs(), rows_tensor(later, space_.n_dims)}, 0);
      const torch::Tensor y_all =
          torch::cat({gp_.targets(), torch::tensor(std::vector<double>(ys.begin() + static_cast<int64_t>(n_random), ys.end()), kF64)});
      gp_.set_data(x_all, y_all);
    }
    gp_.set_hyperparameters(hyper_from_json(state.at("hyperparameters")));
  }
  since_refit_ = state.at("since_refit").get<int64_t>();
}

}  // namespace vec2midi::optim
