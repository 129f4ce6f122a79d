// Reading a JSON document a user hands a subcommand (a pairs file, a latent study): one clear InputError
// for a missing or unreadable file and for text that is not JSON.
// Usage: const nlohmann::json doc = read_json_file("pairs.json");
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace vec2midi::app {

/// The parsed document at `path`; throws InputError naming the path if it cannot be read or is not JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace vec2midi::app
