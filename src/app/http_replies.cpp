#include "app/http_replies.hpp"

#include <httplib.h>

#include <cstdint>
#include <cstdio>
#include <random>

#include "app/static_files.hpp"
#include "io/atomic_file.hpp"

namespace vec2midi::app {

void send_json(httplib::Response& res, int status, const nlohmann::json& doc) {
  res.status = status;
  res.set_content(doc.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", message}});
}

std::string status_text(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 408: return "request timeout";
    case 413: return "request body too large";
    case 414: return "request URI too long";
    case 416: return "range not satisfiable";
    case 503: return "busy";
    default: return "HTTP status " + std::to_string(status);
  }
}

std::string random_id() {
  std::random_device device;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(device()));
    id += part;
  }
  return id;  // 32 hex digits
}

void serve_static_file(const std::filesystem::path& root, const std::string& url_path, httplib::Response& res) {
  StaticLookup lookup;
  const auto file = resolve_static_path(root, url_path, lookup);
  if (lookup == StaticLookup::kForbidden) return send_error(res, 400, "path leaves the served folder");
  if (!file) return send_error(res, 404, "not found");
  std::string bytes;
  try {
    bytes = io::read_file(*file, std::uintmax_t(256) << 20);
  } catch (const std::exception&) {
    return send_error(res, 404, "not found");
  }
  res.status = 200;
  res.set_content(bytes, content_type(*file).c_str());
}

}  // namespace vec2midi::app
