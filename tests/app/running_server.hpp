// A real CompositionServer on a free loopback port, run on its own thread, for the HTTP tests
// (server_test.cpp, server_piece_test.cpp): started by the constructor (which waits until /api/health
// answers), stopped and joined by the destructor.
// Usage: RunningServer server(composer, options);  auto res = server.client().Get("/api/health");
#pragma once

#include <httplib.h>

#include <chrono>
#include <thread>

#include "app/composer.hpp"
#include "app/server.hpp"
#include "app/static_files.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {

class RunningServer {
 public:
  RunningServer(const Composer& composer, ServerOptions options) : server_(composer, std::move(options)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
    for (int i = 0; i < 100 && !healthy(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const { return port_; }
  /// A client of the server that waits up to 30 s for an answer.
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  bool healthy() const {
    auto res = client().Get("/api/health");
    return res && res->status == 200;
  }

 private:
  CompositionServer server_;
  int port_ = 0;
  std::thread thread_;
};

/// Options of a test server on a free loopback port serving web/ and the bundled examples, its generated files in
/// the fresh temporary folder `work_name`/work.
inline ServerOptions test_server_options(const std::string& work_name) {
  ServerOptions options;
  options.port = 0;
  options.web_dir = app_folder("web");
  options.examples_dir = vec2midi::testing::project_path("examples");
  options.work_dir = vec2midi::testing::temp_dir(work_name) / "work";
  return options;
}

/// The shipped models' Composer and a RunningServer of it: what a test suite of the real server starts once.
struct ShippedServer {
  explicit ShippedServer(ServerOptions options) : server(composer, std::move(options)) {}
  Composer composer{ComposerModels::defaults()};
  RunningServer server;
};

}  // namespace vec2midi::app
