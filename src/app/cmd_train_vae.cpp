// `vec2midi train-vae WINDOWS... -o model.safetensors`: trains a MusicVAE from scratch as Magenta does
// (ELBO with free bits and β annealing, scheduled sampling, lr decay, clipping, transposition), with
// checkpoints and `--resume`; writes a model file that every other command reads.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/vae_training_flags.hpp"
#include "io/error.hpp"
#include "vae/model_export.hpp"
#include "vae/music_vae_config.hpp"

namespace vec2midi::app {

namespace {

struct TrainVaeArgs {
  TrainingCommandArgs common;
  std::string config = "small";
  std::optional<int64_t> z_size, encoder_size, encoder_layers, decoder_size, decoder_layers;
};

vae::MusicVaeOptions architecture(const TrainVaeArgs& args) {
  vae::MusicVaeOptions o;
  if (args.config == "small") {
    o = vae::MusicVaeOptions::mel_2bar_small();
  } else if (args.config == "big") {
    o = vae::MusicVaeOptions::mel_2bar_big();
  } else {
    throw InputError("--config must be small or big, got " + args.config);
  }
  if (args.z_size) o.z_size = *args.z_size;
  if (args.encoder_size) o.encoder_size = *args.encoder_size;
  if (args.encoder_layers) o.encoder_layers = *args.encoder_layers;
  if (args.decoder_size) o.decoder_size = *args.decoder_size;
  if (args.decoder_layers) o.decoder_layers = *args.decoder_layers;
  o.has_encoder = true;
  return o;
}

void run_train_vae(const TrainVaeArgs& args) {
  const vae::MusicVaeOptions arch = architecture(args);
  const music::WindowDataset data = load_training_windows(args.common.windows);
  const auto make_model = [&] {
    vae::MusicVae model(arch);
    model->reset_parameters(args.common.train.seed);
    return model;
  };
  const TrainingCommandResult result = run_training_command(args.common, data, make_model);
  const std::string source = "vec2midi train-vae: " + std::to_string(result.report.last_step) + " steps on " +
                             std::to_string(data.n_windows()) + " windows; training " +
                             result.model->options().to_json_string();
  vae::save_music_vae_as(*result.model, args.common.output, args.common.fp16 ? io::DType::F16 : io::DType::F32, source);

  if (args.common.json) {
    nlohmann::json doc = training_result_json(result);
    doc["output"] = args.common.output;
    doc["architecture"] = nlohmann::json::parse(result.model->options().to_json_string());
    print_json(doc);
    return;
  }
  std::cout << "model: " << vae::describe_architecture(result.model->options()) << "\n"
            << "steps " << result.report.first_step << " -> " << result.report.last_step << " in "
            << result.report.seconds << " s (" << result.report.sequences_per_second << " sequences/s)"
            << (result.report.stopped_by_time ? ", stopped by --time-limit" : "") << "\n";
  if (result.report.validation) {
    std::cout << "validation (" << result.report.validation->n_windows << " windows): teacher-forced accuracy "
              << result.report.validation->accuracy << ", reconstruction " << result.report.validation->reconstruction
              << " nats, KL " << result.report.validation->kl_bits << " bits\n";
  }
  std::cout << "wrote " << args.common.output << "; checkpoint " << result.checkpoint << ", log " << result.log << "\n";
}

}  // namespace

void add_train_vae_command(CLI::App& root) {
  auto args = std::make_shared<TrainVaeArgs>();
  auto* cmd = root.add_subcommand(
      "train-vae",
      "Train a MusicVAE on windows from `vec2midi extract` as Magenta does (ELBO with free bits and beta\n"
      "annealing, scheduled sampling, lr decay, gradient clipping, +-5 semitone transposition, Adam),\n"
      "split by source file; checkpoints every N steps, --resume continues exactly");
  add_training_flags(*cmd, args->common);
  cmd->add_option("--config", args->config, "Architecture preset: small (cat-mel_2bar_small) or big (cat-mel_2bar_big)")
      ->capture_default_str();
  const auto size = CLI::Range(int64_t{1}, int64_t{1} << 16);
  cmd->add_option("--z-size", args->z_size, "Latent size (overrides the preset)")->check(size);
  cmd->add_option("--encoder-size", args->encoder_size, "Encoder LSTM units per direction")->check(size);
  cmd->add_option("--encoder-layers", args->encoder_layers, "Stacked bi-LSTM layers")->check(size);
  cmd->add_option("--decoder-size", args->decoder_size, "Decoder LSTM units per layer")->check(size);
  cmd->add_option("--decoder-layers", args->decoder_layers, "Decoder LSTM layers")->check(size);
  cmd->callback([args] { run_train_vae(*args); });
}

}  // namespace vec2midi::app
