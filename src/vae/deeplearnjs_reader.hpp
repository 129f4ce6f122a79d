// Reader for deeplearn.js checkpoints (the layout of Magenta's older magenta.js MusicVAE weights):
// manifest.json maps each variable name to {"filename", "shape"}; each file holds the raw
// little-endian float32 values. Usage: DeepLearnJsReader r("data/magenta/mel_2bar_small"); r.read("encoder/mu/bias");
#pragma once

#include <filesystem>

#include "vae/checkpoint_reader.hpp"

namespace vec2midi::vae {

/// A deeplearn.js folder. Files are only opened by read(), so a listing works with files absent.
class DeepLearnJsReader final : public CheckpointReader {
 public:
  /// Parses `dir`/manifest.json; throws InputError naming the manifest and the variable.
  explicit DeepLearnJsReader(std::filesystem::path dir);

  CheckpointFormat format() const override { return CheckpointFormat::DeepLearnJs; }
  std::string description() const override;
  const std::vector<VariableInfo>& variables() const override { return variables_; }
  io::StoredTensor read(const std::string& name) const override;
  std::optional<int64_t> sequence_length() const override { return sequence_length_; }

 private:
  std::filesystem::path dir_;
  std::vector<VariableInfo> variables_;
  std::optional<int64_t> sequence_length_;
};

}  // namespace vec2midi::vae
