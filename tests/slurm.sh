#!/bin/sh
# pint under a real single-node Slurm (tests/slurm-up.sh): srun -c 1 gives
# one worker whose affinity the report shows; srun -n 2 without MPI warns
# of independent copies; srun --mpi=pmix -n 2 is one MPI job with the
# bits of one host; a batch job of examples/slurm/pint.sbatch cancelled
# as a time limit does (SIGTERM, then SIGKILL after KillWait) and
# resubmitted finishes with the same bits and says what it resumed.
# Skipped (77) without root or without the Slurm packages.
. "$(dirname "$0")/lib.sh"

UP="$SRCDIR/tests/slurm-up.sh"
S="$T/slurm"
mkdir -p "$S"
conf=$(timeout 60 sh "$UP" start "$S" 2>"$T/up.err")
rc=$?
if [ "$rc" -eq 77 ]; then
	cat "$T/up.err"
	sh "$UP" stop "$S"
	exit 77
fi
if [ "$rc" -ne 0 ]; then
	fail "slurm-up.sh: exit $rc: $(cat "$T/up.err")"
	sh "$UP" stop "$S"
	finish
fi
trap 'sh "$UP" stop "$S"; rm -rf "$T"' EXIT
export SLURM_CONF="$conf"
t_start=$(date +%s)

TASK="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 3000"
LONG="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 40000"

# shellcheck disable=SC2086
run_pint -q -j 1 $TASK -f json
expect_rc 0 "reference run" || finish
REF=$(python3 -c "import json; print(repr(json.load(open('$T/out'))['result']['integral']))")

# srun -n 1 -c 1: one worker, by Slurm's rule, on the CPU Slurm gave.
# shellcheck disable=SC2086
timeout 120 srun -n 1 -c 1 "$PINT" -q $TASK -f json >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "srun -c 1: exit $rc: $(head -c 300 "$T/err")"
else
	python3 - "$T/out" "$REF" <<'EOF' || fail "srun -c 1: report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["jobs_source"] == "SLURM_CPUS_PER_TASK", d["jobs_source"]
assert d["runs"][0]["jobs"] == 1
assert d["host"]["cpus_usable"] == 1, d["host"]
assert repr(d["result"]["integral"]) == sys.argv[2]
EOF
	ok
fi

# srun -n 2 without an MPI plugin: two copies, and a warning that says so.
# shellcheck disable=SC2086
timeout 120 srun -n 2 -c 1 "$PINT" $TASK -f csv >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "srun -n 2: exit $rc: $(head -c 300 "$T/err")"
[ "$(grep -c 'srun started 2 independent copies' "$T/err")" -eq 2 ] ||
    fail "srun -n 2: no warning about independent copies: $(head -c 300 "$T/err")"
ok

# srun --mpi=pmix -n 2: one MPI job, one report, the bits of one host.
if [ "${HAVE_MPI:-no}" = yes ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	# shellcheck disable=SC2086
	timeout 120 srun --mpi=pmix -n 2 -c 1 "$PINT" -q $TASK -f json \
	    >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "srun --mpi=pmix: exit $rc: $(head -c 300 "$T/err")"
	else
		python3 - "$T/out" "$REF" <<'EOF' || fail "srun --mpi=pmix: report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ranks"] == 2 and len(d["nodes"]) == 2, d["ranks"]
assert repr(d["result"]["integral"]) == sys.argv[2]
EOF
		ok
	fi
else
	echo "slurm.sh: pint built without MPI: srun --mpi=pmix not tried"
fi

# The batch job: cancelled as a time limit does, resubmitted, same bits.
# shellcheck disable=SC2086
run_pint -q -j 1 $LONG -f json
LREF=$(python3 -c "import json; print(repr(json.load(open('$T/out'))['result']['integral']))")
J="$T/job.journal"
SB="$SRCDIR/examples/slurm/pint.sbatch"

# Wait at most $2 seconds for job $1 to leave the queue.
wait_job() {
	i=0
	while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
		i=$((i + 1))
		[ "$i" -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

# shellcheck disable=SC2086
id=$(PINT="$PINT" sbatch --parsable -c 1 -o "$T/job1.out" "$SB" "$J" -q \
    $LONG)
i=0
# Cancel it once it has journaled chunks (the header is the first KiB).
while [ "$(stat -c %s "$J" 2>/dev/null || echo 0)" -lt 4096 ] &&
    [ "$i" -lt 3000 ]; do
	sleep 0.1
	i=$((i + 1))
done
scancel --signal=TERM --full "$id"
# pint ends on the SIGTERM; what the time limit sends after KillWait
# comes only if the job is still there after a generous while.
wait_job "$id" 60 || scancel "$id" 2>/dev/null
wait_job "$id" 60 || fail "batch job $id still queued after its cancel"
grep -q 'interrupted by SIGTERM' "$T/job1.out" ||
    fail "cancelled job: no interruption in its output: $(head -c 300 "$T/job1.out")"
# shellcheck disable=SC2086
id=$(PINT="$PINT" sbatch --parsable -c 1 -o "$T/job2.out" "$SB" "$J" -q \
    $LONG)
wait_job "$id" 300 || fail "resubmitted job $id did not finish in 300 s"
got=$(sed -n 's/^integral *//p' "$T/job2.out")
resumed=$(sed -n 's/^checkpoint .*: \([0-9]*\) of [0-9]* chunks resumed$/\1/p' "$T/job2.out")
[ "$(python3 -c "print(repr($got))" 2>/dev/null)" = "$LREF" ] ||
    fail "resubmitted job: integral '$got', want $LREF: $(head -c 300 "$T/job2.out")"
[ -n "$resumed" ] && [ "$resumed" -gt 0 ] ||
    fail "resubmitted job: resumed '$resumed' chunks: $(grep checkpoint "$T/job2.out")"
ok

echo "slurm.sh: Slurm tests took $(($(date +%s) - t_start)) s after start-up"
finish
