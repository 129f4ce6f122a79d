// `vec2midi compose IMAGE... [-o DIR]`: the main job. Per picture: the colour found (with its distances to
// every colour centre), the melody (notes printed) and NAME.mid, NAME.wav, NAME.png (and NAME.mp4).
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "app/batch_compose.hpp"
#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/composer.hpp"
#include "app/composer_flags.hpp"
#include "app/composition_files.hpp"
#include "app/composition_json.hpp"
#include "app/composition_output.hpp"
#include "app/video_soundtrack.hpp"
#include "io/error.hpp"
#include "io/progress.hpp"
#include "music/key.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct ComposeArgs {
  std::vector<fs::path> images;  // pictures and videos
  SoundtrackOptions soundtrack;  // for the videos among them
  BatchComposeOptions batch;  // --list: a batch into OUT (app/batch_compose.hpp)
  fs::path out_dir = ".";
  ComposerModels models;
  ComposeOptions compose;
  OutputOptions output;
  bool json = false;
};

std::string distances_text(const Composition& c) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(3);
  for (int k = 0; k < vision::kNumClasses; ++k) {
    text << (k ? " " : "") << vision::kClassNames[size_t(k)] << "=" << c.distances[size_t(k)];
  }
  return text.str();
}

std::string palette_text(const Composition& c) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(2);
  for (size_t i = 0; i < c.palette.size(); ++i) {
    text << (i ? ", " : "") << vision::kClassNames.at(size_t(c.palette[i].colour)) << " " << c.palette[i].weight;
  }
  return text.str();
}

// The piece's lines: form, key, tempo and chords ("" for a single phrase).
std::string piece_text(const Composition& c, const ComposeOptions& options) {
  if (!c.piece) return "";
  std::ostringstream text;
  text << "  form: " << compose::form_text(c.form) << "; key " << music::key_name(c.piece->key) << "; "
       << compose::accompaniment_name(options.accompaniment) << " accompaniment; tracks:";
  for (const music::Track& t : c.piece->tracks) text << " " << t.name;
  text << "\n  chords:";
  for (const compose::Chord& chord : c.piece->chords) text << " " << compose::chord_name(chord, c.piece->key);
  text << "\n";
  return text.str();
}

// "red 0–14 s, blue 14–30 s": the soundtrack's colours as they follow one another.
std::string colour_runs_text(const Soundtrack& s) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(s.phrase_seconds < 10 ? 1 : 0);
  for (size_t i = 0; i < s.phrases.size();) {
    size_t j = i;
    while (j < s.phrases.size() && s.phrases[j].colour == s.phrases[i].colour) ++j;
    const double end = j < s.phrases.size() ? s.phrases[j].start_seconds : s.seconds;
    text << (i ? ", " : "") << vision::kClassNames.at(size_t(s.phrases[i].colour)) << " " << s.phrases[i].start_seconds << "–"
         << end << " s";
    i = j;
  }
  return text.str();
}

// One video: its soundtrack's files, a report line (or its JSON item).
nlohmann::json compose_video(const Composer& composer, const fs::path& video, const ComposeArgs& args,
                             const ComposeOptions& options) {
  SoundtrackOptions soundtrack = args.soundtrack;
  soundtrack.qpm = args.output.qpm;
  std::optional<io::Progress> progress;  // the number of frames is known once the header has been read
  soundtrack.on_frame = [&](int64_t done, int64_t expected) {
    if (!progress) progress.emplace("analyse " + video.filename().string(), expected, !args.json);
    progress->set_done(done);
  };
  const Soundtrack s = compose_soundtrack(composer, video, options, soundtrack);
  if (progress) progress->finish();
  const OutputFiles files = write_soundtrack(s, video, args.out_dir, video.stem().string(), args.output);
  nlohmann::json item = soundtrack_json(s);
  item["video_path"] = video.string();
  item["files"] = files.to_json();
  if (!args.json) {
    std::cout << video.string() << ": " << std::fixed << std::setprecision(1) << s.seconds << " s, " << s.video.width << "x"
              << s.video.height << " " << s.video.codec << "; " << s.samples.size() << " frames analysed; " << s.phrases.size()
              << " phrases of " << s.phrase_seconds << " s\n"
              << "  colours: " << colour_runs_text(s) << "\n"
              << "  notes: " << s.melody.notes.size() << " over " << s.melody.n_steps << " steps\n"
              << "  wrote " << files.midi.string() << " " << files.wav.string() << " " << files.png.string() << " "
              << files.mp4.string() << "\n";
  }
  return item;
}

void run_compose(const ComposeArgs& args) {
  validate(args.output);
  args.compose.n_steps();
  ComposeOptions options = args.compose;
  options.program = args.output.program;
  // Every output name is checked before any work, so that a clash or an existing file stops the run early.
  std::map<std::string, fs::path> names;
  for (const auto& image : args.images) {
    const std::string name = image.stem().string();
    if (auto [it, fresh] = names.emplace(name, image); !fresh) {
      throw InputError(image.string() + " and " + it->second.string() + " would both write " +
                       (args.out_dir / name).string() + ".*; rename one");
    }
    OutputFiles files = output_paths(args.out_dir, name, args.output.video && !is_video_path(image));
    if (is_video_path(image)) files.mp4 = scored_video_path(args.out_dir, name);
    for (const fs::path* target : {&files.midi, &files.wav, &files.png, &files.mp4}) {
      std::error_code ec;
      if (!target->empty() && fs::equivalent(*target, image, ec)) {
        throw InputError(target->string() + ": is the picture itself; write the results elsewhere with -o DIR");
      }
    }
    check_not_overwriting(files, args.output.force);
  }
  const Composer composer(args.models);

  nlohmann::json items = nlohmann::json::array();
  io::Progress progress("compose", static_cast<int64_t>(args.images.size()), args.images.size() > 1);
  for (const auto& image : args.images) {
    if (is_video_path(image)) {
      items.push_back(compose_video(composer, image, args, options));
      progress.advance(1);
      continue;
    }
    const cv::Mat picture = vision::load_image(image);
    const Composition c = composer.compose(picture, options);
    const OutputFiles files = write_composition(c, picture, args.out_dir, image.stem().string(), args.output);
    nlohmann::json item = composition_json(c, options);
    item["image"] = image.string();
    item["files"] = files.to_json();
    if (!args.json) {
      std::cout << image.string() << ": " << c.colour_name() << (c.continuous ? " (continuous)" : "") << "\n"
                << "  squared distance to each colour centre: " << distances_text(c) << "\n"
                << "  palette: " << palette_text(c) << "\n"
                << piece_text(c, options)
                << "  notes (pitch[start,end) in 16th steps): " << notes_text(c.melody) << "\n"
                << "  wrote " << files.midi.string() << " " << files.wav.string() << " " << files.png.string()
                << (files.mp4.empty() ? "" : " " + files.mp4.string()) << "\n";
    }
    items.push_back(std::move(item));
    progress.advance(1);
  }
  progress.finish();
  if (args.json) {
    nlohmann::json doc = compose_settings_json(args.models, args.compose, args.output);
    doc["items"] = std::move(items);
    print_json(doc);
  }
}

}  // namespace

void add_compose_command(CLI::App& root) {
  auto args = std::make_shared<ComposeArgs>();
  auto* cmd = root.add_subcommand("compose",
                                  "Turn pictures into melodies or pieces: colour, palette, notes, MIDI, WAV, piano roll "
                                  "(and video); --bars 8 --accompaniment full makes an 8-bar piece with a band");
  auto* images = cmd->add_option("IMAGE", args->images,
                                 "JPEG, PNG, BMP or WebP pictures, or videos (MP4, MOV, WebM, MKV, AVI: a soundtrack that "
                                 "follows the video's colour, and NAME.scored.mp4, the video with it as its sound)")
                     ->check(CLI::ExistingFile);
  cmd->add_option("--list", args->batch.list,
                  "A folder of pictures (searched recursively) or a file of picture paths, one a line: composed into -o OUT "
                  "(mirroring the folders), spread over the ranks under mpirun, each result a line of OUT/manifest.jsonl; "
                  "run again, it skips the pictures already composed")
      ->excludes(images);
  auto* out = cmd->add_option("-o,--out", args->out_dir, "Folder for NAME.mid, NAME.wav, NAME.png (NAME = the picture's name)")
                  ->capture_default_str();
  add_composer_flags(*cmd, args->models, args->compose, args->output);
  cmd->add_option("--video-frames", args->soundtrack.sampling.frames_per_second,
                  "Videos: frames analysed per second of video")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 30.0));
  cmd->add_option("--max-video-seconds", args->soundtrack.limits.max_seconds, "Videos: longest video taken, seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  add_json_flag(*cmd, args->json);
  cmd->add_flag("-q,--quiet", args->batch.quiet, "With --list: no progress line");
  cmd->callback([args, out] {
    if (!args->batch.list.empty() && out->count() == 0) throw InputError("compose --list: say where the results go with -o OUT");
    if (!args->batch.list.empty()) {
      args->batch.out_dir = args->out_dir;
      args->batch.json = args->json;
      run_batch_compose(args->batch, args->models, args->compose, args->output);
    } else if (args->images.empty()) {
      throw InputError("compose: give pictures (compose IMAGE...) or a folder or list of them (compose --list FILE|DIR -o OUT)");
    } else {
      run_compose(*args);
    }
  });
}

}  // namespace vec2midi::app
