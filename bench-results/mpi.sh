#!/bin/sh
# The cost of MPI mode on one machine: 2 ranks of 1 worker against 1 rank
# of 2 workers on the same task of a second or more, run in turn N times
# (default 7) so that drift of the machine touches each alike. Each
# round runs three commands:
#   plain   pint -j 2                       (no MPI at all)
#   np1     mpirun -np 1 pint -j 2          (MPI, one rank)
#   np2     mpirun -np 2 pint -j 1          (MPI, two ranks)
# and records pint's wall time (its report: rank 0's first fork until it
# holds every rank's chunks) and the time from exec to exit (mpirun's
# start-up and MPI_Finalize included). It prints the pairs and medians of
#   wall_ratio  np2 / plain, pint's wall: what MPI mode costs the run
#   exec_ratio  np2 / plain, exec to exit: what the user waits, launcher
#               included
#   mpi_ratio   np2 / np1, exec to exit: 2 ranks against 1 under the same
#               launcher
# and the counter traffic: claims (one MPI_Rget_accumulate each) per
# millisecond per rank, the most of any rank.
#   bench-results/mpi.sh [PINT] [N]
# Needs a pint built with MPI and Open MPI's mpirun.
set -eu
PINT=${1:-./pint}
N=${2:-7}
TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 30000"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN="mpirun --oversubscribe --bind-to none"
T=$(mktemp -d "${TMPDIR:-/tmp}/pint-mpibench.XXXXXX")
trap 'rm -rf "$T"' EXIT

# Run "$@" with the report to $T/$name.json; its exec-to-exit ns in $T/$name.ns.
timed() {
	name=$1
	shift
	t0=$(date +%s%N)
	timeout 600 "$@" -f json >"$T/$name.json"
	t1=$(date +%s%N)
	echo $((t1 - t0)) >"$T/$name.ns"
}

echo "round,plain_wall_s,np1_wall_s,np2_wall_s,wall_ratio,plain_exec_s,np1_exec_s,np2_exec_s,exec_ratio,mpi_ratio,claims,claims_per_ms_per_rank,mpi_s,mpi_init_s"
i=1
while [ "$i" -le "$N" ]; do
	# shellcheck disable=SC2086
	timed plain "$PINT" -q -j 2 $TASK
	# shellcheck disable=SC2086
	timed np1 $MPIRUN -np 1 "$PINT" -q -j 2 $TASK
	# shellcheck disable=SC2086
	timed np2 $MPIRUN -np 2 "$PINT" -q -j 1 $TASK
	python3 - "$T" "$i" <<'EOF'
import json, sys
t, i = sys.argv[1], sys.argv[2]
r = {n: json.load(open("%s/%s.json" % (t, n))) for n in ("plain", "np1", "np2")}
e = {n: int(open("%s/%s.ns" % (t, n)).read()) * 1e-9 for n in r}
w = {n: r[n]["runs"][0]["timing"]["wall_s"] for n in r}
assert r["plain"]["result"]["integral"] == r["np2"]["result"]["integral"]
assert r["plain"]["result"]["integral"] == r["np1"]["result"]["integral"]
nodes = r["np2"]["nodes"]
rate = max(n["claims"] / (n["wall_s"] * 1000) for n in nodes)
print("%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.5f,%.4f,%.3f" % (
    i, w["plain"], w["np1"], w["np2"], w["np2"] / w["plain"],
    e["plain"], e["np1"], e["np2"], e["np2"] / e["plain"],
    e["np2"] / e["np1"], r["np2"]["mpi"]["claims"], rate,
    r["np2"]["mpi"]["mpi_s"], max(n["mpi_init_s"] for n in nodes)))
EOF
	i=$((i + 1))
done >"$T/rounds.csv"
cat "$T/rounds.csv"
python3 - "$T/rounds.csv" <<'EOF'
import statistics, sys
rows = [l.split(",") for l in open(sys.argv[1]) if l.strip()]
def col(k):
    return sorted(float(x[k]) for x in rows)
for name, k in (("wall_ratio (np2 / plain, pint's wall)", 4),
                ("exec_ratio (np2 / plain, exec to exit)", 8),
                ("mpi_ratio (np2 / np1, exec to exit)", 9)):
    v = col(k)
    print("median %s %.4f (min %.4f, max %.4f)" % (name, statistics.median(v),
          v[0], v[-1]))
print("median wall s: plain %.4f, np1 %.4f, np2 %.4f" % tuple(
    statistics.median(col(k)) for k in (1, 2, 3)))
print("claims per ms per rank at most %.5f (target under 1); MPI_Init at "
      "most %.3f s a rank, overlapped with the first batch" % (col(11)[-1],
      col(13)[-1]))
EOF
