#include "vae/vae_training_options.hpp"

#include <cmath>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vae {

std::string TrainVaeOptions::to_json_string() const {
  const nlohmann::json j = {{"batch_size", batch_size},
                            {"learning_rate", learning_rate},
                            {"decay_rate", decay_rate},
                            {"min_learning_rate", min_learning_rate},
                            {"grad_clip", grad_clip},
                            {"grad_norm_clip_to_zero", grad_norm_clip_to_zero},
                            {"free_bits", free_bits},
                            {"max_beta", max_beta},
                            {"beta_rate", beta_rate},
                            {"sampling_rate", sampling_rate},
                            {"transpose_range", transpose_range},
                            {"validation_fraction", validation_fraction},
                            {"seed", seed},
                            {"train_encoder", train_encoder},
                            {"train_decoder", train_decoder},
                            {"prior_inversion_steps", prior_inversion_steps},
                            {"prior_inversion_temperature", prior_inversion_temperature}};
  return j.dump();
}

TrainVaeOptions TrainVaeOptions::from_json_string(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("training options are not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw InputError("training options must be a JSON object, got " + j.dump());
  TrainVaeOptions o;
  auto read = [&](const char* key, auto& field) {
    if (!j.contains(key)) return;
    try {
      field = j[key].get<std::remove_reference_t<decltype(field)>>();
    } catch (const nlohmann::json::exception&) {
      throw InputError(std::string("training option '") + key + "' has the wrong type: " + j[key].dump());
    }
  };
  read("batch_size", o.batch_size);
  read("learning_rate", o.learning_rate);
  read("decay_rate", o.decay_rate);
  read("min_learning_rate", o.min_learning_rate);
  read("grad_clip", o.grad_clip);
  read("grad_norm_clip_to_zero", o.grad_norm_clip_to_zero);
  read("free_bits", o.free_bits);
  read("max_beta", o.max_beta);
  read("beta_rate", o.beta_rate);
  read("sampling_rate", o.sampling_rate);
  read("transpose_range", o.transpose_range);
  read("validation_fraction", o.validation_fraction);
  read("seed", o.seed);
  read("train_encoder", o.train_encoder);
  read("train_decoder", o.train_decoder);
  read("prior_inversion_steps", o.prior_inversion_steps);
  read("prior_inversion_temperature", o.prior_inversion_temperature);
  o.validate();
  return o;
}

void TrainVaeOptions::validate() const {
  auto fail = [](const std::string& what, double value) {
    throw InputError("training option " + what + " is out of range: " + std::to_string(value));
  };
  if (batch_size < 1) fail("batch_size (>= 1)", static_cast<double>(batch_size));
  if (!(learning_rate > 0) || !std::isfinite(learning_rate)) fail("learning_rate (> 0)", learning_rate);
  if (!(decay_rate > 0 && decay_rate <= 1)) fail("decay_rate (0 < d <= 1)", decay_rate);
  if (!(min_learning_rate >= 0 && min_learning_rate <= learning_rate)) {
    fail("min_learning_rate (0..learning_rate)", min_learning_rate);
  }
  if (!(grad_clip > 0)) fail("grad_clip (> 0)", grad_clip);
  if (!(grad_norm_clip_to_zero > 0)) fail("grad_norm_clip_to_zero (> 0)", grad_norm_clip_to_zero);
  if (!(free_bits >= 0) || !std::isfinite(free_bits)) fail("free_bits (>= 0)", free_bits);
  if (!(max_beta >= 0) || !std::isfinite(max_beta)) fail("max_beta (>= 0)", max_beta);
  if (!(beta_rate >= 0 && beta_rate <= 1)) fail("beta_rate (0..1)", beta_rate);
  if (!(sampling_rate == 0 || sampling_rate >= 1) || !std::isfinite(sampling_rate)) {
    fail("sampling_rate (0 or >= 1, Magenta's inverse_sigmoid rate)", sampling_rate);
  }
  if (transpose_range < 0 || transpose_range > 24) fail("transpose_range (0..24)", transpose_range);
  if (!(validation_fraction >= 0 && validation_fraction < 1)) fail("validation_fraction (0 <= f < 1)", validation_fraction);
  if (prior_inversion_steps < 0) fail("prior_inversion_steps (>= 0)", static_cast<double>(prior_inversion_steps));
  if (!(prior_inversion_temperature >= 0) || !std::isfinite(prior_inversion_temperature)) {
    fail("prior_inversion_temperature (>= 0)", prior_inversion_temperature);
  }
  if (prior_inversion_steps > 0 && (train_decoder || !train_encoder)) {
    throw InputError("training options: prior inversion trains the encoder against a frozen decoder (fit-encoder)");
  }
  if (!train_encoder && !train_decoder) throw InputError("training options: nothing to train (encoder and decoder frozen)");
}

}  // namespace vec2midi::vae
