#include "support/lone_program.hpp"

#include "support/shared_data.hpp"

namespace fs = std::filesystem;

namespace vec2midi::testing {

fs::path lone_light_program(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path alone = dir / "vec2midi";
  fs::remove(alone);
  std::error_code linked;
  fs::create_hard_link(vec2midi_binary(), alone, linked);
  if (linked) fs::copy_file(vec2midi_binary(), alone);  // another file system: no link possible
  return alone;
}

}  // namespace vec2midi::testing
