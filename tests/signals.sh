#!/bin/sh
# Signals: SIGINT and SIGTERM stop the run cleanly within a second with
# 128+N; the parent's SIGKILL takes every worker with it; a closed stdout
# ends quietly.
. "$(dirname "$0")/lib.sh"

LONG="-j 2 -e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 30000 --engine muparser"

# Start a long run, wait until its workers exist; sets pid and workers.
start_long() {
	# shellcheck disable=SC2086
	$DFL_INT "$PINT" $LONG "$@" >"$T/out" 2>"$T/err" &
	pid=$!
	i=0
	workers=
	while [ "$i" -lt 100 ]; do
		workers=$(workers_of "$pid")
		[ "$(echo "$workers" | wc -w)" -ge 2 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.2
}

for sig in INT TERM; do
	start_long
	t0=$(date +%s%N)
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	t1=$(date +%s%N)
	want=130
	[ "$sig" = TERM ] && want=143
	[ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, want $want"
	ms=$(( (t1 - t0) / 1000000 ))
	[ "$ms" -lt 1000 ] || fail "SIG$sig: took $ms ms to exit"
	grep -q "interrupted by SIG$sig: [0-9]* of [0-9]* chunks done" "$T/err" ||
	    fail "SIG$sig: no summary on stderr: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "SIG$sig: wrote to stdout"
	for w in $workers; do
		is_worker "$pid" "$w" && fail "SIG$sig: worker $w survived"
	done
	no_leftovers "$pid"
	ok
done

# A signal to the whole group (the terminal's, a batch system's) can reach
# a worker before the parent: that is no worker failure, even with
# --max-restarts 0. Here the worker gets it 50 ms before the parent.
start_long --max-restarts 0 -q
# shellcheck disable=SC2086
set -- $workers
kill -TERM "$1"
sleep 0.05
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "group SIGTERM: exit $rc, want 143: $(cat "$T/err")"
no_leftovers "$pid"
ok

# Signals ignored when pint starts (nohup, trap '' INT) stay ignored, in
# the workers too; the others still stop the run.
# shellcheck disable=SC2086
sh -c 'trap "" HUP INT; exec "$0" "$@"' "$PINT" -j 2 -e 'sin(x)*cos(y)+x*y' \
    -d x=0:1 -d y=0:1 -n 3000 --engine muparser -q -f json \
    >"$T/ign.json" 2>"$T/err" &
pid=$!
i=0
while [ "$(children "$pid" | wc -w)" -lt 2 ] && [ "$i" -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
# shellcheck disable=SC2046
kill -HUP "$pid" $(children "$pid")
# shellcheck disable=SC2046
kill -INT "$pid" $(children "$pid")
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || fail "ignored SIGHUP and SIGINT: exit $rc: $(cat "$T/err")"
python3 - "$T/ign.json" <<'PY' || fail "ignored signals: workers died"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["runs"][0]["faults"]["worker_deaths"] == 0, r["runs"][0]["faults"]
PY
ok
sh -c 'trap "" HUP; exec "$0" "$@"' "$PINT" $LONG -q >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "SIGTERM with SIGHUP ignored: exit $rc"
no_leftovers "$pid"
ok

# SIGKILL of the parent: every worker exits within a second.
start_long
[ -n "$workers" ] || fail "no workers seen"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for w in $workers; do
	wait_gone "$w" 10 || fail "worker $w outlived its killed parent by 1 s"
done
no_leftovers "$pid"
ok

# A reader that goes away: SIGPIPE ends pint quietly.
( "$PINT" -j 2 -e x -d x=0:1 -n 100000 -f csv 2>"$T/err"; echo $? >"$T/rc" ) |
    (exec 0<&-; true)
rc=$(cat "$T/rc")
[ "$rc" -eq 141 ] || [ "$rc" -eq 0 ] || fail "SIGPIPE: exit $rc"
# (The one thing said is that so short a run measures nothing.)
grep -v "too short to benchmark" "$T/err" >"$T/err2"
[ ! -s "$T/err2" ] || fail "SIGPIPE: stderr not quiet: $(cat "$T/err")"
ok

finish
