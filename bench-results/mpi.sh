#!/bin/sh
# The cost of MPI mode on one machine: 2 ranks of 1 worker against 1 rank
# (no MPI) of 2 workers, on the same task of a second or more, run in
# turn N times (default 5) so that drift of the machine touches both.
# Prints each pair, the median wall-time ratio (MPI / one rank, the
# overhead), and the counter traffic: claims per millisecond per rank.
#   bench-results/mpi.sh [PINT] [N]
# Needs a pint built with MPI and Open MPI's mpirun.
set -eu
PINT=${1:-./pint}
N=${2:-5}
TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 30000"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
T=$(mktemp -d "${TMPDIR:-/tmp}/pint-mpibench.XXXXXX")
trap 'rm -rf "$T"' EXIT

echo "pair,one_rank_wall_s,mpi_wall_s,ratio,claims,claims_per_ms_per_rank,mpi_s,one_rank_exec_s,mpirun_exec_s,exec_ratio"
i=1
while [ "$i" -le "$N" ]; do
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	"$PINT" -q -j 2 $TASK -f json >"$T/one.json"
	t1=$(date +%s%N)
	# shellcheck disable=SC2086
	timeout 600 mpirun --oversubscribe --bind-to none -np 2 "$PINT" -q \
	    -j 1 $TASK -f json >"$T/mpi.json"
	t2=$(date +%s%N)
	python3 - "$T/one.json" "$T/mpi.json" "$i" $((t1 - t0)) $((t2 - t1)) \
	    <<'EOF'
import json, sys
one = json.load(open(sys.argv[1]))
mpi = json.load(open(sys.argv[2]))
assert one["result"]["integral"] == mpi["result"]["integral"]
w1 = one["runs"][0]["timing"]["wall_s"]
w2 = max(n["wall_s"] for n in mpi["nodes"])
claims = mpi["mpi"]["claims"]
rate = max(n["claims"] / (n["wall_s"] * 1000) for n in mpi["nodes"])
e1 = int(sys.argv[4]) * 1e-9
e2 = int(sys.argv[5]) * 1e-9
print("%s,%.4f,%.4f,%.4f,%d,%.5f,%.4f,%.4f,%.4f,%.4f" % (sys.argv[3], w1,
    w2, w2 / w1, claims, rate, mpi["mpi"]["mpi_s"], e1, e2, e2 / e1))
EOF
	i=$((i + 1))
done >"$T/pairs.csv"
cat "$T/pairs.csv"
python3 - "$T/pairs.csv" <<'EOF'
import statistics, sys
rows = [l.split(",") for l in open(sys.argv[1]) if l.strip()]
r = sorted(float(x[3]) for x in rows)
e = sorted(float(x[9]) for x in rows)
c = max(float(x[5]) for x in rows)
print("median MPI/one-rank ratio of pint's wall %.4f (min %.4f, max %.4f);"
      " of exec to exit, mpirun included, %.4f (min %.4f, max %.4f); "
      "claims per ms per rank at most %.5f" % (statistics.median(r), r[0],
      r[-1], statistics.median(e), e[0], e[-1], c))
EOF
