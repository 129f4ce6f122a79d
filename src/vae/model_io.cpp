#include "vae/model_io.hpp"

#include <set>
#include <span>

#include <torch/torch.h>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "vae/tensor_map.hpp"

namespace vec2midi::vae {

MusicVae load_music_vae(const std::filesystem::path& path) {
  return music_vae_from_safetensors(io::read_safetensors(path), path.string());
}

MusicVae music_vae_from_safetensors(const io::Safetensors& st, const std::string& where) {
  const MusicVaeOptions options = read_music_vae_config(st, where, kMusicVaeFormat, "model file",
                                                        "import Magenta weights with `vec2midi import-magenta`");

  MusicVae model(options);
  torch::NoGradGuard no_grad;
  std::set<std::string> expected;
  for (auto& [name, param] : model->magenta_variables()) {
    expected.insert(name);
    const auto found = st.tensors.find(name);
    if (found == st.tensors.end()) throw InputError(where + ": missing tensor " + name);
    const io::StoredTensor& stored = found->second;
    const std::vector<int64_t> want = param.sizes().vec();
    if (stored.shape != want) {
      throw InputError(where + ": tensor " + name + " has shape " + shape_string(stored.shape) + ", expected " +
                       shape_string(want) + " for the config in its metadata");
    }
    std::vector<float> values;
    try {
      values = stored.to_float();
    } catch (const InputError& e) {
      throw InputError(where + ": tensor " + name + ": " + e.what());
    }
    for (const float x : values) {
      if (!std::isfinite(x)) throw InputError(where + ": tensor " + name + " holds NaN or infinite values");
    }
    param.copy_(torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kFloat).view(want));
  }
  for (const auto& [name, tensor] : st.tensors) {
    if (expected.count(name) == 0) {
      throw InputError(where + ": unexpected tensor " + name + " for a MusicVAE with config " +
                       st.metadata.at("music_vae"));
    }
  }
  return model;
}

void save_music_vae(const MusicVaeImpl& model, const std::filesystem::path& path, const std::string& source) {
  io::Safetensors st;
  st.metadata["format"] = kMusicVaeFormat;
  st.metadata["music_vae"] = model.options().to_json_string();
  if (!source.empty()) st.metadata["source"] = source;
  for (const auto& [name, param] : model.magenta_variables()) {
    const torch::Tensor values = param.detach().to(torch::kFloat).contiguous();
    st.tensors[name] = io::StoredTensor::from_float(
        values.sizes().vec(), std::span<const float>(values.data_ptr<float>(), static_cast<size_t>(values.numel())));
  }
  io::write_safetensors(path, st);
}

}  // namespace vec2midi::vae
