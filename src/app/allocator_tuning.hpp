// glibc's allocator, tuned for commands that allocate and free large tensors over and over (search,
// training, evaluation). By default glibc serves every block over 32 MiB with a fresh mmap() and
// unmaps it on free, so each GP-BO iteration at 3,000 observations (a new 72 MB Cholesky factor and
// its float32 copy) or each training step touches brand-new pages: on this virtual machine the page
// faults cost more than the arithmetic (GP-BO iteration 1,044 ms -> 210 ms, docs/BENCHMARKS.md).
// Usage: first thing in main(), except for long-lived servers whose peak should not stay resident.
#pragma once

namespace vec2midi::app {

/// Blocks up to 1 GiB come from the heap and freed memory is kept for reuse (not returned to the
/// system until 1 GiB is free at the top of the heap). Resident memory then stays near the peak.
/// With $VEC2MIDI_DEFAULT_MALLOC set, does nothing (glibc's defaults, for comparisons).
void keep_large_blocks_in_the_heap();

}  // namespace vec2midi::app
