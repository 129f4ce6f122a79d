#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   0 (the default) only replays the corpora: what CI does. Targets default to all of fuzz/*_fuzz.cpp.
# Seeds: real files from ../shared (copied into a temporary working corpus, never into the repository)
# plus tests/data/fuzz/<target>/: small hand-made seeds and every crash input ever found, kept as
# regression tests. New crash inputs land in tests/data/fuzz/<target>/ to be committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-0}
shift || true
shared=${VEC2MIDI_SHARED:-../shared}
[ -d "$shared/data" ] || { echo "fuzz: $shared/data is missing (set VEC2MIDI_SHARED)" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DVEC2MIDI_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cpp; do t=$(basename "$f" _fuzz.cpp); targets+=("$t"); done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed() {  # seed TARGET FILES...: copies into the working corpus of TARGET
  local target=$1; shift
  mkdir -p "$work/$target"
  cp "$@" "$work/$target/" 2>/dev/null || true
}
prefixed() {  # prefixed TARGET BYTE FILE...: seeds that are BYTE (octal) followed by each file
  local target=$1 byte=$2; shift 2
  mkdir -p "$work/$target"
  local i=0
  for f in "$@"; do { printf "\\$byte"; cat "$f"; } >"$work/$target/seed_${byte}_$i"; i=$((i + 1)); done
}
seed midi_reader $(ls "$shared"/data/melodies/*/*.mid | awk 'NR % 97 == 1')
seed safetensors_reader models/*.safetensors
seed image_loader examples/*.jpg $(ls "$shared"/data/photos/train/*/*.jpg | awk 'NR % 40 == 1')
prefixed checkpoint_readers 000 "$shared"/data/magenta/mel_2bar_small/manifest.json
prefixed checkpoint_readers 002 $(find "$shared"/data/tf_checkpoints -name '*.index')
seed tflite_import "$shared"/data/original/colors_mobilenet.tflite
seed json_inputs "$shared"/golden/melody_distance_examples.json "$shared"/golden/magenta_mel_2bar_small_argmax.json

status=0
for target in "${targets[@]}"; do
  regress=tests/data/fuzz/$target
  mkdir -p "$regress" "$work/$target"
  if [ "$seconds" -eq 0 ]; then
    echo "fuzz: replaying $target corpus ($(ls "$regress" "$work/$target" | wc -l) inputs)"
    build-fuzz/fuzz/fuzz_$target -runs=0 "$regress" "$work/$target" || status=1
  else
    echo "fuzz: $target for ${seconds}s"
    build-fuzz/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$regress/" -print_final_stats=1 "$work/$target" "$regress" 2>&1 | tail -n 14 || status=1
  fi
done
exit $status
