#!/usr/bin/env bash
# Builds vec2midi (via setup.sh) and runs the whole test suite: a replay of every fuzz corpus under
# ASan + UBSan (fuzz/run.sh 0), the CTest suite, then the same CTest suite again in an ASan + UBSan build
# (tests/sanitize.sh; about 25 minutes more: the sanitized binaries start slowly and train ~20x slower).
# VEC2MIDI_SKIP_SANITIZE=1 skips that last part (for a quick local run; CI never sets it).
# Usage: ./test.sh      (needs ../shared beside the project, or VEC2MIDI_SHARED)
set -euo pipefail
cd "$(dirname "$0")"
# The plain and the sanitizer builds take about 25 GB together (the sanitizer's precompiled headers alone ~5 GB).
avail_kb=$(df -Pk . | awk 'NR == 2 {print $4}')
if [ "${avail_kb:-0}" -lt $((30 * 1024 * 1024)) ]; then
  echo "test.sh: warning: only $((avail_kb / 1024 / 1024)) GB free here; the two builds need about 25 GB" >&2
fi
./setup.sh
cmake --build build -j "$(nproc)"  # the test binaries and benchmarks (setup.sh built only the program)
fuzz/run.sh 0
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
[ "${VEC2MIDI_SKIP_SANITIZE:-0}" = 1 ] || tests/sanitize.sh
