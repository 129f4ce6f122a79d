#include "vae/checkpoint_folder.hpp"

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::vae {
namespace fs = std::filesystem;

nlohmann::json read_manifest_json(const fs::path& path) {
  const std::string text = io::read_file(path, kMaxManifestBytes);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw InputError(path.string() + ": not valid JSON");
  return j;
}

std::vector<int64_t> parse_shape(const nlohmann::json& value, int64_t element_size, const std::string& where) {
  if (!value.is_array()) throw InputError(where + ": 'shape' is not an array");
  std::vector<int64_t> shape;
  int64_t bytes = element_size;
  for (const auto& d : value) {
    if (!d.is_number_unsigned() || d.get<uint64_t>() > static_cast<uint64_t>(kMaxTensorBytes)) {
      throw InputError(where + ": shape entry " + d.dump() + " is not a non-negative integer");
    }
    const auto dim = static_cast<int64_t>(d.get<uint64_t>());
    if (__builtin_mul_overflow(bytes, dim, &bytes) || bytes > kMaxTensorBytes) {
      throw InputError(where + ": shape " + value.dump() + " is too large");
    }
    shape.push_back(dim);
  }
  return shape;
}

fs::path member_path(const fs::path& dir, const std::string& name, const std::string& where) {
  const fs::path p(name);
  if (name.empty() || p.has_parent_path() || p.is_absolute() || name == "." || name == ".." ||
      name.find('\0') != std::string::npos) {
    throw InputError(where + ": file name '" + name + "' must be a plain file name inside " + dir.string());
  }
  return dir / p;
}

std::optional<int64_t> folder_sequence_length(const fs::path& dir) {
  auto steps_in = [](const nlohmann::json& args) -> std::optional<int64_t> {
    if (args.is_object() && args.contains("numSteps") && args["numSteps"].is_number_unsigned() &&
        args["numSteps"].get<uint64_t>() > 0 && args["numSteps"].get<uint64_t>() <= (1u << 16)) {
      return static_cast<int64_t>(args["numSteps"].get<uint64_t>());
    }
    return std::nullopt;
  };
  std::error_code ec;
  if (fs::is_regular_file(dir / "converter.json", ec)) {
    const nlohmann::json j = read_manifest_json(dir / "converter.json");
    if (j.is_object() && j.contains("args")) return steps_in(j["args"]);
  }
  if (fs::is_regular_file(dir / "config.json", ec)) {
    const nlohmann::json j = read_manifest_json(dir / "config.json");
    if (j.is_object() && j.contains("dataConverter") && j["dataConverter"].is_object() &&
        j["dataConverter"].contains("args")) {
      return steps_in(j["dataConverter"]["args"]);
    }
  }
  return std::nullopt;
}

}  // namespace vec2midi::vae
