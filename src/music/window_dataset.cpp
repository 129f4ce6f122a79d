#include "music/window_dataset.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <string_view>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::music {

namespace {

constexpr std::string_view kManifestFormat = "vec2midi-melody-windows";

void put_le(std::string& out, uint64_t value, int n_bytes) {
  for (int i = 0; i < n_bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

uint64_t get_le(std::string_view bytes, size_t at, int n_bytes) {
  uint64_t value = 0;
  for (int i = n_bytes - 1; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(bytes[at + static_cast<size_t>(i)]);
  return value;
}

void check_consistent(const WindowDataset& d, const std::string& where) {
  if (d.n_steps <= 0 || d.n_steps > kMaxWindowSteps) {
    throw InputError(where + ": window length " + std::to_string(d.n_steps) + " steps outside 1.." +
                     std::to_string(kMaxWindowSteps));
  }
  if (static_cast<int64_t>(d.events.size()) % d.n_steps != 0) {
    throw InputError(where + ": " + std::to_string(d.events.size()) + " events are not whole windows of " +
                     std::to_string(d.n_steps));
  }
  const auto n = static_cast<size_t>(d.n_windows());
  if (d.source_index.size() != n || d.start_bar.size() != n) {
    throw InputError(where + ": " + std::to_string(n) + " windows but " + std::to_string(d.source_index.size()) +
                     " source indices and " + std::to_string(d.start_bar.size()) + " start bars");
  }
  for (size_t i = 0; i < n; ++i) {
    if (d.source_index[i] < 0 || d.source_index[i] >= static_cast<int64_t>(d.sources.size())) {
      throw InputError(where + ": window " + std::to_string(i) + " names source " + std::to_string(d.source_index[i]) +
                       " of " + std::to_string(d.sources.size()));
    }
    if (d.start_bar[i] < 0) throw InputError(where + ": window " + std::to_string(i) + " has a negative start bar");
  }
  for (size_t i = 0; i < d.events.size(); ++i) {
    if (d.events[i] >= kNumMelodyEvents) {
      throw InputError(where + ": event " + std::to_string(d.events[i]) + " of window " +
                       std::to_string(i / static_cast<size_t>(d.n_steps)) + " is not a melody event (0.." +
                       std::to_string(kNumMelodyEvents - 1) + ")");
    }
  }
}

}  // namespace

void WindowDataset::add(std::span<const uint8_t> window_events, int64_t source, int64_t bar) {
  if (static_cast<int64_t>(window_events.size()) != n_steps) {
    throw InputError("window of " + std::to_string(window_events.size()) + " events added to a dataset of " +
                     std::to_string(n_steps) + "-step windows");
  }
  events.insert(events.end(), window_events.begin(), window_events.end());
  source_index.push_back(source);
  start_bar.push_back(bar);
}

std::filesystem::path manifest_path(const std::filesystem::path& dataset_path) {
  return std::filesystem::path(dataset_path.string() + ".json");
}

void write_window_dataset(const WindowDataset& dataset, const std::filesystem::path& path) {
  check_consistent(dataset, path.string());
  std::string header;
  header.append(kWindowFileMagic, 8);
  put_le(header, kWindowFileVersion, 4);
  put_le(header, static_cast<uint64_t>(dataset.n_steps), 4);
  put_le(header, static_cast<uint64_t>(dataset.n_windows()), 8);

  nlohmann::json sources = nlohmann::json::array();
  for (const WindowSource& s : dataset.sources) sources.push_back({{"file", s.file}, {"corpus", s.corpus}});
  const nlohmann::json manifest = {
      {"format", kManifestFormat},
      {"version", kWindowFileVersion},
      {"events_file", path.filename().string()},
      {"n_windows", dataset.n_windows()},
      {"n_steps", dataset.n_steps},
      {"sources", sources},
      {"windows", {{"source", dataset.source_index}, {"start_bar", dataset.start_bar}}},
  };

  // Both files are complete in their temporary names before either is renamed into place.
  io::AtomicFile events_file(path);
  events_file.stream().write(header.data(), static_cast<std::streamsize>(header.size()));
  events_file.stream().write(reinterpret_cast<const char*>(dataset.events.data()),
                             static_cast<std::streamsize>(dataset.events.size()));
  io::AtomicFile manifest_file(manifest_path(path));
  manifest_file.stream() << manifest.dump() << "\n";
  manifest_file.commit();
  events_file.commit();
}

WindowDataset read_window_events(const std::filesystem::path& path) {
  const std::string where = path.string();
  const std::string bytes = io::read_file(path);
  if (bytes.size() < static_cast<size_t>(kWindowFileHeaderBytes) ||
      std::memcmp(bytes.data(), kWindowFileMagic, 8) != 0) {
    throw InputError(where + ": not a vec2midi window file (bad magic)");
  }
  const uint64_t version = get_le(bytes, 8, 4);
  if (version != kWindowFileVersion) {
    throw InputError(where + ": window file version " + std::to_string(version) + ", this build reads " +
                     std::to_string(kWindowFileVersion));
  }
  WindowDataset d;
  const uint64_t n_steps = get_le(bytes, 12, 4), n_windows = get_le(bytes, 16, 8);
  if (n_steps == 0 || n_steps > static_cast<uint64_t>(kMaxWindowSteps)) {
    throw InputError(where + ": window length " + std::to_string(n_steps) + " steps outside 1.." +
                     std::to_string(kMaxWindowSteps));
  }
  const uint64_t payload = bytes.size() - static_cast<size_t>(kWindowFileHeaderBytes);
  if (n_windows > payload / n_steps || n_windows * n_steps != payload) {
    throw InputError(where + ": header declares " + std::to_string(n_windows) + " windows of " +
                     std::to_string(n_steps) + " steps but the file holds " + std::to_string(payload) + " event bytes");
  }
  d.n_steps = static_cast<int64_t>(n_steps);
  d.events.assign(bytes.begin() + kWindowFileHeaderBytes, bytes.end());
  d.source_index.assign(n_windows, 0);
  d.start_bar.assign(n_windows, 0);
  d.sources.push_back(WindowSource{.file = where, .corpus = ""});  // provenance unknown without the manifest
  check_consistent(d, where);
  return d;
}

WindowDataset read_window_dataset(const std::filesystem::path& path) {
  WindowDataset d = read_window_events(path);
  const std::filesystem::path mpath = manifest_path(path);
  const std::string where = mpath.string();
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(io::read_file(mpath));
    if (m.at("format").get<std::string>() != kManifestFormat) throw InputError(where + ": not a window manifest");
    if (m.at("version").get<uint32_t>() != kWindowFileVersion) throw InputError(where + ": unsupported manifest version");
    if (m.at("n_windows").get<int64_t>() != d.n_windows() || m.at("n_steps").get<int64_t>() != d.n_steps) {
      throw InputError(where + ": manifest describes " + std::to_string(m.at("n_windows").get<int64_t>()) +
                       " windows of " + std::to_string(m.at("n_steps").get<int64_t>()) + " steps, " + path.string() +
                       " holds " + std::to_string(d.n_windows()) + " of " + std::to_string(d.n_steps));
    }
    d.sources.clear();
    for (const auto& s : m.at("sources")) {
      d.sources.push_back(WindowSource{.file = s.at("file").get<std::string>(), .corpus = s.at("corpus").get<std::string>()});
    }
    d.source_index = m.at("windows").at("source").get<std::vector<int64_t>>();
    d.start_bar = m.at("windows").at("start_bar").get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": malformed window manifest: " + e.what());
  }
  check_consistent(d, where);
  return d;
}

}  // namespace vec2midi::music
