// libFuzzer harness: MIDI bytes -> read_midi_bytes -> melody extraction. Any exception other than
// vec2midi::Error, any crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/error.hpp"
#include "music/melody_extraction.hpp"
#include "music/midi_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto file = vec2midi::music::read_midi_bytes(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.mid");
    (void)vec2midi::music::extract_windows(file, vec2midi::music::ExtractionOptions{});
  } catch (const vec2midi::Error&) {
  }
  return 0;
}
