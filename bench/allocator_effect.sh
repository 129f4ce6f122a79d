#!/usr/bin/env bash
# The effect of src/app/allocator_tuning.hpp on training: the same short train-embedder and train-vae runs
# with the tuned allocator (the default) and with glibc's defaults ($VEC2MIDI_DEFAULT_MALLOC, the baseline),
# alternating in one command. Prints one JSON document: median wall seconds of each and their ratio.
# Usage: bench/allocator_effect.sh [RUNS=3]     (needs ../shared beside the project for the melodies)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shared=${VEC2MIDI_SHARED:-../shared}
v=build/vec2midi
export OMP_NUM_THREADS=1  # one libtorch thread: less noise from the other core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$v" extract "$shared/data/melodies/nottingham" -o "$work/windows.bin" >/dev/null 2>&1

embedder=(train-embedder --scenes 36 --steps 60 --per-class 2 --width 0.25 --middle-blocks 1 --checkpoint-every 0 -q)
vae=(train-vae "$work/windows.bin" --steps 10 --batch-size 512 --z-size 128 --encoder-size 256 --decoder-size 512
  --decoder-layers 1 --checkpoint-every 1000 --validate-every 0 --threads 1 -q)

seconds() {  # seconds OUTPUT CMD...: wall time of one run
  local out=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" -o "$out" >/dev/null 2>"$work/err" || { echo "allocator_effect: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A t
for i in $(seq "$runs"); do
  for what in embedder vae; do
    declare -n cmd=$what
    t[$what,tuned]+="$(seconds "$work/$what$i.safetensors" "$v" "${cmd[@]}") "
    t[$what,default]+="$(VEC2MIDI_DEFAULT_MALLOC=1 seconds "$work/$what${i}d.safetensors" "$v" "${cmd[@]}") "
    rm -rf "$work"/*.training
  done
done
json="{\"runs\": $runs"
for what in embedder vae; do
  tuned=$(printf '%s\n' ${t[$what,tuned]} | median)
  default=$(printf '%s\n' ${t[$what,default]} | median)
  json+=", \"${what}_tuned_s\": $tuned, \"${what}_glibc_default_s\": $default"
  json+=", \"${what}_speedup\": $(awk -v a="$default" -v b="$tuned" 'BEGIN { printf "%.2f", a / b }')"
done
echo "$json}"
