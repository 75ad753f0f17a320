#!/bin/sh
# The benchmark report: sweeps, repeats, warm-ups, the samples file,
# other_load, and the same integral across all of them.
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 1000 -q"

# A sweep with repeats: one CSV row per run, speedup against the first.
# shellcheck disable=SC2086
run_pint -j 1,2 --repeat 2 --warmup 1 $TASK -f csv
expect_rc 0 "sweep csv"
python3 - "$T/out" <<'PY' || fail "sweep csv rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4, len(rows)
assert [r["jobs"] for r in rows] == ["1", "1", "2", "2"]
assert [r["repeat"] for r in rows] == ["1", "2", "1", "2"]
assert len({r["integral"] for r in rows}) == 1
assert all(r["integral_identical"] == "true" for r in rows)
assert float(rows[0]["speedup"]) == 1.0
assert float(rows[2]["speedup"]) > 0
for r in rows:
    assert float(r["wall_s_min"]) <= float(r["wall_s_median"]) <= float(r["wall_s_max"])
    # Two runs a count are too few for a 95% interval.
    assert r["speedup_ci95_low"] == r["speedup_ci95_high"] == "", r
# Karp-Flatt: none at the base -j, nor where the speedup is no speedup.
assert rows[0]["karp_flatt"] == ""
assert (rows[2]["karp_flatt"] == "") == (float(rows[2]["speedup"]) <= 1)
PY
ok

# A range sweep in JSON: one sweep row per -j value.
# shellcheck disable=SC2086
run_pint -j 1-3 --force $TASK -f json
expect_rc 0 "sweep json"
python3 - "$T/out" <<'PY' || fail "sweep json"
import json, sys
r = json.load(open(sys.argv[1]))
assert [s["jobs"] for s in r["sweep"]] == [1, 2, 3]
assert len(r["runs"]) == 3 and r["result"]["integral_identical"] is True
assert r["sweep"][0]["karp_flatt"] is None
for run in r["runs"]:
    assert run["sampler"]["samples"] >= 1
    assert len(run["workers"]) == run["jobs"]
PY
ok

# Text: a table with speedup and the identity statement.
# shellcheck disable=SC2086
run_pint -j 1,2 $TASK
expect_rc 0 "sweep text"
grep -q "speedup" "$T/out" || fail "text sweep lacks the table"
grep -q "^chart " "$T/out" || fail "text sweep lacks the chart"
grep -q "integral bits the same across all 2 runs" "$T/out" ||
    fail "text sweep lacks the identity line"
ok

# --samples: a CSV with a header and rows of the same width.
# shellcheck disable=SC2086
run_pint -j 2 $TASK -n 3000 --engine muparser --interval 20 --samples "$T/s.csv"
expect_rc 0 "samples"
python3 - "$T/s.csv" <<'PY' || fail "samples file shape"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert len(rows) >= 3, len(rows)
width = len(rows[0])
assert all(len(r) == width for r in rows), [len(r) for r in rows]
for r in rows[1:]:
    [float(v) for v in r if v != ""]
PY
ok
# Several runs: one samples file per run.
# shellcheck disable=SC2086
run_pint -j 1,2 $TASK --samples "$T/m.csv"
expect_rc 0 "samples per run"
[ -s "$T/m-j1-1.csv" ] && [ -s "$T/m-j2-1.csv" ] || fail "per-run samples files missing"
ok
# An unwritable samples file is a usage error before any fork.
# shellcheck disable=SC2086
run_pint -j 2 $TASK --samples /nonexistent/dir/s.csv
expect_rc 2 "unwritable samples file"

# A non-finite integrand: exit 1 with the first offending point.
run_pint -j 2 -e '1/x' -d x=-1:1 -n 5 -r trapezoid -f csv
expect_rc 1 "non-finite"
expect_err "first at (0);" "non-finite: first point"

# Seeds of 2^63 and above are printed as they were given.
run_pint -q -j 1 -e x -d x=0:1 -n 3 --inject-faults 0.1,18446744073709551615 \
    -f json
grep -q '"injected_seed": 18446744073709551615' "$T/out" ||
    fail "seed 2^64-1 in JSON: $(grep seed "$T/out")"
run_pint -q -j 1 -e x -d x=0:1 -n 3 --inject-faults 0.1,9223372036854775808 \
    -f yaml
grep -q 'injected_seed: 9223372036854775808$' "$T/out" ||
    fail "seed 2^63 in YAML: $(grep seed "$T/out")"
ok

# The task's name reaches the text report escaped: no control character
# or ESC from a task file gets to the terminal.
printf 'name: "red\\e[31mX\\tY"\nexpression: x\ndomain: {x: [0, 1]}\npoints: 3\n' \
    >"$T/esc.yaml"
run_pint -q -j 1 -c "$T/esc.yaml"
expect_rc 0 "escaped name"
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then
	fail "escaped name: ESC reached the text report"
fi
grep -qF 'red\x1b[31mX\x09Y' "$T/out" || fail "escaped name: $(grep name "$T/out")"
ok

finish
