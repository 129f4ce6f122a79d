#include "app/composition_files.hpp"

#include "io/error.hpp"
#include "music/key.hpp"
#include "music/midi_io.hpp"
#include "render/audio.hpp"
#include "render/piano_roll.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

nlohmann::json OutputFiles::to_json() const {
  nlohmann::json doc = {{"midi", midi.string()}, {"wav", wav.string()}, {"png", png.string()}};
  if (!mp4.empty()) doc["mp4"] = mp4.string();
  return doc;
}

OutputFiles output_paths(const fs::path& dir, const std::string& name, bool video) {
  OutputFiles files{dir / (name + ".mid"), dir / (name + ".wav"), dir / (name + ".png"), {}};
  if (video) files.mp4 = dir / (name + ".mp4");
  return files;
}

void check_not_overwriting(const OutputFiles& files, bool force) {
  if (force) return;
  for (const fs::path* path : {&files.midi, &files.wav, &files.png, &files.mp4}) {
    std::error_code ec;
    if (!path->empty() && fs::exists(*path, ec)) {
      throw InputError(path->string() + ": already exists (use --force to overwrite)");
    }
  }
}

void validate(const OutputOptions& options) {
  if (!(options.qpm >= kMinOutputQpm && options.qpm <= kMaxOutputQpm)) {
    throw InputError("tempo " + std::to_string(options.qpm) + " qpm outside 10..1000");
  }
  if (options.program < 0 || options.program > 127) {
    throw InputError("MIDI program " + std::to_string(options.program) + " outside 0..127");
  }
}

namespace {

// Checks the options and the paths and makes the folder, before anything is written.
OutputFiles prepare_outputs(const std::vector<cv::Mat>& pictures, const std::vector<render::Rgb>& colours,
                            const fs::path& dir, const std::string& name, const OutputOptions& options) {
  validate(options);
  if (pictures.empty() || colours.empty()) throw Error("write_composition_files needs a picture and a colour");
  const OutputFiles files = output_paths(dir, name, options.video);
  check_not_overwriting(files, options.force);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) throw InputError(dir.string() + ": cannot create the output folder");
  return files;
}

// The falling-notes video of `melody` with the WAV already written as its sound.
void write_video(const music::Melody& melody, const std::vector<cv::Mat>& pictures,
                 const std::vector<render::Rgb>& colours, const OutputFiles& files, const OutputOptions& options) {
  const render::FallingNotesScene scene{.melody = melody, .pictures = pictures, .colours = colours};
  render::VideoOptions video;
  video.width = options.video_width;
  video.height = options.video_height;
  video.fps = options.video_fps;
  video.qpm = options.qpm;
  render::write_falling_notes_video(scene, files.wav, files.mp4, video);
}

}  // namespace

OutputFiles write_composition_files(const music::Melody& melody, const std::vector<cv::Mat>& pictures,
                                    const std::vector<render::Rgb>& colours, const fs::path& dir,
                                    const std::string& name, const OutputOptions& options) {
  const OutputFiles files = prepare_outputs(pictures, colours, dir, name, options);
  music::write_melody_midi(melody, files.midi, {.qpm = options.qpm, .program = options.program});
  render::render_melody_wav(melody, files.wav, {.qpm = options.qpm, .program = options.program});
  render::write_piano_roll_png(melody, files.png, {.note_colour = colours.front()});
  if (options.video) write_video(melody, pictures, colours, files, options);
  return files;
}

music::TracksMidiOptions piece_midi_options(const compose::Arrangement& piece, double qpm) {
  return {.qpm = qpm,
          .key_signature = true,
          .key_sharps = music::key_signature_sharps(piece.key),
          .key_minor = piece.key.mode == music::Mode::kMinor};
}

OutputFiles write_composition_files(const compose::Arrangement& piece, const std::vector<cv::Mat>& pictures,
                                    const std::vector<render::Rgb>& colours, const fs::path& dir,
                                    const std::string& name, const OutputOptions& options) {
  const OutputFiles files = prepare_outputs(pictures, colours, dir, name, options);
  const int64_t n_steps = piece.melody.n_steps;
  music::write_tracks_midi(piece.tracks, n_steps, files.midi, piece_midi_options(piece, options.qpm));
  render::render_tracks_wav(piece.tracks, n_steps, files.wav, {.qpm = options.qpm});
  render::write_tracks_piano_roll_png(piece.tracks, n_steps, files.png, {.track_colours = {colours.front()}});
  if (options.video) write_video(piece.melody, pictures, colours, files, options);
  return files;
}

}  // namespace vec2midi::app
