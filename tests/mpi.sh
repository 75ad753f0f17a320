#!/bin/sh
# MPI mode under mpirun: every ranks x jobs combination gives the bits of
# one host; a rank SIGKILLed ends the job in seconds, a rank stopped
# after 10 s of silence, each named by pint (a rank stopped before MPI is
# up: 10 s after the others ran out of work, saying so); SIGTERM to
# mpirun ends every rank; a rank whose workers are killed recovers them
# with the same bits; --checkpoint resumes across ranks. Nothing is left:
# no rank, no worker, no shared memory. Skipped (77) only when pint was
# built without MPI, after checking that such a pint refuses to run as
# one of several ranks.
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 3000"
LONG="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 40000"

if [ "${HAVE_MPI:-no}" != yes ]; then
	export OMPI_COMM_WORLD_SIZE=3 OMPI_COMM_WORLD_RANK=1
	# shellcheck disable=SC2086
	run_pint -q $TASK
	unset OMPI_COMM_WORLD_SIZE OMPI_COMM_WORLD_RANK
	expect_rc 2 "built without MPI, started as rank 1 of 3" &&
	    expect_err "built without MPI" "rank of a pint without MPI"
	# shellcheck disable=SC2086
	run_pint -q --mpi $TASK
	expect_rc 2 "--mpi without MPI" &&
	    expect_err "--mpi: this pint was built without MPI" "--mpi"
	[ "$NFAIL" -eq 0 ] || finish
	echo "mpi.sh: pint was built without MPI; the MPI tests are skipped"
	exit 77
fi
command -v mpirun >/dev/null 2>&1 || {
	fail "pint was built with MPI but mpirun is missing (openmpi-bin)"
	finish
}

# Open MPI refuses root without these; ranks may share the 2 CPUs.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's dlopened components leak by design (DESIGN.md): no leak
# check for the ranks under ASan.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
MPIRUN="mpirun --oversubscribe --bind-to none"

# Column NAME of the CSV row in $1.
csv_col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
	    if ($i == name) c = i } NR == 2 { print $c }' "$1"
}

# No pint shared memory, no process of a job: every pid in $@ is gone.
all_gone() {
	for p in "$@"; do
		wait_gone "$p" 50 || fail "$what: process $p outlived the job"
	done
	if ls /dev/shm 2>/dev/null | grep -q '^pint\.'; then
		ls /dev/shm | grep '^pint\.' | while read -r f; do
			for p in "$@"; do
				case $f in pint.$p.*) fail "$what: /dev/shm/$f left" ;; esac
			done
		done
	fi
}

# The reference: one host, no MPI.
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK -f csv
expect_rc 0 "reference run" || finish
REF=$(csv_col "$T/out" integral)

# Every ranks x jobs: the same bits, one report, ranks as asked.
for np in 1 2 3; do
	for j in 1 2; do
		what="-np $np -j $j"
		# shellcheck disable=SC2086
		timeout 120 $MPIRUN -np $np "$PINT" -q -j $j $TASK -f csv \
		    >"$T/out" 2>"$T/err"
		rc=$?
		[ "$rc" -eq 0 ] || { fail "$what: exit $rc: $(head -c 400 "$T/err")"; continue; }
		[ "$(wc -l <"$T/out")" -eq 2 ] ||
		    { fail "$what: $(wc -l <"$T/out") lines, want one report"; continue; }
		got=$(csv_col "$T/out" integral)
		[ "$got" = "$REF" ] || fail "$what: integral $got, want $REF"
		[ "$(csv_col "$T/out" ranks)" = "$np" ] ||
		    fail "$what: ranks $(csv_col "$T/out" ranks)"
		ok
	done
done

# The JSON report: nodes[] with every rank, chunks adding up.
# shellcheck disable=SC2086
timeout 120 $MPIRUN -np 2 "$PINT" -q -j 1 $TASK -f json >"$T/json" 2>"$T/err"
python3 - "$T/json" "$SRCDIR/schema/pint-report.schema.json" <<'EOF' ||
import json, sys
d = json.load(open(sys.argv[1]))
try:
    import jsonschema
    jsonschema.validate(d, json.load(open(sys.argv[2])))
except ImportError:
    pass
assert d["ranks"] == 2, d["ranks"]
assert [n["rank"] for n in d["nodes"]] == [0, 1]
assert sum(n["chunks"] for n in d["nodes"]) == d["task"]["chunks"]
assert d["mpi"]["claims"] >= 2
assert 0 < d["mpi"]["job_efficiency"] <= 1.5
EOF
    fail "JSON report of 2 ranks: $(head -c 300 "$T/err")"
ok

# Start a long job; sets mp (mpirun's pid), ranks and workers (their
# children named pint-worker; the fork servers are named pint-forksrv).
# Rank 0 shows its progress: the job is acted on once it has done a
# chunk, and each rank is held after 20 chunks until the test has acted
# (release), so the job cannot end first. With JOB_UP set, the job is
# held, and acted on, only after 136 chunks: past rank 0's first batch
# (an eighth of the 1024 chunks with 2 ranks), computed while MPI_Init
# runs, so rank 0 has claimed chunks through MPI, which every rank has
# joined. The test build finds the MPI module of the build tree by
# PINT_MPI_MODULE.
start_job() {
	n=${JOB_UP:+136}
	hold "${n:-20}"
	rm -f "$T/err"
	# shellcheck disable=SC2086
	$HELD PINT_MPI_MODULE="$BUILDDIR/pint-mpi.so" \
	    $MPIRUN -np 1 "$PINT_HOOKS" -j 1 $LONG --progress "$@" : \
	    -np 1 "$PINT_HOOKS" -q -j 1 $LONG "$@" >"$T/out" 2>"$T/err" &
	mp=$!
	i=0
	ranks=
	workers=
	while [ "$i" -lt 2000 ] && kill -0 "$mp" 2>/dev/null; do
		ranks=$(cat /proc/"$mp"/task/*/children 2>/dev/null)
		workers=
		for r in $ranks; do
			for c in $(cat /proc/"$r"/task/*/children 2>/dev/null); do
				[ "$(cat /proc/"$c"/comm 2>/dev/null)" = pint-worker ] &&
				    workers="$workers $c"
			done
		done
		[ "$(echo "$workers" | wc -w)" -ge 2 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	wait_chunks "$mp" "$T/err" "${n:-1}" ||
	    fail "$what: not ${n:-1} chunks done: $(head -c 400 "$T/err")"
}

# Wait at most $2 seconds for mpirun ($1); sets rc (124 on timeout).
wait_job() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ "$i" -lt $(($2 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1"
		rc=124
		return
	fi
	wait "$1"
	rc=$?
	# Rank 0's progress bar ends in a carriage return: a line per draw.
	tr '\r' '\n' <"$T/err" >"$T/err.lines" && mv "$T/err.lines" "$T/err"
}

# One rank SIGKILLed: the job ends within seconds, naming rank and host
# once (the lowest rank left on the host speaks).
what="a rank killed"
start_job
r1=$(echo "$ranks" | awk '{ print $2 }')
if [ -z "$r1" ]; then
	fail "$what: no second rank seen"
else
	kill -KILL "$r1"
	release
	wait_job "$mp" 60
	[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "$what: exit $rc"
	# The rank is named: by pint (the lowest rank left on the host) and
	# by mpirun. mpirun may end before it has passed on the surviving
	# rank's last line (a third to a half of the runs here), so pint's
	# word is checked when it came through: exact, and once.
	grep -q "process rank 1 with PID [0-9]* on node [^ ]* exited on signal 9" "$T/err" ||
	    grep -q "^pint: rank 1 on $(hostname) (pid $r1) was gone" "$T/err" ||
	    fail "$what: no message naming rank 1: $(head -c 400 "$T/err")"
	n=$(grep -c "^pint: rank" "$T/err")
	if [ "$n" -gt 0 ]; then
		grep -q "^pint: rank 1 on $(hostname) (pid $r1) was gone" "$T/err" &&
		    [ "$n" -eq 1 ] ||
		    fail "$what: pint named the wrong rank or more than once: $(head -c 400 "$T/err")"
	fi
	# shellcheck disable=SC2086
	all_gone $ranks $workers
	ok
fi

# One rank stopped (as a node that hangs) once MPI is up: mpirun sees
# nothing wrong, so rank 0 itself ends the job after 10 s of silence,
# naming rank and host.
what="a rank stopped"
JOB_UP=1
start_job
JOB_UP=
r1=$(echo "$ranks" | awk '{ print $2 }')
if [ -z "$r1" ]; then
	fail "$what: no second rank seen"
else
	kill -STOP "$r1"
	release
	wait_job "$mp" 120
	kill -CONT "$r1" 2>/dev/null
	[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "$what: exit $rc"
	# Rank 0 may be computing still, or done and waiting for rank 1.
	# mpirun may end before it has passed on rank 0's last lines (as in
	# the killed case above): rank 0's word is checked when it came.
	if grep -q '^pint:' "$T/err"; then
		grep -q "^pint: .*rank 1 on $(hostname) (pid $r1) is lost: nothing heard from it for 10 s" "$T/err" ||
		    fail "$what: rank 0 did not name rank 1: $(grep '^pint:' "$T/err" | head -c 400)"
	fi
	# shellcheck disable=SC2086
	all_gone $ranks $workers
	ok
fi

# One rank stopped before MPI is up (it stops itself before pint starts):
# the others wait in MPI_Init, where no rank knows the others yet. Rank
# 0 computes its first batch, then gives up 10 s later, saying so.
what="a rank stopped before MPI is up"
rm -f "$T/err"
# shellcheck disable=SC2086,SC2016
PINT_MPI_MODULE="$BUILDDIR/pint-mpi.so" \
    $MPIRUN -np 1 "$PINT_HOOKS" -j 1 $TASK : \
    -np 1 sh -c 'kill -STOP $$; exec "$@"' sh "$PINT_HOOKS" -q -j 1 $TASK \
    >"$T/out" 2>"$T/err" &
mp=$!
ranks=
i=0
while [ "$i" -lt 2000 ] && [ "$(echo "$ranks" | wc -w)" -lt 2 ] &&
    kill -0 "$mp" 2>/dev/null; do
	ranks=$(cat /proc/"$mp"/task/*/children 2>/dev/null)
	sleep 0.05
	i=$((i + 1))
done
wait_job "$mp" 120
for r in $ranks; do
	kill -CONT "$r" 2>/dev/null
done
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "$what: exit $rc"
if grep -q '^pint:' "$T/err"; then
	grep -q "^pint: rank 0: MPI is not up after [0-9]* s .* nothing to compute for 10 s: one of the 2 ranks has not joined" "$T/err" ||
	    fail "$what: rank 0 did not say MPI is not up: $(grep '^pint:' "$T/err" | head -c 400)"
fi
# shellcheck disable=SC2086
all_gone $ranks
ok

# SIGTERM to mpirun: every rank stops cleanly, by SIGTERM.
what="SIGTERM to mpirun"
start_job
kill -TERM "$mp"
release
wait_job "$mp" 60
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "$what: exit $rc"
# mpirun forwards SIGTERM to every rank, then ends; it may end before it
# has passed on the ranks' last lines (seen when its stdin is /dev/null,
# as under make check), so their summaries cannot be required. What must
# hold is that no rank reported a failure and nothing is left behind.
# (Rank 0 runs without -q, to show its progress: a warning is no failure.)
if grep -v 'interrupted by SIGTERM' "$T/err" | grep '^pint:' |
    grep -qv '^pint: warning:'; then
	fail "$what: a rank said more than that it was interrupted: $(head -c 400 "$T/err")"
fi
# shellcheck disable=SC2086
all_gone $ranks $workers
ok

# The workers of rank 1 killed: replaced by its fork server, same bits.
what="workers of a rank killed"
# shellcheck disable=SC2086
run_pint -q -j 1 $LONG -f csv
LREF=$(csv_col "$T/out" integral)
start_job -f json
r1=$(echo "$ranks" | awk '{ print $2 }')
killed=0
for c in $(cat /proc/"$r1"/task/*/children 2>/dev/null); do
	if [ "$(cat /proc/"$c"/comm 2>/dev/null)" = pint-worker ]; then
		kill -KILL "$c" && killed=$((killed + 1))
	fi
done
release
wait_job "$mp" 120
if [ "$rc" -ne 0 ]; then
	fail "$what: exit $rc: $(head -c 400 "$T/err")"
else
	python3 - "$T/out" "$LREF" "$killed" <<'EOF' || fail "$what: report: $(head -c 300 "$T/err")"
import json, sys
d = json.load(open(sys.argv[1]))
assert repr(d["result"]["integral"]) == repr(float(sys.argv[2])), \
    (d["result"]["integral"], sys.argv[2])
assert int(sys.argv[3]) >= 1, "no worker of rank 1 seen"
assert d["nodes"][1]["worker_deaths"] >= 1, d["nodes"][1]
EOF
	ok
fi
# shellcheck disable=SC2086
all_gone $ranks $workers

# --checkpoint across ranks: SIGTERM, then resume with 3 ranks.
what="checkpoint across ranks"
start_job --checkpoint "$T/journal" -f csv
kill -TERM "$mp"
release
wait_job "$mp" 60
# shellcheck disable=SC2086
timeout 120 $MPIRUN -np 3 "$PINT" -q -j 1 $LONG --checkpoint "$T/journal" \
    -f json >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "$what: exit $rc: $(head -c 400 "$T/err")"
else
	python3 - "$T/out" "$LREF" <<'EOF' || fail "$what: report"
import json, sys
d = json.load(open(sys.argv[1]))
assert repr(d["result"]["integral"]) == repr(float(sys.argv[2]))
assert d["runs"][0]["checkpoint"]["chunks_resumed"] > 0, d["runs"][0]["checkpoint"]
EOF
	ok
fi
# A journal of another task: every rank ends with 2, rank 0 says why.
# shellcheck disable=SC2086
timeout 120 $MPIRUN -np 2 "$PINT" -q -j 1 $TASK --checkpoint "$T/journal" \
    >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] || fail "another task's journal under MPI: exit $rc"
grep -q "differs" "$T/err" || fail "another task's journal: $(head -c 300 "$T/err")"
ok

# What MPI mode refuses, with status 2 and why.
# shellcheck disable=SC2086
run_pint -q -j 1,2 --mpi $TASK
expect_rc 2 "a sweep under MPI" &&
    expect_err "MPI mode runs one -j value per rank once" "sweep under MPI"
# shellcheck disable=SC2086
run_pint -q --repeat 3 --mpi $TASK
expect_rc 2 "--repeat under MPI" &&
    expect_err "no sweep, --repeat" "--repeat under MPI"
# shellcheck disable=SC2086
run_pint -q --tol 1e-6 --mpi $TASK
expect_rc 2 "--tol under MPI" &&
    expect_err "MPI mode runs one fixed grid: no --tol" "--tol under MPI"

# --mpi without a launcher: a job of one rank.
# shellcheck disable=SC2086
run_pint -q -j 2 --mpi $TASK -f csv
expect_rc 0 "--mpi alone" &&
    [ "$(csv_col "$T/out" integral)" = "$REF" ] &&
    [ "$(csv_col "$T/out" ranks)" = 1 ] || fail "--mpi alone: $(cat "$T/out")"

# The MPI side is a module, loaded only by an MPI run: a plain run works
# without it and never maps the MPI libraries; an MPI run without it
# exits 3 saying so, with nothing left behind.
# shellcheck disable=SC2086
PINT_MPI_MODULE=/nonexistent/pint-mpi.so "$PINT" -q -j 1 $LONG -f csv \
    >"$T/out" 2>"$T/err" &
pid=$!
wait_workers "$pid" || fail "plain run without the MPI module: no worker"
grep -q 'libmpi' "/proc/$pid/maps" 2>/dev/null &&
    fail "a plain run mapped the MPI libraries"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "plain run without the MPI module: exit $rc: $(cat "$T/err")"
what="no MPI module"
# shellcheck disable=SC2086
PINT_MPI_MODULE=/nonexistent/pint-mpi.so timeout 60 $MPIRUN -np 2 "$PINT" \
    -q -j 1 $TASK >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || fail "$what: mpirun exit 0"
grep -q "pint: cannot load pint's MPI module: /nonexistent/pint-mpi.so" \
    "$T/err" || fail "$what: $(head -c 300 "$T/err")"
all_gone
# shellcheck disable=SC2086
export PINT_MPI_MODULE=/nonexistent/pint-mpi.so
run_pint -q --mpi $TASK
unset PINT_MPI_MODULE
expect_rc 3 "--mpi without the MPI module" &&
    expect_err "cannot load pint's MPI module" "--mpi without the module"
ok

finish
