#include "app/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "app/compose_form.hpp"
#include "app/http_replies.hpp"
#include "app/composition_json.hpp"
#include "app/composition_output.hpp"
#include "app/picture_cache.hpp"
#include "app/picture_morph.hpp"
#include "app/static_files.hpp"
#include "app/video_soundtrack.hpp"
#include "imaging/video_frames.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Room for the form fields and multipart boundaries beside the picture itself.
constexpr std::size_t kMultipartOverhead = 64u << 10;
// Pictures whose reading (embedding, palette) the server keeps, for requests that compose the same picture again.
constexpr std::size_t kRememberedPictures = 32;

ComposeOptions compose_options(const ComposeForm& form) {
  ComposeOptions compose;
  compose.continuous = form.continuous;
  compose.temperature = form.temperature;
  compose.seed = form.seed;
  compose.n_bars = form.n_bars;
  compose.key = form.key;
  compose.accompaniment = form.accompaniment;
  compose.nudges = form.nudges;
  compose.program = form.program;
  return compose;
}

}  // namespace

struct CompositionServer::Impl {
  const Composer& composer;
  ServerOptions options;
  httplib::Server http;
  bool own_work_dir = false;
  std::atomic<int> busy{0};
  PictureCache pictures{kRememberedPictures};

  std::mutex results_mutex;
  std::deque<std::pair<std::string, Clock::time_point>> results;  // id, created; oldest first

  std::mutex sweep_mutex;
  std::condition_variable sweep_cv;
  bool stopping = false;
  std::thread sweeper;

  Impl(const Composer& c, ServerOptions o) : composer(c), options(std::move(o)) {}

  // Removes expired results (and the oldest beyond max_results). Call with results_mutex held.
  void sweep_locked() {
    const auto ttl = std::chrono::seconds(options.file_ttl_s);
    const auto now = Clock::now();
    while (!results.empty() && (now - results.front().second >= ttl ||
                                static_cast<int>(results.size()) > options.max_results)) {
      std::error_code ec;
      fs::remove_all(options.work_dir / results.front().first, ec);
      results.pop_front();
    }
  }

  bool result_alive(const std::string& id) {
    const std::lock_guard lock(results_mutex);
    sweep_locked();
    for (const auto& r : results) {
      if (r.first == id) return true;
    }
    return false;
  }

  nlohmann::json examples() {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& name : picture_names(options.examples_dir)) list.push_back({{"name", name}, {"url", "/examples/" + name}});
    return list;
  }

  // A request that composes: a slot of the concurrency limit (or a 503 right away), then `work`'s JSON answer, or
  // the bad input's status and one-line message.
  template <typename Work>
  void composing(const httplib::Request& req, httplib::Response& res, Work&& work) {
    if (!req.is_multipart_form_data()) {
      return send_error(res, 415, "POST " + req.path + " expects multipart/form-data with " +
                                      (req.path == "/api/video" ? "a 'video'" : "an 'image'") + " field");
    }
    if (busy.fetch_add(1) >= options.max_concurrent) {
      busy.fetch_sub(1);
      res.set_header("Retry-After", std::to_string(options.retry_after_s));
      return send_error(res, 503, "busy: " + std::to_string(options.max_concurrent) +
                                      " compositions are running; retry in a moment");
    }
    struct Slot {
      std::atomic<int>& n;
      ~Slot() { n.fetch_sub(1); }
    } slot{busy};
    try {
      send_json(res, 200, work());
    } catch (const FormError& e) {
      send_error(res, e.status(), e.what());
    } catch (const InputError& e) {
      send_error(res, 400, e.what());
    }
  }

  OutputOptions output_options(const ComposeForm& form) const {
    OutputOptions output = options.output;
    output.force = true;
    output.video = form.video;
    output.program = form.program;
    output.qpm = form.qpm;
    return output;
  }

  ComposeFormLimits form_limits() const {
    return {.examples_dir = options.examples_dir,
            .max_upload_bytes = options.max_upload_bytes,
            .max_image_pixels = options.max_image_pixels,
            .allow_video = options.allow_video,
            .max_video_bytes = options.max_video_bytes,
            .default_program = options.output.program,
            .default_qpm = options.output.qpm};
  }

  cv::Mat decode_picture(const std::string& bytes, const std::string& field) const {
    try {
      return vision::decode_image(bytes, field, {.max_pixels = options.max_image_pixels});
    } catch (const InputError& e) {
      throw FormError(422, e.what());
    }
  }

  // A new result: `write(folder)` fills a fresh folder, which is listed (and so kept until it expires) only once
  // written: the sweeper removes listed results, and a folder still being written (a video can take longer than a
  // short file_ttl_s) must not be taken from under its writer. A write that throws leaves no folder behind.
  template <class Write>
  std::pair<std::string, OutputFiles> new_result(Write&& write) {
    const std::string id = random_id();
    OutputFiles files;
    try {
      files = write(options.work_dir / id);
    } catch (...) {
      std::error_code ec;
      fs::remove_all(options.work_dir / id, ec);
      throw;
    }
    const std::lock_guard lock(results_mutex);
    results.emplace_back(id, Clock::now());
    sweep_locked();
    return {id, files};
  }

  static nlohmann::json file_urls(const std::string& id, const OutputFiles& files) {
    nlohmann::json urls = nlohmann::json::object();
    const auto url = [&](const fs::path& p) { return "/files/" + id + "/" + p.filename().string(); };
    urls["midi"] = url(files.midi);
    urls["wav"] = url(files.wav);
    urls["png"] = url(files.png);
    if (!files.mp4.empty()) urls["mp4"] = url(files.mp4);
    return urls;
  }

  // The answer's settings: tempo, program, bars, temperature, seed, name and how long the files last.
  nlohmann::json settings_json(const ComposeForm& form, const std::string& name) const {
    return {{"name", name}, {"expires_in_s", options.file_ttl_s}, {"bars", form.n_bars}, {"temperature", form.temperature},
            {"seed", form.seed}, {"tempo", form.qpm}, {"program", form.program}};
  }

  nlohmann::json compose_result(const httplib::Request& req) {
    const ComposeForm form = parse_compose_form(req, form_limits());
    const ComposeOptions compose = compose_options(form);
    const OutputOptions output = output_options(form);
    // The picture's file is decoded only when it has not been read lately or the falling-notes video shows it.
    cv::Mat picture;
    const auto decoded = [&]() -> const cv::Mat& {
      if (picture.empty()) picture = decode_picture(form.picture, "image");
      return picture;
    };
    const auto reading = pictures.get(form.picture, compose.palette_size,
                                      [&] { return composer.read_picture(decoded(), compose.palette_size); });
    const Composition c = composer.compose(*reading, compose);
    if (output.video) decoded();
    const auto [id, files] =
        new_result([&](const fs::path& folder) { return write_composition(c, picture, folder, form.name, output); });
    nlohmann::json doc = composition_json(c, compose);
    doc.update(settings_json(form, form.name));
    doc["files"] = file_urls(id, files);
    return doc;
  }

  // POST /api/morph: picture A into picture B (app/picture_morph.hpp), the answer shaped like a composition's.
  nlohmann::json morph_result(const httplib::Request& req) {
    const MorphForm form = parse_morph_form(req, form_limits());
    const ComposeOptions compose = compose_options(form.from);
    const OutputOptions output = output_options(form.from);
    const std::vector<cv::Mat> pictures{decode_picture(form.from.picture, "image"), decode_picture(form.to_picture, "to_image")};
    const PictureMorph m = morph_pictures(composer, pictures[0], pictures[1], form.n_phrases, compose);
    const std::string name = form.from.name + "_to_" + form.to_name;
    const auto [id, files] =
        new_result([&](const fs::path& folder) { return write_morph(m, pictures[0], pictures[1], folder, name, output); });
    nlohmann::json doc = {{"from", composition_json(m.from, m.ends)}, {"to", composition_json(m.to, m.ends)},
                          {"phrases", form.n_phrases}, {"steps", m.melody.n_steps}, {"notes", notes_json(m.melody)},
                          {"colour", m.from.colour_name()}, {"colour_rgb", hex_colour(m.from.display_colour())}};
    if (m.arrangement) doc.update(piece_json(*m.arrangement));
    doc.update(settings_json(form.from, name));
    doc["files"] = file_urls(id, files);
    return doc;
  }

  // POST /api/video: the uploaded video's soundtrack (app/video_soundtrack.hpp). The upload is kept beside the
  // results, never among them, and removed once scored; errors name it "video", not its path on this machine.
  nlohmann::json video_result(const httplib::Request& req) {
    const VideoForm form = parse_video_form(req, form_limits());
    const ComposeOptions compose = compose_options(form.settings);
    const OutputOptions output = output_options(form.settings);
    // A result is registered only once the video is scored, so that failed uploads never push out good results.
    const fs::path upload = options.work_dir / ("upload-" + random_id());
    struct Removed {
      const fs::path& path;
      ~Removed() {
        std::error_code ec;
        fs::remove(path, ec);
      }
    } removed{upload};
    io::write_file_atomic(upload, form.video);
    const auto failed = [&](int status, const InputError& e) {
      std::string message = e.what();
      for (size_t at; (at = message.find(upload.string())) != std::string::npos;) message.replace(at, upload.string().size(), "video");
      return FormError(status, message);
    };
    imaging::VideoInfo info;
    try {
      info = imaging::probe_video(upload);
    } catch (const InputError& e) {
      throw failed(415, e);
    }
    const imaging::VideoLimits limits{.max_seconds = options.max_video_seconds, .max_pixels = options.max_video_pixels};
    try {
      imaging::check_video_limits(info, limits, upload);
    } catch (const InputError& e) {
      throw failed(413, e);
    }
    Soundtrack s;
    try {
      s = compose_soundtrack(composer, upload, info, compose,
                             {.qpm = form.settings.qpm, .sampling = {.frames_per_second = options.video_frames_per_second},
                              .limits = limits});
    } catch (const InputError& e) {
      throw failed(422, e);
    }
    const auto [id, files] = new_result(
        [&](const fs::path& folder) { return write_soundtrack(s, upload, folder, form.settings.name, output); });
    nlohmann::json doc = soundtrack_json(s);
    doc.update(settings_json(form.settings, form.settings.name));
    doc["files"] = file_urls(id, files);
    return doc;
  }

  void routes() {
    http.Get("/api/health", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, {{"status", "ok"}, {"busy", busy.load()}, {"max_concurrent", options.max_concurrent}});
    });
    http.Get("/api/examples", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, {{"examples", examples()}});
    });
    http.Post("/api/compose", [this](const httplib::Request& req, httplib::Response& res) {
      composing(req, res, [&] { return compose_result(req); });
    });
    http.Post("/api/morph", [this](const httplib::Request& req, httplib::Response& res) {
      composing(req, res, [&] { return morph_result(req); });
    });
    http.Post("/api/video", [this](const httplib::Request& req, httplib::Response& res) {
      composing(req, res, [&] { return video_result(req); });
    });
    http.Get("/api/.*", [](const httplib::Request& req, httplib::Response& res) {
      send_error(res, 404, "no API endpoint " + req.path);
    });
    http.Get(R"(/files/([0-9a-f]{32})/([A-Za-z0-9_.-]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string id = req.matches[1];
      if (!result_alive(id)) return send_error(res, 404, "no such result (generated files expire after " +
                                                             std::to_string(options.file_ttl_s) + " s)");
      serve_static_file(options.work_dir / id, req.matches[2], res);
    });
    http.Get(R"(/examples/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string name = req.matches[1];
      if (!vision::has_image_extension(name)) return send_error(res, 404, "not found");
      serve_static_file(options.examples_dir, name, res);
    });
    http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      serve_static_file(options.web_dir, req.path, res);
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        res.set_content(nlohmann::json{{"error", status_text(res.status)}}.dump(), "application/json");
      }
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string message = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        message += std::string(": ") + e.what();
      } catch (...) {
      }
      send_error(res, 500, message);
    });
  }
};

CompositionServer::CompositionServer(const Composer& composer, ServerOptions options)
    : impl_(std::make_unique<Impl>(composer, std::move(options))) {
  auto& o = impl_->options;
  validate(o.output);
  std::error_code ec;
  if (!fs::is_regular_file(o.web_dir / "index.html", ec)) {
    throw InputError(o.web_dir.string() + ": not the web page folder (no index.html); pass --web DIR");
  }
  if (o.max_concurrent < 1 || o.n_threads < 2 || o.file_ttl_s < 1 || o.max_results < 1 || o.max_upload_bytes < 1 ||
      o.max_video_bytes < 1 || !(o.max_video_seconds > 0) || o.max_video_pixels < 1 ||
      !(o.video_frames_per_second > 0 && o.video_frames_per_second <= 30)) {
    throw InputError("server limits must be positive (concurrent >= 1, threads >= 2, ttl >= 1 s)");
  }
  if (o.work_dir.empty()) {
    o.work_dir = fs::temp_directory_path() / ("vec2midi-serve-" + std::to_string(::getpid()) + "-" + random_id().substr(0, 8));
    impl_->own_work_dir = true;
  }
  fs::create_directories(o.work_dir, ec);
  if (!fs::is_directory(o.work_dir, ec)) throw InputError(o.work_dir.string() + ": cannot create the work folder");

  auto& http = impl_->http;
  const int n_threads = o.n_threads;
  http.new_task_queue = [n_threads] { return new httplib::ThreadPool(static_cast<size_t>(n_threads)); };
  http.set_payload_max_length(std::max(o.max_upload_bytes, o.max_video_bytes) + kMultipartOverhead);
  http.set_read_timeout(o.read_timeout_s, 0);
  http.set_write_timeout(o.write_timeout_s, 0);
  http.set_keep_alive_timeout(o.keep_alive_s);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Cache-Control", "no-store"},
                            {"Content-Security-Policy",
                             "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                             "style-src 'self'; script-src 'self'; connect-src 'self'"}});
  impl_->routes();
  impl_->sweeper = std::thread([impl = impl_.get()] {
    std::unique_lock lock(impl->sweep_mutex);
    const auto period = std::chrono::seconds(std::max(1, std::min(30, impl->options.file_ttl_s / 2)));
    while (!impl->sweep_cv.wait_for(lock, period, [impl] { return impl->stopping; })) {
      const std::lock_guard results_lock(impl->results_mutex);
      impl->sweep_locked();
    }
  });
}

CompositionServer::~CompositionServer() {
  stop();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
  if (impl_->own_work_dir) {
    std::error_code ec;
    fs::remove_all(impl_->options.work_dir, ec);
  }
}

int CompositionServer::bind() {
  auto& o = impl_->options;
  int port = -1;
  if (o.port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
  } else if (impl_->http.bind_to_port(o.host, o.port)) {
    port = o.port;
  }
  if (port <= 0) throw Error("cannot listen on " + o.host + ":" + std::to_string(o.port) + " (in use or not allowed)");
  return port;
}

bool CompositionServer::run() { return impl_->http.listen_after_bind(); }

void CompositionServer::stop() {
  impl_->http.stop();
  {
    const std::lock_guard lock(impl_->sweep_mutex);
    impl_->stopping = true;
  }
  impl_->sweep_cv.notify_all();
}

const fs::path& CompositionServer::work_dir() const { return impl_->options.work_dir; }

}  // namespace vec2midi::app
