# Shell helpers the MPI benchmark scripts share (source it): the median of numbers on stdin, the median of column K
# of lines of numbers given as arguments, their environment, and the alternating runs.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { local k=$1; shift; printf '%s\n' "$@" | awk -v k="$k" '{ print $k }' | median; }

# The environment of the MPI benchmarks: one OpenMP thread per rank; mpirun may run as root; shared memory without
# the ptrace-based single copy, which containers forbid.
export OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none

# alternate RUNS RANKS: calls the script's own `run NAME LAUNCHER...` RUNS times without mpirun and RUNS times under
# `mpirun -np RANKS`, alternating so both see the same machine; their outputs go to the arrays `one` and `many`.
alternate() {
  local runs=$1 ranks=$2 i
  one=() many=()
  for i in $(seq "$runs"); do
    one+=("$(run "one$i" env)")
    many+=("$(run "many$i" mpirun --oversubscribe --bind-to none -np "$ranks")")
  done
}
