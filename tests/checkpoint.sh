#!/bin/sh
# --checkpoint: runs interrupted by SIGTERM or SIGKILL at random moments
# resume to the bits of an uninterrupted run; a journal of another task,
# a damaged one or an unusable one is refused with exit 2; a torn last
# record is dropped; a complete journal finishes without forking.
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 16000"
BIG="-e sin(x)*cos(y)+exp(-x*y) -d x=0:3 -d y=0:3 -n 60000"

# Random tenths of a second from $1 to $2.
rand_delay() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	t=$(($1 + r % ($2 - $1 + 1)))
	echo "$((t / 10)).$((t % 10))"
}

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

# Interrupt with $1 after a random delay, resume until done (at most 8
# interruptions), and compare the bits.
interrupt_resume() {
	sig=$1
	j="$T/journal-$sig"
	rm -f "$j"
	n=0
	while :; do
		# shellcheck disable=SC2086
		"$PINT" -q -j 2 $TASK --checkpoint "$j" -f json \
		    >"$T/out" 2>"$T/err" &
		pid=$!
		if [ "$n" -lt 8 ]; then
			sleep "$(rand_delay 3 15)"
			kill -"$sig" "$pid" 2>/dev/null
		fi
		timeout 60 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.05; done"
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
		if [ -n "$done" ]; then
			resumed_want=$done
		else
			resumed_want=
		fi
		# Remember for the check below (the last interruption counts).
		last_want=$resumed_want
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
	if [ "$n" -gt 0 ] && [ "${resumed:-0}" -gt "$NCHUNKS" ]; then
		fail "SIG$sig: resumed $resumed of $NCHUNKS chunks"
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
expect_rc 2 "another domain" && expect_err "axis differs" "another domain"
# shellcheck disable=SC2086
run_pint -q -j 2 $TASK --engine muparser --checkpoint "$j"
expect_rc 2 "another engine" && expect_err "engine differs" "another engine"
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

# Two runs on one journal at once: the second is refused.
# shellcheck disable=SC2086
"$PINT" -q -j 1 $BIG --checkpoint "$T/busy" >/dev/null 2>&1 &
busy=$!
i=0
while [ ! -s "$T/busy" ] && [ "$i" -lt 50 ]; do sleep 0.05; i=$((i + 1)); done
# shellcheck disable=SC2086
run_pint -q -j 1 $BIG --checkpoint "$T/busy"
expect_rc 2 "journal in use" && expect_err "in use by another pint" "journal in use"
kill -TERM "$busy" 2>/dev/null
wait "$busy"
no_leftovers "$busy"
ls "$T" | grep -q '\.tmp$' && fail "a temporary journal was left behind"

finish
