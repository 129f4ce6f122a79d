#include "app/composition_json.hpp"

#include <cstdio>

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

nlohmann::json composition_json(const Composition& c) {
  nlohmann::json distances = nlohmann::json::object();
  for (int k = 0; k < vision::kNumClasses; ++k) {
    distances[std::string(vision::kClassNames[size_t(k)])] = c.distances[size_t(k)];
  }
  return {{"colour", c.colour_name()},
          {"colour_rgb", hex_colour(c.display_colour())},
          {"continuous", c.continuous},
          {"distances", distances},
          {"embedding", c.embedding},
          {"steps", c.melody.n_steps},
          {"notes", notes_json(c.melody)}};
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
