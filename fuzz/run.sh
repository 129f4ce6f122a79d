#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each one.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET]   (0, the default, only replays the corpora: what CI does)
# Seeds: real files from ../shared plus tests/data/fuzz/<target>/ (every crash input ever found,
# kept as a regression test). New crash inputs land in tests/data/fuzz/<target>/ to be committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-0}
shared=${VEC2MIDI_SHARED:-../shared}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DVEC2MIDI_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed() {  # seed TARGET FILES...: a working corpus in $work (../shared is read-only and never copied into the repo)
  local target=$1; shift
  mkdir -p "$work/$target"
  cp "$@" "$work/$target/" 2>/dev/null || true
}
seed midi_reader $(ls "$shared"/data/melodies/*/*.mid | awk 'NR % 97 == 1')
# safetensors seeds: the small valid files in tests/data/fuzz/safetensors_reader (made for this).

status=0
for target in midi_reader safetensors_reader; do
  regress=tests/data/fuzz/$target
  mkdir -p "$regress" "$work/$target"
  if [ "$seconds" -eq 0 ]; then
    echo "fuzz: replaying $target corpus ($(ls "$regress" "$work/$target" | wc -l) inputs)"
    build-fuzz/fuzz/fuzz_$target -runs=0 "$regress" "$work/$target" || status=1
  else
    echo "fuzz: $target for ${seconds}s"
    build-fuzz/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$regress/" -print_final_stats=1 "$work/$target" "$regress" 2>&1 | tail -n 12 || status=1
  fi
done
exit $status
