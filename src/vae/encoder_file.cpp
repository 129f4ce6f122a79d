#include "vae/encoder_file.hpp"

#include <cmath>
#include <map>
#include <set>
#include <span>

#include <torch/torch.h>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::vae {
namespace {

bool is_encoder_variable(const std::string& name) { return name.rfind("encoder/", 0) == 0; }

}  // namespace

void save_encoder(const MusicVaeImpl& model, const std::filesystem::path& path, io::DType dtype,
                  const std::string& source) {
  if (!model.options().has_encoder) throw Error(path.string() + ": the model has no encoder to save");
  io::Safetensors st;
  st.metadata["format"] = kMusicVaeEncoderFormat;
  st.metadata["music_vae"] = model.options().to_json_string();
  if (!source.empty()) st.metadata["source"] = source;
  for (const auto& [name, param] : model.magenta_variables()) {
    if (!is_encoder_variable(name)) continue;
    const torch::Tensor values = param.detach().to(torch::kFloat).contiguous();
    st.tensors[name] = io::StoredTensor::from_float(
        values.sizes().vec(), std::span<const float>(values.data_ptr<float>(), static_cast<size_t>(values.numel())),
        dtype);
  }
  io::write_safetensors(path, st);
}

MusicVae attach_encoder(const MusicVaeImpl& decoder, const std::filesystem::path& encoder_path) {
  const std::string where = encoder_path.string();
  const io::ModelFile file(encoder_path, music_vae_encoder_model_kind());
  const io::Safetensors& st = file.file();
  MusicVaeOptions options = read_music_vae_config(file);
  const MusicVaeOptions& d = decoder.options();
  if (!options.has_encoder || options.z_size != d.z_size || options.n_events != d.n_events ||
      options.max_steps != d.max_steps) {
    throw InputError(where + ": encoder for z " + std::to_string(options.z_size) + ", " +
                     std::to_string(options.n_events) + " events, " + std::to_string(options.max_steps) +
                     " steps does not fit the decoder (z " + std::to_string(d.z_size) + ", " +
                     std::to_string(d.n_events) + " events, " + std::to_string(d.max_steps) + " steps)");
  }
  // The decoder's architecture with the file's encoder.
  options.decoder_size = d.decoder_size;
  options.decoder_layers = d.decoder_layers;
  MusicVae full(options);
  torch::NoGradGuard no_grad;
  std::map<std::string, torch::Tensor> decoder_vars;
  for (const auto& [name, param] : decoder.magenta_variables()) decoder_vars[name] = param;
  std::set<std::string> expected;
  for (auto& [name, param] : full->magenta_variables()) {
    if (!is_encoder_variable(name)) {
      param.copy_(decoder_vars.at(name));
      continue;
    }
    expected.insert(name);
    std::vector<float> values = file.floats(name, param.sizes().vec());
    param.copy_(torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kFloat).view(param.sizes()));
  }
  for (const auto& [name, tensor] : st.tensors) {
    if (expected.count(name) == 0) throw InputError(where + ": unexpected tensor " + name + " in an encoder file");
  }
  return full;
}

MusicVae load_music_vae_with_encoder(const std::filesystem::path& model_path, const std::filesystem::path& encoder_path) {
  MusicVae model = load_music_vae(model_path);
  if (encoder_path.empty()) return model;
  return attach_encoder(*model, encoder_path);
}

}  // namespace vec2midi::vae
