#!/bin/sh
# One pool per tolerance run: the workers of a --tol run are forked once
# and compute every grid of its sequence. The same workers from the first
# grid to the last; a worker killed in a later grid is replaced and the
# integral keeps its bits, as with injected faults; a signal in a later
# grid ends the run by it and leaves nothing behind.
. "$(dirname "$0")/lib.sh"

# Six grids; the first (9 x 9 points) is one chunk, the second two.
TASK="-e sin(x*y)*exp(-x*y)+sqrt(1+x*y) -d x=0:1 -d y=0:1 -r midpoint -n 3
    --tol 1e-7 --engine muparser"

# shellcheck disable=SC2086
run_pint -j 2 -q -f json $TASK
expect_rc 0 "reference run"
cp "$T/out" "$T/ref.json"

# report_check FILE PYTHON [ARG]: run PYTHON with r the report's run, res
# its result, ref the reference run's result and ARG in sys.argv[3].
report_check() {
	_f=$1 _py=$2
	shift 2
	python3 -c "import json, sys
r = json.load(open(sys.argv[1]))['runs'][0]
res = r['result']
ref = json.load(open(sys.argv[2]))['runs'][0]['result']
$_py" "$_f" "$T/ref.json" "$@"
}

report_check "$T/ref.json" "
assert res['grids'] >= 3, res
ws = r['workers']
# Two workers did every grid's points: none forked per grid.
assert len(ws) == 2 and all(w['exit'] == 'ok' for w in ws), ws
assert sum(w['points'] for w in ws) == res['points_evaluated'], (ws, res)" ||
    fail "reference run: not one pool for the sequence"

# held_run ARGS...: start the task held in its second grid (after 2 new
# chunks: the first grid's one and one of the second's), wait until the
# first grid is done, and set PID and WORKERS (the live workers then).
held_run() {
	hold 2
	rm -f "$T/err"
	# shellcheck disable=SC2086
	$HELD $DFL_INT "$PINT_HOOKS" -j 2 $TASK --progress -f json "$@" \
	    >"$T/held.json" 2>"$T/err" &
	PID=$!
	_i=0
	until cat "$T/err" 2>/dev/null | tr '\r' '\n' | grep -q ' 1/1 chunks'
	do
		kill -0 "$PID" 2>/dev/null || { fail "held run ended"; break; }
		[ "$_i" -lt 15000 ] || { fail "held run: no grid done"; break; }
		sleep 0.02
		_i=$((_i + 1))
	done
	wait_workers "$PID" || fail "held run: no worker in its second grid"
	WORKERS=$(workers_of "$PID" | sort -n | tr '\n' ' ')
}

# The workers seen in the second grid are those that ran every grid.
held_run
release
wait "$PID"
RC=$?
expect_rc 0 "held run"
no_leftovers "$PID" "$T/held.json"
keep_json "$T/held.json"
report_check "$T/held.json" "
seen = sorted(int(p) for p in sys.argv[3].split())
ws = r['workers']
assert sorted(w['pid'] for w in ws) == seen, (ws, seen)
assert repr(res['integral']) == repr(ref['integral']), (res, ref)
assert res['points_evaluated'] == ref['points_evaluated'], (res, ref)" \
    "$WORKERS" || fail "the second grid's workers are not the run's"

# A worker killed in the second grid: replaced, the chunk it held done
# again, the same bits; the report counts the death and lists both.
held_run
killed=$(signal_worker KILL "$PID") || fail "no worker to kill"
release
wait "$PID"
RC=$?
expect_rc 0 "worker killed in the second grid"
no_leftovers "$PID" "$T/held.json"
keep_json "$T/held.json"
report_check "$T/held.json" "
ws = r['workers']
assert repr(res['integral']) == repr(ref['integral']), (res, ref)
assert r['faults']['worker_deaths'] == 1, r['faults']
assert len(ws) == 3, ws
assert [w['exit'] for w in ws if w['pid'] == int(sys.argv[3])] == \
    ['killed by SIGKILL (possibly the OOM killer)'], (ws, sys.argv[3])" "$killed" ||
    fail "worker killed in the second grid: report"

# Injected faults over the whole sequence: the same bits; every worker
# that died is in the report beside its replacement.
# shellcheck disable=SC2086
run_pint -j 2 -q -f json $TASK --inject-faults 0.2,3
expect_rc 0 "--tol with --inject-faults"
report_check "$T/out" "
f = r['faults']
assert repr(res['integral']) == repr(ref['integral']), (res, ref)
assert f['injected_deaths'] > 0 and f['injected_failures'] > 0, f
assert f['worker_deaths'] == f['injected_deaths'], f
assert len(r['workers']) == 2 + f['injected_deaths'], r['workers']" ||
    fail "--tol with --inject-faults: report"

# SIGTERM and SIGINT in the second grid: exit 128 + N, no shared memory,
# no worker left.
for sig in TERM INT; do
	held_run
	kill -$sig "$PID"
	wait "$PID"
	RC=$?
	[ $sig = INT ] && want=130 || want=143
	expect_rc "$want" "SIG$sig in the second grid"
	no_leftovers "$PID"
	for w in $WORKERS; do
		wait_gone "$w" 100 || fail "SIG$sig: worker $w outlived pint"
	done
	[ ! -s "$T/held.json" ] || fail "SIG$sig: a report was written"
done

finish
