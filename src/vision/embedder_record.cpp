#include "vision/embedder_record.hpp"

#include "io/error.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_file.hpp"

namespace vec2midi::vision {

EmbedderRecord read_embedder_record(const io::ModelFile& file) {
  EmbedderRecord r;
  r.baseline_options = HueBaselineOptions::from_json_string(file.metadata("baseline"));
  try {
    r.training = nlohmann::json::parse(file.metadata("training"));
  } catch (const nlohmann::json::exception&) {
    throw InputError(file.where() + ": metadata \"training\" is not JSON");
  }
  // Not floats(): a class the baseline saw no example of has an infinite centroid.
  r.baseline_centroids = file.tensor("baseline.centroids", {kNumClasses, n_hue_features(r.baseline_options)}).to_float();
  return r;
}

EmbedderRecord read_embedder_record(const std::filesystem::path& path) {
  return read_embedder_record(io::ModelFile(path, embedder_kind()));
}

}  // namespace vec2midi::vision
