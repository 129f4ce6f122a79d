#include "app/video_soundtrack.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/composition_json.hpp"
#include "compose/latent_variation.hpp"
#include "io/atomic_file.hpp"
#include "io/child_process.hpp"
#include "io/error.hpp"
#include "io/lower_case.hpp"
#include "io/program_log.hpp"
#include "music/concatenate.hpp"
#include "music/constants.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;
namespace {

// The mean of the embeddings of `samples` [E].
std::vector<float> mean_embedding(const std::vector<std::vector<float>>& embeddings, const std::vector<size_t>& samples) {
  std::vector<float> mean(embeddings.at(samples.front()).size(), 0.0f);
  for (size_t i : samples) {
    for (size_t d = 0; d < mean.size(); ++d) mean[d] += embeddings[i][d];
  }
  for (float& x : mean) x /= float(samples.size());
  return mean;
}

// Muxes `wav` under `video`'s first picture stream into `mp4` (a temporary path). False if ffmpeg failed.
bool mux(const fs::path& video, const fs::path& wav, const fs::path& mp4, bool reencode, const io::ProgramLog& log) {
  std::vector<std::string> argv = {"ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", video.string(),
                                   "-i", wav.string(), "-map", "0:v:0", "-map", "1:a:0"};
  if (reencode) {
    argv.insert(argv.end(), {"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"});
  } else {
    argv.insert(argv.end(), {"-c:v", "copy"});
  }
  argv.insert(argv.end(), {"-c:a", "aac", "-b:a", "160k", "-shortest", "-movflags", "+faststart", "-f", "mp4", mp4.string()});
  try {
    io::ChildProcess ffmpeg(argv, {.stderr_path = log.path()});
    return ffmpeg.wait() == 0;
  } catch (const Error&) {
    throw Error("cannot start ffmpeg (install the ffmpeg package)");
  }
}

}  // namespace

bool is_video_path(const fs::path& path) {
  const std::string ext = io::lower_extension(path);
  for (const char* v : {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".ogv"}) {
    if (ext == v) return true;
  }
  return false;
}

Soundtrack compose_soundtrack(const Composer& composer, const fs::path& path, const ComposeOptions& options,
                              const SoundtrackOptions& o) {
  const imaging::VideoInfo info = imaging::probe_video(path, o.ffprobe);
  imaging::check_video_limits(info, o.limits, path);
  return compose_soundtrack(composer, path, info, options, o);
}

Soundtrack compose_soundtrack(const Composer& composer, const fs::path& path, const imaging::VideoInfo& info,
                              const ComposeOptions& options, const SoundtrackOptions& o) {
  if (options.n_bars > music::kWindowBars) {
    throw InputError("a video's soundtrack is as long as the video: bars sets the length of its phrases, 1 or 2");
  }
  options.n_steps();  // validates the bars
  if (!(o.qpm >= kMinOutputQpm && o.qpm <= kMaxOutputQpm)) {
    throw InputError("tempo must be " + std::to_string(int(kMinOutputQpm)) + ".." + std::to_string(int(kMaxOutputQpm)) + " qpm");
  }
  Soundtrack s;
  s.video = info;
  const auto expected = int64_t(std::ceil(s.video.duration_seconds * o.sampling.frames_per_second));
  std::vector<std::vector<float>> embeddings;  // [frames][E]
  const int64_t n_frames = imaging::sample_video_frames(path, s.video, o.sampling, o.limits, [&](const imaging::VideoFrame& f) {
    ColourReading reading = composer.read_colour(f.bgr);
    s.samples.push_back({f.seconds, reading.colour});
    embeddings.push_back(std::move(reading.embedding));
    if (f.index == 0) s.first_frame = f.bgr.clone();
    if (o.on_frame) o.on_frame(f.index + 1, std::max(expected, f.index + 1));
  });
  s.seconds = std::max(s.video.duration_seconds, double(n_frames) / o.sampling.frames_per_second);
  s.phrase_seconds = double(options.n_bars * music::kQuartersPerBar) * 60.0 / o.qpm;
  s.phrases = compose::plan_colour_timeline(s.samples, s.seconds, s.phrase_seconds);

  const std::vector<int64_t> dims = composer.slider_dims();
  std::vector<float> latent_path;  // [P, Z]
  for (const compose::TimelinePhrase& p : s.phrases) {
    const std::vector<float> z = composer.colour_latent(p.colour, mean_embedding(embeddings, p.samples), options);
    const std::vector<float> varied = compose::vary_latent(z, p.variation, dims, options.seed);
    latent_path.insert(latent_path.end(), varied.begin(), varied.end());
  }
  const std::vector<music::Melody> phrases = composer.decode_phrases(latent_path, options);
  if (options.is_piece()) {
    std::vector<bool> section_ends;  // a section ends where the colour changes
    for (size_t i = 0; i < s.phrases.size(); ++i) {
      section_ends.push_back(i + 1 == s.phrases.size() || s.phrases[i + 1].colour != s.phrases[i].colour);
    }
    s.arrangement = compose::arrange(phrases, section_ends,
                                     {.key = options.key, .accompaniment = options.accompaniment, .melody_program = options.program});
    s.melody = s.arrangement->melody;
  } else {
    s.melody = music::concatenate(phrases);
  }
  return s;
}

fs::path scored_video_path(const fs::path& dir, const std::string& name) { return dir / (name + ".scored.mp4"); }

OutputFiles write_soundtrack(const Soundtrack& s, const fs::path& video, const fs::path& dir, const std::string& name,
                             const OutputOptions& options) {
  OutputOptions plain = options;
  plain.video = false;
  const fs::path mp4 = scored_video_path(dir, name);
  OutputFiles all = output_paths(dir, name, false);
  all.mp4 = mp4;
  for (const fs::path* target : {&all.midi, &all.wav, &all.png, &all.mp4}) {
    std::error_code ec;
    if (fs::equivalent(*target, video, ec)) {
      throw InputError(target->string() + ": is the video itself; write the results elsewhere with -o DIR");
    }
  }
  check_not_overwriting(all, options.force);
  const std::vector<cv::Mat> pictures{s.first_frame};
  const std::vector<render::Rgb> colours{class_display_rgb(s.phrases.empty() ? 0 : s.phrases.front().colour)};
  OutputFiles files = s.arrangement ? write_composition_files(*s.arrangement, pictures, colours, dir, name, plain)
                                    : write_composition_files(s.melody, pictures, colours, dir, name, plain);
  io::AtomicFile out(mp4);
  out.stream().close();  // ffmpeg writes the temporary path itself
  const io::ProgramLog log;
  // Copying the picture stream keeps the video as it was and takes a fraction of a second; a codec MP4 cannot
  // hold (VP8, Theora...) is re-encoded.
  if (!mux(video, files.wav, out.temp_path(), false, log) && !mux(video, files.wav, out.temp_path(), true, log)) {
    throw Error(mp4.string() + ": ffmpeg failed to put the soundtrack under the video: " + log.last_line());
  }
  out.commit();
  files.mp4 = mp4;
  return files;
}

nlohmann::json soundtrack_json(const Soundtrack& s) {
  nlohmann::json phrases = nlohmann::json::array();
  for (const compose::TimelinePhrase& p : s.phrases) {
    phrases.push_back({{"start", p.start_seconds},
                       {"colour", std::string(vision::kClassNames.at(size_t(p.colour)))},
                       {"colour_rgb", hex_colour(class_display_rgb(p.colour))},
                       {"variation", p.variation},
                       {"frames", p.samples.size()}});
  }
  nlohmann::json doc = {
      {"video", {{"width", s.video.width}, {"height", s.video.height}, {"seconds", s.seconds}, {"codec", s.video.codec}}},
      {"phrase_seconds", s.phrase_seconds},
      {"frames_analysed", s.samples.size()},
      {"phrases", std::move(phrases)},
      {"steps", s.melody.n_steps},
      {"notes", notes_json(s.melody)}};
  if (!s.phrases.empty()) {
    doc["colour"] = std::string(vision::kClassNames.at(size_t(s.phrases.front().colour)));
    doc["colour_rgb"] = hex_colour(class_display_rgb(s.phrases.front().colour));
  }
  if (s.arrangement) doc.update(piece_json(*s.arrangement));
  return doc;
}

}  // namespace vec2midi::app
