#!/usr/bin/env bash
# The optimiser study (issue 6 item 6): random search, GP-BO, TuRBO and CMA-ES on the same objective at
# the same evaluation budget, several seeds each; each run's best transition is then evaluated on the
# original's test scheme. Every run is a `vec2midi search ... --resume`, so an interrupted study continues
# where it stopped (finished runs and evaluations are skipped). At the end bench/optimiser_study.py writes
# study.md (table: best loss and test AUC per optimiser, median over seeds) and best_loss.svg.
# Usage: bench/optimiser_study.sh OUT_DIR [BUDGET=400] [INITIAL=100] [SEEDS="1 2 3"] [-- extra search flags]
#   INITIAL: uniform points before bo's GP and TuRBO's trust region (--initial); random and CMA-ES have none.
#   Extra flags go to every search and evaluate that takes them (--model M, --triplets N, --matrices K ...).
# Environment: VEC2MIDI (default build/vec2midi), JOBS parallel runs (default 2, one libtorch thread each).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/optimiser_study.sh OUT_DIR [BUDGET] [INITIAL] [SEEDS] [-- search flags]" >&2; exit 2; }
out=$1; budget=${2:-400}; initial=${3:-100}; seeds=${4:-"1 2 3"}
shift $(($# > 4 ? 4 : $#))
[ "${1:-}" = "--" ] && shift
extra=("$@")
v=${VEC2MIDI:-build/vec2midi}
jobs=${JOBS:-2}
[ -x "$v" ] || { echo "optimiser_study: $v is missing (run ./setup.sh)" >&2; exit 1; }
mkdir -p "$out"

# The flags evaluate shares with search (model, embedder, data scheme, steps); the rest are search-only.
eval_flags=()
for ((i = 0; i < ${#extra[@]}; ++i)); do
  case "${extra[$i]}" in
    --model|--embedder|--class-sizes|--data-seed|--steps)
      eval_flags+=("${extra[$i]}")
      while ((i + 1 < ${#extra[@]})) && [[ "${extra[$((i + 1))]}" != --* ]]; do i=$((i + 1)); eval_flags+=("${extra[$i]}"); done ;;
  esac
done

# one OPTIMIZER SEED: the search (resumed if it exists) and the evaluation of its best transition.
one() {
  local o=$1 s=$2 dir="$out/$1-$2" init=()
  if [ "$o" = bo ] || [ "$o" = turbo ]; then init=(--initial "$initial"); fi
  if [ ! -f "$dir/search.json" ]; then
    local resume=()
    [ -f "$dir/checkpoint.json" ] && resume=(--resume)
    OMP_NUM_THREADS=1 "$v" search --optimizer "$o" --seed "$s" --budget "$budget" "${init[@]}" "${extra[@]}" \
      -o "$dir" "${resume[@]}" --json > "$dir.search.tmp" 2> "$dir.err"
    mv "$dir.search.tmp" "$dir/search.json"
  fi
  if [ ! -f "$dir/evaluation.json" ]; then
    OMP_NUM_THREADS=1 "$v" evaluate --transition "$dir/best_transition.safetensors" --test original "${eval_flags[@]}" \
      -o "$dir/eval" --json > "$dir.eval.tmp" 2>> "$dir.err"
    mv "$dir.eval.tmp" "$dir/evaluation.json"
  fi
  echo "optimiser_study: $o seed $s done ($(date +%T))" >&2
}

runs=()
for s in $seeds; do for o in random bo turbo cmaes; do runs+=("$o $s"); done; done
echo "optimiser_study: ${#runs[@]} runs of $budget evaluations, $jobs at a time, in $out" >&2
failed=0
for ((i = 0; i < ${#runs[@]}; i += jobs)); do
  pids=()
  for ((j = i; j < i + jobs && j < ${#runs[@]}; ++j)); do
    one ${runs[$j]} &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
done
((failed == 0)) || { echo "optimiser_study: a run failed (see $out/*.err)" >&2; exit 1; }
python3 bench/optimiser_study.py "$out" "$budget"
