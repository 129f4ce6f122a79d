// The latent dimensions a musician can move by hand: the MusicVAE dims the latent study found significant
// (`vec2midi latent-study`), each named by the melody feature it moves most (pitch range, note density …)
// with that feature's change per +1, kept beside the model as MODEL.sliders.json. A nudge adds a value to
// one latent dim before decoding (`compose --nudge 74=1.5`).
// Usage: auto sliders = read_latent_sliders(sliders_path("models/default_vae.safetensors"));
//        apply_nudges(z, {parse_nudge("74=1.5")});
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vec2midi::compose {

/// Range of a nudge, prior standard deviations (z ~ N(0, I): ±3 covers 99.7 % of each dim).
inline constexpr double kMaxNudge = 3.0;

/// One named latent control.
struct LatentSlider {
  int64_t dim = 0;            ///< latent dimension it moves
  std::string name;           ///< what a person hears: "pitch range", "note density", "pitch range 2" …
  std::string feature;        ///< the latent study's feature it moves most ("pitch_range")
  double effect = 0.0;        ///< mean change of that feature per +1 along the dim, in feature standard deviations
                              ///< (negative: + lowers it)
  double importance = 0.0;    ///< the latent study's importance of the dim
  double min = -kMaxNudge;    ///< lowest nudge offered
  double max = kMaxNudge;     ///< highest nudge offered
};

/// A value added to one latent dim.
struct Nudge {
  int64_t dim = 0;
  double value = 0.0;
  friend bool operator==(const Nudge&, const Nudge&) = default;
};

/// The name a person reads for a latent-study feature ("mean_pitch" → "pitch height").
std::string feature_display_name(const std::string& feature);

/// Sliders named by feature, a number added where a name repeats ("pitch range", "pitch range 2").
/// dims/features/effects/importances are parallel, in the order the sliders are listed.
std::vector<LatentSlider> name_sliders(const std::vector<int64_t>& dims, const std::vector<std::string>& features,
                                       const std::vector<double>& effects, const std::vector<double>& importances);

/// MODEL with the extension ".sliders.json" (models/default_vae.safetensors → models/default_vae.sliders.json).
std::filesystem::path sliders_path(const std::filesystem::path& model);

/// {"sliders": [{"dim", "name", "feature", "effect", "importance", "min", "max"}, …]}.
nlohmann::json sliders_json(const std::vector<LatentSlider>& sliders);

/// Reads a sliders file; an absent file gives no sliders. Throws InputError naming the path if it is malformed.
std::vector<LatentSlider> read_latent_sliders(const std::filesystem::path& path);

/// Writes sliders_json() atomically.
void write_latent_sliders(const std::filesystem::path& path, const std::vector<LatentSlider>& sliders);

/// "DIM=VALUE" (e.g. "74=1.5"). Throws InputError naming the text unless DIM is a non-negative integer and
/// VALUE a number in ±kMaxNudge.
Nudge parse_nudge(const std::string& text);

/// Adds each nudge to z. Throws InputError if a dim is outside z or nudged twice.
void apply_nudges(std::span<float> z, const std::vector<Nudge>& nudges);

}  // namespace vec2midi::compose
