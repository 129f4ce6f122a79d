// The server's answers (server.hpp): JSON bodies, one-line errors as {"error": message}, the reason phrase of a
// status httplib answers by itself, a file of a served folder, and the random ids of results.
// Usage: send_error(res, 415, "not a picture"); serve_static_file(web_dir, req.path, res);
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace httplib {
struct Response;
}

namespace vec2midi::app {

/// `doc` as the body (application/json) with `status`.
void send_json(httplib::Response& res, int status, const nlohmann::json& doc);

/// {"error": message} with `status`.
void send_error(httplib::Response& res, int status, const std::string& message);

/// The reason phrase of a status httplib answers by itself (bad request line, body too large, ...).
std::string status_text(int status);

/// The file `url_path` names inside `root` (static_files.hpp), or a 400 for a path that leaves it, a 404 for none.
void serve_static_file(const std::filesystem::path& root, const std::string& url_path, httplib::Response& res);

/// 32 random hex digits (std::random_device): a result's folder name, not to be guessed.
std::string random_id();

}  // namespace vec2midi::app
