// The model files `search` and `evaluate` read: the --model, --embedder and --centres flags, the shipped file in
// models/ when a flag is not given, one input error when a file is missing, and the colour centres to use.
// Usage: add_model_flags(*cmd, args->model, args->embedder, args->centres, "Embedder model file");
//        const vision::PlainEmbedder embedder(embedder_file(args.embedder));
//        const vision::ColourCentres centres = centres_to_use(args.centres, embedder);
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "vision/colour_centres.hpp"

namespace vec2midi::vision {
class PlainEmbedder;
}

namespace vec2midi::app {

/// Adds --model, --embedder (described by `embedder_help`) and --centres to `cmd`.
void add_model_flags(CLI::App& cmd, std::string& model, std::string& embedder, std::string& centres,
                     const std::string& embedder_help);

/// `given`, or the shipped models/`default_name` when it is empty; throws InputError naming the path and
/// `how_to_make` if there is no such file.
std::filesystem::path existing_model(const std::string& given, std::string_view default_name, const std::string& how_to_make);

/// existing_model() for the MusicVAE (default_vae.safetensors) and the embedder (embedder.safetensors).
std::filesystem::path vae_file(const std::string& given);
std::filesystem::path embedder_file(const std::string& given);

/// The embedder's own centres, or those of `centres_file` when it is given (the embedder's std kept if the file has
/// none).
vision::ColourCentres centres_to_use(const std::string& centres_file, const vision::PlainEmbedder& embedder);

}  // namespace vec2midi::app
