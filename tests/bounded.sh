#!/bin/sh
# bounded.sh COMMAND [ARG]...: run one test of the suite with a time limit,
# so that a hang fails fast instead of stalling make check (and CI).
#
# The test runs in a session of its own. When it outlives its limit, the
# processes still in that session are listed (the stuck command among
# them), the session gets SIGTERM, then SIGKILL two seconds later, and the
# test ends with 99: a hard error for automake's test driver.
#
# The limit is a few times the test's time under the sanitizers on a
# 2-CPU machine; PINT_TEST_TIMEOUT (seconds) overrides it for every test.
# The suite runs each test through this script (LOG_COMPILER).

if [ $# -eq 0 ]; then
	echo "usage: bounded.sh COMMAND [ARG]..." >&2
	exit 99
fi
for name; do :; done
name=${name##*/}

case $name in
check_pint)	limit=900 ;;
faults.sh)	limit=600 ;;
*)		limit=300 ;;
esac
limit=${PINT_TEST_TIMEOUT:-$limit}
case $limit in
'' | *[!0-9]*)
	echo "bounded.sh: PINT_TEST_TIMEOUT must be whole seconds, not '$limit'" >&2
	exit 99 ;;
esac

# Not a process group leader here (no job control), so setsid(1) makes
# the test's own process the leader of the new session: $! is its id.
setsid "$@" &
pid=$!
trap 'kill -TERM "-$pid" 2>/dev/null' INT TERM HUP

# Poll twice a second; read(1) of /proc is a builtin and forks nothing.
ticks=0
while :; do
	st=
	{ read -r st <"/proc/$pid/stat"; } 2>/dev/null
	case $st in
	'' | *") Z "*) break ;;
	esac
	ticks=$((ticks + 1))
	if [ "$ticks" -gt $((limit * 2)) ]; then
		msg="TIMEOUT: $name ran past its limit of $limit s"
		echo "$msg; what it was running:"
		ps -o pid=,ppid=,stat=,etime=,args= -s "$pid" 2>/dev/null |
		    sed 's/^/    /'
		echo "$msg" >&2
		kill -TERM "-$pid" 2>/dev/null
		sleep 2
		kill -KILL "-$pid" 2>/dev/null
		wait "$pid"
		exit 99
	fi
	sleep 0.5
done
wait "$pid"
