#include "search/split_decodes.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "cluster/shared_work.hpp"
#include "io/error.hpp"

namespace vec2midi::search {
namespace {

// A slice as a job: [number of coefficients, a..., items...] as doubles (item numbers are far below 2^53).
std::string slice_job(std::span<const double> a, std::span<const int64_t> items) {
  std::vector<double> values{static_cast<double>(a.size())};
  values.insert(values.end(), a.begin(), a.end());
  for (int64_t item : items) values.push_back(static_cast<double>(item));
  return cluster::to_bytes(values);
}

cluster::Work slice_work(const TripletObjective& objective) {
  return [&objective](std::string_view job) {
    const std::vector<double> values = cluster::doubles_of(job);
    const auto n_a = values.empty() ? size_t(0) : static_cast<size_t>(values[0]);
    if (values.empty() || values.size() < 1 + n_a) throw Error("search: a malformed decode slice");
    std::vector<int64_t> items;
    for (size_t i = 1 + n_a; i < values.size(); ++i) items.push_back(static_cast<int64_t>(values[i]));
    const std::vector<uint8_t> events = objective.decode_items(std::span(values).subspan(1, n_a), items);
    return std::string(events.begin(), events.end());
  };
}

}  // namespace

ItemsDecoder split_decodes(const cluster::World& world, const TripletObjective& objective) {
  return [&world, &objective, work = slice_work(objective)](std::span<const double> a, std::span<const int64_t> items) {
    const auto n_steps = static_cast<size_t>(objective.options().n_steps);
    const auto n_slices = std::min(static_cast<size_t>(world.size()), std::max<size_t>(items.size(), 1));
    std::vector<std::string> jobs;
    std::vector<size_t> first;  // the slice's first item
    for (size_t s = 0; s < n_slices; ++s) {
      const size_t begin = items.size() * s / n_slices, end = items.size() * (s + 1) / n_slices;
      first.push_back(begin);
      jobs.push_back(slice_job(a, items.subspan(begin, end - begin)));
    }
    std::vector<uint8_t> events(items.size() * n_steps);
    cluster::share_work(world, jobs, work, [&](size_t s, const std::string& bytes) {
      const size_t end = s + 1 < n_slices ? first[s + 1] : items.size();
      if (bytes.size() != (end - first[s]) * n_steps) throw Error("search: a decode slice came back with the wrong size");
      std::copy(bytes.begin(), bytes.end(), events.begin() + static_cast<std::ptrdiff_t>(first[s] * n_steps));
    });
    return events;
  };
}

void serve_decodes(const cluster::World& world, const TripletObjective& objective) {
  cluster::serve_work(world, slice_work(objective));
}

}  // namespace vec2midi::search
