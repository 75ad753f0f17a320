#!/bin/sh
# Outputs the user asked for: checked before any fork (exit 2), written
# whatever becomes of stdout, complete or not at all (exit 1 with a
# message), -o's pair replaced together, a sweep's samples files started
# clean, and a signal during the report not swallowed.
. "$(dirname "$0")/lib.sh"

TASK="-e x*y -d x=0:1 -d y=0:1 -n 200 -q"
LONG="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 6000 --engine muparser -q"

# No stray temporary file in directory $1.
no_temps() {
	if ls -A "$1" | grep -q '^\.'; then
		fail "$2: temporary files left: $(ls -A "$1" | tr '\n' ' ')"
	else
		ok
	fi
}

# -o files are written when stdout cannot be: a full device, a closed pipe.
# shellcheck disable=SC2086
run_pint -j 2 $TASK -o "$T/od1"
mv "$T/out" "$T/ref.txt"
# shellcheck disable=SC2086
"$PINT" -j 2 $TASK -o "$T/od1f" >/dev/full 2>"$T/err"
RC=$?
expect_rc 1 "stdout on /dev/full"
expect_err "standard output" "stdout on /dev/full: message"
[ -s "$T/od1f/result.txt" ] && [ -s "$T/od1f/benchmark.json" ] ||
    fail "stdout on /dev/full: -o files missing"
# shellcheck disable=SC2086
("$PINT" -j 2 $TASK -f json -o "$T/od2"; echo $? >"$T/rc") | true
[ -s "$T/od2/result.txt" ] && [ -s "$T/od2/benchmark.json" ] ||
    fail "stdout a closed pipe: -o files missing (exit $(cat "$T/rc"))"
ok

# Unusable outputs are found before any fork: exit 2, no file made.
: >"$T/afile"
for bad in /no/such/dir "" "$T/afile" /sys/pint-out "$T/afile/sub"; do
	# shellcheck disable=SC2086
	run_pint -j 2 $TASK -o "$bad"
	expect_rc 2 "-o '$bad'"
	expect_err "-o" "-o '$bad': message"
done
for bad in /no/such/dir/s.csv "" "$T" /sys/pint-s.csv; do
	# shellcheck disable=SC2086
	run_pint -j 2 $TASK --samples "$bad"
	expect_rc 2 "--samples '$bad'"
done
[ ! -e /sys/pint-out ] || fail "-o /sys/pint-out was created"

# A samples file that cannot be written is an error, even with -q.
# shellcheck disable=SC2086
run_pint -j 2 $TASK --samples /dev/full
expect_rc 1 "--samples /dev/full"
expect_err "--samples /dev/full" "--samples /dev/full: message"

# A full file system (a file size limit here): -o's pair is replaced
# together or not at all, and no half-written samples file is left.
mkdir "$T/od3"
echo old >"$T/od3/result.txt"
echo '{"old": true}' >"$T/od3/benchmark.json"
# A limit of 16 or 32 KiB (dash or bash): the ring fits, the report of 20
# runs does not.
# shellcheck disable=SC2086
(trap '' XFSZ; ulimit -f 32; exec "$PINT" -j 2 $TASK --repeat 20 \
    -o "$T/od3") \
    >/dev/null 2>"$T/err"
RC=$?
expect_rc 1 "-o on a full file system"
expect_err "benchmark.json" "-o on a full file system: message"
[ "$(cat "$T/od3/result.txt")" = old ] ||
    fail "-o on a full file system: result.txt replaced alone"
[ "$(cat "$T/od3/benchmark.json")" = '{"old": true}' ] ||
    fail "-o on a full file system: benchmark.json changed"
no_temps "$T/od3" "-o on a full file system"
mkdir "$T/s3"
# A row a millisecond for 2 to 3 seconds: 80 KiB or so, five times the
# limit (LONG's second gave 30 to 40 KiB, and once under 16 in distcheck).
# shellcheck disable=SC2086
(trap '' XFSZ; ulimit -f 32; exec "$PINT" -j 2 $LONG -n 9000 --interval 1 \
    --samples "$T/s3/s.csv") >/dev/null 2>"$T/err"
RC=$?
expect_rc 1 "--samples on a full file system"
expect_err "--samples $T/s3/s.csv" "--samples on a full file system: message"
[ ! -e "$T/s3/s.csv" ] || fail "--samples on a full file system: a partial file"
no_temps "$T/s3" "--samples on a full file system"

# A soft file size limit below the shared memory segment (8 units: 4
# KiB in dash, 8 in bash) limits the run's files, not the segment; a hard
# one below it fails the run at the start with exit 3, naming the limit.
# shellcheck disable=SC2086
(ulimit -S -f 8; exec "$PINT" -j 2 $TASK) >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "a soft file size limit under the segment"
grep -q '^integral' "$T/out" || fail "soft file size limit: no report"
# shellcheck disable=SC2086
(ulimit -f 8; exec "$PINT" -j 2 $TASK) >"$T/out" 2>"$T/err"
RC=$?
expect_rc 3 "a hard file size limit under the segment"
expect_err "the file size limit (ulimit -Hf) is" \
    "a hard file size limit under the segment: message"

# A file size limit, with SIGXFSZ as the shell left it (its default
# action kills): a one-line message, exit 1, the old file kept and no
# temporary file left.
mkdir "$T/fs"
echo old >"$T/fs/big.json"
# shellcheck disable=SC2086
(ulimit -f 32; exec "$PINT" -j 1,2 $TASK --repeat 15 \
    --export-json "$T/fs/big.json") >/dev/null 2>"$T/err"
RC=$?
expect_rc 1 "--export-json over a file size limit"
expect_err "--export-json $T/fs/big.json: File too large" \
    "--export-json over a file size limit: message"
[ "$(wc -l <"$T/err")" -eq 1 ] ||
    fail "file size limit: not one line: $(cat "$T/err")"
[ "$(cat "$T/fs/big.json")" = old ] || fail "file size limit: old file lost"
no_temps "$T/fs" "file size limit"

# A sweep starts its samples files clean: a run that fails part way
# leaves no file of an earlier sweep beside the new ones.
mkdir "$T/s4"
echo STALE >"$T/s4/s-j2-1.csv"
echo STALE >"$T/s4/s-j3-1.csv"
# shellcheck disable=SC2086
PINT_TEST_FORK_FAIL=2 run_hooked -j 1,2,3 $TASK --samples "$T/s4/s.csv"
expect_rc 3 "sweep with a failed fork"
[ -s "$T/s4/s-j1-1.csv" ] || fail "sweep: the -j 1 samples file is missing"
if grep -q STALE "$T/s4/"*; then
	fail "sweep: a stale samples file is left: $(grep -l STALE "$T/s4/"*)"
else
	ok
fi

# Stale per-run samples of any earlier sweep (other -j values, more
# rounds) are removed whatever the number of runs, one run included; only
# regular files named by pint's pattern FILE-jJ-R.ext are, never a link,
# another name, or the task file.
mkdir "$T/s5"
for f in s-j1-7.csv s-j1-13.csv s-j9-1.csv s-j2-1.csv; do
	echo STALE >"$T/s5/$f"
done
for f in s-j1-01.csv s-j1-1.csv.bak t-j1-1.csv s-jx-1.csv; do
	echo KEEP >"$T/s5/$f"
done
ln -s s-j1-01.csv "$T/s5/s-j4-4.csv"
# shellcheck disable=SC2086
run_pint -j 1,2 $TASK --samples "$T/s5/s.csv"
expect_rc 0 "a sweep after a longer one"
if grep -q STALE "$T/s5/"*; then
	fail "a stale samples file is left: $(grep -l STALE "$T/s5/"*)"
else
	ok
fi
[ "$(cat "$T/s5/s-j1-01.csv" "$T/s5/s-j1-1.csv.bak" \
    "$T/s5/t-j1-1.csv" "$T/s5/s-jx-1.csv" 2>/dev/null | grep -c KEEP)" -eq 4 ] &&
    [ -L "$T/s5/s-j4-4.csv" ] || fail "stale samples: a file not pint's removed"
echo STALE >"$T/s5/s-j2-3.csv"
# shellcheck disable=SC2086
run_pint -j 1 $TASK --samples "$T/s5/s.csv"
expect_rc 0 "one run after a sweep"
[ ! -e "$T/s5/s-j2-3.csv" ] && [ ! -e "$T/s5/s-j1-1.csv" ] &&
    [ -s "$T/s5/s.csv" ] || fail "one run after a sweep: stale samples left"
# The task file is never taken for a stale samples file, and with
# --min-time (rounds no one can list) an output of that pattern is refused.
printf '%s\n' 'expression: x' 'domain: {x: [0, 1]}' 'points: 10' \
    >"$T/s5/s-j1-1.yaml"
run_pint -q -j 2 -c "$T/s5/s-j1-1.yaml" --samples "$T/s5/s.yaml"
expect_rc 0 "a task file named like a samples file"
[ -s "$T/s5/s-j1-1.yaml" ] || fail "the task file was removed as samples"
# shellcheck disable=SC2086
run_pint -j 1 $TASK --min-time 0.1 --samples "$T/s5/s.csv" \
    --export-json "$T/s5/s-j1-50.csv"
expect_rc 2 "--min-time with an output named as a later round's samples"
expect_err "the samples of a --min-time round" "--min-time round: message"

# A signal while the report is written is not swallowed: stdout is a FIFO
# that is not read until pint is blocked writing to it.
mkfifo "$T/fifo"
exec 3<>"$T/fifo"
# shellcheck disable=SC2086
$DFL_INT "$PINT" -j 1 -e x -d x=0:1 -n 10 -q --repeat 100 -f json >"$T/fifo" \
    2>"$T/err" &
pid=$!
i=0
# (blocked in the write itself, or, since the write is in steps a signal
# can stop, waiting in ppoll for room)
while ! grep -qE 'pipe_write|poll_schedule' /proc/$pid/wchan 2>/dev/null &&
    [ "$i" -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$i" -ge 300 ]; then
	fail "signal during the report: pint never blocked on stdout"
	kill -KILL "$pid"
fi
kill -INT "$pid"
timeout 30 cat <&3 >/dev/null &
reader=$!
wait "$pid"
RC=$?
exec 3<&-
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
expect_rc 130 "SIGINT while the report is written"


# An export to a FIFO whose reader goes away before the end (head reads
# its first block and exits; the report is larger than a pipe holds):
# one message, exit 1, not a death by SIGPIPE.
mkfifo "$T/fifo2"
head -c 100 "$T/fifo2" >/dev/null &
reader=$!
run_pint -q -j 1,2 --repeat 30 -e x -d x=0:1 -n 10 --export-json "$T/fifo2"
wait "$reader"
expect_rc 1 "--export-json to a FIFO whose reader went away" &&
    expect_err "--export-json $T/fifo2: Broken pipe (its reader closed it before the end)" \
    "--export-json to a FIFO whose reader went away"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "FIFO reader gone: not one message: $(cat "$T/err")"

# A signal while pint waits for a FIFO's reader: it ends by that signal,
# saying what it was waiting for, once.
"$PINT" -q -j 1 -e x -d x=0:1 -n 10 --export-csv "$T/fifo2" >/dev/null \
    2>"$T/err" &
pid=$!
wait_wchan "$pid" 'wait_for_partner|fifo_open' ||
    fail "FIFO with no reader: pint never waited for one"
kill -TERM "$pid"
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM while waiting for a FIFO's reader" &&
    expect_err "--export-csv $T/fifo2: pint got SIGTERM while it waited for a reader to open it" \
    "SIGTERM while waiting for a FIFO's reader"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "FIFO wait: not one message: $(cat "$T/err")"
no_leftovers "$pid"


# A signal while the outputs' checks make their probe files, before the
# run: pint ends by it, saying so once, and leaves no probe file.
mkdir "$T/sp"
PINT_TEST_STOP_AT=probe "$PINT_HOOKS" -q -j 1 -e x -d x=0:1 -n 10 \
    --export-json "$T/sp/e.json" >"$T/out" 2>"$T/err" &
pid=$!
wait_stopped "$pid" "a probe"
kill -TERM "$pid"
kill -CONT "$pid"
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM during the probes" &&
    expect_err "pint: interrupted by SIGTERM before the run" \
    "SIGTERM during the probes: message"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "probe signal: not one line: $(cat "$T/err")"
[ -z "$(ls -A "$T/sp")" ] || fail "probe signal: files left: $(ls -A "$T/sp")"
# A signal while a set of outputs is put in place: none of it is, the
# files after it are not written, and one line says so.
mkdir "$T/sc"
echo OLD >"$T/sc/e.json"
PINT_TEST_STOP_AT=commit "$PINT_HOOKS" -q -j 1 -e x -d x=0:1 -n 10 \
    -o "$T/sc/od" --export-json "$T/sc/e.json" >"$T/out" 2>"$T/err" &
pid=$!
wait_stopped "$pid" "a commit"
kill -TERM "$pid"
kill -CONT "$pid"
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM as outputs are put in place" &&
    expect_err "-o $T/sc/od/result.txt: not written to the end: pint got SIGTERM; no file of the set was replaced" \
    "SIGTERM as outputs are put in place: message"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "commit signal: not one line: $(cat "$T/err")"
# (-o's directory, which pint made, goes too.)
[ ! -e "$T/sc/od" ] || fail "commit signal: -o's directory left: $(ls -A "$T/sc/od")"
[ "$(cat "$T/sc/e.json")" = OLD ] || fail "commit signal: export replaced"
no_temps "$T/sc" "commit signal"

# Standard error on an input's file: pint's refusal must not be written
# into it (nor any earlier message): the task, a report given to
# compare, and a journal are left as they were.
"$PINT" --example gauss-2d >"$T/t2.yaml"
cp "$T/t2.yaml" "$T/t2.orig"
for a in "-n 100" "-j 9 -n 100"; do
	# shellcheck disable=SC2086
	setsid "$PINT" -q -c "$T/t2.yaml" $a >/dev/null 2>>"$T/t2.yaml"
	rc=$?
	[ "$rc" -eq 2 ] || fail "stderr on the task, $a: exit $rc, not 2"
	cmp -s "$T/t2.yaml" "$T/t2.orig" ||
	    fail "stderr on the task, $a: the task changed"
done
"$PINT" -q -j 1 -c "$T/t2.yaml" -n 100 -f json >"$T/r2.json"
cp "$T/r2.json" "$T/r2.orig"
setsid "$PINT" compare "$T/r2.json" >/dev/null 2>>"$T/r2.json"
rc=$?
[ "$rc" -eq 2 ] || fail "stderr on a compared report: exit $rc, not 2"
cmp -s "$T/r2.json" "$T/r2.orig" || fail "stderr on a compared report: it changed"
"$PINT" -q -j 1 -c "$T/t2.yaml" -n 100 --checkpoint "$T/j2.j" >/dev/null
cp "$T/j2.j" "$T/j2.orig"
setsid "$PINT" -q -j 1 -c "$T/t2.yaml" -n 100 --checkpoint "$T/j2.j" \
    >/dev/null 2>>"$T/j2.j"
rc=$?
[ "$rc" -eq 2 ] || fail "stderr on the journal: exit $rc, not 2"
cmp -s "$T/j2.j" "$T/j2.orig" || fail "stderr on the journal: it changed"

# --progress with standard error's reader gone (2> >(head -c 5), a FIFO
# whose reader closed): the bar stops, the run goes on and writes every
# output, exit 0, not a death by SIGPIPE. Standard error is a pipe whose
# read end is closed before pint starts, and SIGPIPE has its default
# action, so the first line of the bar already fails.
rm -rf "$T/gone"
python3 -c 'import os, signal, sys
r, w = os.pipe()
os.close(r)
os.dup2(w, 2)
os.close(w)
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$PINT" -j 1,2 --progress --repeat 2 \
    -e 'x*y' -d x=0:1 -d y=0:1 -n 200 -o "$T/gone" \
    --export-json "$T/gone.json" >"$T/out"
RC=$?
if expect_rc 0 "--progress with standard error's reader gone"; then
	[ -s "$T/gone/benchmark.json" ] && [ -s "$T/gone.json" ] &&
	    grep -q 'speedup' "$T/out" ||
	    fail "--progress with standard error's reader gone: outputs missing"
fi

finish
