#include "app/json_file.hpp"

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::app {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  const std::string text = io::read_file(path);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw InputError(path.string() + ": not valid JSON");
  return doc;
}

}  // namespace vec2midi::app
