// The form of a `POST /api/compose` request, checked field by field: the picture (an upload or a
// bundled example's name, its header within the pixel limit) and the composition settings. Free of
// libtorch, so that fuzz/compose_form_fuzz.cpp can drive it behind a real httplib server.
// Usage: ComposeForm f = parse_compose_form(req, limits);  // throws FormError{status, message}
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "compose/accompaniment.hpp"
#include "compose/latent_sliders.hpp"
#include "io/error.hpp"
#include "music/key.hpp"

namespace vec2midi::app {

/// A request the server answers with `status` (4xx) and the message as {"error": ...}.
class FormError : public InputError {
 public:
  FormError(int status, const std::string& message) : InputError(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

/// What a form may ask for.
struct ComposeFormLimits {
  std::filesystem::path examples_dir;      ///< where `example=<name>` pictures come from
  std::size_t max_upload_bytes = 16u << 20;  ///< larger pictures get 413 (bytes)
  int64_t max_image_pixels = 40'000'000;   ///< pictures whose header declares more get 413 (pixels)
  bool allow_video = true;                 ///< whether `video=true` is allowed (else 403)
  std::size_t max_video_bytes = 64u << 20;  ///< larger video uploads get 413 (bytes)
  int default_program = 0;                 ///< General MIDI program when the form names none
  double default_qpm = 120.0;              ///< tempo when the form names none (quarter notes per minute)
};

/// A checked compose form.
struct ComposeForm {
  std::string picture;         ///< the picture file's bytes (JPEG, PNG, BMP or WebP by its header)
  std::string name;            ///< base name for the generated files (letters, digits, '-', '_')
  int64_t width = 0;           ///< picture width from its header, pixels
  int64_t height = 0;          ///< picture height from its header, pixels
  bool continuous = false;     ///< decode from the picture's own embedding, not its colour centre
  double temperature = 0.0;    ///< 0 = greedy (0..kMaxFormTemperature)
  uint64_t seed = 0;           ///< sampling seed
  int64_t n_bars = 1;          ///< 1, 2, 4, 8, 16 or 32 bars (compose::kFormBars)
  std::optional<music::Key> key;  ///< `key`: the piece's key ("" or "auto": the motif's own)
  compose::Accompaniment accompaniment = compose::Accompaniment::kNone;  ///< `accompaniment`: none, chords, full
  std::vector<compose::Nudge> nudges;  ///< `nudges`: "DIM=VALUE,DIM=VALUE" (the latent sliders)
  bool video = false;          ///< also make the falling-notes MP4
  int program = 0;             ///< General MIDI program 0..127
  double qpm = 120.0;          ///< tempo, quarter notes per minute
};

/// A checked morph form (POST /api/morph): picture A and the settings as a compose form (`image` or `example`),
/// picture B (`to_image` or `to_example`) under the same limits, and the phrases of the walk.
struct MorphForm {
  ComposeForm from;         ///< picture A and the settings; its n_bars is each phrase's length (1 or 2)
  std::string to_picture;   ///< picture B's bytes
  std::string to_name;      ///< picture B's base name
  int64_t n_phrases = 8;    ///< `phrases`: 2..64
};

/// A checked video form (POST /api/video): the upload `video` (bytes not yet looked into: ffprobe judges them) and
/// the settings of a compose form but `video`; settings.n_bars is each phrase's length (1 or 2).
struct VideoForm {
  std::string video;     ///< the uploaded file's bytes
  ComposeForm settings;  ///< no picture; name from the upload's file name ("video" if nothing is left)
};

/// Most latent nudges one form may carry.
inline constexpr size_t kMaxFormNudges = 64;

/// Highest sampling temperature a form may ask for (beyond it melodies are noise).
inline constexpr double kMaxFormTemperature = 10.0;

/// Reads and checks the fields of a multipart compose request. Throws FormError: 400 for a missing or
/// malformed field, 404 for an unknown example, 413 for a picture over the limits, 415 for bytes that
/// are not a picture, 403 for a video the server does not make.
ComposeForm parse_compose_form(const httplib::Request& req, const ComposeFormLimits& limits);

/// Reads and checks a multipart morph request (see MorphForm); errors as parse_compose_form's, and 400 for
/// `phrases` outside 2..64 or `bars` other than 1 or 2.
MorphForm parse_morph_form(const httplib::Request& req, const ComposeFormLimits& limits);

/// Reads and checks a multipart video request (see VideoForm); errors as parse_compose_form's, 413 for an upload over
/// limits.max_video_bytes and 400 for `bars` other than 1 or 2.
VideoForm parse_video_form(const httplib::Request& req, const ComposeFormLimits& limits);

/// A base name for generated files from an upload's file name: letters, digits, '-' and '_' only, at
/// most 40 characters; "picture" if nothing is left.
std::string safe_file_name(const std::string& filename);

}  // namespace vec2midi::app
