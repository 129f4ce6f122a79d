#!/usr/bin/env bash
# `vec2midi compose` for one picture, from process start to every file written (MIDI, WAV, PNG), as a user
# meets it (issue 7 item 7: goal median <= 1 s). build/vec2midi composes without loading libtorch
# (src/app/launcher.hpp). Baselines in the same command, alternating: the same compose run by
# build/vec2midi-torch, the whole program, which loads libtorch at start (what compose cost before), and
# `vec2midi --version`, the bare start of that program (the light executable hands it over by exec).
# Usage: bench/compose_time.sh [RUNS=11] [IMAGE=examples/red_car.jpg] [-- extra compose flags]
# Prints one JSON document: medians in seconds and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
image=${2:-examples/red_car.jpg}
shift $(($# > 2 ? 2 : $#))
[ "${1:-}" = "--" ] && shift
v=build/vec2midi
full=build/vec2midi-torch
for b in "$v" "$full"; do [ -x "$b" ] || { echo "compose_time: $b is missing (run ./setup.sh)" >&2; exit 1; }; done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# seconds CMD...: wall time of one run, in seconds (its output discarded; a failure stops the bench).
seconds() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>"$out/err" || { echo "compose_time: failed: $*" >&2; cat "$out/err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

"$v" compose "$image" -o "$out/warm" "$@" >/dev/null  # fills the page cache once
"$full" compose "$image" -o "$out/warm_full" "$@" >/dev/null
start=() compose=() compose_full=()
for i in $(seq "$runs"); do
  start+=("$(seconds "$v" --version)")
  compose+=("$(seconds "$v" compose "$image" -o "$out/run$i" "$@")")
  compose_full+=("$(seconds "$full" compose "$image" -o "$out/full$i" "$@")")
  for d in "run$i" "full$i"; do
    for f in mid wav png; do [ -s "$out/$d/$(basename "${image%.*}").$f" ] || { echo "compose_time: no .$f in $d" >&2; exit 1; }; done
  done
  cmp -s "$out/run$i/$(basename "${image%.*}").mid" "$out/full$i/$(basename "${image%.*}").mid" ||
    { echo "compose_time: the two executables wrote different MIDI files" >&2; exit 1; }
done
ms=$(printf '%s\n' "${start[@]}" | median)
mc=$(printf '%s\n' "${compose[@]}" | median)
mf=$(printf '%s\n' "${compose_full[@]}" | median)
printf '{"runs": %d, "image": "%s", "compose_median_s": %s, "compose_min_s": %s, "compose_max_s": %s, "compose_with_libtorch_median_s": %s, "libtorch_process_start_median_s": %s, "ratio_compose_with_libtorch_to_compose": %s}\n' \
  "$runs" "$image" "$mc" "$(printf '%s\n' "${compose[@]}" | sort -g | head -1)" \
  "$(printf '%s\n' "${compose[@]}" | sort -g | tail -1)" "$mf" "$ms" "$(awk -v a="$mf" -v b="$mc" 'BEGIN { printf "%.2f", a / b }')"
