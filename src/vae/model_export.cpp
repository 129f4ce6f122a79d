#include "vae/model_export.hpp"

#include <span>

#include <torch/torch.h>

#include "vae/model_io.hpp"

namespace vec2midi::vae {

io::Safetensors music_vae_safetensors(const MusicVaeImpl& model, io::DType dtype, const std::string& source) {
  io::Safetensors st;
  st.metadata["format"] = kMusicVaeFormat;
  st.metadata["music_vae"] = model.options().to_json_string();
  if (!source.empty()) st.metadata["source"] = source;
  for (const auto& [name, param] : model.magenta_variables()) {
    const torch::Tensor values = param.detach().to(torch::kFloat).contiguous();
    st.tensors[name] = io::StoredTensor::from_float(
        values.sizes().vec(), std::span<const float>(values.data_ptr<float>(), static_cast<size_t>(values.numel())),
        dtype);
  }
  return st;
}

void save_music_vae_as(const MusicVaeImpl& model, const std::filesystem::path& path, io::DType dtype,
                       const std::string& source) {
  io::write_safetensors(path, music_vae_safetensors(model, dtype, source));
}

std::unique_ptr<MelodyDecoder> inference_decoder(const MusicVaeImpl& model) {
  const io::ModelFile file(music_vae_safetensors(model, io::DType::F32), "the model in memory", music_vae_model_kind());
  return std::make_unique<MelodyDecoder>(file);
}

}  // namespace vec2midi::vae
