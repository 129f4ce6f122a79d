// The HTTP server behind `vec2midi serve`: the web page (web/), the bundled examples and a JSON API that
// composes with one shared Composer (models loaded once). Bounded everywhere: upload size, image pixels,
// compositions at once (503 + Retry-After beyond), socket timeouts, and generated files that expire.
// Usage: CompositionServer server(composer, {.port = 0}); int port = server.bind(); server.run(); // stop() ends run()
//
// API (all answers JSON; errors are {"error": "..."} with a 4xx/5xx status):
//   GET  /api/health    {"status": "ok", "busy": n, "max_concurrent": m}
//   GET  /api/examples  {"examples": [{"name", "url"}]}
//   POST /api/compose   multipart: image=<file> or example=<name>; optional continuous, temperature, seed,
//                       bars, video, program, tempo -> composition JSON + "files" {midi, wav, png[, mp4]} URLs
//   POST /api/morph     multipart: picture A as compose's, picture B as to_image=<file> or to_example=<name>,
//                       phrases (2..64, default 8), bars (each phrase: 1 or 2) and compose's other fields ->
//                       {"from", "to" (the two compositions), "phrases", "steps", "notes", "files", ...}
//   POST /api/video     multipart: video=<file> (MP4, WebM, MOV...; within the video limits), bars (each phrase: 1
//                       or 2) and compose's other fields but video -> the soundtrack (app/video_soundtrack.hpp):
//                       {"video", "phrases" [{"start", "colour", "variation"}], "steps", "notes", "files" {midi,
//                       wav, png, mp4 = the video with the soundtrack as its sound}}; 413 for a video over the
//                       limits, 415 for a file that is not a video, 422 for one that cannot be decoded to its end
//   GET  /files/<id>/<name>  a generated file (until it expires)
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "app/composer.hpp"
#include "app/composition_files.hpp"

namespace vec2midi::app {

struct ServerOptions {
  std::string host = "127.0.0.1";                ///< listen address (loopback: only this machine)
  int port = 8080;                               ///< TCP port; 0 = any free port (see bind())
  std::filesystem::path web_dir;                 ///< the page; the only folder static files come from
  std::filesystem::path examples_dir;            ///< bundled example pictures offered by the page
  std::filesystem::path work_dir;                ///< generated files; empty = a fresh temporary folder
  std::size_t max_upload_bytes = 16u << 20;      ///< larger request bodies get 413 (16 MiB)
  int64_t max_image_pixels = 40'000'000;         ///< images declaring more pixels get 413 (bomb guard)
  int max_concurrent = 2;                        ///< compositions at once (2 cores); more get 503
  int retry_after_s = 2;                         ///< Retry-After of a 503, seconds
  int n_threads = 16;                            ///< connection threads (slow clients hold one each)
  int read_timeout_s = 10;                       ///< a client silent this long is disconnected, seconds
  int write_timeout_s = 10;                      ///< a client not reading this long is disconnected, seconds
  int keep_alive_s = 5;                          ///< idle keep-alive connections are closed after, seconds
  int file_ttl_s = 900;                          ///< generated files are deleted after, seconds
  int max_results = 200;                         ///< most results kept at once (oldest removed first)
  bool allow_video = true;                       ///< whether requests may ask for the MP4
  std::size_t max_video_bytes = 64u << 20;       ///< larger video uploads get 413 (64 MiB)
  double max_video_seconds = 120.0;              ///< longer videos get 413, seconds
  int64_t max_video_pixels = int64_t(1920) * 1080;  ///< videos with larger frames get 413 (Full HD)
  double video_frames_per_second = 2.0;          ///< frames analysed a second of an uploaded video
  OutputOptions output;                          ///< default tempo and instrument of the files
};

/// The server. Handlers run on a thread pool and share the Composer (which is thread-safe).
class CompositionServer {
 public:
  /// Checks the folders (web_dir must hold index.html) and creates the work folder. Throws InputError.
  CompositionServer(const Composer& composer, ServerOptions options);
  ~CompositionServer();
  CompositionServer(const CompositionServer&) = delete;
  CompositionServer& operator=(const CompositionServer&) = delete;

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0). Throws Error.
  int bind();
  /// Serves until stop() (call bind() first). Returns false if the server failed.
  bool run();
  /// Stops run() from any thread; idempotent.
  void stop();
  /// The folder generated files are written to.
  const std::filesystem::path& work_dir() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vec2midi::app
