// A trained Image2Vec model as one safetensors file: the CNN's weights, the colour centres (mean
// and std per class), the fitted classical baseline, and metadata saying what the file is
// ({"format": "vec2midi.embedder", options, class names, how it was trained}).
// Usage: auto m = load_embedder_model("models/embedder.safetensors"); auto e = embed_images(m, {bgr});
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "io/safetensors.hpp"
#include "vision/colour_centres.hpp"
#include "vision/embedder.hpp"
#include "vision/embedder_file.hpp"
#include "vision/embedder_view.hpp"
#include "vision/graph_network.hpp"
#include "vision/hue_baseline.hpp"

namespace vec2midi::vision {

/// A trained embedder with everything needed to classify and evaluate.
struct EmbedderModel {
  EmbedderOptions options;                   ///< for a graph: input_size and embedding_size only
  Embedder net{nullptr};                     ///< our MobileNet, in eval() mode after loading; null for a graph
  std::shared_ptr<const GraphNetwork> graph; ///< an imported network (import-tflite); null for ours
  EmbedderView view;                         ///< what the network sees of a picture (metadata "view")
  ColourCentres centres;                     ///< [9, E] mean and std of each class, fitted under `view`
  HueBaselineOptions baseline_options;       ///< the classical baseline's settings
  std::vector<float> baseline_centroids;     ///< [9, F] row-major: its class centroids (fit_centroids())
  nlohmann::json training = nlohmann::json::object();  ///< how it was trained (data, seeds, held-out keys, time)
};

/// Writes `model` atomically; network weights as `weights_dtype` (F16 keeps the file small),
/// centres and baseline as F32. Throws Error naming the path.
void save_embedder_model(const std::filesystem::path& path, const EmbedderModel& model,
                         io::DType weights_dtype = io::DType::F16);

/// Reads a file written by save_embedder_model(). Throws InputError naming the path if it is not
/// an embedder file or a tensor is missing or has the wrong shape.
EmbedderModel load_embedder_model(const std::filesystem::path& path);

/// Embeddings of `images` (8-bit BGR, any size) as model.view sees them -> [N, E], in batches without gradients.
torch::Tensor embed_images(EmbedderModel& model, const std::vector<cv::Mat>& images, int64_t batch_size = 64);

}  // namespace vec2midi::vision
