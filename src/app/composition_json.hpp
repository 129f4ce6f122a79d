// The JSON form of a composition, shared by `compose --json`, `morph --json` and the HTTP API, so that
// all three describe a result the same way.
// Usage: nlohmann::json doc = composition_json(c);  doc["files"] = files.to_json();
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "app/composition.hpp"
#include "app/composition_files.hpp"
#include "music/melody.hpp"
#include "render/rgb.hpp"

namespace vec2midi::app {

/// [{"pitch": 60, "start": 0, "end": 4}, ...] with start/end in 16th-note steps.
nlohmann::json notes_json(const music::Melody& melody);

/// "#rrggbb".
std::string hex_colour(render::Rgb colour);

/// {"colour", "colour_rgb", "continuous", "distances" {name: squared L2}, "embedding", "steps", "notes",
/// "palette" [{"colour", "weight", "box" [x, y, w, h], "rgb"}], "sliders" [...], "nudges" {dim: value}} and, for a
/// piece, "form" [{"label", "role", "colour", "start", "end"}] and piece_json()'s fields.
nlohmann::json composition_json(const Composition& composition, const ComposeOptions& options = {});

/// What a compose run was asked for: {"models" {"vae", "embedder", "transition"}, "bars", "key", "accompaniment",
/// "temperature", "seed", "continuous", "nudges", "palette_size", "tempo", "program", "video"} (`compose --json`'s
/// header; a batch compose resumes only with the same).
nlohmann::json compose_settings_json(const ComposerModels& models, const ComposeOptions& compose, const OutputOptions& output);

/// {"key", "key_signature" (sharps, negative = flats), "scale" (its 7 pitch classes), "chords" [{"name",
/// "pitch_classes", "start", "end"}], "tracks" [{"name",
/// "program", "channel", "drum", "notes" [{"pitch", "start", "end", "velocity"}]}], "filled_bars"}.
nlohmann::json piece_json(const compose::Arrangement& piece);

/// The notes as text: "60[0,4) 62[4,8)" (pitch[start, end) in steps), or "(no notes)".
std::string notes_text(const music::Melody& melody);

}  // namespace vec2midi::app
