#include "python/composition_outputs.hpp"

#include "app/composition_files.hpp"
#include "io/error.hpp"
#include "music/midi_io.hpp"
#include "python/temp_file_bytes.hpp"
#include "render/audio.hpp"
#include "render/piano_roll.hpp"

namespace vec2midi::python {
namespace fs = std::filesystem;

namespace {

constexpr int kMinSampleRate = 8000;   // FluidSynth's synth.sample-rate range
constexpr int kMaxSampleRate = 96000;
constexpr int kMinRollSide = 64;       // render's smallest piano roll
constexpr int kMaxRollSide = 8192;     // keeps an accidental size from allocating gigabytes

void check_roll_side(int side) {
  if (side != 0 && (side < kMinRollSide || side > kMaxRollSide)) {
    throw InputError("piano roll size must be 64..8192 pixels each way, got " + std::to_string(side));
  }
}

}  // namespace

compose::Arrangement piece_with_program(const app::Composition& c, int program) {
  if (!c.piece) throw InputError("this composition is a single phrase, not a piece");
  compose::Arrangement piece = *c.piece;
  if (!piece.tracks.empty()) piece.tracks.front().program = program;  // "melody" comes first (arrangement.hpp)
  return piece;
}

std::string composition_midi(const app::Composition& c, const app::OutputOptions& output) {
  app::validate(output);
  if (!c.piece) {
    return bytes_written_by(".mid", [&](const fs::path& path) {
      music::write_melody_midi(c.melody, path, {.qpm = output.qpm, .program = output.program});
    });
  }
  const compose::Arrangement piece = piece_with_program(c, output.program);
  const music::TracksMidiOptions options = app::piece_midi_options(piece, output.qpm);
  return bytes_written_by(".mid", [&](const fs::path& path) {
    music::write_tracks_midi(piece.tracks, piece.melody.n_steps, path, options);
  });
}

std::vector<float> composition_samples(const app::Composition& c, const app::OutputOptions& output, int sample_rate) {
  app::validate(output);
  if (sample_rate < kMinSampleRate || sample_rate > kMaxSampleRate) {
    throw InputError("sample rate must be 8000..96000 Hz, got " + std::to_string(sample_rate));
  }
  const render::AudioOptions audio{.qpm = output.qpm, .program = output.program, .sample_rate = sample_rate};
  if (!c.piece) return render::render_melody_samples(c.melody, audio);
  const compose::Arrangement piece = piece_with_program(c, output.program);
  return render::render_tracks_samples(piece.tracks, piece.melody.n_steps, audio);
}

std::string composition_piano_roll_png(const app::Composition& c, int width, int height) {
  check_roll_side(width);
  check_roll_side(height);
  if (!c.piece) {
    render::PianoRollOptions options{.note_colour = c.display_colour()};
    if (width) options.width = width;
    if (height) options.height = height;
    return render::encode_png(render::draw_piano_roll(c.melody, options));
  }
  render::TracksPianoRollOptions options{.track_colours = {c.display_colour()}};
  if (width) options.width = width;
  if (height) options.height = height;
  return render::encode_png(render::draw_tracks_piano_roll(c.piece->tracks, c.piece->melody.n_steps, options));
}

}  // namespace vec2midi::python
