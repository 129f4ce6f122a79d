#include "vision/embedder_model.hpp"

#include <span>
#include <string>
#include <utility>

#include "io/error.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_record.hpp"
#include "vision/network_input.hpp"

namespace vec2midi::vision {

namespace {

io::StoredTensor store(const torch::Tensor& t, io::DType dtype) {
  const auto c = t.detach().to(torch::kFloat32).contiguous();
  return io::StoredTensor::from_float(c.sizes().vec(), std::span<const float>(c.data_ptr<float>(), size_t(c.numel())), dtype);
}

torch::Tensor restore(const io::StoredTensor& s) {
  const std::vector<float> values = s.to_float();
  return torch::from_blob(const_cast<float*>(values.data()), s.shape, torch::kFloat32).clone();
}

/// The network's parameters and buffers by name, without BatchNorm's step counters.
std::vector<std::pair<std::string, torch::Tensor>> network_tensors(const Embedder& net) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : net->named_parameters()) out.emplace_back(p.key(), p.value());
  for (const auto& b : net->named_buffers()) {
    if (b.key().ends_with("num_batches_tracked")) continue;
    out.emplace_back(b.key(), b.value());
  }
  return out;
}

/// Builds our MobileNet for `model.options` and fills it from the file's "net." tensors.
void load_network(EmbedderModel& model, const io::Safetensors& st, const std::string& where) {
  model.net = Embedder(model.options);
  torch::NoGradGuard no_grad;
  for (auto& [name, tensor] : network_tensors(model.net)) {
    const auto value = restore(st.at("net." + name, where));
    if (value.sizes() != tensor.sizes()) {
      throw InputError(where + ": tensor net." + name + " has shape " + c10::str(value.sizes()) + ", expected " +
                       c10::str(tensor.sizes()));
    }
    tensor.copy_(value);
  }
  model.net->eval();
}

}  // namespace

void save_embedder_model(const std::filesystem::path& path, const EmbedderModel& model, io::DType weights_dtype) {
  io::Safetensors st;
  nlohmann::json classes = nlohmann::json::array();
  for (auto name : kClassNames) classes.push_back(std::string(name));
  st.metadata["format"] = kEmbedderFormat;
  st.metadata["format_version"] = "1";
  st.metadata["embedder"] = model.options.to_json_string();
  st.metadata["classes"] = classes.dump();
  st.metadata["baseline"] = model.baseline_options.to_json_string();
  st.metadata["weights_dtype"] = std::string(io::dtype_name(weights_dtype));
  st.metadata["training"] = model.training.dump();
  if (!model.view.whole_frame()) st.metadata["view"] = model.view.to_json_string();  // none: the whole frame
  if (model.graph) {
    st.metadata["architecture"] = kGraphArchitecture;
    st.metadata["arithmetic"] = "float32";
    st.metadata["weights_dtype"] = "F32";
    store_graph(*model.graph, st);
  } else {
    for (const auto& [name, tensor] : network_tensors(model.net)) st.tensors["net." + name] = store(tensor, weights_dtype);
  }
  const int64_t e = model.centres.embedding_size;
  st.tensors["centres.mean"] = io::StoredTensor::from_float({kNumClasses, e}, model.centres.mean, io::DType::F32);
  st.tensors["centres.std"] = io::StoredTensor::from_float({kNumClasses, e}, model.centres.std, io::DType::F32);
  st.tensors["baseline.centroids"] = io::StoredTensor::from_float({kNumClasses, n_hue_features(model.baseline_options)},
                                                                  model.baseline_centroids, io::DType::F32);
  io::write_safetensors(path, st);
}

EmbedderModel load_embedder_model(const std::filesystem::path& path) {
  const io::ModelFile file(path, embedder_kind());
  const io::Safetensors& st = file.file();
  const std::string& where = file.where();
  EmbedderModel model;
  model.options = EmbedderOptions::from_json_string(file.metadata("embedder"));
  EmbedderRecord record = read_embedder_record(file);
  model.baseline_options = record.baseline_options;
  model.baseline_centroids = std::move(record.baseline_centroids);
  model.training = std::move(record.training);
  model.view = read_embedder_view(file);
  if (holds_graph(st)) {
    model.graph = std::make_shared<const GraphNetwork>(read_graph(st, where));
    model.options.input_size = model.graph->input_size;
    model.options.embedding_size = validate_graph(*model.graph, where);
  } else {
    load_network(model, st, where);
  }
  const int64_t e = model.options.embedding_size;
  model.centres = {.embedding_size = e, .mean = file.floats("centres.mean", {kNumClasses, e}),
                   .std = file.floats("centres.std", {kNumClasses, e})};
  return model;
}

torch::Tensor embed_images(EmbedderModel& model, const std::vector<cv::Mat>& pictures, int64_t batch_size) {
  std::vector<cv::Mat> images;
  images.reserve(pictures.size());
  for (const cv::Mat& picture : pictures) images.push_back(apply_view(picture, model.view));
  if (model.graph) {  // an imported network: one picture at a time, without libtorch
    auto out = torch::empty({int64_t(images.size()), model.options.embedding_size});
    for (size_t i = 0; i < images.size(); ++i) {
      const std::vector<float> e = model.graph->embed(images[i]);
      std::copy(e.begin(), e.end(), out[int64_t(i)].data_ptr<float>());
    }
    return out;
  }
  torch::NoGradGuard no_grad;
  model.net->eval();
  std::vector<torch::Tensor> parts;
  for (size_t start = 0; start < images.size(); start += size_t(batch_size)) {
    const size_t end = std::min(images.size(), start + size_t(batch_size));
    const std::vector<cv::Mat> batch(images.begin() + long(start), images.begin() + long(end));
    parts.push_back(model.net->forward(images_to_batch(batch, model.options.input_size)));  // [b, E]
  }
  if (parts.empty()) return torch::zeros({0, model.options.embedding_size});
  return torch::cat(parts, 0);
}

}  // namespace vec2midi::vision
