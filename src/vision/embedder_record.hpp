// What an embedder file holds beside its network, read without libtorch: the classical baseline fitted with it
// (hue_baseline.hpp: its settings and class centroids) and the record of how it was trained (training_record.hpp).
// PlainEmbedder reads the network and its colour centres from the same file.
// Usage: EmbedderRecord r = read_embedder_record("models/embedder.safetensors"); r.baseline_centroids;  // [9, F]
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/model_file.hpp"
#include "vision/hue_baseline.hpp"

namespace vec2midi::vision {

struct EmbedderRecord {
  HueBaselineOptions baseline_options;    ///< the classical baseline's settings (metadata "baseline")
  std::vector<float> baseline_centroids;  ///< [9, n_hue_features] row-major (tensor "baseline.centroids"; +inf: no example)
  nlohmann::json training = nlohmann::json::object();  ///< how it was trained (metadata "training")
};

/// The record of an embedder file already opened as one (io::ModelFile of embedder_kind()). Throws InputError naming
/// the file if a field is missing, not JSON, or the centroids have the wrong shape.
EmbedderRecord read_embedder_record(const io::ModelFile& file);

/// The same from a path; also throws InputError if it is not an embedder file.
EmbedderRecord read_embedder_record(const std::filesystem::path& path);

}  // namespace vec2midi::vision
