#!/bin/sh
# pint check: its exit status (0 fit, 1 a check failed, 2 bad usage), its
# JSON (finish validates it against schema/pint-check.schema.json), and
# each verdict made to change: a busy loop fails the load check; a fake
# /sys (the test build's PINT_TEST_ROOT) fails the governor and warns of
# turbo, or passes both; one CPU's kernel at half speed (the test build's
# PINT_TEST_SLOW_WORKER) fails the uneven check.
. "$(dirname "$0")/lib.sh"

# check_json FILE: FILE's verdicts agree with its fit (no failure, and the
# load measured), failed and the exit status RC, and it has the nine
# checks in their order.
check_json() {
	python3 - "$1" "$RC" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
fails = sum(c["verdict"] == "fail" for c in doc["checks"])
load = [c["verdict"] for c in doc["checks"] if c["name"] == "load"][0]
assert doc["failed"] == fails, doc
assert doc["fit"] == (fails == 0 and load != "n/a"), doc
assert int(sys.argv[2]) == (0 if doc["fit"] else 1), sys.argv[2]
assert [c["name"] for c in doc["checks"]] == ["governor", "turbo", "smt",
    "load", "steal", "thermal", "frequency", "uneven", "cpus"]
assert all(c["advice"] for c in doc["checks"] if c["verdict"] == "fail")
PY
}

# verdict NAME: the verdict of check NAME in the JSON of the last run.
verdict() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print([c["verdict"] for c in d["checks"] if c["name"] == sys.argv[2]][0])' \
	    "$T/out" "$1"
}

# This machine, whatever its verdict: a line per check, then the verdict.
run_pint check
[ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] || fail "pint check: exit $RC"
[ "$(grep -c '^[a-z]* *\(ok\|warn\|FAIL\|n/a\) ' "$T/out")" -eq 10 ] ||
    fail "pint check: not 9 checks and a verdict: $(cat "$T/out")"
ok
run_pint check -f json
[ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] || fail "pint check -f json: exit $RC"
check_json "$T/out" || fail "pint check -f json: $(cat "$T/out")"
ok

# Bad usage: exit 2 and a line that says what.
run_pint check -f xml
expect_rc 2 "check -f xml" && expect_err "expected text or json, got 'xml'" \
    "-f xml"
run_pint check extra
expect_rc 2 "check extra" && expect_err "takes no arguments" "extra"
run_pint check --bogus
expect_rc 2 "check --bogus" && expect_err "unknown option '--bogus'" "--bogus"
run_pint check -f
expect_rc 2 "check -f" && expect_err "needs an argument" "-f"
run_pint check -h
expect_rc 0 "check -h"
grep -q "^usage: pint check" "$T/out" || fail "check -h: no usage"
"$PINT" -h | grep -q "pint check" || fail "pint -h does not list check"
ok

# The usable CPUs as a run counts them: SLURM_CPUS_PER_TASK=1 leaves one,
# the kernel runs on it alone; a cgroup quota of half a CPU is warned of.
SLURM_CPUS_PER_TASK=1 run_pint check -f json
check_json "$T/out" || fail "SLURM_CPUS_PER_TASK=1: $(cat "$T/out")"
python3 - "$T/out" <<'PY' || fail "SLURM_CPUS_PER_TASK=1: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["cpus"]) == 1, d["cpus"]
c = [c for c in d["checks"] if c["name"] == "cpus"][0]
assert c["message"].startswith("1 usable CPUs (SLURM_CPUS_PER_TASK"), c
u = [c for c in d["checks"] if c["name"] == "uneven"][0]
assert u["verdict"] == "n/a" and "one CPU" in u["message"], u
PY
ok
mkdir -p "$T/cg/a"
echo "0::/a" >"$T/self"
echo "50000 100000" >"$T/cg/a/cpu.max"
PINT_CGROUP_ROOT="$T/cg" PINT_PROC_SELF_CGROUP="$T/self" run_hooked check
grep -q '^cpus       warn 1 usable CPUs (cgroup: .*a cgroup quota of 0.5 CPUs throttles them' \
    "$T/out" || fail "half a CPU of quota: $(cat "$T/out")"
ok

# A fake tree: the governor powersave on every CPU, turbo on; an empty
# /proc, so that the load check has nothing to go on (n/a), whatever
# else this machine runs.
F=$T/fake
mkdir -p "$F/sys/devices/system/cpu/cpufreq" "$F/proc"
ncpu=$(getconf _NPROCESSORS_CONF)
c=0
while [ "$c" -lt "$ncpu" ]; do
	mkdir -p "$F/sys/devices/system/cpu/cpu$c/cpufreq"
	echo powersave >"$F/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
	c=$((c + 1))
done
echo 1 >"$F/sys/devices/system/cpu/cpufreq/boost"
PINT_TEST_ROOT=$F run_hooked check
expect_rc 1 "fake powersave"
grep -q '^governor   FAIL governor powersave, not performance' "$T/out" ||
    fail "governor not failed: $(cat "$T/out")"
grep -q '^ *cpupower frequency-set -g performance' "$T/out" ||
    fail "governor: no advice: $(cat "$T/out")"
grep -q '^turbo      warn turbo is on' "$T/out" ||
    fail "turbo not warned: $(cat "$T/out")"
grep -q '^load       n/a  ' "$T/out" || fail "load with no /proc: $(cat "$T/out")"
grep -q '^verdict    FAIL not fit to benchmark' "$T/out" ||
    fail "no failed verdict: $(cat "$T/out")"
ok
# The same tree put right: performance, turbo off.
c=0
while [ "$c" -lt "$ncpu" ]; do
	echo performance >"$F/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
	c=$((c + 1))
done
echo 0 >"$F/sys/devices/system/cpu/cpufreq/boost"
PINT_TEST_ROOT=$F run_hooked check -f json
check_json "$T/out" || fail "fake performance: $(cat "$T/out")"
[ "$(verdict governor)" = ok ] && [ "$(verdict turbo)" = ok ] ||
    fail "performance and no turbo not ok: $(cat "$T/out")"
ok
# No check failed, but the load is unknown (no /proc/stat): not fit.
PINT_TEST_ROOT=$F run_hooked check
expect_rc 1 "load unknown"
grep -q '^load       n/a  '"$F"'/proc/stat could not be read: No such file' \
    "$T/out" || fail "load unknown, no reason: $(cat "$T/out")"
# (uneven is measured for real, and may fail here: then FAIL.)
if grep -v '^verdict' "$T/out" | grep -q '^[a-z]* *FAIL '; then
	grep -q '^verdict    FAIL ' "$T/out"
else
	grep -q '^verdict    n/a  cannot tell: the other load could not be measured' \
	    "$T/out"
fi || fail "load unknown yet a verdict: $(cat "$T/out")"
ok
# /proc/stat there but frozen: read, its counters did not move.
printf 'cpu  1 0 0 1 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0\n' \
    >"$F/proc/stat"
PINT_TEST_ROOT=$F run_hooked check
grep -q '^load       n/a  .*/proc/stat counted no time on the usable CPUs' \
    "$T/out" || fail "frozen /proc/stat: $(cat "$T/out")"
ok
rm "$F/proc/stat"

# The kernel on the second usable CPU at a quarter of the speed: uneven
# fails, with that CPU the slower by far (the real spread here reached
# 1.5 under load).
if [ "$(nproc)" -ge 2 ]; then
	PINT_TEST_SLOW_WORKER=2 run_hooked check -f json
	expect_rc 1 "one CPU at a quarter of the speed"
	check_json "$T/out" || fail "quarter speed: $(cat "$T/out")"
	python3 - "$T/out" <<'PY' || fail "uneven not failed: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
u = [c for c in d["checks"] if c["name"] == "uneven"][0]
assert u["verdict"] == "fail" and u["advice"], u
assert d["uneven_ratio"] > 2, d["uneven_ratio"]
c = d["cpus"]
assert c[1]["ns_per_point"] > 2 * c[0]["ns_per_point"], c
PY
	ok
fi

# A fake /proc/stat that a background writer moves on, 100 ticks a CPU
# a step: STEAL0 and STEAL1 of them stolen on cpu0 and cpu1, the rest
# idle, nothing busy. Steal is no load of other processes, and pint
# check pinned to cpu1 measures cpu1 alone.
WRITER=
moving_stat() {
	# A fresh tree: the last writer's file, its counters ahead of this
	# one's, would read as counters that went back.
	rm -rf "$T/ms"
	mkdir -p "$T/ms/proc"
	: >"$T/ms/go"
	(
		i=1
		while [ -e "$T/ms/go" ]; do
			s0=$((i * $1)) s1=$((i * $2))
			printf 'cpu  0 0 0 %d 0 0 0 %d 0 0\n' \
			    $((i * 200 - s0 - s1)) $((s0 + s1)) >"$T/ms/stat"
			printf 'cpu0 0 0 0 %d 0 0 0 %d 0 0\n' $((i * 100 - s0)) \
			    "$s0" >>"$T/ms/stat"
			printf 'cpu1 0 0 0 %d 0 0 0 %d 0 0\n' $((i * 100 - s1)) \
			    "$s1" >>"$T/ms/stat"
			mv "$T/ms/stat" "$T/ms/proc/stat"
			i=$((i + 1))
			sleep 0.02
		done
	) &
	WRITER=$!
	while [ ! -e "$T/ms/proc/stat" ]; do sleep 0.01; done
}
stop_stat() {
	rm -f "$T/ms/go"
	wait "$WRITER"
	WRITER=
}
# steal_on_cpu1 VERDICT TEXT: pint check pinned to cpu1 of the moving
# stat gives the steal check VERDICT, its message TEXT, and no load.
steal_on_cpu1() {
	PINT_TEST_ROOT=$T/ms taskset -c 1 "$PINT_HOOKS" check -f json \
	    >"$T/out" 2>"$T/err"
	stop_stat
	python3 - "$T/out" "$1" "$2" <<'PY' || fail "steal $1: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
s = [c for c in d["checks"] if c["name"] == "steal"][0]
assert s["verdict"] == sys.argv[2] and sys.argv[3] in s["message"], s
assert d["other_cpus"] == 0, d
PY
	ok
}
if [ "$(nproc)" -ge 2 ] && taskset -c 1 true 2>/dev/null; then
	# 20% stolen on both: steal fails, load is 0.
	moving_stat 20 20
	PINT_TEST_ROOT=$T/ms run_hooked check -f json
	check_json "$T/out" || fail "steal 20%: $(cat "$T/out")"
	[ "$(verdict steal)" = fail ] && [ "$(verdict load)" = ok ] ||
	    fail "20% steal: $(cat "$T/out")"
	ok
	# Pinned to cpu1: a share of its time, as one usable CPU.
	steal_on_cpu1 fail "of the 1 usable CPUs (20.0% of their time)"
	# Half of cpu0 stolen, none of cpu1: pinned to cpu1, no steal.
	moving_stat 50 0
	steal_on_cpu1 ok "of the 1 usable CPUs (0.0% of their time)"
fi

# SIGTERM while the check waits for /proc/stat's window (its kernels are
# done, so the handler is set): no verdict, one line naming the signal,
# and pint ends by it. (A background job of sh ignores SIGINT.) On one
# CPU of the mask the kernels take a small part of the window; on a
# loaded machine the window can close before the signal lands (or never
# open), so up to 5 tries; a verdict with the message fails at once.
pin=$(taskset -pc $$ 2>/dev/null | sed 's/.*: *//; s/[-,].*//')
try=0
while [ "$try" -lt 5 ]; do
	try=$((try + 1))
	${pin:+taskset -c "$pin"} "$PINT" check >"$T/out" 2>"$T/err" &
	PID=$!
	i=0
	while ! grep -q nanosleep "/proc/$PID/wchan" 2>/dev/null &&
	    [ "$i" -lt 3000 ] && kill -0 "$PID" 2>/dev/null; do
		i=$((i + 1))
		sleep 0.01
	done
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
	RC=$?
	grep -q interrupted "$T/err" && break
done
expect_rc 143 "check stopped by SIGTERM" &&
    expect_err "pint: check: interrupted by SIGTERM" "check stopped"
[ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] ||
    fail "check stopped: a verdict or more: $(cat "$T/out" "$T/err")"

# A busy loop: the load check fails. The loop is waited for until it has
# run, and checked to be running still after pint check.
BURNER=
trap '[ -z "$BURNER" ] || kill "$BURNER" 2>/dev/null; rm -rf "$T"' EXIT
sh -c 'while :; do :; done' &
BURNER=$!
i=0
while :; do
	ut=$(cut -d' ' -f14 "/proc/$BURNER/stat" 2>/dev/null)
	[ "${ut:-0}" -gt 0 ] && break
	i=$((i + 1))
	[ "$i" -lt 1200 ] || { fail "the busy loop never ran"; break; }
	sleep 0.05
done
run_pint check -f json
kill -0 "$BURNER" 2>/dev/null || fail "the busy loop ended early"
kill "$BURNER"
wait "$BURNER" 2>/dev/null
BURNER=
expect_rc 1 "check with a busy loop"
check_json "$T/out" || fail "busy loop: $(cat "$T/out")"
python3 - "$T/out" <<'PY' || fail "load not failed: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
load = [c for c in d["checks"] if c["name"] == "load"][0]
assert load["verdict"] == "fail" and d["other_cpus"] > 0.25, load
PY
ok

finish
