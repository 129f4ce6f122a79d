// `vec2midi serve [--port 8080] [--host 127.0.0.1]`: the web page and the JSON API (server.hpp), with the
// models loaded once. Runs until SIGINT or SIGTERM; generated files live in a temporary folder removed on exit.
#include <pthread.h>
#include <unistd.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <thread>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/composer.hpp"
#include "app/server.hpp"
#include "app/static_files.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  ComposerModels models;
  ServerOptions server;
  double max_upload_mib = 16.0;
  double max_video_mib = 64.0;
  bool json = false;
};

void run_serve(ServeArgs args) {
  args.server.max_upload_bytes = static_cast<std::size_t>(args.max_upload_mib * (1 << 20));
  args.server.max_video_bytes = static_cast<std::size_t>(args.max_video_mib * (1 << 20));
  const Composer composer(args.models);
  CompositionServer server(composer, args.server);
  const int port = server.bind();
  const std::string url = "http://" + args.server.host + ":" + std::to_string(port) + "/";

  // SIGINT/SIGTERM are blocked in every thread and taken by sigwait() here, so stopping is orderly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread serving([&server] {
    if (!server.run()) ::kill(::getpid(), SIGTERM);  // a failed server ends the wait below
  });
  if (args.json) {
    print_json({{"url", url},
                {"port", port},
                {"web", args.server.web_dir.string()},
                {"examples", args.server.examples_dir.string()},
                {"work_dir", server.work_dir().string()}});
  } else {
    std::cerr << "vec2midi: serving " << url << " (Ctrl-C to stop)" << std::endl;
  }
  int received = 0;
  sigwait(&signals, &received);
  server.stop();
  serving.join();
  if (!args.json) std::cerr << "vec2midi: stopped" << std::endl;
}

}  // namespace

void add_serve_command(CLI::App& root) {
  auto args = std::make_shared<ServeArgs>();
  args->models = ComposerModels::defaults();
  args->server.web_dir = app_folder("web");
  args->server.examples_dir = app_folder("examples");
  auto* cmd = root.add_subcommand("serve", "Serve the web page and JSON API that compose uploaded pictures");
  auto& s = args->server;
  cmd->add_option("--port", s.port, "TCP port (0 = any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--host", s.host, "Address to listen on (127.0.0.1 = this machine only)")->capture_default_str();
  cmd->add_option("--model", args->models.vae, "MusicVAE model file")->capture_default_str();
  cmd->add_option("--embedder", args->models.embedder, "Image2Vec embedder model file")->capture_default_str();
  cmd->add_option("--transition", args->models.transition, "Transition file made for this MusicVAE")->capture_default_str();
  cmd->add_option("--web", s.web_dir, "Folder of the web page (index.html, app.js, style.css)")->capture_default_str();
  cmd->add_option("--examples", s.examples_dir, "Folder of example pictures offered by the page")->capture_default_str();
  cmd->add_option("--max-upload-mib", args->max_upload_mib, "Largest upload, MiB")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1024.0));
  cmd->add_option("--max-video-mib", args->max_video_mib, "Largest video upload, MiB")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 4096.0));
  cmd->add_option("--max-video-seconds", s.max_video_seconds, "Longest video scored, seconds")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--max-video-pixels", s.max_video_pixels, "Largest video frame, pixels (width x height)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 28));
  cmd->add_option("--max-pixels", s.max_image_pixels, "Largest picture, pixels (width x height)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 32));
  cmd->add_option("--max-concurrent", s.max_concurrent, "Compositions at once; more get 503 with Retry-After")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--timeout", s.read_timeout_s, "Seconds a client may stay silent before it is disconnected")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--file-ttl", s.file_ttl_s, "Seconds generated files are kept")->capture_default_str()->check(CLI::Range(1, 86400));
  cmd->add_option("--tempo", s.output.qpm, "Tempo of the generated files, quarter notes per minute")
      ->capture_default_str()
      ->check(CLI::Range(kMinOutputQpm, kMaxOutputQpm));
  cmd->add_option("--program", s.output.program, "Default General MIDI instrument 0..127")->capture_default_str()->check(CLI::Range(0, 127));
  cmd->add_flag("!--no-video", s.allow_video,
                "Refuse requests for the falling-notes video (video=true); uploaded videos are bounded by --max-video-*");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] {
    args->server.write_timeout_s = args->server.read_timeout_s;
    run_serve(*args);
  });
}

}  // namespace vec2midi::app
