#include "search/transition_file.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "search/transition_draw.hpp"

namespace vec2midi::search {

namespace {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

constexpr char kGeneratorName[] = "mt19937_64+box-muller53";  // how G is drawn (search/normal_rng.hpp)
constexpr char kCoefficientsTensor[] = "a";

std::string format_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);  // round-trips exactly
  return buf;
}

const std::string& require(const io::Safetensors& st, const std::string& key, const std::string& source) {
  const auto it = st.metadata.find(key);
  if (it == st.metadata.end()) throw InputError(source + ": transition metadata has no \"" + key + "\"");
  return it->second;
}

template <typename T>
T parse_integer(const std::string& text, const std::string& key, const std::string& source) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw InputError(source + ": transition metadata \"" + key + "\" is not an integer: " + text);
  }
  return value;
}

double parse_double(const std::string& text, const std::string& key, const std::string& source) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw InputError(source + ": transition metadata \"" + key + "\" is not a number: " + text);
}

}  // namespace

void write_transition_file(const std::filesystem::path& path, const TransitionFile& file) {
  const TransitionDraw draw = draw_transition(file.options);  // validates and draws G for the digest
  const auto& o = file.options;
  if (static_cast<int64_t>(file.coefficients.size()) != o.n_matrices) {
    throw InputError(path.string() + ": " + std::to_string(file.coefficients.size()) + " coefficients for K = " +
                     std::to_string(o.n_matrices));
  }
  io::Safetensors st;
  st.metadata = {{"format", kTransitionFormat},
                 {"generator", kGeneratorName},
                 {"seed", std::to_string(o.seed)},
                 {"n_matrices", std::to_string(o.n_matrices)},
                 {"box", format_double(o.box)},
                 {"latent_size", std::to_string(o.latent_size)},
                 {"embedding_size", std::to_string(o.embedding_size)},
                 {"driven_dims", nlohmann::json(o.driven_dims).dump()},
                 {"noise_amplitude", format_double(o.noise_amplitude)},
                 {"model", file.model},
                 {"g_digest", matrices_digest(draw.matrices)}};
  io::StoredTensor a;
  a.dtype = io::DType::F64;
  a.shape = {o.n_matrices};
  a.bytes.resize(file.coefficients.size() * sizeof(double));
  std::memcpy(a.bytes.data(), file.coefficients.data(), a.bytes.size());
  st.tensors.emplace(kCoefficientsTensor, std::move(a));
  io::write_safetensors(path, st);
}

TransitionFile read_transition_file(const std::filesystem::path& path) {
  const std::string source = path.string();
  const io::Safetensors st = io::read_safetensors(path);
  if (const auto it = st.metadata.find("format"); it == st.metadata.end() || it->second != kTransitionFormat) {
    throw InputError(source + ": not a vec2midi transition file (metadata \"format\" is not \"" +
                     std::string(kTransitionFormat) + "\")");
  }
  if (require(st, "generator", source) != kGeneratorName) {
    throw InputError(source + ": G was drawn by \"" + require(st, "generator", source) + "\", this build draws \"" +
                     kGeneratorName + "\"");
  }
  TransitionFile file;
  auto& o = file.options;
  o.seed = parse_integer<uint64_t>(require(st, "seed", source), "seed", source);
  o.n_matrices = parse_integer<int64_t>(require(st, "n_matrices", source), "n_matrices", source);
  o.box = parse_double(require(st, "box", source), "box", source);
  o.latent_size = parse_integer<int64_t>(require(st, "latent_size", source), "latent_size", source);
  o.embedding_size = parse_integer<int64_t>(require(st, "embedding_size", source), "embedding_size", source);
  o.noise_amplitude = parse_double(require(st, "noise_amplitude", source), "noise_amplitude", source);
  const nlohmann::json dims = nlohmann::json::parse(require(st, "driven_dims", source), nullptr, false);
  if (!dims.is_array() || !std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d.is_number_integer(); })) {
    throw InputError(source + ": transition metadata \"driven_dims\" is not a list of integers");
  }
  o.driven_dims = dims.get<std::vector<int64_t>>();
  file.model = require(st, "model", source);
  try {
    validate(o);
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.what());
  }

  const io::StoredTensor& a = st.at(kCoefficientsTensor, source);
  if (a.dtype != io::DType::F64 || a.shape != std::vector<int64_t>{o.n_matrices}) {
    throw InputError(source + ": tensor \"a\" must be F64 [" + std::to_string(o.n_matrices) + "]");
  }
  file.coefficients.resize(static_cast<size_t>(o.n_matrices));
  std::memcpy(file.coefficients.data(), a.bytes.data(), a.bytes.size());

  const std::string stored_digest = require(st, "g_digest", source);
  const std::string digest = matrices_digest(draw_transition(o).matrices);
  if (digest != stored_digest) {
    throw Error(source + ": the matrices G redrawn from seed " + std::to_string(o.seed) + " have digest " + digest +
                ", the file was searched with " + stored_digest +
                " (a different maths library rounds the normal transform differently?)");
  }
  return file;
}

}  // namespace vec2midi::search
