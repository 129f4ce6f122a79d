#include "vision/pretrained_backbone.hpp"

#include <string>

#include "io/error.hpp"
#include "vae/tfjs_reader.hpp"

namespace vec2midi::vision {

namespace {

/// Keras's prefix of inverted-residual block `i` (0-based): expanded_conv, block_1, block_2, ...
std::string keras_block(size_t i) { return i == 0 ? "expanded_conv" : "block_" + std::to_string(i); }

class Copier {
 public:
  Copier(Embedder& net, const std::filesystem::path& dir) : reader_(dir), dir_(dir) {
    for (auto& p : net->named_parameters()) ours_.insert(p.key(), p.value());
    for (auto& b : net->named_buffers()) ours_.insert(b.key(), b.value());
  }

  /// Our tensor `name` := Keras's `keras`, permuted from TensorFlow's layout by `dims` (empty: as is).
  void copy(const std::string& name, const std::string& keras, std::vector<int64_t> dims = {}) {
    if (!ours_.contains(name)) throw Error("load_keras_mobilenet_v2: the network has no tensor " + name);
    const io::StoredTensor stored = reader_.read(keras);
    const std::vector<float> values = stored.to_float();
    auto value = torch::from_blob(const_cast<float*>(values.data()), stored.shape, torch::kFloat32);
    if (!dims.empty()) value = value.permute(dims);
    torch::Tensor& target = ours_[name];
    if (value.sizes() != target.sizes()) {
      throw InputError(dir_.string() + ": " + keras + " has shape " + c10::str(value.sizes()) + ", the network's " + name +
                       " needs " + c10::str(target.sizes()));
    }
    torch::NoGradGuard no_grad;
    target.copy_(value);
    ++copied_;
  }

  /// A 1x1 or 3x3 convolution kernel [kh, kw, in, out] -> [out, in, kh, kw].
  void conv(const std::string& name, const std::string& keras) { copy(name + ".weight", keras + "/kernel", {3, 2, 0, 1}); }
  /// A depthwise kernel [kh, kw, C, 1] -> [C, 1, kh, kw].
  void depthwise(const std::string& name, const std::string& keras) {
    copy(name + ".weight", keras + "/depthwise_kernel", {2, 3, 0, 1});
  }
  void batch_norm(const std::string& name, const std::string& keras) {
    copy(name + ".weight", keras + "/gamma");
    copy(name + ".bias", keras + "/beta");
    copy(name + ".running_mean", keras + "/moving_mean");
    copy(name + ".running_var", keras + "/moving_variance");
  }
  int64_t copied() const { return copied_; }

 private:
  vae::TfjsReader reader_;
  std::filesystem::path dir_;
  torch::OrderedDict<std::string, torch::Tensor> ours_;
  int64_t copied_ = 0;
};

}  // namespace

int64_t load_keras_mobilenet_v2(Embedder& net, const std::filesystem::path& dir) {
  if (net->options().backbone != "mobilenet_v2") {
    throw InputError("pretrained weights (" + dir.string() + ") need the mobilenet_v2 backbone, not " + net->options().backbone);
  }
  Copier c(net, dir);
  c.conv("stem", "Conv1");
  c.batch_norm("stem_bn", "bn_Conv1");
  const auto plan = inverted_residual_plan(net->options());
  for (size_t i = 0; i < plan.size(); ++i) {
    const std::string ours = "blocks." + std::to_string(i), keras = keras_block(i);
    if (plan[i].expansion != 1) {
      c.conv(ours + ".expand", keras + "_expand");
      c.batch_norm(ours + ".bn_expand", keras + "_expand_BN");
    }
    c.depthwise(ours + ".depthwise", keras + "_depthwise");
    c.batch_norm(ours + ".bn_depthwise", keras + "_depthwise_BN");
    c.conv(ours + ".project", keras + "_project");
    c.batch_norm(ours + ".bn_project", keras + "_project_BN");
  }
  return c.copied();
}

}  // namespace vec2midi::vision
