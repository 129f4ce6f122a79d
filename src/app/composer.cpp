#include "app/composer.hpp"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "compose/latent_variation.hpp"
#include "io/error.hpp"
#include "music/concatenate.hpp"
#include "music/event_codec.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/latent_interpolation.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/centre_distances.hpp"
#include "vision/palette.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {

namespace {

// Throws InputError for options no picture can be composed with, before any work.
void check_compose_options(const ComposeOptions& options) {
  options.n_steps();
  if (options.palette_size < 1 || options.palette_size > 8) {
    throw InputError("palette size must be 1..8, got " + std::to_string(options.palette_size));
  }
  if (options.program < 0 || options.program > 127) {
    throw InputError("MIDI program " + std::to_string(options.program) + " outside 0..127");
  }
}

}  // namespace

// Most materials a piece draws on: the attention colour and up to three other palette colours.
constexpr size_t kMaxMaterials = 4;

Composer::Composer(const ComposerModels& models) : models_(models) {
  require_model_files(models);
  decoder_ = std::make_unique<vae::MelodyDecoder>(models.vae);
  embedder_ = std::make_unique<vision::PlainEmbedder>(models.embedder);
  const transition::TransitionFile file = transition::read_transition_file(models.transition);
  check_models_fit(models, decoder_->options().z_size, embedder_->options().embedding_size, file.options);
  transition_ = std::make_unique<transition::Transition>(file.options);
  m_ = transition_->combine(file.coefficients);
  sliders_ = compose::read_latent_sliders(compose::sliders_path(models.vae));
}

Composer::~Composer() = default;

int64_t Composer::latent_size() const { return decoder_->options().z_size; }

std::vector<float> Composer::latent_of(std::span<const float> source, const ComposeOptions& options) const {
  std::vector<float> z = transition_->apply(m_, source);  // [Z]
  compose::apply_nudges(z, options.nudges);
  return z;
}

std::vector<RegionReading> Composer::palette_regions(const cv::Mat& bgr, int k) const {
  std::vector<RegionReading> regions;
  const vision::ColourCentres& centres = embedder_->centres();
  for (const vision::PaletteRegion& r : vision::salient_regions(bgr, {.k = k})) {
    RegionReading region;
    region.embedding = embedder_->embed(vision::region_crop(bgr, r));
    region.colour = {.colour = vision::centre_distances(region.embedding, centres.mean).nearest,
                     .weight = r.weight,
                     .box = r.box,
                     .mean_rgb = render::Rgb{r.mean_bgr[2], r.mean_bgr[1], r.mean_bgr[0]}};
    regions.push_back(std::move(region));
  }
  return regions;
}

ColourReading Composer::read_colour(const cv::Mat& bgr) const {
  ColourReading r;
  r.embedding = embedder_->embed(bgr);  // [E]
  const vision::CentreDistances d = vision::centre_distances(r.embedding, embedder_->centres().mean);
  r.colour = d.nearest;
  r.distances = d.squared;
  return r;
}

std::vector<float> Composer::colour_latent(int colour, std::span<const float> embedding, const ComposeOptions& options) const {
  return latent_of(options.continuous ? embedding : embedder_->centres().mean_of(colour), options);
}

std::vector<music::Melody> Composer::decode_phrases(std::span<const float> path, const ComposeOptions& options) const {
  const int64_t n_steps = options.n_steps();
  const std::vector<uint8_t> events =  // [P, n_steps]
      decoder_->decode(path, {.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed});
  std::vector<music::Melody> phrases;
  for (size_t i = 0; i * size_t(n_steps) < events.size(); ++i) {
    phrases.push_back(music::events_to_melody(std::span(events).subspan(i * size_t(n_steps), size_t(n_steps))));
  }
  return phrases;
}

std::vector<int64_t> Composer::slider_dims() const {
  std::vector<int64_t> dims;
  for (const compose::LatentSlider& s : sliders_) dims.push_back(s.dim);
  return dims;
}

Composition Composer::compose(const cv::Mat& bgr, const ComposeOptions& options) const {
  return compose(read_picture(bgr, options.palette_size), options);  // which checks the options
}

PictureReading Composer::read_picture(const cv::Mat& bgr, int palette_size) const {
  if (palette_size < 1 || palette_size > 8) {
    throw InputError("palette size must be 1..8, got " + std::to_string(palette_size));
  }
  return {.whole = read_colour(bgr), .regions = palette_regions(bgr, palette_size), .palette_size = palette_size};
}

Composition Composer::compose(const PictureReading& picture, const ComposeOptions& options) const {
  check_compose_options(options);
  if (options.palette_size != picture.palette_size) {
    throw InputError("the picture was read with a palette of " + std::to_string(picture.palette_size) + ", not " +
                     std::to_string(options.palette_size));
  }
  const int64_t n_steps = options.n_steps();
  Composition c;
  c.embedding = picture.whole.embedding;
  c.colour = picture.whole.colour;
  c.distances = picture.whole.distances;
  c.continuous = options.continuous;
  c.sliders = sliders_;
  c.z = colour_latent(c.colour, c.embedding, options);
  for (const RegionReading& r : picture.regions) c.palette.push_back(r.colour);
  if (options.is_piece()) {
    compose_piece(c, picture.regions, options);
    return c;
  }
  const std::vector<uint8_t> events =
      decoder_->decode(c.z, {.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed});
  c.melody = music::events_to_melody(events);
  return c;
}

void Composer::compose_piece(Composition& c, const std::vector<RegionReading>& regions, const ComposeOptions& options) const {
  // The materials: the attention colour's z, then each other palette colour's, by decreasing weight.
  std::vector<std::vector<float>> materials{c.z};
  c.materials = {c.colour};
  for (const RegionReading& r : regions) {
    const int colour = r.colour.colour;
    if (materials.size() == kMaxMaterials || std::find(c.materials.begin(), c.materials.end(), colour) != c.materials.end()) continue;
    c.materials.push_back(colour);
    materials.push_back(colour_latent(colour, r.embedding, options));
  }
  c.form = compose::plan_form(options.n_bars, int(materials.size()));
  const std::vector<int64_t> dims = slider_dims();
  std::vector<float> path;  // [P, Z]
  for (const compose::FormPhrase& p : c.form) {
    std::vector<float> z = compose::vary_latent(materials[size_t(p.material)], p.variation, dims, options.seed);
    if (p.role == compose::PhraseRole::kTransition) {
      const std::vector<float> walk = vae::slerp(z, materials[size_t(p.to_material)], 3);  // [3, Z]: halfway is row 1
      z.assign(walk.begin() + std::ptrdiff_t(z.size()), walk.begin() + std::ptrdiff_t(2 * z.size()));
    }
    path.insert(path.end(), z.begin(), z.end());
  }
  const std::vector<music::Melody> phrases = decode_phrases(path, options);
  std::vector<bool> section_ends;
  for (const compose::FormPhrase& p : c.form) section_ends.push_back(p.section_end);
  c.piece = compose::arrange(phrases, section_ends,
                             {.key = options.key, .accompaniment = options.accompaniment, .melody_program = options.program});
  c.melody = c.piece->melody;
}

std::vector<music::Melody> Composer::morph_phrases(const Composition& a, const Composition& b, int64_t n_phrases,
                                                   const ComposeOptions& options) const {
  if (n_phrases < 2) throw InputError("a morph needs at least 2 phrases, got " + std::to_string(n_phrases));
  options.n_steps();  // validate before the work
  return decode_phrases(vae::slerp(a.z, b.z, n_phrases), options);  // path [n_phrases, Z]
}

music::Melody Composer::morph(const Composition& a, const Composition& b, int64_t n_phrases,
                              const ComposeOptions& options) const {
  return music::concatenate(morph_phrases(a, b, n_phrases, options));
}

compose::Arrangement Composer::morph_piece(const Composition& a, const Composition& b, int64_t n_phrases,
                                           const ComposeOptions& options) const {
  const std::vector<music::Melody> phrases = morph_phrases(a, b, n_phrases, options);
  std::vector<bool> section_ends(phrases.size(), false);
  section_ends.back() = true;
  return compose::arrange(phrases, section_ends,
                          {.key = options.key, .accompaniment = options.accompaniment, .melody_program = options.program});
}

}  // namespace vec2midi::app
