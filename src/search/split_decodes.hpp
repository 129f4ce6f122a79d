// One evaluation's decodes spread over the ranks of an MPI run (issue 30; `search --split-decodes`), for decoders
// whose single evaluation outlasts a round: rank 0 runs the search one candidate at a time and splits each
// evaluation's distinct train items into one slice per rank; every rank decodes its slice at the candidate's
// coefficients (rank 0 on a thread of its own) and sends back the events; rank 0 computes the loss. Every rank
// builds the same objective (the same models and train embeddings).
// Usage: if (world.rank() == 0) { objective.set_items_decoder(split_decodes(world, objective)); run_search(...);
//          cluster::stop_workers(world); } else serve_decodes(world, objective);
#pragma once

#include "cluster/world.hpp"
#include "search/objective.hpp"

namespace vec2midi::search {

/// Rank 0: an items decoder that spreads an evaluation's items over the world's ranks (`objective` decodes rank 0's
/// slice; it must outlive the decoder).
ItemsDecoder split_decodes(const cluster::World& world, const TripletObjective& objective);

/// Every rank but 0: decodes the slices rank 0 sends with `objective`, until rank 0 calls cluster::stop_workers.
void serve_decodes(const cluster::World& world, const TripletObjective& objective);

}  // namespace vec2midi::search
