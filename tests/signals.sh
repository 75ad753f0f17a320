#!/bin/sh
# Signals: SIGINT and SIGTERM stop the run cleanly and at once (well
# within 10 s, the run itself takes minutes) with 128+N; the parent's SIGKILL takes every worker with it; a closed stdout
# ends quietly.
. "$(dirname "$0")/lib.sh"

LONG="-j 2 -e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 30000 --engine muparser"

# Start a long run, wait until its workers exist and it has done a chunk;
# sets pid and workers.
start_long() {
	rm -f "$T/err"
	# shellcheck disable=SC2086
	$DFL_INT "$PINT" $LONG --progress "$@" >"$T/out" 2>"$T/err" &
	pid=$!
	i=0
	workers=
	while [ "$i" -lt 2000 ] && kill -0 "$pid" 2>/dev/null; do
		workers=$(workers_of "$pid")
		[ "$(echo "$workers" | wc -w)" -ge 2 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	wait_chunks "$pid" "$T/err" 1 || fail "no chunk done: $(cat "$T/err")"
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
	[ "$ms" -lt 10000 ] || fail "SIG$sig: took $ms ms to exit"
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
# --max-restarts 0. Here the worker gets it just before the parent, as
# the kernel sends a group signal: one process after the other.
start_long --max-restarts 0
# shellcheck disable=SC2086
set -- $workers
kill -TERM "$1" "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "group SIGTERM: exit $rc, want 143: $(cat "$T/err")"
no_leftovers "$pid"
ok

# Signals ignored when pint starts (nohup, trap '' INT) stay ignored, in
# the workers too; the others still stop the run. The run is held after
# 250 of its 500 chunks until both signals have reached it and its
# workers.
hold 250
rm -f "$T/err"
# shellcheck disable=SC2086
$HELD sh -c 'trap "" HUP INT; exec "$0" "$@"' "$PINT_HOOKS" -j 2 \
    -e 'sin(x)*cos(y)+x*y' -d x=0:1 -d y=0:1 -n 3000 --engine muparser \
    --progress -f json >"$T/ign.json" 2>"$T/err" &
pid=$!
wait_chunks "$pid" "$T/err" 1 || fail "ignored signals: no chunk done"
set -- $(workers_of "$pid")
[ $# -eq 2 ] || fail "ignored signals: $# workers, want 2"
kill -HUP "$pid" "$@"
kill -INT "$pid" "$@"
release
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || fail "ignored SIGHUP and SIGINT: exit $rc: $(cat "$T/err")"
python3 - "$T/ign.json" <<'PY' || fail "ignored signals: workers died"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["runs"][0]["faults"]["worker_deaths"] == 0, r["runs"][0]["faults"]
PY
ok
rm -f "$T/err"
sh -c 'trap "" HUP; exec "$0" "$@"' "$PINT" $LONG --progress >/dev/null \
    2>"$T/err" &
pid=$!
wait_chunks "$pid" "$T/err" 1 || fail "SIGHUP ignored: no chunk done"
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

# A signal while pint is blocked writing the report (standard output) or
# an export to a FIFO whose reader took one byte and reads no more (the
# pipe is full): pint ends by the signal at once, saying the output was
# cut short (not "Broken pipe" when the reader goes later). The events:
# the reader got a byte, then pint sleeps (state S) in the write.
# fifo_term WHO: the FIFO is pint's stdout (WHO "the report") or its
# --export-json.
fifo_term() {
	who=$1
	rm -f "$T/first" "$T/fifo"
	mkfifo "$T/fifo"
	(exec 3<"$T/fifo"; dd bs=1 count=1 <&3 >"$T/first" 2>/dev/null;
	    exec sleep 600) &
	reader=$!
	set -- -q -j 1,2 --repeat 20 -e 'x*y' -d x=0:1 -d y=0:1 -n 101 -f json
	if [ "$who" = "the report" ]; then
		"$PINT" "$@" >"$T/fifo" 2>"$T/err" &
	else
		"$PINT" "$@" --export-json "$T/fifo" >"$T/out" 2>"$T/err" &
	fi
	pid=$!
	i=0
	while [ "$i" -lt 1200 ] && kill -0 "$pid" 2>/dev/null &&
	    ! { [ -s "$T/first" ] &&
	    [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" = S ]; }; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -TERM "$pid"
	# Bounded: a pint that holds the signal waits for its reader.
	i=0
	while [ "$i" -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && fail "$who: SIGTERM held by a full FIFO"
	kill "$reader"
	wait "$pid"
	RC=$?
	wait "$reader" 2>/dev/null
	expect_rc 143 "SIGTERM while $who waits for its reader"
	[ "$(wc -l <"$T/err")" -eq 1 ] ||
	    fail "$who: not one message: $(cat "$T/err")"
}
fifo_term "the report"
expect_err "pint: standard output: the report was not written to the end: pint got SIGTERM" \
    "the report cut short: message"
fifo_term --export-json
expect_err "pint: --export-json $T/fifo: not written to the end: pint got SIGTERM" \
    "--export-json cut short: message"

# Forking thousands of workers (--force) takes minutes on a loaded
# machine: a signal stops the forks at once, and the workers already
# started are killed and reaped. The test build waits 1 s after each of
# the 64 forks (PINT_TEST_SLOW_FORK), so the forks alone would take a
# minute; SIGTERM goes once the first worker exists.
rm -f "$T/err"
PINT_TEST_SLOW_FORK=1000 "$PINT_HOOKS" --force -j 64 -q -e 'x*y' \
    -d x=0:1 -d y=0:1 -n 100 >"$T/out" 2>"$T/err" &
pid=$!
wait_workers "$pid" 1200 || fail "slow forks: no worker started"
workers=$(workers_of "$pid")
t0=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
RC=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_rc 143 "SIGTERM while forking workers"
[ "$ms" -lt 10000 ] || fail "SIGTERM while forking workers: took $ms ms"
for w in $workers; do
	is_worker "$pid" "$w" && fail "SIGTERM while forking: worker $w survived"
done
[ -z "$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)" ] ||
    fail "SIGTERM while forking: children left"
no_leftovers "$pid"

# The setup limit holds while forking too (here 1 s, PINT_TEST_SETUP_LIMIT):
# exit 1 when it is past, not after every fork.
t0=$(date +%s%N)
export PINT_TEST_SETUP_LIMIT=1 PINT_TEST_SLOW_FORK=1000
run_hooked --force -j 64 -q -e 'x*y' -d x=0:1 -d y=0:1 -n 100
unset PINT_TEST_SETUP_LIMIT PINT_TEST_SLOW_FORK
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_rc 1 "setup limit while forking" &&
    expect_err "pint: workers not ready after 1 s" "setup limit while forking"
[ "$ms" -lt 10000 ] || fail "setup limit while forking: took $ms ms"

finish
