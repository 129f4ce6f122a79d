#include "vae/magenta_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "io/error.hpp"
#include "io/progress.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::vae {
namespace fs = std::filesystem;

namespace {

// Index of the first NaN/inf value of a floating-point tensor, or -1.
int64_t first_non_finite(const io::StoredTensor& t) {
  if (t.dtype == io::DType::F32) {
    const int64_t n = t.numel();
    for (int64_t i = 0; i < n; ++i) {
      float v;
      std::memcpy(&v, t.bytes.data() + 4 * i, 4);
      if (!std::isfinite(v)) return i;
    }
    return -1;
  }
  const std::vector<float> values = t.to_float();
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

}  // namespace

io::Safetensors convert_checkpoint(const CheckpointReader& reader, const ImportOptions& options, ImportReport& report) {
  report.source = reader.description();
  report.inference = infer_music_vae(shapes_of(reader.variables()), reader.sequence_length());
  const auto& vars = report.inference.variables;

  io::Safetensors st;
  st.metadata["format"] = kMusicVaeFormat;
  st.metadata["music_vae"] = report.inference.options.to_json_string();
  st.metadata["source"] = reader.description();
  io::Progress progress("import", static_cast<int64_t>(vars.size()), options.show_progress);
  for (const auto& [name, stored] : vars) {
    io::StoredTensor t = reader.read(stored);
    const auto info = std::find_if(reader.variables().begin(), reader.variables().end(),
                                   [&](const VariableInfo& v) { return v.name == stored; });
    const std::string where = info->file.string() + ": variable " + stored;
    if (t.dtype != io::DType::F32 && t.dtype != io::DType::F16 && t.dtype != io::DType::BF16 && t.dtype != io::DType::F64) {
      throw InputError(where + ": dtype " + info->dtype + " is not floating-point");
    }
    if (const int64_t bad = first_non_finite(t); bad >= 0) {
      throw InputError(where + ": holds NaN or infinite values (first at element " + std::to_string(bad) + ")");
    }
    if (t.dtype != options.dtype) {
      const std::vector<float> values = t.to_float();
      t = io::StoredTensor::from_float(t.shape, values, options.dtype);
      if (const int64_t bad = first_non_finite(t); bad >= 0) {
        throw InputError(where + ": element " + std::to_string(bad) + " overflows " +
                         std::string(io::dtype_name(options.dtype)));
      }
    }
    report.n_bytes += static_cast<int64_t>(t.bytes.size());
    st.tensors[name] = std::move(t);
    progress.advance(1, name);
  }
  progress.finish();
  report.n_tensors = static_cast<int64_t>(st.tensors.size());
  return st;
}

ImportReport import_magenta(const fs::path& src, const fs::path& out, const ImportOptions& options) {
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(out.string() + ": directory " + dir.string() + " does not exist");
  if (fs::is_directory(out, ec)) throw InputError(out.string() + ": is a directory, expected a file name");
  const std::unique_ptr<CheckpointReader> reader = open_checkpoint(src);
  ImportReport report;
  const io::Safetensors st = convert_checkpoint(*reader, options, report);
  io::write_safetensors(out, st);
  return report;
}

}  // namespace vec2midi::vae
