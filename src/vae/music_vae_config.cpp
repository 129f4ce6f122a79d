#include "vae/music_vae_config.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "io/error.hpp"
#include "io/model_file.hpp"

namespace vec2midi::vae {
namespace {

constexpr int64_t kMaxSize = 1 << 16;  // the bound MusicVaeOptions::from_json_string accepts

const std::string kZToInitial = "decoder/z_to_initial_state/";
const std::string kOutputProjection = "decoder/output_projection/";

std::string decoder_cell(int64_t layer) { return "decoder/multi_rnn_cell/cell_" + std::to_string(layer) + "/lstm_cell/"; }

std::string encoder_cell(int64_t layer, const char* direction) {
  return "encoder/cell_" + std::to_string(layer) + "/bidirectional_rnn/" + direction + "/multi_rnn_cell/cell_0/lstm_cell/";
}

std::string last_component(std::string_view name) {
  const auto slash = name.rfind('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Found {
  std::string stored;
  std::vector<int64_t> shape;
};

}  // namespace

std::string canonical_variable_name(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t slash = name.find('/', start);
    const std::string_view part = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    out += part == "basic_lstm_cell" ? std::string_view("lstm_cell") : part;
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

bool is_optimizer_slot(std::string_view name) {
  const std::string last = last_component(name);
  if (last == "Adam" || (last.rfind("Adam_", 0) == 0 && is_digits(std::string_view(last).substr(5)))) return true;
  if (name == "global_step") return true;
  // beta1_power, beta2_power (and TF's de-duplicated beta1_power_1 ...)
  if (name.rfind("beta", 0) == 0 && name.find('/') == std::string_view::npos) {
    const auto pos = name.find("_power");
    if (pos != std::string_view::npos && is_digits(name.substr(4, pos - 4))) {
      const std::string_view rest = name.substr(pos + 6);
      return rest.empty() || (rest[0] == '_' && is_digits(rest.substr(1)));
    }
  }
  return false;
}

std::vector<NamedShape> music_vae_variable_shapes(const MusicVaeOptions& o) {
  std::vector<NamedShape> vars;
  const int64_t h = o.decoder_size;
  vars.push_back({kZToInitial + "kernel", {o.z_size, 2 * o.decoder_layers * h}});
  vars.push_back({kZToInitial + "bias", {2 * o.decoder_layers * h}});
  for (int64_t l = 0; l < o.decoder_layers; ++l) {
    const int64_t input = l == 0 ? o.n_events + o.z_size : h;
    vars.push_back({decoder_cell(l) + "kernel", {input + h, 4 * h}});
    vars.push_back({decoder_cell(l) + "bias", {4 * h}});
  }
  vars.push_back({kOutputProjection + "kernel", {h, o.n_events}});
  vars.push_back({kOutputProjection + "bias", {o.n_events}});
  if (o.has_encoder) {
    const int64_t e = o.encoder_size;
    for (int64_t l = 0; l < o.encoder_layers; ++l) {
      const int64_t input = l == 0 ? o.n_events : 2 * e;
      for (const char* dir : {"fw", "bw"}) {
        vars.push_back({encoder_cell(l, dir) + "kernel", {input + e, 4 * e}});
        vars.push_back({encoder_cell(l, dir) + "bias", {4 * e}});
      }
    }
    for (const char* dense : {"encoder/mu/", "encoder/sigma/"}) {
      vars.push_back({std::string(dense) + "kernel", {2 * e, o.z_size}});
      vars.push_back({std::string(dense) + "bias", {o.z_size}});
    }
  }
  return vars;
}

namespace {

using CanonicalVariables = std::map<std::string, Found>;  // canonical name → stored name and shape

// The checkpoint's variables under their canonical names; optimiser slots go to `ignored`.
CanonicalVariables canonical_variables(const ShapeMap& shapes, std::vector<std::string>& ignored) {
  CanonicalVariables canon;
  for (const auto& [name, shape] : shapes) {
    if (is_optimizer_slot(name)) {
      ignored.push_back(name);
      continue;
    }
    const std::string c = canonical_variable_name(name);
    if (const auto it = canon.find(c); it != canon.end()) {
      throw InputError("variables " + it->second.stored + " and " + name + " both map to " + c);
    }
    canon[c] = {name, shape};
  }
  return canon;
}

// The first few stored names, for an error message.
std::string listing(const CanonicalVariables& canon) {
  std::string s;
  int n = 0;
  for (const auto& [c, f] : canon) {
    if (n++ == 6) return s + ", ...";
    s += (s.empty() ? "" : ", ") + f.stored;
  }
  return s.empty() ? std::string("none") : s;
}

const Found& need(const CanonicalVariables& canon, const std::string& name, size_t rank) {
  const auto it = canon.find(name);
  if (it == canon.end()) {
    throw InputError("not a MusicVAE checkpoint: no variable " + name + " (model variables found: " + listing(canon) + ")");
  }
  if (it->second.shape.size() != rank) {
    throw InputError("variable " + it->second.stored + " has shape " + io::shape_string(it->second.shape) + ", expected rank " +
                     std::to_string(rank));
  }
  return it->second;
}

void check_size(const std::string& what, int64_t v, const std::string& from) {
  if (v <= 0 || v > kMaxSize) {
    throw InputError("inferred " + what + " " + std::to_string(v) + " from " + from + " is out of range (1.." +
                     std::to_string(kMaxSize) + ")");
  }
}

// z size, decoder layers and width, event count: from the z projection, the decoder cells and the output layer.
void infer_decoder(const CanonicalVariables& canon, MusicVaeOptions& o) {
  const Found& z_kernel = need(canon, kZToInitial + "kernel", 2);
  const Found& out_kernel = need(canon, kOutputProjection + "kernel", 2);
  const Found& cell0 = need(canon, decoder_cell(0) + "kernel", 2);
  if (cell0.shape[1] % 4 != 0) {
    throw InputError("variable " + cell0.stored + " has shape " + io::shape_string(cell0.shape) +
                     ": an LSTM kernel's second dimension must be 4 x units");
  }
  o.decoder_size = cell0.shape[1] / 4;
  check_size("decoder size", o.decoder_size, cell0.stored);
  o.decoder_layers = 0;
  while (canon.count(decoder_cell(o.decoder_layers) + "kernel")) {
    const Found& k = need(canon, decoder_cell(o.decoder_layers) + "kernel", 2);
    if (k.shape[1] != 4 * o.decoder_size) {
      throw InputError("decoder layers of different sizes are not supported: " + k.stored + " has shape " +
                       io::shape_string(k.shape) + ", layer 0 has " + std::to_string(o.decoder_size) + " units");
    }
    ++o.decoder_layers;
  }
  o.z_size = z_kernel.shape[0];
  check_size("z size", o.z_size, z_kernel.stored);
  // The event count from the output bias [n_events] (the kernel's shape is then checked against it).
  const auto out_bias = canon.find(kOutputProjection + "bias");
  const bool bias_usable = out_bias != canon.end() && out_bias->second.shape.size() == 1;
  o.n_events = bias_usable ? out_bias->second.shape[0] : out_kernel.shape[1];
  check_size("event count", o.n_events, bias_usable ? out_bias->second.stored : out_kernel.stored);
}

// The encoder's layers and width: its size from the first forward LSTM (bias survives where the kernel may
// not), else from μ's kernel [2 * units, z]. Leaves the defaults where the checkpoint has no encoder.
void infer_encoder(const CanonicalVariables& canon, MusicVaeOptions& o) {
  const auto has_cell = [&](int64_t layer) {
    for (const char* dir : {"fw", "bw"}) {
      if (canon.count(encoder_cell(layer, dir) + "bias") || canon.count(encoder_cell(layer, dir) + "kernel")) return true;
    }
    return false;
  };
  int64_t n_encoder_layers = 0;
  while (has_cell(n_encoder_layers)) ++n_encoder_layers;
  std::optional<int64_t> encoder_size;
  for (const char* dir : {"fw", "bw"}) {
    for (const char* part : {"bias", "kernel"}) {
      const auto it = canon.find(encoder_cell(0, dir) + part);
      if (!encoder_size && it != canon.end() && !it->second.shape.empty() && it->second.shape.back() % 4 == 0) {
        encoder_size = it->second.shape.back() / 4;
      }
    }
  }
  if (!encoder_size) {
    const auto mu = canon.find("encoder/mu/kernel");
    if (mu != canon.end() && mu->second.shape.size() == 2 && mu->second.shape[0] % 2 == 0) encoder_size = mu->second.shape[0] / 2;
  }
  if (encoder_size) {
    check_size("encoder size", *encoder_size, "the encoder variables");
    o.encoder_size = *encoder_size;
  }
  if (n_encoder_layers > 0) o.encoder_layers = n_encoder_layers;
}

// Checks every variable of the full model against the checkpoint and fills the result's lists; an incomplete
// encoder is dropped, anything else unexpected under encoder/ or decoder/ refused.
void match_variables(const CanonicalVariables& canon, MusicVaeInference& result) {
  MusicVaeOptions& o = result.options;
  MusicVaeOptions full = o;
  full.has_encoder = true;
  std::set<std::string> expected;
  std::vector<std::pair<std::string, std::string>> encoder_present;
  for (const auto& [name, shape] : music_vae_variable_shapes(full)) {
    expected.insert(name);
    const auto it = canon.find(name);
    const bool is_encoder = name.rfind("encoder/", 0) == 0;
    if (it == canon.end()) {
      if (!is_encoder) throw InputError("MusicVAE checkpoint lacks variable " + name + " (" + describe_architecture(o) + ")");
      result.missing_encoder.push_back(name);
      continue;
    }
    if (it->second.shape != shape) {
      throw InputError("variable " + it->second.stored + " has shape " + io::shape_string(it->second.shape) + ", expected " +
                       io::shape_string(shape) + " for " + describe_architecture(full));
    }
    (is_encoder ? encoder_present : result.variables).emplace_back(name, it->second.stored);
  }
  o.has_encoder = result.missing_encoder.empty();
  if (o.has_encoder) {
    result.variables.insert(result.variables.end(), encoder_present.begin(), encoder_present.end());
  } else {
    for (const auto& [name, stored] : encoder_present) result.dropped.push_back(stored);
  }
  for (const auto& [name, found] : canon) {
    if (expected.count(name)) continue;
    if (name.rfind("encoder/", 0) == 0 || name.rfind("decoder/", 0) == 0) {
      throw InputError("unsupported MusicVAE variant: unexpected variable " + found.stored + " " +
                       io::shape_string(found.shape) + " (supported: " + describe_architecture(o) +
                       " style flat LSTM models, not hierarchical ones)");
    }
    result.ignored.push_back(found.stored);
  }
}

}  // namespace

MusicVaeInference infer_music_vae(const ShapeMap& shapes, std::optional<int64_t> max_steps) {
  MusicVaeInference result;
  const CanonicalVariables canon = canonical_variables(shapes, result.ignored);
  infer_decoder(canon, result.options);
  if (max_steps) result.options.max_steps = *max_steps;
  infer_encoder(canon, result.options);
  match_variables(canon, result);
  std::sort(result.ignored.begin(), result.ignored.end());
  return result;
}

std::string describe_architecture(const MusicVaeOptions& o) {
  std::string s = "z " + std::to_string(o.z_size) + ", encoder ";
  s += o.has_encoder ? std::to_string(o.encoder_layers) + " x " + std::to_string(o.encoder_size)
                     : std::string("none (decoder-only)");
  s += ", decoder " + std::to_string(o.decoder_layers) + " x " + std::to_string(o.decoder_size) + ", " +
       std::to_string(o.n_events) + " events";
  return s;
}

}  // namespace vec2midi::vae
