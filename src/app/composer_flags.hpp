// The flags `compose` and `morph` share (models, decoding, rendering), parsed straight into
// ComposerModels, ComposeOptions and OutputOptions so both commands read alike.
// Usage: add_composer_flags(*cmd, args->models, args->compose, args->output);
#pragma once

#include <CLI/CLI.hpp>

#include "app/composition.hpp"
#include "app/composition_files.hpp"

namespace vec2midi::app {

/// Adds --model/--embedder/--transition (defaults from models/), --bars, --key, --accompaniment, --nudge,
/// --temperature, --seed, --continuous, --tempo, --program, --video and --force. Bad values of --key,
/// --accompaniment and --nudge throw InputError (one line, exit 2) while the flags are parsed.
void add_composer_flags(CLI::App& cmd, ComposerModels& models, ComposeOptions& compose, OutputOptions& output);

}  // namespace vec2midi::app
