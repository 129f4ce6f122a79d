#include "transition/transition_file.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/safetensors.hpp"
#include "transition/transition_draw.hpp"

namespace vec2midi::transition {

namespace {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

constexpr char kCoefficientsTensor[] = "a";

std::string format_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);  // round-trips exactly
  return buf;
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

TransitionGenerator parse_generator(const std::string& name, const std::string& source) {
  for (const auto g : {TransitionGenerator::named_stream, TransitionGenerator::legacy}) {
    if (name == generator_name(g)) return g;
  }
  throw InputError(source + ": G was drawn by \"" + name + "\", this build draws \"" +
                   generator_name(TransitionGenerator::named_stream) + "\" (or reads \"" +
                   generator_name(TransitionGenerator::legacy) + "\")");
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
                 {"generator", generator_name(o.generator)},
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
  const io::ModelFile in(path, {.format = kTransitionFormat, .name = "vec2midi transition file",
                                .how_to_make = "make one with `vec2midi search`"});
  const std::string& source = in.where();
  TransitionFile file;
  auto& o = file.options;
  o.generator = parse_generator(in.metadata("generator"), source);
  o.seed = parse_integer<uint64_t>(in.metadata("seed"), "seed", source);
  o.n_matrices = parse_integer<int64_t>(in.metadata("n_matrices"), "n_matrices", source);
  o.box = parse_double(in.metadata("box"), "box", source);
  o.latent_size = parse_integer<int64_t>(in.metadata("latent_size"), "latent_size", source);
  o.embedding_size = parse_integer<int64_t>(in.metadata("embedding_size"), "embedding_size", source);
  o.noise_amplitude = parse_double(in.metadata("noise_amplitude"), "noise_amplitude", source);
  const nlohmann::json dims = nlohmann::json::parse(in.metadata("driven_dims"), nullptr, false);
  if (!dims.is_array() || !std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d.is_number_integer(); })) {
    throw InputError(source + ": transition metadata \"driven_dims\" is not a list of integers");
  }
  o.driven_dims = dims.get<std::vector<int64_t>>();
  file.model = in.metadata("model");
  try {
    validate(o);
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.what());
  }

  const io::StoredTensor& a = in.tensor(kCoefficientsTensor, {o.n_matrices});
  if (a.dtype != io::DType::F64) throw InputError(source + ": tensor \"a\" must be F64");
  file.coefficients.resize(static_cast<size_t>(o.n_matrices));
  std::memcpy(file.coefficients.data(), a.bytes.data(), a.bytes.size());

  const std::string stored_digest = in.metadata("g_digest");
  const std::string digest = matrices_digest(draw_transition(o).matrices);
  if (digest != stored_digest) {
    throw Error(source + ": the matrices G redrawn from seed " + std::to_string(o.seed) + " have digest " + digest +
                ", the file was searched with " + stored_digest +
                " (a different maths library rounds the normal transform differently?)");
  }
  return file;
}

}  // namespace vec2midi::transition
