#include "vae/tfjs_reader.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "io/error.hpp"
#include "vae/checkpoint_folder.hpp"

namespace vec2midi::vae {
namespace fs = std::filesystem;

TfjsReader::TfjsReader(fs::path dir) : dir_(std::move(dir)) {
  const fs::path manifest_path = dir_ / "weights_manifest.json";
  const std::string where = manifest_path.string();
  const nlohmann::json manifest = read_manifest_json(manifest_path);
  if (!manifest.is_array()) throw InputError(where + ": expected a JSON list of weight groups");
  for (const auto& g : manifest) {
    const std::string group_where = where + ": group " + std::to_string(groups_.size());
    if (!g.is_object() || !g.contains("paths") || !g["paths"].is_array() || !g.contains("weights") ||
        !g["weights"].is_array()) {
      throw InputError(group_where + ": expected {\"paths\": [...], \"weights\": [...]}");
    }
    Group group;
    for (const auto& p : g["paths"]) {
      if (!p.is_string()) throw InputError(group_where + ": path " + p.dump() + " is not a string");
      group.paths.push_back(member_path(dir_, p.get<std::string>(), group_where));
    }
    if (group.paths.empty()) throw InputError(group_where + ": no shard paths");
    for (const auto& w : g["weights"]) {
      if (!w.is_object() || !w.contains("name") || !w["name"].is_string() || !w.contains("dtype") ||
          !w["dtype"].is_string() || !w.contains("shape")) {
        throw InputError(group_where + ": weight " + w.dump().substr(0, 200) + " lacks name, dtype or shape");
      }
      const std::string name = w["name"].get<std::string>();
      const std::string var_where = where + ": variable " + name;
      if (weights_.count(name)) throw InputError(var_where + ": listed twice");
      Weight weight;
      weight.group = groups_.size();
      weight.dtype = w["dtype"].get<std::string>();
      int64_t element = 0;
      if (weight.dtype == "float32" || weight.dtype == "int32") {
        element = 4;
      } else if (weight.dtype == "bool") {
        element = 1;
      } else {
        throw InputError(var_where + ": dtype '" + weight.dtype + "' is not supported (float32, int32, bool)");
      }
      if (w.contains("quantization")) {
        const auto& q = w["quantization"];
        if (!q.is_object() || !q.contains("dtype") || !q["dtype"].is_string()) {
          throw InputError(var_where + ": 'quantization' lacks a dtype");
        }
        if (weight.dtype != "float32") throw InputError(var_where + ": quantization is supported for float32 only");
        const std::string qd = q["dtype"].get<std::string>();
        if (qd == "float16") {
          weight.quantization = Quantization::F16;
          element = 2;
        } else if (qd == "uint8" || qd == "uint16") {
          weight.quantization = qd == "uint8" ? Quantization::U8 : Quantization::U16;
          element = qd == "uint8" ? 1 : 2;
          if (!q.contains("scale") || !q["scale"].is_number() || !q.contains("min") || !q["min"].is_number()) {
            throw InputError(var_where + ": " + qd + " quantization needs numeric 'scale' and 'min'");
          }
          weight.scale = q["scale"].get<float>();
          weight.min = q["min"].get<float>();
        } else {
          throw InputError(var_where + ": quantization dtype '" + qd + "' is not supported (uint8, uint16, float16)");
        }
      }
      VariableInfo v;
      v.name = name;
      v.dtype = weight.dtype == "float32" ? "float" : weight.dtype;
      v.shape = parse_shape(w["shape"], element, var_where);
      weight.size = element;
      for (int64_t d : v.shape) weight.size *= d;
      weight.offset = group.size;
      if (__builtin_add_overflow(group.size, weight.size, &group.size)) throw InputError(var_where + ": group too large");
      v.file = group.paths.front();
      v.offset = weight.offset;
      v.size = weight.size;
      variables_.push_back(std::move(v));
      weights_.emplace(name, weight);
    }
    groups_.push_back(std::move(group));
  }
  std::sort(variables_.begin(), variables_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  sequence_length_ = folder_sequence_length(dir_);
}

std::string TfjsReader::description() const { return "tfjs folder " + dir_.string(); }

std::string TfjsReader::read_range(const Group& group, int64_t offset, int64_t size, const std::string& name) const {
  std::vector<int64_t> sizes;
  int64_t total = 0;
  for (const auto& p : group.paths) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
      throw InputError((dir_ / "weights_manifest.json").string() + " names shard " + p.filename().string() +
                       " (holding variable " + name + "), but " + p.string() + " is absent");
    }
    sizes.push_back(static_cast<int64_t>(fs::file_size(p, ec)));
    if (ec) throw InputError(p.string() + ": cannot read: " + ec.message());
    total += sizes.back();
  }
  if (total != group.size) {
    throw InputError(group.paths.front().string() + ": the shards of the group holding variable " + name + " hold " +
                     std::to_string(total) + " bytes but its weights need " + std::to_string(group.size) +
                     (total < group.size ? " (truncated?)" : ""));
  }
  std::string out;
  out.reserve(static_cast<size_t>(size));
  int64_t shard_start = 0;
  for (size_t i = 0; i < group.paths.size() && static_cast<int64_t>(out.size()) < size; ++i) {
    const int64_t shard_end = shard_start + sizes[i];
    const int64_t want_begin = offset + static_cast<int64_t>(out.size());
    if (want_begin < shard_end) {
      const int64_t n = std::min(shard_end - want_begin, size - static_cast<int64_t>(out.size()));
      std::ifstream in(group.paths[i], std::ios::binary);
      in.seekg(want_begin - shard_start);
      std::string chunk(static_cast<size_t>(n), '\0');
      in.read(chunk.data(), n);
      if (!in) throw InputError(group.paths[i].string() + " (variable " + name + "): short read");
      out += chunk;
    }
    shard_start = shard_end;
  }
  return out;
}

io::StoredTensor TfjsReader::read(const std::string& name) const {
  const auto it = weights_.find(name);
  if (it == weights_.end()) throw InputError((dir_ / "weights_manifest.json").string() + ": no variable " + name);
  const Weight& w = it->second;
  const auto var = std::find_if(variables_.begin(), variables_.end(), [&](const auto& v) { return v.name == name; });
  std::string raw = read_range(groups_[w.group], w.offset, w.size, name);
  io::StoredTensor t;
  t.shape = var->shape;
  if (w.quantization == Quantization::None) {
    t.dtype = w.dtype == "float32" ? io::DType::F32 : w.dtype == "int32" ? io::DType::I32 : io::DType::U8;
    t.bytes = std::move(raw);
    return t;
  }
  if (w.quantization == Quantization::F16) {
    io::StoredTensor half;
    half.dtype = io::DType::F16;
    half.shape = var->shape;
    half.bytes = std::move(raw);
    const std::vector<float> values = half.to_float();
    return io::StoredTensor::from_float(var->shape, values);
  }
  const int64_t n = w.size / (w.quantization == Quantization::U8 ? 1 : 2);
  std::vector<float> values(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    uint32_t q = 0;
    if (w.quantization == Quantization::U8) {
      q = static_cast<uint8_t>(raw[static_cast<size_t>(i)]);
    } else {
      uint16_t q16;
      std::memcpy(&q16, raw.data() + 2 * i, 2);
      q = q16;
    }
    values[static_cast<size_t>(i)] = static_cast<float>(q) * w.scale + w.min;
  }
  return io::StoredTensor::from_float(var->shape, values);
}

}  // namespace vec2midi::vae
