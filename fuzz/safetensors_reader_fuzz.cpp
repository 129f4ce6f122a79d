// libFuzzer harness: bytes -> parse_safetensors -> every tensor converted to float and written back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/error.hpp"
#include "io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto st = vec2midi::io::parse_safetensors(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    for (const auto& [name, tensor] : st.tensors) {
      try {
        (void)tensor.to_float();
      } catch (const vec2midi::Error&) {
      }
    }
    (void)vec2midi::io::parse_safetensors(vec2midi::io::serialize_safetensors(st), "round trip");
  } catch (const vec2midi::Error&) {
  }
  return 0;
}
