// GpBo's hyperparameter refits in the background (GpBoOptions::refit_lag > 0): started on the data of the moment,
// taken a fixed number of tells later, and started again from a checkpoint's state. The rest of GpBo: gp_bo.cpp.
#include <future>
#include <mutex>
#include <optional>

#include "io/error.hpp"
#include "optim/gp_bo.hpp"

namespace vec2midi::optim {

// A refit in its own thread. The first owner to apply it moves its GP out when it is the only owner, else copies.
struct GpBo::BackgroundRefit {
  std::future<GaussianProcess> future;
  std::mutex mutex;
  std::optional<GaussianProcess> result;

  GaussianProcess take(bool only_owner) {
    const std::lock_guard lock(mutex);
    if (!result) {
      if (only_owner) return future.get();
      result = future.get();
    }
    return *result;
  }
};

void GpBo::refit() {
  if (options_.refit_lag == 0) {
    gp_.fit(options_.fit);
    blocks_.clear();
  } else if (!refit_) {
    start_refit(gp_.size(), 0, blocks_.size());
  }
  since_refit_ = 0;
}

void GpBo::start_refit(int64_t from, int64_t age, size_t blocks_before) {
  auto job = std::make_shared<BackgroundRefit>();
  job->future = std::async(std::launch::async, [x = Eigen::MatrixXd(gp_.inputs().topRows(from)),
                                                y = Eigen::VectorXd(gp_.targets().head(from)),
                                                start = gp_.hyperparameters(), fit = options_.fit] {
    return GaussianProcess::refitted(x, y, start, fit);
  });
  refit_ = PendingRefit{std::move(job), from, age, blocks_before};
}

void GpBo::apply_refit() {
  const PendingRefit refit = std::move(*refit_);
  refit_.reset();
  GaussianProcess fitted = refit.job->take(refit.job.use_count() == 1);
  // Grown by the blocks told since the refit started, as they were told.
  const std::vector<int64_t> later(blocks_.begin() + static_cast<std::ptrdiff_t>(refit.blocks_before), blocks_.end());
  Eigen::Index row = refit.from;
  for (const int64_t b : later) {
    fitted.add_observations(gp_.inputs().middleRows(row, b), gp_.targets().segment(row, b));
    row += b;
  }
  gp_ = std::move(fitted);
  blocks_ = later;
}

void GpBo::restore_refit(const nlohmann::json& refit) {
  // The refit in flight at the checkpoint, started again on the same points from the same hyperparameters.
  const auto from = refit.at("from").get<int64_t>(), age = refit.at("age").get<int64_t>();
  const auto blocks_before = refit.at("blocks_before").get<size_t>();
  int64_t later = 0;
  for (size_t i = std::min(blocks_before, blocks_.size()); i < blocks_.size(); ++i) later += blocks_[i];
  if (options_.refit_lag == 0 || age < 0 || age >= options_.refit_lag || from < 1 || blocks_before > blocks_.size() ||
      from + later != gp_.size()) {
    throw InputError("bo: checkpoint state's background refit does not match the history or --refit-lag");
  }
  start_refit(from, age, blocks_before);
}

}  // namespace vec2midi::optim
