#!/usr/bin/env bash
# Builds vec2midi (via setup.sh) and runs the whole test suite with CTest.
# Usage: ./test.sh      (needs ../shared beside the project, or VEC2MIDI_SHARED)
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
