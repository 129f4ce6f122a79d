// The settings of `vec2midi search` as parsed from its command line (cmd_search.cpp), shared with what reports
// a run's outcome (search_outcome.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/objective.hpp"
#include "transition/transition.hpp"

namespace vec2midi::app {

struct SearchArgs {
  std::string model;
  std::string embedder;
  std::string centres;  // a centres file replacing the embedder's (vision/centres_file.hpp)
  std::string optimizer = "random";
  int64_t budget = 0;
  int64_t initial = 0;  // 0: the optimiser's default initial design
  int64_t batch = 0;    // candidates per round; 0: the number of ranks (1 without mpirun), or the run's own on resume
  std::string batch_acquisition = "penalised";  // bo's rounds: penalised or believer
  bool ask_ahead = false;  // ask the next round while this one is evaluated
  int64_t refit_every = 0;  // bo: evaluations between hyperparameter refits; 0: its default (50)
  int64_t refit_lag = 0;    // bo: rounds between a background refit's start and its use; 0: refits at once
  bool resume = false;
  bool split_decodes = false;  // under mpirun: each evaluation's decodes over the ranks, not one evaluation per rank
  std::string run_dir;
  std::string data = "original";
  std::string images;
  std::vector<int64_t> class_sizes;
  uint64_t data_seed = 0;
  double soft_snap = 0.0;  // > 0: the search's (and validation's) embeddings soft-snapped at this temperature
  uint64_t seed = 0;
  transition::TransitionOptions transition;
  std::string dims_from;  // a latent-study JSON whose "significant" dims the transition drives
  search::ObjectiveOptions objective;
  int64_t checkpoint_every = 100;
  int64_t reselect = 0;  // 0: the result is the best loss seen, as the original
  int64_t reselect_draws = 5;
  std::string reselect_by = "loss";
  bool quiet = false;
  bool json = false;
};

}  // namespace vec2midi::app
