// What an embedder file records about its training data (its metadata "training", key "data"): the
// folders it was trained on and the images it held out of each. embed-eval uses it to measure only
// the held-out images; import-tflite to fit another network's centres on the same training images. No libtorch.
// Usage: auto keys = held_out_keys(read_embedder_record("models/embedder.safetensors").training, "photos/train");
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace vec2midi::vision {

/// The keys ("<class folder>/<file>") held out of `dir` by the training run that `training` records, matched by the
/// folder's absolute path; if no recorded folder is `dir`, the held-out keys of all of them. Empty
/// if it records none (trained with --holdout 0, or an older file).
std::set<std::string> held_out_keys(const nlohmann::json& training, const std::filesystem::path& dir);

}  // namespace vec2midi::vision
