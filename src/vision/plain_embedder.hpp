// The Image2Vec network's inference on plain float arrays, without libtorch, so that `vec2midi compose`
// starts in a fraction of a second (loading libtorch alone takes about 0.7 s). Reads the same model file
// as load_embedder_model(); BatchNorm is folded into the convolutions once at load. Written by hand
// because it is our own model (embedder.hpp) and a general inference runtime would cost the start-up
// time this exists to save; tests/vision/plain_embedder_test.cpp checks it against the libtorch network.
// Activations are channels-last; many pictures at once run on several threads (embed(span)).
// Usage: PlainEmbedder net("models/embedder.safetensors"); std::vector<float> e = net.embed(bgr);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/colour_centres.hpp"
#include "vision/embedder_options.hpp"
#include "vision/embedder_view.hpp"
#include "vision/graph_network.hpp"

namespace vec2midi::vision {

class PlainEmbedder {
 public:
  /// Loads an embedder file (save_embedder_model's output: our MobileNet, or an imported graph). Throws InputError naming the path if it is not
  /// an embedder file or a tensor is missing or has the wrong shape.
  explicit PlainEmbedder(const std::filesystem::path& path);
  /// The same network seen through `view` instead of the file's own (fit-centres fits centres under a new view).
  PlainEmbedder(const std::filesystem::path& path, const EmbedderView& view);

  /// The embedding of one picture (8-bit BGR, any size) as the file's view sees it (embedder_view.hpp): E floats of
  /// unit L2 norm.
  std::vector<float> embed(const cv::Mat& bgr) const;

  /// The embeddings of many pictures, spread over `n_threads` threads (0: one per hardware thread; never more
  /// than pictures): the same values as embed() on each in turn. Throws InputError if n_threads < 0.
  std::vector<std::vector<float>> embed(std::span<const cv::Mat> pictures, int n_threads = 0) const;

  /// The embeddings of picture files, in their order: decoded 64 at a time (bounded memory), each chunk embedded
  /// by embed() on all threads; `after_chunk` (if set) is told how many files are done after each chunk (a progress
  /// line). Throws InputError naming a file that cannot be read.
  std::vector<std::vector<float>> embed_files(std::span<const std::filesystem::path> files,
                                              const std::function<void(int64_t done)>& after_chunk = {}) const;

  const EmbedderOptions& options() const { return options_; }
  const EmbedderView& view() const { return view_; }
  /// The colour centres stored with the network: mean and std, [9, E] each.
  const ColourCentres& centres() const { return centres_; }

 private:
  /// A convolution with BatchNorm folded in, laid out for channels-last activations whose channel counts are
  /// padded to a multiple of 8 with zeros (zero weights and bias keep the padding zero through ReLU6).
  /// kStem: weight [27, out] (row (ky·3 + kx)·3 + c_in); kDepthwise: [9, out] (row ky·3 + kx); kPointwise: [in, out].
  /// mobilenet_v2's blocks are runs of these: `keeps_input` on a block's first layer keeps the block's input,
  /// `adds_kept` on its projection adds it back (a residual block); the projection has no ReLU6.
  struct ChannelsLastConv {
    enum class Kind { kStem, kDepthwise, kPointwise } kind = Kind::kPointwise;
    int64_t in_channels = 0, out_channels = 0, stride = 1;  // padded counts
    std::vector<float> weight;
    std::vector<float> bias;  // [out]
    bool relu6 = true;            // ReLU6 after the sum (else linear)
    bool keras_padding = false;   // stride 2: Keras's padding (bottom and right; top and left too on odd sides)
    bool keeps_input = false;
    bool adds_kept = false;
  };
  struct Scratch;  // one thread's activation buffers

  std::vector<float> forward(const cv::Mat& bgr, Scratch& scratch) const;
  std::vector<float> pool_and_head(const float* x, int64_t n_positions, int64_t stride) const;

  EmbedderOptions options_;
  EmbedderView view_;
  std::shared_ptr<const GraphNetwork> graph_;  // an imported network (architecture "graph"), else null
  std::vector<ChannelsLastConv> layers_;  // stem, then depthwise and pointwise of each block
  int64_t channels_ = 0;  // channels of the last block (unpadded)
  std::vector<float> attention_weight_;  // pooling "attention": [C] scores of a position; empty for mean pooling
  float attention_bias_ = 0.0f;
  std::vector<float> head_weight_;   // [E, C]
  std::vector<float> head_bias_;     // [E]
  ColourCentres centres_;
};

}  // namespace vec2midi::vision
