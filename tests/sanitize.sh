#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer: builds build-asan/
# (-DVEC2MIDI_SANITIZE=ON; the tests find build-asan/vec2midi) and runs CTest there. Part of CI: test.sh
# runs it after the plain suite. libtorch, OpenCV and the other system libraries are not instrumented;
# their allocations are still checked by ASan's malloc. VEC2MIDI_TEST_TIME_SCALE=4 tells the tests that
# kill and time child processes that this build is slow (each process start is ~3 s, training ~20x slower).
# Usage: tests/sanitize.sh        (needs ../shared beside the project, or VEC2MIDI_SHARED)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVEC2MIDI_SANITIZE=ON -DVEC2MIDI_BENCH=OFF >/dev/null
cmake --build build-asan -j "$(nproc)" >/dev/null
# Leak checking is off: libtorch and OpenCV keep process-lifetime allocations (thread pools, registries)
# that LeakSanitizer reports at exit. Every other ASan and UBSan finding fails the test that caused it.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
VEC2MIDI_TEST_TIME_SCALE=4 ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 1200
