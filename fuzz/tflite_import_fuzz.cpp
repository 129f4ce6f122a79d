// libFuzzer harness: bytes -> parse_tflite -> every constant read as numbers -> graph_from_tflite (which
// validates the whole graph's shapes). The forward pass is not run: its cost grows with the declared sizes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/error.hpp"
#include "io/tflite_model.hpp"
#include "vision/tflite_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto model = vec2midi::io::parse_tflite(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    for (const auto& t : model.tensors) {
      if (t.data.empty()) continue;
      try {
        (void)vec2midi::io::tflite_values(t, "fuzz");
      } catch (const vec2midi::Error&) {
      }
    }
    (void)vec2midi::vision::graph_from_tflite(model, "fuzz");
  } catch (const vec2midi::Error&) {
  }
  return 0;
}
