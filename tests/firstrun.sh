#!/bin/sh
# A first run that measures, and runs too short to: the quick start's
# example is sized to be measured; a run under 100 ms says so once, with
# the way out, and its text report gives no figure that means nothing;
# and the smaller promises of pint(1) about these reports.
. "$(dirname "$0")/lib.sh"

TINY="-e x*y -d x=0:1 -d y=0:1 -n 30"
FIX="a larger grid, -n N, or --min-time S"

# The quick start's example: over 10^9 points (about a second at -j 2 on
# two CPUs), and the closed form its comment gives.
python3 - "$EXAMPLES/gauss-2d.yaml" <<'PY' || fail "gauss-2d.yaml: size or closed form"
import math, re, sys, yaml
text = open(sys.argv[1]).read()
t = yaml.safe_load(text)
n = 1
for lo, hi in t["domain"].values():
    n *= round((hi - lo) / t["step"])
assert n >= 1e9, n
m = re.search(r"pi erf\(3\)\^2 =\s*#?\s*([0-9.]+)", text)
assert m and float(m.group(1)) == math.pi * math.erf(3) ** 2, m
PY
ok

# wall_of FILE: the wall time a text report gives.
wall_of() {
	sed -n 's/^time  *wall \([0-9.]*\) s.*/\1/p' "$1"
}

# is_short WALL: under the 100 ms below which a run measures start-up.
is_short() {
	awk -v w="$1" 'BEGIN { exit !(w < 0.1) }'
}

# check_short WHAT [MIN_TIME_GIVEN]: the last text run warned once, with
# the way out, exactly when its own wall time was short, and its report
# said "too short to measure" then and only then.
check_short() {
	w=$(wall_of "$T/out")
	[ -n "$w" ] || { fail "$1: no wall time in the report"; return; }
	n=$(grep -c "too short to benchmark" "$T/err")
	if is_short "$w"; then
		[ "$n" -eq 1 ] || fail "$1: wall $w s, $n short-run warnings"
		if [ $# -ge 2 ]; then
			expect_err "give a larger grid or -n N" "$1: the fix"
			grep -q -- "--min-time" "$T/err" &&
			    fail "$1: --min-time was given, and suggested"
		else
			expect_err "$FIX" "$1: the fix"
		fi
		for l in "cpu" "other load" "throughput" "fairness"; do
			grep "^$l " "$T/out" | grep -q "too short to measure" ||
			    fail "$1: '$l' does not say too short: $(cat "$T/out")"
		done
		grep -q "efficiency [0-9]" "$T/out" &&
		    fail "$1: a short run shows an efficiency"
	else
		[ "$n" -eq 0 ] || fail "$1: wall $w s, yet a short-run warning"
		# (The other load needs more of /proc/stat's ticks: it may.)
		for l in "cpu" "throughput" "fairness"; do
			grep "^$l " "$T/out" | grep -q "too short" &&
			    fail "$1: wall $w s, '$l' says too short"
		done
		grep -q "^cpu .*efficiency [0-9]" "$T/out" ||
		    fail "$1: wall $w s, no efficiency"
	fi
	ok
}

# A run of 900 points: short everywhere but on the slowest machine.
# shellcheck disable=SC2086
run_pint -j 2 $TINY --no-progress
expect_rc 0 "tiny run" && check_short "tiny run"
# With --min-time given, it is not suggested again.
# shellcheck disable=SC2086
run_pint -j 1 $TINY --min-time 0.05 --no-progress
expect_rc 0 "tiny run, --min-time"
if [ "$(grep -c "too short to benchmark" "$T/err")" -gt 1 ]; then
	fail "--min-time: the warning said twice"
fi
grep "too short" "$T/err" | grep -q -- "--min-time" &&
    fail "--min-time given, and suggested: $(cat "$T/err")"
ok
# -q: no warning at all, for one run or a sweep (pint(1)'s -q).
for j in 2 1,2; do
	# shellcheck disable=SC2086
	run_pint -j $j $TINY -q
	expect_rc 0 "tiny run -j $j, -q"
	[ -s "$T/err" ] && fail "-q: stderr $(cat "$T/err")"
done
ok
# A run of 10^8 points at -j 1: a worker's CPU time, and so the wall
# time, of 0.1 s or more on this machine; the report is whole.
run_pint -j 1 -e 'x*y' -d x=0:1 -d y=0:1 -n 10000 --no-progress
expect_rc 0 "long run" && check_short "long run"

# The JSON of a short run: the machine's busy CPUs are null when the
# other load is (both rest on /proc/stat's ticks), and sampler.samples is
# the rows of the --samples file but the barrier's.
# shellcheck disable=SC2086
run_pint -j 2 $TINY -q -f json --samples "$T/s.csv"
expect_rc 0 "short json"
python3 - "$T/out" "$T/s.csv" <<'PY' || fail "short run: null figures, samples"
import csv, json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
cpu = run["cpu"]
if cpu["other_cpus"] is None:
    assert cpu["machine_busy_cpus"] is None, cpu
    assert cpu["other_load"] is None, cpu
rows = list(csv.DictReader(open(sys.argv[2])))
assert run["sampler"]["samples"] + 1 == len(rows), (run["sampler"], len(rows))
PY
ok

# Karp-Flatt is null for a count not above the first (-j 2,1).
# shellcheck disable=SC2086
run_pint -j 2,1 $TINY -q -f json
expect_rc 0 "-j 2,1"
python3 - "$T/out" <<'PY' || fail "-j 2,1: karp_flatt"
import json, sys
s = json.load(open(sys.argv[1]))["sweep"]
assert [x["jobs"] for x in s] == [2, 1] and s[1]["karp_flatt"] is None, s
PY
ok

# An axis given twice by -d is a mistake (exit 2), not a silent edit.
run_pint -e x -d x=0:1 -d x=0:2 -n 10
expect_rc 2 "-d x twice"
expect_err "pint: -d x=0:2: axis x was given already by -d x=0:1" "-d x twice"
# A task file's axis may be changed by one -d.
run_pint -c "$EXAMPLES/line-1d.yaml" -d x=0:2 -q -f json
expect_rc 0 "-d over a file's axis"

# --max-restarts: 0 to 1000000, as pint(1) says.
# shellcheck disable=SC2086
run_pint $TINY -q --max-restarts 1000000
expect_rc 0 "--max-restarts 1000000"
# shellcheck disable=SC2086
run_pint $TINY -q --max-restarts 1000001
expect_rc 2 "--max-restarts 1000001"

# An empty PINT_JOBS is ignored with a warning, like an empty
# SLURM_CPUS_PER_TASK.
# shellcheck disable=SC2086
PINT_JOBS= run_pint $TINY -f json
expect_rc 0 "empty PINT_JOBS"
expect_err "PINT_JOBS is set but empty; it is ignored" "empty PINT_JOBS"
grep -q '"jobs_source": "PINT_JOBS"' "$T/out" && fail "empty PINT_JOBS used"

# A missing key has no place: the message names the file alone.
printf 'expression: x\nstep: 0.1\n' >"$T/nodomain.yaml"
run_pint -c "$T/nodomain.yaml"
expect_rc 2 "no domain"
expect_err "pint: $T/nodomain.yaml: no domain" "no domain"

# The text report's machine line gives the rule of the usable CPUs, not
# the source of -j.
# shellcheck disable=SC2086
run_pint -j 1 $TINY -q
grep "^machine " "$T/out" | grep -q "usable (option)" &&
    fail "usable CPUs labelled by -j's source: $(grep "^machine" "$T/out")"
ok

# Every count above the usable CPUs, in one warning (one CPU here).
if command -v taskset >/dev/null; then
	# shellcheck disable=SC2086
	taskset -c 0 "$PINT" -j 1,2,3 $TINY --no-progress >"$T/out" 2>"$T/err"
	[ $? -eq 0 ] || fail "-j 1,2,3 on one CPU: $(cat "$T/err")"
	[ "$(grep -c "usable CPUs" "$T/err")" -eq 1 ] ||
	    fail "oversubscription: not one warning: $(cat "$T/err")"
	expect_err "warning: -j 2 and 3 are more than the 1 usable CPUs" \
	    "oversubscription names every count"
fi

# Deaths that --inject-faults caused say so, not "possibly the OOM killer".
# shellcheck disable=SC2086
run_pint -j 2 -e 'x*y' -d x=0:1 -d y=0:1 -n 2000 --inject-faults 0.2,7 \
    -q -f json
expect_rc 0 "injected faults"
python3 - "$T/out" <<'PY' || fail "injected deaths: $(head -c 300 "$T/out")"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["faults"]["injected_deaths"] > 0, run["faults"]
exits = [w["exit"] for w in run["workers"]]
assert not any("OOM" in e for e in exits), exits
assert "killed by --inject-faults" in exits, exits
PY
ok

finish
