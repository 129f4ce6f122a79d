#include "app/allocator_tuning.hpp"

#include <malloc.h>

#include <cstdlib>

namespace vec2midi::app {

void keep_large_blocks_in_the_heap() {
  if (std::getenv("VEC2MIDI_DEFAULT_MALLOC") != nullptr) return;  // the baseline of docs/BENCHMARKS.md
  // Setting either threshold also switches off glibc's dynamic adjustment of both.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace vec2midi::app
