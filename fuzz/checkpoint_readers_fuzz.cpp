// libFuzzer harness for the three Magenta checkpoint readers. The first input byte picks the format;
// the rest becomes its directory file (deeplearn.js manifest.json, tfjs weights_manifest.json, or a
// tensor bundle's model.index), beside fixed zero-filled data files. Every variable listed is read.
// Anything but a vec2midi::Error is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "checkpoint_fixture.hpp"
#include "io/error.hpp"
#include "vae/deeplearnjs_reader.hpp"
#include "vae/tf_bundle_reader.hpp"
#include "vae/tfjs_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vec2midi;
  static const auto dir = fuzz::fuzz_folder();
  if (size < 1) return 0;
  const int format = data[0] % 3;
  try {
    std::unique_ptr<vae::CheckpointReader> reader;
    if (format == 0) {
      fuzz::write_input(dir / "manifest.json", data + 1, size - 1);
      reader = std::make_unique<vae::DeepLearnJsReader>(dir);
    } else if (format == 1) {
      fuzz::write_input(dir / "weights_manifest.json", data + 1, size - 1);
      reader = std::make_unique<vae::TfjsReader>(dir);
    } else {
      fuzz::write_input(dir / "model.index", data + 1, size - 1);
      reader = std::make_unique<vae::TfBundleReader>(dir / "model");
    }
    for (const auto& v : reader->variables()) {
      try {
        (void)reader->read(v.name).to_float();
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
