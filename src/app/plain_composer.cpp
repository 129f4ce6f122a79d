#include "app/plain_composer.hpp"

#include <span>
#include <vector>

#include "music/event_codec.hpp"
#include "transition/plain_transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {

PlainComposer::PlainComposer(const ComposerModels& models) : models_(models) {
  require_model_files(models);
  decoder_ = std::make_unique<vae::MelodyDecoder>(models.vae);
  embedder_ = std::make_unique<vision::PlainEmbedder>(models.embedder);
  const transition::TransitionFile file = transition::read_transition_file(models.transition);
  check_models_fit(models, decoder_->options().z_size, embedder_->options().embedding_size, file.options);
  transition_ = std::make_unique<transition::PlainTransition>(file.options, file.coefficients);
}

PlainComposer::~PlainComposer() = default;

Composition PlainComposer::compose(const cv::Mat& bgr, const ComposeOptions& options) const {
  const int64_t n_steps = options.n_steps();  // validate before the work
  Composition c;
  c.embedding = embedder_->embed(bgr);  // [E]
  const size_t e_size = c.embedding.size();
  const std::vector<float>& centres = embedder_->centre_means();  // [9, E]
  for (size_t k = 0; k < size_t(vision::kNumClasses); ++k) {
    float d = 0.0f;
    for (size_t i = 0; i < e_size; ++i) {
      const float diff = c.embedding[i] - centres[k * e_size + i];
      d += diff * diff;
    }
    c.distances[k] = d;
    if (d < c.distances[size_t(c.colour)]) c.colour = static_cast<int>(k);  // the first one on ties, as argmin
  }
  c.continuous = options.continuous;
  const std::span<const float> source =
      options.continuous ? std::span<const float>(c.embedding)
                         : std::span<const float>(centres.data() + size_t(c.colour) * e_size, e_size);
  c.z = transition_->map(source);  // [Z]
  const std::vector<uint8_t> events =
      decoder_->decode(c.z, {.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed});
  c.melody = music::events_to_melody(events);
  return c;
}

}  // namespace vec2midi::app
