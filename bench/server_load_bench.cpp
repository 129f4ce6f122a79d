// Load generator for `vec2midi serve` (issue 7 item 7, issue 8 item 4): starts the real server as a child
// process, sends N requests from C client threads, and reports throughput, latency percentiles, the
// answers by status, and the server's resident memory before and after.
//   build/bench/server_load_bench --requests 1000 --concurrency 4            compose requests only
//   build/bench/server_load_bench --requests 10000 --mix mixed              every kind of request, good and bad
// Extra arguments after `--` go to `vec2midi serve` (e.g. -- --model M --max-concurrent 4).
// Not a Google Benchmark program: one long run with its own main(); prints one JSON document.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string binary = "build/vec2midi";
  int64_t requests = 1000;
  int concurrency = 4;
  std::string mix = "compose";  // compose | mixed
  std::vector<std::string> serve_args;
};

// Resident and peak resident memory of a process, KiB (VmRSS, VmHWM of /proc/PID/status).
std::pair<int64_t, int64_t> memory_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  int64_t rss = -1, hwm = -1;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stoll(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::stoll(line.substr(6));
  }
  return {rss, hwm};
}

// Starts `vec2midi serve --port 0 --json ARGS`; returns its pid and the port it printed.
std::pair<pid_t, int> start_server(const Args& args) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> words{args.binary, "serve", "--port", "0", "--json"};
  words.insert(words.end(), args.serve_args.begin(), args.serve_args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  // `serve --json` prints one (pretty) JSON object: read until it parses.
  std::string text;
  nlohmann::json doc;
  for (char c; ::read(out[0], &c, 1) == 1;) {
    text += c;
    if (c == '}' && nlohmann::json::accept(text)) {
      doc = nlohmann::json::parse(text);
      break;
    }
  }
  if (!doc.contains("port")) {
    ::kill(pid, SIGTERM);
    throw std::runtime_error("vec2midi serve printed no address: " + text);
  }
  // Keep draining the server's stdout so that it never writes into a closed pipe.
  std::thread([fd = out[0]] {
    for (char buf[4096]; ::read(fd, buf, sizeof buf) > 0;) {
    }
    ::close(fd);
  }).detach();
  return {pid, doc.at("port").get<int>()};
}

httplib::MultipartFormDataItems example_form(const std::string& example) {
  return {{"example", example, "", ""}};
}

// One request of the mix; returns the status (0 = no answer).
int send_one(httplib::Client& client, const std::string& kind, const std::vector<std::string>& examples, int64_t i,
             const std::string& png) {
  const std::string& example = examples[size_t(i) % examples.size()];
  httplib::Result r{nullptr, httplib::Error::Unknown};  // replaced by the answer of the request below
  if (kind == "compose") {
    r = client.Post("/api/compose", example_form(example));
  } else if (kind == "compose_upload") {
    r = client.Post("/api/compose", httplib::MultipartFormDataItems{{"image", png, "upload.png", "image/png"},
                                                                   {"continuous", "true", "", ""}});
  } else if (kind == "health") {
    r = client.Get("/api/health");
  } else if (kind == "examples") {
    r = client.Get("/api/examples");
  } else if (kind == "page") {
    r = client.Get("/");
  } else if (kind == "example_image") {
    r = client.Get("/examples/" + example);
  } else if (kind == "not_found") {
    r = client.Get("/files/0123456789abcdef0123456789abcdef/x.mid");
  } else if (kind == "traversal") {
    r = client.Get("/%2e%2e/%2e%2e/etc/passwd");
  } else if (kind == "not_an_image") {
    r = client.Post("/api/compose", httplib::MultipartFormDataItems{{"image", "just some text", "a.png", "image/png"}});
  } else if (kind == "bad_field") {
    r = client.Post("/api/compose", httplib::MultipartFormDataItems{{"example", example, "", ""}, {"bars", "7", "", ""}});
  } else if (kind == "not_multipart") {
    r = client.Post("/api/compose", "{}", "application/json");
  } else if (kind == "bomb_header") {
    // A PNG header declaring 100,000 x 100,000 pixels: refused from the header, never decoded.
    std::string bomb = png;
    const unsigned char size[8] = {0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0};
    bomb.replace(16, 8, reinterpret_cast<const char*>(size), 8);
    r = client.Post("/api/compose", httplib::MultipartFormDataItems{{"image", bomb, "bomb.png", "image/png"}});
  }
  return r ? r->status : 0;
}

// A 1 x 1 red PNG (bytes written out so that the generator needs no image library).
std::string tiny_png() {
  const unsigned char bytes[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
      0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
      0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xb8, 0xa3, 0xa1, 0x01, 0x00, 0x03, 0x10, 0x01, 0x2d, 0x2e,
      0x8e, 0x25, 0xda, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[k];
}

// The bundled examples' names, asked until the server answers (about 10 s at most); empty if it never does.
std::vector<std::string> wait_for_examples(httplib::Client& probe) {
  std::vector<std::string> examples;
  for (int i = 0; i < 100 && examples.empty(); ++i) {
    if (auto r = probe.Get("/api/examples"); r && r->status == 200) {
      const auto doc = nlohmann::json::parse(r->body);  // named: a temporary in the range-for would dangle
      for (const auto& e : doc.at("examples")) examples.push_back(e.at("name").get<std::string>());
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return examples;
}

// The kinds of request drawn from: "compose" only, or the mixed load with its weights (per 20 requests).
std::vector<std::string> request_schedule(const std::string& mix) {
  if (mix != "mixed") return {"compose"};
  const std::vector<std::pair<std::string, int>> mixed = {
      {"compose", 5}, {"compose_upload", 2}, {"health", 2}, {"examples", 1}, {"page", 2}, {"example_image", 2},
      {"not_found", 1}, {"traversal", 1}, {"not_an_image", 1}, {"bad_field", 1}, {"not_multipart", 1}, {"bomb_header", 1}};
  std::vector<std::string> schedule;
  for (const auto& [kind, weight] : mixed) schedule.insert(schedule.end(), size_t(weight), kind);
  return schedule;
}

// Answers other than expected (composes 200, pages 200, the bad requests their 4xx; 0 = no answer, 5xx are
// errors); `by_kind` receives the counts per kind and status.
int64_t unexpected_answers(const std::map<std::string, std::map<int, int64_t>>& statuses, nlohmann::json& by_kind) {
  const std::map<std::string, int> expected = {
      {"compose", 200}, {"compose_upload", 200}, {"health", 200}, {"examples", 200}, {"page", 200},
      {"example_image", 200}, {"not_found", 404}, {"traversal", 400}, {"not_an_image", 415}, {"bad_field", 400},
      {"not_multipart", 415}, {"bomb_header", 413}};
  int64_t unexpected = 0;
  for (const auto& [kind, counts] : statuses) {
    for (const auto& [code, n] : counts) {
      by_kind[kind][std::to_string(code)] = n;
      if (code != expected.at(kind)) unexpected += n;
    }
  }
  return unexpected;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Load generator for vec2midi serve"};
  app.add_option("--vec2midi", args.binary, "The vec2midi binary")->capture_default_str();
  app.add_option("--requests", args.requests, "Requests in all")->capture_default_str();
  app.add_option("--concurrency", args.concurrency, "Client threads, each with one connection at a time")->capture_default_str();
  app.add_option("--mix", args.mix, "compose (POST /api/compose of the bundled examples) or mixed")->capture_default_str();
  app.add_option("serve_args", args.serve_args, "Arguments for vec2midi serve (after --)");
  CLI11_PARSE(app, argc, argv);

  const auto [pid, port] = start_server(args);
  httplib::Client probe("127.0.0.1", port);
  const std::vector<std::string> examples = wait_for_examples(probe);
  if (examples.empty()) {
    std::cerr << "server_load_bench: the server answered no /api/examples\n";
    ::kill(pid, SIGTERM);
    return 1;
  }
  const std::string png = tiny_png();
  const std::vector<std::string> schedule = request_schedule(args.mix);

  // Warm-up: every example composed once (the composer's first calls allocate its buffers).
  for (size_t i = 0; i < examples.size(); ++i) send_one(probe, "compose", examples, int64_t(i), png);
  const auto [rss_before, hwm_before] = memory_kib(pid);

  std::atomic<int64_t> next{0};
  std::mutex mutex;
  std::vector<double> latencies;
  std::map<std::string, std::map<int, int64_t>> statuses;  // kind -> status -> count
  std::vector<double> compose_latencies;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < args.concurrency; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(120, 0);
      std::mt19937_64 gen(uint64_t(t) + 1);
      for (int64_t i; (i = next.fetch_add(1)) < args.requests;) {
        const std::string& kind = schedule[gen() % schedule.size()];
        const auto t0 = Clock::now();
        const int status = send_one(client, kind, examples, i, png);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        const std::lock_guard lock(mutex);
        latencies.push_back(ms);
        if (kind == "compose" || kind == "compose_upload") compose_latencies.push_back(ms);
        ++statuses[kind][status];
      }
    });
  }
  for (auto& th : threads) th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto [rss_after, hwm_after] = memory_kib(pid);
  const bool alive = probe.Get("/api/health") != nullptr;
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);

  nlohmann::json by_kind = nlohmann::json::object();
  const int64_t unexpected = unexpected_answers(statuses, by_kind);
  nlohmann::json doc = {{"requests", args.requests},
                        {"concurrency", args.concurrency},
                        {"mix", args.mix},
                        {"seconds", seconds},
                        {"requests_per_second", double(args.requests) / seconds},
                        {"latency_ms", {{"p50", percentile(latencies, 0.5)}, {"p99", percentile(latencies, 0.99)},
                                        {"max", percentile(latencies, 1.0)}}},
                        {"compose_latency_ms", {{"n", compose_latencies.size()}, {"p50", percentile(compose_latencies, 0.5)},
                                                {"p99", percentile(compose_latencies, 0.99)}}},
                        {"statuses", by_kind},
                        {"unexpected_answers", unexpected},
                        {"server_alive_after", alive},
                        {"rss_kib", {{"after_warmup", rss_before}, {"after_load", rss_after},
                                     {"peak_before_load", hwm_before}, {"peak_after_load", hwm_after}}}};
  std::cout << doc.dump(2) << std::endl;
  return unexpected == 0 && alive ? 0 : 1;
}
