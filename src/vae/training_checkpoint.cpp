#include "vae/training_checkpoint.hpp"

#include <cstring>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/safetensors.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::vae {
namespace {

constexpr const char* kModelPrefix = "model/";
constexpr const char* kExpAvgPrefix = "adam/exp_avg/";
constexpr const char* kExpAvgSqPrefix = "adam/exp_avg_sq/";
constexpr const char* kOrderName = "data/order";

io::StoredTensor float_tensor(const torch::Tensor& t) {
  const torch::Tensor values = t.detach().to(torch::kFloat).contiguous();
  return io::StoredTensor::from_float(values.sizes().vec(), std::span<const float>(values.data_ptr<float>(),
                                                                                   static_cast<size_t>(values.numel())));
}

torch::Tensor to_tensor(const io::StoredTensor& stored, const std::string& where) {
  std::vector<float> values;
  try {
    values = stored.to_float();
  } catch (const InputError& e) {
    throw InputError(where + ": " + e.what());
  }
  return torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kFloat).clone().view(stored.shape);
}

}  // namespace

void save_training_checkpoint(const TrainingCheckpoint& c, const std::filesystem::path& path) {
  io::Safetensors st;
  st.metadata["format"] = kTrainingCheckpointFormat;
  st.metadata["music_vae"] = c.model->options().to_json_string();
  st.metadata["training"] = c.options.to_json_string();
  const nlohmann::json state = {{"step", c.step},
                                {"epoch", c.cursor.epoch},
                                {"position", c.cursor.position},
                                {"data_fingerprint", std::to_string(c.data_fingerprint)}};
  st.metadata["state"] = state.dump();
  for (const auto& [name, param] : c.model->magenta_variables()) st.tensors[kModelPrefix + name] = float_tensor(param);
  nlohmann::json adam_steps = nlohmann::json::object();
  for (const auto& [name, slot] : c.adam) {
    st.tensors[kExpAvgPrefix + name] = float_tensor(slot.exp_avg);
    st.tensors[kExpAvgSqPrefix + name] = float_tensor(slot.exp_avg_sq);
    adam_steps[name] = slot.step;
  }
  st.metadata["adam_steps"] = adam_steps.dump();
  io::StoredTensor order;
  order.dtype = io::DType::I64;
  order.shape = {static_cast<int64_t>(c.cursor.order.size())};
  order.bytes.assign(reinterpret_cast<const char*>(c.cursor.order.data()), c.cursor.order.size() * sizeof(int64_t));
  st.tensors[kOrderName] = std::move(order);
  io::write_safetensors(path, st);
}

TrainingCheckpoint load_training_checkpoint(const std::filesystem::path& path) {
  const io::ModelFile file(path, {.format = kTrainingCheckpointFormat, .name = "vec2midi training checkpoint"});
  const io::Safetensors& st = file.file();
  const std::string& where = file.where();
  const auto meta = [&](const char* key) -> const std::string& { return file.metadata(key); };
  TrainingCheckpoint c;
  try {
    c.options = TrainVaeOptions::from_json_string(meta("training"));
  } catch (const InputError& e) {
    throw InputError(where + ": " + e.what());
  }

  // The model: the "model/" tensors as a model file image, checked by model_io.
  io::Safetensors model_st;
  model_st.metadata["format"] = kMusicVaeFormat;
  model_st.metadata["music_vae"] = meta("music_vae");
  const std::string model_prefix = kModelPrefix;
  for (const auto& [name, tensor] : st.tensors) {
    if (name.rfind(model_prefix, 0) == 0) model_st.tensors[name.substr(model_prefix.size())] = tensor;
  }
  c.model = music_vae_from_safetensors(model_st, where);

  try {
    const nlohmann::json state = nlohmann::json::parse(meta("state"));
    c.step = state.at("step").get<int64_t>();
    c.cursor.epoch = state.at("epoch").get<int64_t>();
    c.cursor.position = state.at("position").get<int64_t>();
    c.data_fingerprint = std::stoull(state.at("data_fingerprint").get<std::string>());
    const nlohmann::json adam_steps = nlohmann::json::parse(meta("adam_steps"));
    for (const auto& [name, step] : adam_steps.items()) {
      AdamSlot slot;
      slot.step = step.get<int64_t>();
      slot.exp_avg = to_tensor(st.at(kExpAvgPrefix + name, where), where + ": " + kExpAvgPrefix + name);
      slot.exp_avg_sq = to_tensor(st.at(kExpAvgSqPrefix + name, where), where + ": " + kExpAvgSqPrefix + name);
      c.adam[name] = std::move(slot);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": malformed training state: " + e.what());
  } catch (const std::logic_error& e) {  // std::stoull
    throw InputError(where + ": malformed data fingerprint: " + e.what());
  }
  if (c.step < 0 || c.cursor.epoch < 0 || c.cursor.position < 0) throw InputError(where + ": negative step or data position");

  const io::StoredTensor& order = st.at(kOrderName, where);
  if (order.dtype != io::DType::I64 || order.shape.size() != 1) throw InputError(where + ": data/order must be a 1-D I64 tensor");
  c.cursor.order.resize(static_cast<size_t>(order.shape[0]));
  std::memcpy(c.cursor.order.data(), order.bytes.data(), order.bytes.size());
  if (c.cursor.position > static_cast<int64_t>(c.cursor.order.size())) {
    throw InputError(where + ": data position " + std::to_string(c.cursor.position) + " is past the epoch order");
  }
  return c;
}

}  // namespace vec2midi::vae
