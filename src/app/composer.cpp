#include "app/composer.hpp"

#include <ATen/ATen.h>
#include <torch/torch.h>

#include <span>

#include "app/cli.hpp"
#include "io/error.hpp"
#include "music/constants.hpp"
#include "music/event_codec.hpp"
#include "transition/transition_file.hpp"
#include "vae/latent_interpolation.hpp"
#include "vision/colour_centres.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

Composer::Composer(const ComposerModels& models) : models_(models) {
  require_model_files(models);
  decoder_ = std::make_unique<vae::MelodyDecoder>(models.vae);
  embedder_ = vision::load_embedder_model(models.embedder);
  const transition::TransitionFile file = transition::read_transition_file(models.transition);
  check_models_fit(models, decoder_->options().z_size, embedder_.centres.mean.size(1), file.options);
  transition_ = std::make_unique<transition::Transition>(file.options);
  m_ = transition_->combine(std::span<const double>(file.coefficients));
}

Composer::~Composer() = default;

int64_t Composer::latent_size() const { return decoder_->options().z_size; }

at::Tensor Composer::embed(const std::vector<cv::Mat>& pictures) const {
  const std::lock_guard lock(embed_mutex_);
  return vision::embed_images(embedder_, pictures).contiguous();  // [N, E]
}

at::Tensor Composer::latent(const at::Tensor& embeddings) const {
  torch::NoGradGuard no_grad;
  return transition_->apply(m_, embeddings.to(at::kFloat)).contiguous();  // [N, E] -> [N, Z]
}

std::vector<music::Melody> Composer::decode(const at::Tensor& z, const ComposeOptions& options,
                                            int64_t first_item) const {
  const int64_t n_steps = options.n_steps();
  const vae::DecodeOptions decode{.n_steps = n_steps, .temperature = options.temperature, .seed = options.seed};
  const at::Tensor zc = z.to(at::kFloat).contiguous();
  const std::vector<uint8_t> events =  // [N, n_steps]
      decoder_->decode(std::span<const float>(zc.data_ptr<float>(), size_t(zc.numel())), decode, first_item);
  std::vector<music::Melody> melodies;
  for (int64_t i = 0; i < zc.size(0); ++i) {
    melodies.push_back(music::events_to_melody(std::span(events).subspan(size_t(i * n_steps), size_t(n_steps))));
  }
  return melodies;
}

Composition Composer::compose(const cv::Mat& bgr, const ComposeOptions& options) const {
  options.n_steps();  // validate before the work
  const at::Tensor e = embed({bgr});                                                 // [1, E]
  const at::Tensor d = vision::squared_distances(e, embedder_.centres.mean).contiguous();  // [1, 9]
  Composition c;
  c.colour = static_cast<int>(d.argmin(1).item<int64_t>());
  for (int k = 0; k < vision::kNumClasses; ++k) c.distances[size_t(k)] = d[0][k].item<float>();
  c.embedding.assign(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
  c.continuous = options.continuous;
  const at::Tensor source = options.continuous ? e : embedder_.centres.mean[c.colour].unsqueeze(0).contiguous();
  const at::Tensor z = latent(source);                                               // [1, Z]
  c.z.assign(z.data_ptr<float>(), z.data_ptr<float>() + z.numel());
  c.melody = decode(z, options).front();
  return c;
}

music::Melody Composer::morph(const Composition& a, const Composition& b, int64_t n_phrases,
                              const ComposeOptions& options) const {
  if (n_phrases < 2) throw InputError("a morph needs at least 2 phrases, got " + std::to_string(n_phrases));
  const int64_t n_steps = options.n_steps();
  const auto as_tensor = [](const std::vector<float>& v) {
    return at::from_blob(const_cast<float*>(v.data()), {static_cast<int64_t>(v.size())}, at::kFloat).clone();
  };
  const at::Tensor path = vae::slerp(as_tensor(a.z), as_tensor(b.z), n_phrases);  // [n_phrases, Z]
  const std::vector<music::Melody> phrases = decode(path, options);
  music::Melody piece{.notes = {}, .n_steps = n_phrases * n_steps};
  for (int64_t i = 0; i < n_phrases; ++i) {
    for (music::Note note : phrases[size_t(i)].notes) {
      note.start_step += i * n_steps;
      note.end_step += i * n_steps;
      piece.notes.push_back(note);
    }
  }
  return piece;
}

}  // namespace vec2midi::app
