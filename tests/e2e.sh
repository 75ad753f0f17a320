#!/bin/sh
# End to end: the real binary computes integrals, the same bits for every
# -j, in every output format, from files, stdin and the command line.
. "$(dirname "$0")/lib.sh"

# 1-D Simpson is exact on x^2.
run_pint -j 2 -e 'x^2' -d x=0:3 -n 101 -r simpson -f csv
expect_rc 0 "1-D simpson"
v=$(csv_integral "$T/out")
[ "$v" = 9 ] || [ "$v" = 9.0000000000000000 ] || [ "$v" = 8.9999999999999982 ] ||
    awk -v v="$v" 'BEGIN { exit !(v > 8.999999999999 && v < 9.000000000001) }' ||
    fail "1-D simpson: integral $v, want 9"
ok

# The same bits for -j 1, 2, 3, 5, 8 (2-D and 3-D; the 2-D example on a
# coarser grid than its own, which is sized for a first run that measures).
for task in "$EXAMPLES/gauss-2d.yaml" "$EXAMPLES/ball-3d.yaml"; do
	ref=
	case $task in
	*gauss-2d.yaml) small="-s 0.002" ;;
	*) small= ;;
	esac
	for j in 1 2 3 5 8; do
		# shellcheck disable=SC2086
		run_pint -j "$j" -c "$task" $small -f csv --force -q
		expect_rc 0 "$(basename "$task") -j $j" || continue
		v=$(csv_integral "$T/out")
		if [ -z "$ref" ]; then
			ref=$v
		elif [ "$v" != "$ref" ]; then
			fail "$(basename "$task"): -j $j gave $v, -j 1 gave $ref"
		fi
	done
done

# JSON is valid and carries the contract's fields; -o writes both files.
run_pint -j 2 -c "$EXAMPLES/gauss-2d.yaml" -s 0.002 -f json -o "$T/outdir"
expect_rc 0 "json"
python3 - "$T/out" "$T/outdir" <<'PY' || fail "json fields"
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("schema_version", "pint_version", "provenance", "task",
          "jobs_source", "result", "runs", "host"):
    assert k in r, k
assert "sweep" not in r and len(r["runs"]) == 1
run = r["runs"][0]
for k in ("jobs", "result", "timing", "cpu", "throughput", "memory",
          "workers", "faults"):
    assert k in run, k
assert run["jobs"] == 2 and len(run["workers"]) == 2
assert abs(r["result"]["integral"] - 3.1415) < 1e-3
assert r["result"]["error_estimate"] is not None    # 3000 cells: step 3h
assert 0 < r["result"]["error_estimate"] < 1e-5
for k in ("wall_s", "setup_s", "compute_s"):
    assert run["timing"][k] >= 0
for k in ("user_s", "sys_s", "utilization", "parallelism", "efficiency"):
    assert k in run["cpu"]
assert sum(w["points"] for w in run["workers"]) == r["task"]["points"]
assert run["result"]["integral"] == r["result"]["integral"]
res = open(sys.argv[2] + "/result.txt").read().strip()
assert float(res) == r["result"]["integral"], res
b = json.load(open(sys.argv[2] + "/benchmark.json"))
assert b["result"]["integral"] == r["result"]["integral"]
PY
ok
no_leftovers "$PID" "$T/out"

# The old flat task.json, from a file and from standard input.
run_pint -j 2 -c "$EXAMPLES/task.json" -f csv
expect_rc 0 "task.json"
a=$(csv_integral "$T/out")
"$PINT" -j 2 -c - -f csv <"$EXAMPLES/task.json" >"$T/stdin.csv" 2>"$T/err"
[ "$(csv_integral "$T/stdin.csv")" = "$a" ] || fail "task from stdin differs"
ok
# The same task built inline.
run_pint -j 2 -e 'sin(x)*cos(y) + x*y' -d x=0:1 -d y=0:1 -s 0.001 -f csv
[ "$(csv_integral "$T/out")" = "$a" ] || fail "inline task differs"
ok
# -s overrides the file.
run_pint -j 1 -c "$EXAMPLES/task.json" -s 0.01 -f json
expect_rc 0 "-s override"
python3 -c "import json,sys; r=json.load(open('$T/out')); assert r['task']['points']==10000, r['task']['points']" ||
    fail "-s does not override the file's step"

# YAML output, text output, CSV header control.
run_pint -j 1 -e x -d x=0:1 -n 10 -f yaml
expect_rc 0 "yaml"
grep -q '^  integral: 0.5' "$T/out" || fail "yaml lacks the integral"
ok
run_pint -j 1 -e x -d x=0:1 -n 4
grep -q '^integral  *0.5$' "$T/out" || fail "text lacks the integral line"
ok
run_pint -j 1 -e x -d x=0:1 -n 10 -f csv --no-header
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--no-header still prints a header"
ok
# stdout carries results only: nothing else, and -q keeps stderr quiet.
run_pint -j 1 -e x -d x=0:1 -n 10 -f csv -q
[ ! -s "$T/err" ] || fail "-q run wrote to stderr: $(cat "$T/err")"
ok

# -V and -h.
"$PINT" -V | grep -q '^pint [0-9]' || fail "-V"
"$PINT" -h | grep -q '^usage: pint' || fail "-h"
ok


# The automatic fallback: where the engines disagree (pow against repeated
# products, the difference scaled by 1e20), auto evaluates with muParser,
# says why in the report, and gives muParser's bits; the JSON has no
# engine_ops then.
E='(x^7 - x*x*x*x*x*x*x)*1e20'
run_pint -j 2 -e "$E" -d x=1.1:2 -n 100 -f json
expect_rc 0 "fallback"
cp "$T/out" "$T/auto.json"
run_pint -j 2 --engine muparser -e "$E" -d x=1.1:2 -n 100 -f json
expect_rc 0 "fallback reference"
python3 - "$T/auto.json" "$T/out" <<'PY' || fail "fallback to muParser"
import json, sys
a, m = (json.load(open(f)) for f in sys.argv[1:])
assert a["task"]["engine"] == "muparser", a["task"]["engine"]
assert a["task"]["engine_note"].startswith("muparser (fallback: disagrees with muParser at ("), a["task"]["engine_note"]
assert a["task"]["engine_ops"] is None
assert a["result"]["integral"] == m["result"]["integral"]
PY
ok

finish
