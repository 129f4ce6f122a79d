#!/usr/bin/env bash
# Builds vec2midi (via setup.sh) and runs the whole test suite: the CTest suite, then a replay of
# every fuzz corpus under ASan + UBSan (fuzz/run.sh 0).
# Usage: ./test.sh      (needs ../shared beside the project, or VEC2MIDI_SHARED)
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
fuzz/run.sh 0
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
