#include "vae/model_io.hpp"

#include <set>
#include <span>

#include <torch/torch.h>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/safetensors.hpp"

namespace vec2midi::vae {

MusicVae load_music_vae(const std::filesystem::path& path) {
  return music_vae_from_safetensors(io::read_safetensors(path), path.string());
}

MusicVae music_vae_from_safetensors(const io::Safetensors& st, const std::string& where) {
  const io::ModelFile file(st, where, music_vae_model_kind());
  MusicVae model(read_music_vae_config(file));
  torch::NoGradGuard no_grad;
  std::set<std::string> expected;
  for (auto& [name, param] : model->magenta_variables()) {
    expected.insert(name);
    const std::vector<int64_t> want = param.sizes().vec();
    std::vector<float> values = file.floats(name, want);
    param.copy_(torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kFloat).view(want));
  }
  for (const auto& [name, tensor] : st.tensors) {
    if (expected.count(name) == 0) {
      throw InputError(where + ": unexpected tensor " + name + " for a MusicVAE with config " + file.metadata("music_vae"));
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
