#!/usr/bin/env bash
# Batch compose rate (issue 30): `compose --list` of the first COUNT photos of ../shared/data/photos/train (one-bar
# melodies, the shipped models, MIDI + WAV + piano roll each) on 1 rank and on RANKS ranks under mpirun, one OpenMP
# thread per rank, alternating in the same command so both see the same machine. The rate is the run's own
# pictures/s (its summary: model loading and MPI start excluded), beside each rank's seconds per picture.
# Usage: bench/mpi_compose.sh [RUNS=3] [COUNT=60] [RANKS=2]   Prints one JSON document (medians, ratio).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
count=${2:-60}
ranks=${3:-2}
v=build/vec2midi
photos=../shared/data/photos/train
[ -x "$v" ] || { echo "mpi_compose: $v is missing (run ./setup.sh)" >&2; exit 1; }
[ -d "$photos" ] || { echo "mpi_compose: $photos is missing (../shared)" >&2; exit 1; }
command -v mpirun >/dev/null || { echo "mpi_compose: mpirun is missing (apt-get install openmpi-bin)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The photos as a folder of links (class/name.jpg), so the results mirror the classes (names repeat across classes).
(cd "$photos" && find . -name '*.jpg' | sort -R --random-source=<(yes) | head -n "$count") | while read -r p; do
  mkdir -p "$out/pictures/$(dirname "$p")"
  ln -s "$(realpath "$photos/$p")" "$out/pictures/$p"
done
source bench/lib/mpi_bench.sh

# run NAME LAUNCHER...: one batch; prints "<pictures/s> <mean seconds per picture on a rank>".
run() {
  local name=$1
  shift
  "$@" "$v" compose --list "$out/pictures" -o "$out/$name" -q --json >"$out/$name.json" 2>"$out/err" ||
    { echo "mpi_compose: failed: $*" >&2; cat "$out/err" >&2; exit 1; }
  python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['composed'] == d['pictures'], d
per = sum(r['seconds_per_picture'] * r['pictures'] for r in d['ranks']) / d['pictures']
print(d['pictures_per_second'], per)" "$out/$name.json"
}

alternate "$runs" "$ranks"
o_rate=$(col 1 "${one[@]}") o_per=$(col 2 "${one[@]}") m_rate=$(col 1 "${many[@]}") m_per=$(col 2 "${many[@]}")
cat <<JSON
{"runs": $runs, "pictures": $count, "ranks": $ranks, "threads_per_rank": 1,
 "one_rank_pictures_per_second": $o_rate, "one_rank_seconds_per_picture": $o_per,
 "ranks_pictures_per_second": $m_rate, "ranks_seconds_per_picture": $m_per,
 "ratio": $(awk -v a="$m_rate" -v b="$o_rate" 'BEGIN { printf "%.3f", a / b }')}
JSON
