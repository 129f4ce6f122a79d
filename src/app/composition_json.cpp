#include "app/composition_json.hpp"

#include <cstdio>
#include <string>

#include "compose/harmony.hpp"
#include "music/key.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::app {

nlohmann::json notes_json(const music::Melody& melody) {
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : melody.notes) notes.push_back({{"pitch", n.pitch}, {"start", n.start_step}, {"end", n.end_step}});
  return notes;
}

std::string hex_colour(render::Rgb colour) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", colour.r, colour.g, colour.b);
  return text;
}

namespace {

nlohmann::json palette_json(const std::vector<PaletteColour>& palette) {
  nlohmann::json list = nlohmann::json::array();
  for (const PaletteColour& p : palette) {
    list.push_back({{"colour", std::string(vision::kClassNames.at(size_t(p.colour)))},
                    {"weight", p.weight},
                    {"box", {p.box.x, p.box.y, p.box.width, p.box.height}},
                    {"rgb", hex_colour(p.mean_rgb)}});
  }
  return list;
}

nlohmann::json form_json(const Composition& c) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < c.form.size(); ++i) {
    const compose::FormPhrase& p = c.form[i];
    const int64_t start = c.piece->phrase_starts.at(i);
    const int64_t end = i + 1 < c.form.size() ? c.piece->phrase_starts[i + 1] : c.melody.n_steps;
    list.push_back({{"label", p.label},
                    {"role", compose::role_name(p.role)},
                    {"colour", std::string(vision::kClassNames.at(size_t(c.materials.at(size_t(p.material)))))},
                    {"start", start},
                    {"end", end}});
  }
  return list;
}

}  // namespace

nlohmann::json piece_json(const compose::Arrangement& piece) {
  nlohmann::json chords = nlohmann::json::array();
  for (const compose::Chord& chord : piece.chords) {
    chords.push_back({{"name", compose::chord_name(chord, piece.key)},
                      {"pitch_classes", compose::chord_pitch_classes(chord)},
                      {"start", chord.start_step},
                      {"end", chord.end_step}});
  }
  nlohmann::json tracks = nlohmann::json::array();
  for (const music::Track& t : piece.tracks) {
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& n : t.notes) {
      notes.push_back({{"pitch", n.pitch}, {"start", n.start_step}, {"end", n.end_step}, {"velocity", n.velocity}});
    }
    tracks.push_back({{"name", t.name}, {"program", t.program}, {"channel", t.channel}, {"drum", t.is_drum()}, {"notes", notes}});
  }
  return {{"key", music::key_name(piece.key)},
          {"key_signature", music::key_signature_sharps(piece.key)},
          {"scale", music::scale_pitch_classes(piece.key)},
          {"chords", chords},
          {"tracks", tracks},
          {"filled_bars", piece.n_filled_bars}};
}

nlohmann::json composition_json(const Composition& c, const ComposeOptions& options) {
  nlohmann::json distances = nlohmann::json::object();
  for (int k = 0; k < vision::kNumClasses; ++k) {
    distances[std::string(vision::kClassNames[size_t(k)])] = c.distances[size_t(k)];
  }
  nlohmann::json nudges = nlohmann::json::object();
  for (const compose::Nudge& n : options.nudges) nudges[std::to_string(n.dim)] = n.value;
  nlohmann::json doc = {{"colour", c.colour_name()},
                        {"colour_rgb", hex_colour(c.display_colour())},
                        {"continuous", c.continuous},
                        {"distances", distances},
                        {"embedding", c.embedding},
                        {"steps", c.melody.n_steps},
                        {"notes", notes_json(c.melody)},
                        {"palette", palette_json(c.palette)},
                        {"sliders", compose::sliders_json(c.sliders).at("sliders")},
                        {"nudges", nudges}};
  if (c.piece) {
    doc.update(piece_json(*c.piece));
    doc["form"] = form_json(c);
    doc["form_text"] = compose::form_text(c.form);
    doc["accompaniment"] = compose::accompaniment_name(options.accompaniment);
  }
  return doc;
}

nlohmann::json compose_settings_json(const ComposerModels& models, const ComposeOptions& compose, const OutputOptions& output) {
  nlohmann::json nudges = nlohmann::json::object();
  for (const compose::Nudge& n : compose.nudges) nudges[std::to_string(n.dim)] = n.value;
  return {{"models", {{"vae", models.vae.string()}, {"embedder", models.embedder.string()}, {"transition", models.transition.string()}}},
          {"bars", compose.n_bars},
          {"key", compose.key ? music::key_name(*compose.key) : "auto"},
          {"accompaniment", compose::accompaniment_name(compose.accompaniment)},
          {"temperature", compose.temperature},
          {"seed", compose.seed},
          {"continuous", compose.continuous},
          {"nudges", nudges},
          {"palette_size", compose.palette_size},
          {"tempo", output.qpm},
          {"program", output.program},
          {"video", output.video}};
}

std::string notes_text(const music::Melody& melody) {
  if (melody.notes.empty()) return "(no notes)";
  std::string text;
  for (const auto& n : melody.notes) {
    if (!text.empty()) text += ' ';
    text += std::to_string(n.pitch) + "[" + std::to_string(n.start_step) + "," + std::to_string(n.end_step) + ")";
  }
  return text;
}

}  // namespace vec2midi::app
