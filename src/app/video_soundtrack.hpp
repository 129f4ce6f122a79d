// A picture that moves: a video's soundtrack that follows its attention colour. A few frames a second are read
// (imaging/video_frames.hpp), each named by the embedder; the colours become phrases on a regular bar grid
// (compose/colour_timeline.hpp), each decoded from its colour's latent vector — varied while the colour lasts —
// and arranged as a piece when a key or an accompaniment is asked for. Its files are a composition's (MIDI, WAV,
// piano roll) and a copy of the video with the soundtrack as its sound (NAME.scored.mp4).
// Shared by `compose VIDEO` and `serve`'s POST /api/video.
// Usage: const Soundtrack s = compose_soundtrack(composer, "clip.mp4", options, {.qpm = 120});
//        write_soundtrack(s, "clip.mp4", "out", "clip", output);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>

#include "app/composer.hpp"
#include "app/composition_files.hpp"
#include "compose/colour_timeline.hpp"
#include "imaging/video_frames.hpp"

namespace vec2midi::app {

/// How a video is read and scored.
struct SoundtrackOptions {
  double qpm = music::kDefaultQpm;   ///< tempo: sets how many seconds of video a phrase covers
  imaging::FrameSampling sampling;   ///< frames analysed a second and their size
  imaging::VideoLimits limits;       ///< what is refused before decoding
  std::string ffprobe = "ffprobe";   ///< reads the header
  /// Called after each analysed frame with (frames done, frames expected); may be empty.
  std::function<void(int64_t, int64_t)> on_frame = {};
};

/// What a video became.
struct Soundtrack {
  imaging::VideoInfo video;                       ///< its header
  double seconds = 0.0;                           ///< its length as decoded (the header's when it says more)
  double phrase_seconds = 0.0;                    ///< video time one phrase covers
  std::vector<compose::ColourSample> samples;     ///< the analysed frames' colours
  std::vector<compose::TimelinePhrase> phrases;   ///< the soundtrack's form
  cv::Mat first_frame;                            ///< the first analysed frame (BGR, small)
  std::optional<compose::Arrangement> arrangement;  ///< when a key or an accompaniment is asked for
  music::Melody melody;                           ///< every phrase one after the other (the arrangement's melody)
};

/// File extensions `compose` takes as videos (lower case, with the dot).
bool is_video_path(const std::filesystem::path& path);

/// Scores the video at `path`. options.n_bars is each phrase's length (1 or 2 bars; the soundtrack is as long as
/// the video). Throws InputError for a file that is not a video, exceeds the limits or cannot be decoded, and for
/// options a soundtrack cannot have.
Soundtrack compose_soundtrack(const Composer& composer, const std::filesystem::path& path, const ComposeOptions& options,
                              const SoundtrackOptions& soundtrack);

/// compose_soundtrack of a video whose header `info` has been read (probe_video) and checked against the limits
/// already (the server answers those failures with their own statuses).
Soundtrack compose_soundtrack(const Composer& composer, const std::filesystem::path& path, const imaging::VideoInfo& info,
                              const ComposeOptions& options, const SoundtrackOptions& soundtrack);

/// DIR/NAME.scored.mp4: the copy of the video with the soundtrack as its sound.
std::filesystem::path scored_video_path(const std::filesystem::path& dir, const std::string& name);

/// Writes NAME.mid, NAME.wav, NAME.png (the arrangement's files or the melody's; options.video is ignored) and
/// NAME.scored.mp4 — `video`'s picture stream copied (re-encoded as H.264 only when MP4 cannot hold it) with the
/// WAV as its only sound, cut to the shorter of the two (returned as OutputFiles::mp4). Refuses existing files
/// unless options.force. Throws Error when ffmpeg fails.
OutputFiles write_soundtrack(const Soundtrack& s, const std::filesystem::path& video, const std::filesystem::path& dir,
                             const std::string& name, const OutputOptions& options);

/// {"video": {width, height, seconds, codec}, "phrase_seconds", "frames_analysed", "phrases": [{"start", "colour",
/// "colour_rgb", "variation", "frames"}...], "steps", "notes", the first phrase's "colour" and "colour_rgb", and a
/// piece's fields (piece_json)} — what `compose VIDEO --json` and the server report beside their own fields.
nlohmann::json soundtrack_json(const Soundtrack& s);

}  // namespace vec2midi::app
