# Shared by the shell tests: build values, a scratch directory, and
# helpers that run pint and check that nothing was left behind.
# shellcheck shell=sh

. "$(dirname "$0")/../tests/env.sh" 2>/dev/null || . ./tests/env.sh
set -u

# python3 is often pyenv's shim, a dozen shells a call, which a loaded
# machine makes slow: call the interpreter it resolves to.
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -n "$PY" ] && [ -x "$PY" ]; then
	python3() {
		"$PY" "$@"
	}
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/pint-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
NTESTS=0
NFAIL=0

fail() {
	echo "FAIL: $*" >&2
	NFAIL=$((NFAIL + 1))
}

ok() {
	NTESTS=$((NTESTS + 1))
}

# Assert that no shared-memory segment of process $1 exists, and that
# none of the worker pids listed in a JSON report file ($2, optional)
# is still alive.
no_leftovers() {
	if ls /dev/shm 2>/dev/null | grep -q "^pint\.$1\."; then
		fail "shared memory of pid $1 left in /dev/shm"
	fi
	if [ $# -ge 2 ] && [ -s "$2" ]; then
		for w in $(sed -n 's/^ *"pid": \([0-9]*\),*$/\1/p' "$2"); do
			if kill -0 "$w" 2>/dev/null &&
			    [ "$(cat /proc/$w/comm 2>/dev/null)" = pint-worker ]; then
				fail "worker $w outlived its parent"
			fi
		done
	fi
}

# Workers are told from other children of pint by their name: pint names
# them "pint-worker", while a sanitizer's tracer task (LeakSanitizer
# clones one at exit) is also a child of pint, named "pint". A test that
# signals a child must pick it with these, never by "any child".

# is_worker PARENT PID: PID is, right now, a live (not zombie) worker of
# PARENT.
is_worker() {
	_st=
	{ read -r _st <"/proc/$2/stat"; } 2>/dev/null || return 1
	case $_st in
	*"(pint-worker) "[RSDTt]" $1 "*) return 0 ;;
	esac
	return 1
}

# workers_of PARENT: the pids of PARENT's live workers, one a line.
workers_of() {
	for _c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		is_worker "$1" "$_c" && echo "$_c"
	done
	return 0
}

# wait_workers PARENT [TRIES]: wait (50 ms a try, 100 tries by default)
# until PARENT has a worker; fails if none came.
wait_workers() {
	_i=0
	while [ -z "$(workers_of "$1")" ]; do
		[ "$_i" -lt "${2:-100}" ] || return 1
		sleep 0.05
		_i=$((_i + 1))
	done
}

# signal_worker SIG PARENT [PID]: send SIG to worker PID of PARENT, or to
# its first worker, checking just before that it is still one. Prints the
# pid signalled; fails if there was none.
signal_worker() {
	_w=${3:-$(workers_of "$2" | head -n 1)}
	[ -n "$_w" ] && is_worker "$2" "$_w" && kill -"$1" "$_w" 2>/dev/null &&
	    echo "$_w"
}

# rand_int A B: a random whole number from A to B.
rand_int() {
	_r=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	echo $(($1 + _r % ($2 - $1 + 1)))
}

# Tests act on a run when it has made progress, never after a delay: a
# run with --progress prints "DONE/TOTAL chunks" on stderr as it goes.
# chunks_done FILE: sets DONE to the chunks done in the last progress
# line of FILE (0 before the first).
CR=$(printf '\r')
chunks_done() {
	DONE=0
	while IFS= read -r _l || [ -n "$_l" ]; do
		case $_l in
		*" chunks "*)
			_l=${_l%" chunks "*}
			_l=${_l##*" "}
			DONE=${_l%/*}
			;;
		esac
	done 2>/dev/null <"$1"
	case $DONE in
	'' | *[!0-9]*) DONE=0 ;;
	esac
}

# wait_chunks PID FILE N: wait until the run PID, with its stderr in
# FILE, has done N chunks; fails when it ended first (or after a
# generous 300 s). Remove FILE before starting the run: the run's shell
# truncates it only once it is scheduled, and an earlier run's progress
# would be read as this one's.
wait_chunks() {
	_t=0
	while :; do
		chunks_done "$2"
		[ "$DONE" -ge "$3" ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		[ "$_t" -lt 15000 ] || return 1
		sleep 0.02
		_t=$((_t + 1))
	done
}

# A run that a test acts on must not end before the test has acted: the
# test build (run with $PINT_HOOKS) holds a run after some chunks until
# the test releases it (PINT_TEST_HOLD_AT, hooks.h). hold N: sets HELD,
# a prefix that holds a run after N new chunks; release: lets it go on.
HOLD_FILE=$T/hold
hold() {
	rm -f "$HOLD_FILE"
	HELD="env PINT_TEST_HOLD_AT=$1 PINT_TEST_HOLD_FILE=$HOLD_FILE"
}
release() {
	: >"$HOLD_FILE"
}

# run_pint ARGS...: runs pint in the background (to know its pid), with
# stdout in $T/out and stderr in $T/err; sets RC and PID.
run_pint() {
	"$PINT" "$@" >"$T/out" 2>"$T/err" &
	PID=$!
	wait "$PID"
	RC=$?
	no_leftovers "$PID"
	keep_json "$T/out"
}

# keep_json FILE: keep a copy of a JSON report for the schema check that
# finish runs over every report a test produced.
NJSON=0
keep_json() {
	if [ "$(head -c 1 "$1" 2>/dev/null)" = "{" ]; then
		NJSON=$((NJSON + 1))
		mkdir -p "$T/reports"
		cp "$1" "$T/reports/$NJSON.json"
	fi
}

# Every JSON report kept, and every *.json under $T, against the schema.
check_schema() {
	find "$T" -name '*.json' -type f >"$T/json-files"
	[ -s "$T/json-files" ] || return 0
	if ! python3 -c 'import jsonschema' 2>/dev/null; then
		echo "note: python3-jsonschema missing, reports not validated"
		return 0
	fi
	# shellcheck disable=SC2046
	python3 "$SRCDIR/tests/validate.py" \
	    "$SRCDIR/schema/pint-report.schema.json" $(cat "$T/json-files") ||
	    fail "reports that do not validate against the schema"
}

# A background job of a non-interactive shell starts with SIGINT ignored,
# and pint keeps an inherited ignored signal ignored: prefix a command with
# $DFL_INT to start it with SIGINT's default action.
if env --default-signal=INT true 2>/dev/null; then
	DFL_INT="env --default-signal=INT"
else
	echo "SKIP: env --default-signal is missing (coreutils 8.31 or later)"
	exit 77
fi

# run_hooked ARGS...: run_pint with the test build, which reads the
# PINT_TEST_* and PINT_CGROUP_* hooks (the installed pint ignores them).
run_hooked() {
	_pint=$PINT
	PINT=$PINT_HOOKS
	run_pint "$@"
	PINT=$_pint
}

# expect_rc WANT WHAT: the last run_pint exited with WANT.
expect_rc() {
	if [ "$RC" -ne "$1" ]; then
		fail "$2: exit $RC, want $1; stderr: $(head -c 400 "$T/err")"
		return 1
	fi
	ok
	return 0
}

# expect_err TEXT WHAT: stderr of the last run contains TEXT.
expect_err() {
	if ! grep -qF -- "$1" "$T/err"; then
		fail "$2: stderr lacks '$1': $(head -c 400 "$T/err")"
		return 1
	fi
	ok
	return 0
}

# The integral of a CSV output file (header + one row): column 9.
csv_integral() {
	sed -n 2p "$1" | cut -d, -f9
}

# Wait up to $2 tenths of a second for process $1 to be gone.
wait_gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		if [ "$(cat /proc/$1/stat 2>/dev/null | cut -d' ' -f3)" = Z ]; then
			return 0
		fi
		i=$((i + 1))
		[ "$i" -gt "$2" ] && return 1
		sleep 0.1
	done
	return 0
}

# wait_stopped PID WHAT: until PID is stopped (state T) at its hook.
wait_stopped() {
	i=0
	until case $(cat /proc/"$1"/stat 2>/dev/null) in *") T "*) true ;; *) false ;; esac; do
		if ! kill -0 "$1" 2>/dev/null || [ "$i" -ge 6000 ]; then
			fail "$2 never stopped at its hook"
			break
		fi
		sleep 0.05
		i=$((i + 1))
	done
}

# Wait up to a minute for process $1 to block where its
# /proc/PID/wchan matches the extended regular expression $2: 1 if it
# never did.
wait_wchan() {
	i=0
	while ! grep -qE "$2" /proc/$1/wchan 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -gt 600 ] && return 1
		sleep 0.1
	done
	return 0
}

finish() {
	check_schema
	echo "$NTESTS passed, $NFAIL failed"
	[ "$NFAIL" -eq 0 ]
	exit $?
}

# pint_list rules|engines|formats|examples: what pint accepts there, as
# its own error messages list it, one a line in C order (examples without
# their suffix).
pint_list() {
	if [ "$1" = examples ]; then
		"$PINT" --example nope 2>&1 | sed 's/.*there are //' |
		    tr ' ' '\n' | sed 's/\.[a-z]*$//'
	else
		case $1 in
		rules) "$PINT" -e x -d x=0:1 -n 3 -r nope 2>&1 ;;
		engines) "$PINT" -e x -d x=0:1 -n 3 --engine nope 2>&1 ;;
		formats) "$PINT" -f nope 2>&1 ;;
		esac | sed -n 's/.*(expected \(.*\))$/\1/p
		    s/.*expected \(.*\), got.*/\1/p' | sed 's/, /\n/g; s/ or /\n/'
	fi | LC_ALL=C sort
}
