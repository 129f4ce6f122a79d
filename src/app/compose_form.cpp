#include "app/compose_form.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "app/composition_files.hpp"
#include "app/static_files.hpp"
#include "compose/form.hpp"
#include "io/atomic_file.hpp"
#include "vision/image_header.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

// Longest base name of generated files taken from an upload's file name.
constexpr std::size_t kMaxNameLength = 40;

// A multipart text field, or `fallback` if absent.
std::string field(const httplib::Request& req, const std::string& key, const std::string& fallback = "") {
  return req.has_file(key) ? req.get_file_value(key).content : fallback;
}

bool parse_bool(const std::string& key, const std::string& value) {
  if (value.empty() || value == "0" || value == "false" || value == "off" || value == "no") return false;
  if (value == "1" || value == "true" || value == "on" || value == "yes") return true;
  throw FormError(400, key + ": expected true or false, got '" + value + "'");
}

double parse_number(const std::string& key, const std::string& value, double lo, double hi) {
  size_t used = 0;
  double x = 0;
  try {
    x = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || !(x >= lo && x <= hi)) {
    throw FormError(400, key + ": expected a number in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" +
                             value + "'");
  }
  return x;
}

// A picture of a request: its bytes and a base name for the files, from the upload field `prefix`image or the
// bundled example named by `prefix`example.
std::pair<std::string, std::string> request_picture(const httplib::Request& req, const ComposeFormLimits& limits,
                                                    const std::string& prefix = "") {
  const std::string image = prefix + "image", example = prefix + "example";
  if (req.has_file(image)) {
    const auto part = req.get_file_value(image);
    if (part.content.empty()) throw FormError(400, image + ": the upload is empty");
    return {part.content, safe_file_name(part.filename)};
  }
  if (req.has_file(example)) {
    const std::string name = req.get_file_value(example).content;
    StaticLookup lookup;
    const auto file = resolve_static_path(limits.examples_dir, name, lookup, "");
    if (lookup == StaticLookup::kForbidden) throw FormError(400, example + ": path leaves the examples folder");
    if (!file || !vision::has_image_extension(*file)) throw FormError(404, example + ": no bundled example '" + name + "'");
    return {io::read_file(*file, limits.max_upload_bytes), safe_file_name(name)};
  }
  throw FormError(400, "expected a multipart field '" + image + "' (a picture file) or '" + example +
                           "' (a bundled example's name)");
}

// The picture's header within the limits: its width and height. `what` names the field in errors.
std::pair<int64_t, int64_t> checked_size(const std::string& picture, const ComposeFormLimits& limits, const std::string& what) {
  if (picture.size() > limits.max_upload_bytes) throw FormError(413, what + ": larger than the upload limit");
  const auto header = vision::read_image_header(picture);
  if (!header) throw FormError(415, what + ": not a JPEG, PNG, BMP or WebP picture");
  if (header->width * header->height > limits.max_image_pixels) {
    throw FormError(413, what + ": " + std::to_string(header->width) + " x " + std::to_string(header->height) +
                             " pixels is more than the limit of " + std::to_string(limits.max_image_pixels));
  }
  return {header->width, header->height};
}

// key, accompaniment and nudges: a bad value is a 400 with the parser's message.
void parse_piece_fields(const httplib::Request& req, ComposeForm& form) {
  try {
    const std::string key = field(req, "key");
    if (!key.empty() && key != "auto") form.key = music::parse_key(key);
    form.accompaniment = compose::parse_accompaniment(field(req, "accompaniment", "none"));
    const std::string nudges = field(req, "nudges");
    for (size_t start = 0; start < nudges.size();) {
      const size_t comma = std::min(nudges.find(',', start), nudges.size());
      if (form.nudges.size() == kMaxFormNudges) throw InputError("nudges: more than " + std::to_string(kMaxFormNudges));
      form.nudges.push_back(compose::parse_nudge(nudges.substr(start, comma - start)));
      start = comma + 1;
    }
  } catch (const FormError&) {
    throw;
  } catch (const InputError& e) {
    throw FormError(400, e.what());
  }
}

// Everything but the picture: continuous, temperature, seed, bars, key, accompaniment, nudges, program, tempo and,
// when `video_flag`, the falling-notes video.
void parse_settings(const httplib::Request& req, const ComposeFormLimits& limits, ComposeForm& form, bool video_flag) {
  form.continuous = parse_bool("continuous", field(req, "continuous"));
  form.temperature = parse_number("temperature", field(req, "temperature", "0"), 0.0, kMaxFormTemperature);
  form.seed = static_cast<uint64_t>(parse_number("seed", field(req, "seed", "0"), 0.0, 1e15));
  const std::string bars = field(req, "bars", "1");
  const double n_bars = parse_number("bars", bars, 1, 32);
  form.n_bars = static_cast<int64_t>(n_bars);
  // A fraction ("2.5") is refused rather than cut down to a length nobody asked for.
  if (double(form.n_bars) != n_bars ||
      std::find(std::begin(compose::kFormBars), std::end(compose::kFormBars), form.n_bars) == std::end(compose::kFormBars)) {
    throw FormError(400, "bars: expected 1, 2, 4, 8, 16 or 32, got '" + bars + "'");
  }
  parse_piece_fields(req, form);
  if (video_flag) {
    form.video = parse_bool("video", field(req, "video"));
    if (form.video && !limits.allow_video) throw FormError(403, "video: this server does not make videos");
  }
  form.program = static_cast<int>(
      parse_number("program", field(req, "program", std::to_string(limits.default_program)), 0, 127));
  form.qpm = parse_number("tempo", field(req, "tempo", std::to_string(limits.default_qpm)), kMinOutputQpm, kMaxOutputQpm);
}

}  // namespace

std::string safe_file_name(const std::string& filename) {
  std::string name;
  for (char ch : fs::path(filename).stem().string()) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') name += ch;
    if (name.size() == kMaxNameLength) break;
  }
  return name.empty() ? "picture" : name;
}

ComposeForm parse_compose_form(const httplib::Request& req, const ComposeFormLimits& limits) {
  ComposeForm form;
  std::tie(form.picture, form.name) = request_picture(req, limits);
  std::tie(form.width, form.height) = checked_size(form.picture, limits, "image");
  parse_settings(req, limits, form, true);
  return form;
}

MorphForm parse_morph_form(const httplib::Request& req, const ComposeFormLimits& limits) {
  MorphForm form;
  form.from = parse_compose_form(req, limits);
  if (form.from.n_bars > 2) throw FormError(400, "bars: each phrase of a morph is 1 or 2 bars, got " + std::to_string(form.from.n_bars));
  std::tie(form.to_picture, form.to_name) = request_picture(req, limits, "to_");
  checked_size(form.to_picture, limits, "to_image");
  const std::string phrases = field(req, "phrases", "8");
  const double n = parse_number("phrases", phrases, 2, 64);
  if (double(int64_t(n)) != n) throw FormError(400, "phrases: expected a whole number in 2..64, got '" + phrases + "'");
  form.n_phrases = int64_t(n);
  return form;
}

VideoForm parse_video_form(const httplib::Request& req, const ComposeFormLimits& limits) {
  VideoForm form;
  if (!req.has_file("video")) throw FormError(400, "expected a multipart field 'video' (a video file)");
  const auto part = req.get_file_value("video");
  if (part.content.empty()) throw FormError(400, "video: the upload is empty");
  if (part.content.size() > limits.max_video_bytes) {
    throw FormError(413, "video: larger than the video upload limit of " + std::to_string(limits.max_video_bytes >> 20) + " MiB");
  }
  form.video = part.content;
  form.settings.name = safe_file_name(part.filename);
  if (form.settings.name == "picture") form.settings.name = "video";
  parse_settings(req, limits, form.settings, false);
  if (form.settings.n_bars > 2) {
    throw FormError(400, "bars: each phrase of a soundtrack is 1 or 2 bars, got " + std::to_string(form.settings.n_bars));
  }
  return form;
}

}  // namespace vec2midi::app
