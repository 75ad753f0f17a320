#!/bin/sh
# --checkpoint: runs interrupted by SIGTERM or SIGKILL at random moments
# resume to the bits of an uninterrupted run; a journal of another task,
# a damaged one or an unusable one is refused with exit 2; a torn last
# record is dropped; a complete journal finishes without forking.
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 16000"

json_field() {
	sed -n "s/^ *\"$1\": \\([^,]*\\),*\$/\\1/p" "$2" | head -n 1
}

# The reference: one uninterrupted run without a journal.
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK -f json
expect_rc 0 "reference run" || finish
cp "$T/out" "$T/ref.json"
REF=$(json_field integral "$T/ref.json")
NCHUNKS=$(json_field chunks "$T/ref.json")
[ -n "$REF" ] && [ -n "$NCHUNKS" ] || { fail "no integral in the report"; finish; }

# Whole records in journal $1 (0 if there is none yet).
journal_records() {
	LC_ALL=C awk 'NR == 1 && $0 != "pint checkpoint 2" { exit }
	    { n += length($0) + 1 }
	    /^records [0-9]+$/ { print int((size - n) / $2); found = 1; exit }
	    END { if (!found) print 0 }' size="$(stat -c %s "$1" 2>/dev/null ||
	    echo 0)" "$1" 2>/dev/null || echo 0
}

# Interrupt with $1, resume until done (8 interruptions, then a run to
# the end), and compare the bits. Each interrupted run is held after a
# random number of new chunks (8 to 100) until it is signalled, and is
# signalled after a random number of them (2 to that) are done, or for
# SIGKILL once some have reached the journal: every interruption lands
# in a running pool and leaves work to resume, however fast or loaded the
# machine.
interrupt_resume() {
	sig=$1
	j="$T/journal-$sig"
	rm -f "$j"
	n=0
	while :; do
		had=$(journal_records "$j")
		HELD=
		if [ "$n" -lt 8 ]; then
			k=$(rand_int 8 100)
			hold "$k"
		fi
		rm -f "$T/err"
		# shellcheck disable=SC2086
		$HELD "$PINT_HOOKS" -j 2 $TASK --progress --checkpoint "$j" \
		    -f json >"$T/out" 2>"$T/err" &
		pid=$!
		if [ "$n" -lt 8 ]; then
			wait_chunks "$pid" "$T/err" $((had + $(rand_int 2 "$k"))) ||
			    fail "SIG$sig: the run ended before the signal"
			t=0
			while [ "$sig" = KILL ] && [ "$t" -lt 3000 ] &&
			    [ "$(journal_records "$j")" -le "$had" ]; do
				sleep 0.05
				t=$((t + 1))
			done
			kill -"$sig" "$pid" 2>/dev/null
			release
		fi
		wait "$pid"
		rc=$?
		no_leftovers "$pid"
		[ "$rc" -eq 0 ] && break
		n=$((n + 1))
		case "$sig/$rc" in
		TERM/143)
			done=$(sed -n 's/.*SIGTERM: \([0-9]*\) of.*/\1/p' "$T/err")
			;;
		KILL/137)
			done=
			;;
		*)
			fail "SIG$sig: exit $rc; stderr: $(head -c 300 "$T/err")"
			return
			;;
		esac
		if [ "$n" -gt 9 ]; then
			fail "SIG$sig: not done after $n runs"
			return
		fi
		# The next run resumes exactly what SIGTERM said was done.
		last_want=$done
	done
	got=$(json_field integral "$T/out")
	resumed=$(json_field chunks_resumed "$T/out")
	if [ "$got" != "$REF" ]; then
		fail "SIG$sig: integral $got after $n interruptions, want $REF"
		return
	fi
	if [ "$n" -gt 0 ] && [ -n "${last_want:-}" ] &&
	    [ "$resumed" != "$last_want" ]; then
		fail "SIG$sig: resumed $resumed chunks, SIGTERM said $last_want"
		return
	fi
	if [ "$n" -ne 8 ] || [ "${resumed:-0}" -gt "$NCHUNKS" ] ||
	    [ "${resumed:-0}" -lt 8 ]; then
		fail "SIG$sig: resumed $resumed of $NCHUNKS chunks after $n interruptions"
		return
	fi
	echo "SIG$sig: $n interruptions, $resumed chunks resumed at the end"
	ok
}

for round in 1 2; do
	last_want=
	interrupt_resume TERM
	last_want=
	interrupt_resume KILL
done

# A complete journal finishes at once: every chunk resumed, no worker.
j="$T/journal-TERM"
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK --checkpoint "$j" -f json
expect_rc 0 "complete journal"
[ "$(json_field chunks_resumed "$T/out")" = "$NCHUNKS" ] ||
    fail "complete journal: resumed $(json_field chunks_resumed "$T/out") of $NCHUNKS"
[ "$(json_field integral "$T/out")" = "$REF" ] ||
    fail "complete journal: integral $(json_field integral "$T/out")"
grep -q '"pid"' "$T/out" && fail "complete journal: workers were forked"
ok

# A torn last record (killed in the middle of a write) is dropped and
# its chunk computed again.
cp "$j" "$T/torn"
size=$(stat -c %s "$T/torn")
truncate -s $((size - 30)) "$T/torn"
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK --checkpoint "$T/torn" -f json
expect_rc 0 "torn record"
[ "$(json_field chunks_resumed "$T/out")" = "$((NCHUNKS - 1))" ] ||
    fail "torn record: resumed $(json_field chunks_resumed "$T/out"), want $((NCHUNKS - 1))"
[ "$(json_field integral "$T/out")" = "$REF" ] ||
    fail "torn record: integral $(json_field integral "$T/out")"
[ $(( ($(stat -c %s "$T/torn") - size) )) -eq 0 ] ||
    fail "torn record: journal is $(stat -c %s "$T/torn") bytes, want $size"
ok

# A damaged record before the last is refused.
cp "$j" "$T/damaged"
printf 'XXXXXXXX' | dd of="$T/damaged" bs=1 seek=$((size - 400)) \
    conv=notrunc 2>/dev/null
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK --checkpoint "$T/damaged"
expect_rc 2 "damaged record" && expect_err "is damaged" "damaged record"

# A journal of another task is refused and says what differs.
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK -r trapezoid --checkpoint "$j"
expect_rc 2 "another rule" &&
    expect_err "rule differs (journal: 'midpoint', this run: 'trapezoid')" "another rule"
run_pint -q -j 2 -e 'sin(x)*cos(y)+exp(-x*y)' -d x=0:3 -d y=0:2 -n 16000 \
    --checkpoint "$j"
expect_rc 2 "another domain" &&
    expect_err "axis y differs (journal: from 0 to 3, this run: from 0 to 2)" \
    "another domain"
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK -n 16001 --checkpoint "$j"
expect_rc 2 "another grid" &&
    expect_err "grid differs (journal: 16000 x 16000 points, this run: 16001 x 16001 points)" \
    "another grid"
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK --engine muparser --checkpoint "$j"
expect_rc 2 "another engine" && expect_err "engine differs" "another engine"
# Another vector unit sums (and evaluates) to other last bits: a journal
# of one is no journal of the other (a job requeued on another CPU).
if grep -qw avx2 /proc/cpuinfo; then
	PINT_SIMD=base run_pint -q -j 2 -e 'exp(x)' -d x=0:1 -n 1000 \
	    --checkpoint "$T/isa.j"
	expect_rc 0 "a journal of the base vector unit"
	PINT_SIMD=avx2 run_pint -q -j 2 -e 'exp(x)' -d x=0:1 -n 1000 \
	    --checkpoint "$T/isa.j"
	expect_rc 2 "another vector unit" &&
	    expect_err "engine differs (journal: 'vector (base)', this run: 'vector (avx2)')" \
	    "another vector unit"
fi
# Refused before anything was written: the journal is unchanged.
[ "$(stat -c %s "$j")" = "$size" ] || fail "a refused run changed the journal"

# Not a journal; a directory; a sweep.
echo "name: x" >"$T/notjournal"
# shellcheck disable=SC2086
run_pint -q $TASK --checkpoint "$T/notjournal"
expect_rc 2 "not a journal" && expect_err "not a pint checkpoint" "not a journal"
# shellcheck disable=SC2086
run_pint -q $TASK --checkpoint "$T"
expect_rc 2 "a directory" && expect_err "not a regular file" "a directory"
# shellcheck disable=SC2086
run_pint -q -j 1,2 $TASK --checkpoint "$T/sweep"
expect_rc 2 "a sweep" && expect_err "one -j value" "a sweep"
[ ! -e "$T/sweep" ] || fail "a refused sweep created its journal"

# An empty file (made by a job script) starts a new journal.
: >"$T/empty"
run_pint -q -j 2 -e 'x*y' -d x=0:1 -d y=0:1 -n 100 --checkpoint "$T/empty"
expect_rc 0 "empty journal file"
head -n 1 "$T/empty" | grep -q '^pint checkpoint 2$' ||
    fail "empty journal file: no header written"
ok

# Whole keys are compared: a constant added is named as such.
printf 'expression: a*x*y\nconstants: {a: 2}\ndomain: {x: [0, 1], y: [0, 1]}\npoints: 300\n' \
    >"$T/c1.yaml"
printf 'expression: a*x*y\nconstants: {a: 2, b: 3}\ndomain: {x: [0, 1], y: [0, 1]}\npoints: 300\n' \
    >"$T/c2.yaml"
run_pint -q -j 1 -c "$T/c1.yaml" --checkpoint "$T/consts"
expect_rc 0 "constants journal"
run_pint -q -j 1 -c "$T/c2.yaml" --checkpoint "$T/consts"
expect_rc 2 "a constant added" &&
    expect_err "constants differ (journal: a=2, this run: a=2, b=3)" \
    "a constant added"

# A journal in a directory that does not exist: status 2, naming the
# path given.
run_pint -q -j 1 -c "$T/c1.yaml" --checkpoint "$T/nodir/x.j"
expect_rc 2 "missing directory" &&
    expect_err "--checkpoint $T/nodir/x.j: No such file or directory" \
    "missing directory"
grep -q '\.tmp' "$T/err" && fail "missing directory: names a file not given: $(cat "$T/err")"

# --min-time repeats runs: refused as --repeat is, before any file.
run_pint -q -j 1 -c "$T/c1.yaml" --checkpoint "$T/mintime" --min-time 0.5
expect_rc 2 "--min-time" && expect_err "--min-time" "--min-time"
[ ! -e "$T/mintime" ] || fail "--min-time: the journal was created"

# A journal path that is a symbolic link (a job script's link to scratch
# space) is followed: the target is the journal, the link stays.
mkdir "$T/scratch"
ln -s scratch/job.j "$T/link.j"
for what in "link, new journal" "link, resumed"; do
	run_pint -q -j 1 -c "$T/c1.yaml" --checkpoint "$T/link.j" -f json
	expect_rc 0 "$what"
	[ -L "$T/link.j" ] || fail "$what: the link was replaced"
	head -n 1 "$T/scratch/job.j" 2>/dev/null | grep -q '^pint checkpoint 2$' ||
	    fail "$what: the link's target is not the journal"
done
[ "$(json_field chunks_resumed "$T/out")" = "$(json_field chunks "$T/out")" ] ||
    fail "link: resumed $(json_field chunks_resumed "$T/out") chunks"

# A header cut short (a crash while it was written) is written again.
head -c 30 "$T/consts" >"$T/cut"
run_pint -q -j 1 -c "$T/c1.yaml" --checkpoint "$T/cut" -f json
expect_rc 0 "header cut short"
cmp -s "$T/cut" "$T/consts" || fail "header cut short: not the journal of the run"

# Two runs that create one journal at once: one runs, the other is
# refused, whichever opened the file first. Run B stops itself (a test
# hook) between opening the journal and locking it; run A starts then,
# and is held after 5 chunks while B goes on, and while a third run
# tries to resume the journal A is writing.
rm -f "$T/race"
# shellcheck disable=SC2086
PINT_TEST_CKPT_STOP=1 "$PINT_HOOKS" -q -j 1 $TASK --checkpoint "$T/race" \
    >"$T/b.out" 2>"$T/b.err" &
b=$!
wait_stopped "$b" "journal race: run B"
hold 5
rm -f "$T/a.err"
# shellcheck disable=SC2086
$HELD "$PINT_HOOKS" -j 1 $TASK --progress --checkpoint "$T/race" -f json \
    >"$T/a.json" 2>"$T/a.err" &
a=$!
wait_chunks "$a" "$T/a.err" 1 || fail "journal race: run A did no chunk"
kill -CONT "$b"
wait "$b"
rc=$?
[ "$rc" -eq 2 ] && grep -q "in use by another pint" "$T/b.err" ||
    fail "journal race: run B: exit $rc: $(cat "$T/b.err")"
no_leftovers "$b"
# shellcheck disable=SC2086
run_pint -q -j 1 $TASK --checkpoint "$T/race"
expect_rc 2 "journal in use" && expect_err "in use by another pint" "journal in use"
# A signal while a run waits for the lock (A holds it) ends that run by
# the signal at once, not after the wait with exit 2: run C stops itself
# before it locks, gets SIGTERM while stopped, and waits once continued.
# shellcheck disable=SC2086
PINT_TEST_CKPT_STOP=1 "$PINT_HOOKS" -q -j 1 $TASK --checkpoint "$T/race" \
    >"$T/c.out" 2>"$T/err" &
c=$!
wait_stopped "$c" "lock wait: run C"
kill -TERM "$c"
kill -CONT "$c"
wait "$c"
RC=$?
expect_rc 143 "SIGTERM while waiting for the journal's lock" &&
    expect_err "in use by another pint; pint got SIGTERM while it waited for the lock" \
    "SIGTERM while waiting for the lock: message"
no_leftovers "$c"
release
wait "$a"
rc=$?
[ "$rc" -eq 0 ] || fail "journal race: run A: exit $rc: $(cat "$T/a.err")"
[ "$(json_field integral "$T/a.json")" = "$REF" ] ||
    fail "journal race: integral $(json_field integral "$T/a.json"), want $REF"
no_leftovers "$a"
# shellcheck disable=SC2086
run_pint -q -j 1 $TASK --checkpoint "$T/race" -f json
expect_rc 0 "journal race: resume"
[ "$(json_field chunks_resumed "$T/out")" = "$NCHUNKS" ] ||
    fail "journal race: resumed $(json_field chunks_resumed "$T/out") of $NCHUNKS"
ls "$T" | grep -q '\.tmp$' && fail "a temporary journal was left behind"

finish
