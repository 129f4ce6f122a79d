#!/usr/bin/env bash
# Search evaluations/min on 1 rank and on N ranks under mpirun (issue 30 goal: 2 ranks x 1 thread >= 1.8x one
# rank x 1 thread), alternating in the same command so both see the same machine. Each run is a fresh random search
# of BUDGET evaluations with the shipped models and the original's objective (2 x 1,024 triplets, 16 steps), one
# OpenMP thread per rank; the rate is the run's own evaluations/min (its summary's evaluations_per_minute: model
# loading and MPI start excluded) and, beside it, evaluations per wall-clock minute of the whole command.
# Usage: bench/mpi_search.sh [RUNS=3] [BUDGET=16] [RANKS=2] [BATCH=RANKS] [MODE]   Prints one JSON document (medians,
# ratios). MODE split: the ranks share each evaluation's decodes (search --split-decodes; give BATCH 1).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
budget=${2:-16}
ranks=${3:-2}
batch=${4:-$ranks}
mode=${5:-}
split=()
[ "$mode" = split ] && split=(--split-decodes)
v=build/vec2midi
[ -x "$v" ] || { echo "mpi_search: $v is missing (run ./setup.sh)" >&2; exit 1; }
command -v mpirun >/dev/null || { echo "mpi_search: mpirun is missing (apt-get install openmpi-bin)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
source bench/lib/mpi_bench.sh

# run NAME LAUNCHER...: one search; prints "<evaluations/min of the loop> <evaluations per wall minute>".
run() {
  local name=$1 t0 t1 rate
  shift
  t0=$(date +%s%N)
  local extra=()
  [ "$1" = mpirun ] && extra=("${split[@]}")
  "$@" "$v" search --optimizer random --budget "$budget" --batch "$batch" "${extra[@]}" -o "$out/$name" --json >"$out/$name.json" \
    2>"$out/err" || { echo "mpi_search: failed: $*" >&2; cat "$out/err" >&2; exit 1; }
  t1=$(date +%s%N)
  rate=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['evaluations_per_minute'])" "$out/$name.json")
  awk -v r="$rate" -v n="$budget" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f %.3f\n", r, n * 60e9 / (b - a) }'
}

alternate "$runs" "$ranks"
o_loop=$(col 1 "${one[@]}") o_wall=$(col 2 "${one[@]}") m_loop=$(col 1 "${many[@]}") m_wall=$(col 2 "${many[@]}")
cat <<JSON
{"runs": $runs, "budget": $budget, "ranks": $ranks, "batch": $batch, "mode": "${mode:-candidates}", "threads_per_rank": 1,
 "one_rank_evaluations_per_min": $o_loop, "ranks_evaluations_per_min": $m_loop,
 "ratio": $(awk -v a="$m_loop" -v b="$o_loop" 'BEGIN { printf "%.3f", a / b }'),
 "one_rank_per_wall_min": $o_wall, "ranks_per_wall_min": $m_wall,
 "wall_ratio": $(awk -v a="$m_wall" -v b="$o_wall" 'BEGIN { printf "%.3f", a / b }')}
JSON
