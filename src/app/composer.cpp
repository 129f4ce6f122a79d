#include "app/composer.hpp"

#include <span>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "music/concatenate.hpp"
#include "music/event_codec.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/latent_interpolation.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/centre_distances.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {

Composer::Composer(const ComposerModels& models) : models_(models) {
  require_model_files(models);
  decoder_ = std::make_unique<vae::MelodyDecoder>(models.vae);
  embedder_ = std::make_unique<vision::PlainEmbedder>(models.embedder);
  const transition::TransitionFile file = transition::read_transition_file(models.transition);
  check_models_fit(models, decoder_->options().z_size, embedder_->options().embedding_size, file.options);
  transition_ = std::make_unique<transition::Transition>(file.options);
  m_ = transition_->combine(file.coefficients);
}

Composer::~Composer() = default;

int64_t Composer::latent_size() const { return decoder_->options().z_size; }

Composition Composer::compose(const cv::Mat& bgr, const ComposeOptions& options) const {
  const int64_t n_steps = options.n_steps();  // validate before the work
  Composition c;
  c.embedding = embedder_->embed(bgr);  // [E]
  const vision::ColourCentres& centres = embedder_->centres();
  const vision::CentreDistances d = vision::centre_distances(c.embedding, centres.mean);
  c.colour = d.nearest;
  c.distances = d.squared;
  c.continuous = options.continuous;
  const std::span<const float> source = options.continuous ? std::span<const float>(c.embedding) : centres.mean_of(c.colour);
  c.z = transition_->apply(m_, source);  // [Z]
  const std::vector<uint8_t> events =
      decoder_->decode(c.z, {.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed});
  c.melody = music::events_to_melody(events);
  return c;
}

music::Melody Composer::morph(const Composition& a, const Composition& b, int64_t n_phrases,
                              const ComposeOptions& options) const {
  if (n_phrases < 2) throw InputError("a morph needs at least 2 phrases, got " + std::to_string(n_phrases));
  const int64_t n_steps = options.n_steps();
  const std::vector<float> path = vae::slerp(a.z, b.z, n_phrases);  // [n_phrases, Z]
  const std::vector<uint8_t> events =                                // [n_phrases, n_steps]
      decoder_->decode(path, {.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed});
  std::vector<music::Melody> phrases;
  for (int64_t i = 0; i < n_phrases; ++i) {
    phrases.push_back(music::events_to_melody(std::span(events).subspan(size_t(i * n_steps), size_t(n_steps))));
  }
  return music::concatenate(phrases);
}

}  // namespace vec2midi::app
