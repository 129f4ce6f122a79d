// `vec2midi fit-encoder --decoder M WINDOWS... -o encoder.safetensors`: trains only an encoder (bi-LSTM
// and μ/σ) against a frozen decoder, e.g. Magenta's decoder-only mel_2bar_small, so that decoder plus
// encoder is a complete MusicVAE; writes the encoder alone (vae/encoder_file.hpp).
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/vae_training_flags.hpp"
#include "io/error.hpp"
#include "vae/encoder_file.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae_config.hpp"

namespace vec2midi::app {

namespace {

struct FitEncoderArgs {
  TrainingCommandArgs common;
  std::string decoder;
  int64_t encoder_size = 512;
  int64_t encoder_layers = 1;
  std::string init_encoder;  // start from this encoder file's weights instead of a random encoder
};

void run_fit_encoder(const FitEncoderArgs& args) {
  const vae::MusicVae decoder = vae::load_music_vae(args.decoder);
  const music::WindowDataset data = load_training_windows(args.common.windows);
  const auto make_model = [&] {
    // A second phase (e.g. the ELBO after prior inversion) starts from the first phase's encoder; the
    // file's architecture replaces --encoder-size and --encoder-layers.
    if (!args.init_encoder.empty()) return vae::attach_encoder(*decoder, args.init_encoder);
    vae::MusicVaeOptions o = decoder->options();
    o.has_encoder = true;
    o.encoder_size = args.encoder_size;
    o.encoder_layers = args.encoder_layers;
    vae::MusicVae model(o);
    model->reset_parameters(args.common.train.seed);
    // The decoder's weights, frozen; only the fresh encoder learns.
    torch::NoGradGuard no_grad;
    std::map<std::string, torch::Tensor> trained;
    for (const auto& [name, param] : decoder->magenta_variables()) trained[name] = param;
    for (auto& [name, param] : model->magenta_variables()) {
      if (const auto it = trained.find(name); it != trained.end()) param.copy_(it->second);
    }
    return model;
  };
  TrainingCommandArgs common = args.common;
  common.train.train_encoder = true;
  common.train.train_decoder = false;
  const TrainingCommandResult result = run_training_command(common, data, make_model);
  const std::string source = "vec2midi fit-encoder against " + args.decoder + ": " +
                             std::to_string(result.report.last_step) + " steps on " + std::to_string(data.n_windows()) +
                             " windows";
  vae::save_encoder(*result.model, args.common.output, args.common.fp16 ? io::DType::F16 : io::DType::F32, source);

  if (args.common.json) {
    nlohmann::json doc = training_result_json(result);
    doc["output"] = args.common.output;
    doc["decoder"] = args.decoder;
    doc["architecture"] = nlohmann::json::parse(result.model->options().to_json_string());
    print_json(doc);
    return;
  }
  std::cout << "model: " << vae::describe_architecture(result.model->options()) << " (decoder frozen)\n"
            << "steps " << result.report.first_step << " -> " << result.report.last_step << " in "
            << result.report.seconds << " s (" << result.report.sequences_per_second << " sequences/s)"
            << (result.report.stopped_by_time ? ", stopped by --time-limit" : "") << "\n";
  if (result.report.validation) {
    std::cout << "validation (" << result.report.validation->n_windows << " windows): teacher-forced accuracy "
              << result.report.validation->accuracy << ", KL " << result.report.validation->kl_bits << " bits\n";
  }
  std::cout << "wrote encoder " << args.common.output << " (load it with --model " << args.decoder << " --encoder "
            << args.common.output << ")\n";
}

}  // namespace

void add_fit_encoder_command(CLI::App& root) {
  auto args = std::make_shared<FitEncoderArgs>();
  auto* cmd = root.add_subcommand(
      "fit-encoder",
      "Train only a MusicVAE encoder (bi-LSTM, mu, sigma) against a frozen decoder, e.g. Magenta's decoder-only\n"
      "mel_2bar_small, and write the encoder as its own file; decoder + encoder is a complete VAE");
  cmd->add_option("--decoder", args->decoder, "MusicVAE model file whose decoder stays frozen (import-magenta output)")
      ->required()->check(CLI::ExistingFile);
  add_training_flags(*cmd, args->common);
  cmd->add_option("--encoder-size", args->encoder_size, "Encoder LSTM units per direction (cat-mel_2bar_small 512)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1} << 16));
  cmd->add_option("--prior-inversion-steps", args->common.train.prior_inversion_steps,
                  "First steps train the encoder to give back z ~ N(0, I) from the decoder's own melodies\n"
                  "(the sleep phase of wake-sleep), then the ELBO on the windows takes over")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--prior-inversion-temperature", args->common.train.prior_inversion_temperature,
                  "Decoding temperature of those melodies (0 = greedy)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--encoder-layers", args->encoder_layers, "Stacked bi-LSTM layers (Magenta 1)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{64}));
  cmd->add_option("--init-encoder", args->init_encoder,
                  "Start from this encoder file (a fit-encoder output) instead of a random encoder, e.g. to follow\n"
                  "a prior-inversion run with the ELBO; its size replaces --encoder-size/--encoder-layers")
      ->check(CLI::ExistingFile);
  cmd->callback([args] { run_fit_encoder(*args); });
}

}  // namespace vec2midi::app
