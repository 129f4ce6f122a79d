// libFuzzer harness for the multipart upload of `POST /api/compose`: the input is the body of a
// multipart/form-data request (boundary "vec2midi-fuzz"), sent over a real socket to a real
// cpp-httplib server in this process whose handler is the server's own form parser
// (app/compose_form.hpp) followed by the picture decoder (and, for a form with to_image or to_example, the morph
// form's parser and the second picture's decoder; for a form with a `video` but no picture, the video form's parser,
// whose bytes go to ffprobe in the server and are not decoded here). Each request must get a complete HTTP answer;
// a crash, a sanitizer report or a hung server is a bug.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include <httplib.h>
#include <opencv2/imgcodecs.hpp>

#include "app/compose_form.hpp"
#include "io/atomic_file.hpp"
#include "vision/image_io.hpp"

namespace {

struct FuzzServer {
  httplib::Server http;
  std::thread thread;
  int port = 0;
  vec2midi::app::ComposeFormLimits limits;

  FuzzServer() {
    const auto examples = std::filesystem::temp_directory_path() / ("vec2midi_fuzz_examples_" + std::to_string(::getpid()));
    std::filesystem::create_directories(examples);
    std::vector<uchar> png;
    cv::imencode(".png", cv::Mat(8, 8, CV_8UC3, cv::Scalar(40, 40, 220)), png);
    vec2midi::io::write_file_atomic(examples / "red.png", std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
    limits.examples_dir = examples;
    limits.max_upload_bytes = 1u << 20;
    limits.max_image_pixels = 1 << 22;
    limits.max_video_bytes = 1u << 20;
    http.set_payload_max_length(limits.max_upload_bytes + (64u << 10));
    http.set_read_timeout(1, 0);
    http.set_write_timeout(1, 0);
    http.Post("/api/compose", [this](const httplib::Request& req, httplib::Response& res) {
      try {
        if (req.has_file("video") && !req.has_file("image") && !req.has_file("example")) {  // POST /api/video's form
          const auto video = vec2midi::app::parse_video_form(req, limits);
          res.set_content(std::to_string(video.video.size()) + " bytes", "text/plain");
          return;
        }
        const auto form = vec2midi::app::parse_compose_form(req, limits);
        const cv::Mat picture = vec2midi::vision::decode_image(form.picture, "image", {.max_pixels = limits.max_image_pixels});
        if (req.has_file("to_image") || req.has_file("to_example")) {  // a morph's second picture and phrases
          const auto morph = vec2midi::app::parse_morph_form(req, limits);
          vec2midi::vision::decode_image(morph.to_picture, "to_image", {.max_pixels = limits.max_image_pixels});
        }
        res.set_content(std::to_string(picture.cols) + "x" + std::to_string(picture.rows), "text/plain");
      } catch (const vec2midi::app::FormError& e) {
        res.status = e.status();
      } catch (const vec2midi::InputError&) {
        res.status = 422;
      }
    });
    port = http.bind_to_any_port("127.0.0.1");
    if (port <= 0) std::abort();
    thread = std::thread([this] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::yield();
  }
  ~FuzzServer() {
    http.stop();
    thread.join();
  }
};

int last_recv_error = 0;  // errno of the last exchange's final recv (0: the server closed in order)

// Sends `request` and reads the answer to the end; returns the answer.
std::string exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) std::abort();
  timeval timeout{5, 0};  // the server answers long before; no answer in 5 s is a hang
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // connect may be interrupted by libFuzzer's -timeout alarm (EINTR) or briefly find no free local port
  // after tens of thousands of connections: retry for up to a second before calling it a server failure.
  int tries = 0;
  while (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (++tries == 100) {
      std::perror("compose_form_fuzz: connect");
      std::abort();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;  // libFuzzer's -timeout alarm (SIGALRM) interrupts blocking calls
    if (n <= 0) break;  // the server may close early (e.g. a body over the limit)
    sent += static_cast<size_t>(n);
  }
  // No shutdown(SHUT_WR): cpp-httplib takes a half-closed connection for a gone client and answers nothing.
  std::string answer;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) answer.append(buffer, static_cast<size_t>(n));
  }
  last_recv_error = n < 0 ? errno : 0;
  ::close(fd);
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FuzzServer server;
  const std::string body(reinterpret_cast<const char*>(data), size);
  const std::string request = "POST /api/compose HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                              "Content-Type: multipart/form-data; boundary=vec2midi-fuzz\r\n"
                              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::string answer = exchange(server.port, request);
  if (answer.rfind("HTTP/1.1 ", 0) != 0) {  // no answer: the server hung or died
    std::fprintf(stderr, "compose_form_fuzz: no HTTP answer (%zu bytes back, recv: %s): %.200s\n", answer.size(),
                 last_recv_error ? std::strerror(last_recv_error) : "closed", answer.c_str());
    std::abort();
  }
  return 0;
}
