#!/usr/bin/env bash
# `vec2midi compose` for one picture, from process start to every file written (MIDI, WAV, PNG), as a user
# meets it (issue 7 item 7: goal median <= 1 s). Baseline in the same command: `vec2midi --version`, the
# bare process start (the dynamic loader mapping libtorch, OpenCV, FluidSynth), which compose cannot beat.
# Usage: bench/compose_time.sh [RUNS=11] [IMAGE=examples/red_car.jpg] [-- extra compose flags]
# Prints one JSON document: medians in seconds and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
image=${2:-examples/red_car.jpg}
shift $(($# > 2 ? 2 : $#))
[ "${1:-}" = "--" ] && shift
v=build/vec2midi
[ -x "$v" ] || { echo "compose_time: $v is missing (run ./setup.sh)" >&2; exit 1; }
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
start=() compose=()
for i in $(seq "$runs"); do
  start+=("$(seconds "$v" --version)")
  compose+=("$(seconds "$v" compose "$image" -o "$out/run$i" "$@")")
  for f in mid wav png; do [ -s "$out/run$i/$(basename "${image%.*}").$f" ] || { echo "compose_time: no .$f" >&2; exit 1; }; done
done
ms=$(printf '%s\n' "${start[@]}" | median)
mc=$(printf '%s\n' "${compose[@]}" | median)
printf '{"runs": %d, "image": "%s", "process_start_median_s": %s, "compose_median_s": %s, "compose_min_s": %s, "compose_max_s": %s, "ratio_compose_to_start": %s}\n' \
  "$runs" "$image" "$ms" "$mc" "$(printf '%s\n' "${compose[@]}" | sort -g | head -1)" \
  "$(printf '%s\n' "${compose[@]}" | sort -g | tail -1)" "$(awk -v a="$mc" -v b="$ms" 'BEGIN { printf "%.2f", a / b }')"
