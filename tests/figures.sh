#!/bin/sh
# Figures to trust: the other load of short and loaded runs, the samples
# of a short run, the statistics of a sweep and its short-run warning,
# throughput and provenance in every report.
. "$(dirname "$0")/lib.sh"

SHORT="-e x*y -d x=0:1 -d y=0:1 -n 300 -q"

# An idle short run: too short for /proc/stat's ticks, so not a number.
# shellcheck disable=SC2086
run_pint -j 1 $SHORT -f json
expect_rc 0 "short run"
python3 - "$T/out" <<'PY' || fail "short run: other load"
import json, sys
r = json.load(open(sys.argv[1]))
run = r["runs"][0]
cpu = run["cpu"]
if run["timing"]["wall_s"] < 0.05:
    assert cpu["other_load"] is None and cpu["other_cpus"] is None, cpu
assert cpu["other_cpus"] is None or cpu["other_cpus"] >= 0, cpu
assert cpu["own_cpu_s"] >= 0, cpu
t = run["throughput"]
assert t["points_per_s"] > 0 and t["ns_per_point_per_worker"] > 0, t
p = r["provenance"]
assert p["argv"].startswith("/") or p["argv"].startswith("."), p
assert "-j 1" in p["argv"] and p["start_time"].endswith("Z"), p
assert r["host"]["cpu_model"] and r["host"]["cpus_usable"] >= 1, r["host"]
PY
ok
# shellcheck disable=SC2086
run_pint -j 1 $SHORT -q
expect_rc 0 "short run, text"
grep -q "^other load   n/a (run too short to measure)$" "$T/out" ||
    grep -q "^other load   [0-9.]* CPUs busy" "$T/out" ||
    fail "short run: text other load: $(grep other "$T/out")"
for l in throughput machine built started command; do
	grep -q "^$l " "$T/out" || fail "text report lacks '$l'"
done
ok

# Parallelism is CPU over the span the workers lived: never more CPUs
# than workers, however short the run (over the compute time alone, a
# run of a millisecond once showed 14 on a machine of 2).
for n in 10 300; do
	run_pint -j 2 -e 'x*y' -d x=0:1 -d y=0:1 -n $n -q -f json
	expect_rc 0 "parallelism, $n points"
	python3 - "$T/out" <<'PY' || fail "parallelism of a short run ($n)"
import json, sys
cpu = json.load(open(sys.argv[1]))["runs"][0]["cpu"]
# rusage and the wall clock are read apart: a few microseconds of slack.
assert 0 <= cpu["parallelism"] <= 2.02, cpu
assert 0 <= cpu["efficiency"] <= 1.01, cpu
PY
done
ok

# --samples on a run of a few ms: the barrier row and the end rows.
# shellcheck disable=SC2086
run_pint -j 2 $SHORT --samples "$T/s.csv"
expect_rc 0 "samples of a short run"
python3 - "$T/s.csv" <<'PY' || fail "samples of a short run"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) >= 2, rows
assert float(rows[0]["t_s"]) == 0 and int(rows[0]["workers"]) == 2, rows[0]
assert int(rows[0]["rss_kib"]) > 0, rows[0]
assert max(float(r["pint_cpu_s"]) for r in rows) >= 0
assert float(rows[-1]["t_s"]) > 0, rows[-1]
PY
ok

# A sweep of short runs warns that it measures start-up (when its runs
# were short: on a loaded machine a run of 90000 points may take longer).
run_pint -j 1,2 -e 'x*y' -d x=0:1 -d y=0:1 -n 300 --no-progress -f json
expect_rc 0 "short sweep"
if python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["sweep"]
sys.exit(0 if min(x["wall_s_median"] for x in s) < 0.1 else 1)' "$T/out"; then
	expect_err "measures start-up, not scaling" "short sweep warning"
elif grep -q "measures start-up" "$T/err"; then
	fail "a sweep of runs over 100 ms warned that they were short"
fi
python3 - "$T/out" <<'PY' || fail "short sweep: statistics"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["sweep"]
assert [x["jobs"] for x in s] == [1, 2], s
assert s[0]["karp_flatt"] is None and s[0]["speedup"] == 1, s[0]
for x in s:
    assert x["wall_s_min"] <= x["wall_s_median"] <= x["wall_s_max"], x
    # One run a count: no spread measured, no interval at 95%.
    assert x["wall_s_stddev"] is None and x["wall_s_mean"] > 0, x
    assert x["speedup_ci95_low"] is None and x["speedup_ci95_high"] is None, x
    assert x["outliers"] == 0, x
    assert "scaling_efficiency" in x and "efficiency" in x, x
    if x["speedup"] <= 1:
        assert x["karp_flatt"] is None, x
over = [x for x in s if x["jobs"] > r["host"]["cpus_usable"]]
assert all(x["oversubscribed"] for x in over), s
assert r["result"]["integral_identical"] is True
assert len(r["runs"]) == 2
PY
ok
# The summary CSV: one row per -j value.
# shellcheck disable=SC2086
run_pint -j 1,2 --repeat 2 $SHORT -f csv --summary
if [ "$RC" -eq 0 ]; then
	python3 - "$T/out" <<'PY' || fail "summary csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["jobs"] for r in rows] == ["1", "2"], rows
assert all(r["runs"] == "2" for r in rows), rows
assert rows[0]["karp_flatt"] == "" and rows[0]["speedup"] == "1"
PY
	ok
else
	fail "--summary: exit $RC: $(cat "$T/err")"
fi

# Exports beside the text report on stdout, hyperfine's names.
# shellcheck disable=SC2086
run_pint -j 1,2 $SHORT --export-json "$T/e.json" --export-csv "$T/e.csv" \
    --export-markdown "$T/e.md"
expect_rc 0 "exports"
grep -q "^integral " "$T/out" || fail "exports: stdout is not the text report"
python3 - "$T/e.json" "$T/e.csv" "$T/e.md" <<'PY' || fail "export files"
import csv, json, sys
r = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert [x["jobs"] for x in r["sweep"]] == [1, 2]
assert [x["jobs"] for x in rows] == ["1", "2"]
assert float(rows[0]["integral"]) == r["result"]["integral"]
md = open(sys.argv[3]).read()
assert md.count("\n| ") == 3 and "| -j |" in md, md
PY
ok
# An export that cannot be written: before any fork (2); a full disk (1).
# shellcheck disable=SC2086
run_pint -j 1 $SHORT --export-json "$T/no/such/dir/e.json"
expect_rc 2 "unwritable export"
expect_err "--export-json $T/no/such/dir/e.json" "unwritable export: named"
if [ -w /dev/full ]; then
	# shellcheck disable=SC2086
	run_pint -j 1 $SHORT --export-csv /dev/full
	expect_rc 1 "export to a full disk"
fi

# --min-time repeats each -j value until that much wall time is measured.
# shellcheck disable=SC2086
run_pint -j 1,2 $SHORT --min-time 0.15 -f json
expect_rc 0 "--min-time"
python3 - "$T/out" <<'PY' || fail "--min-time: not enough runs"
import json, sys
r = json.load(open(sys.argv[1]))
for row in r["sweep"]:
    walls = [x["timing"]["wall_s"] for x in r["runs"] if x["jobs"] == row["jobs"]]
    # Rounds go on while the runs add up to less than 0.15 s, and stop
    # as soon as they reach it (one run may be enough on a slow machine).
    assert len(walls) == row["runs"] >= 1, row
    assert sum(walls) >= 0.15, (row["jobs"], walls)
    assert sum(walls[:-1]) < 0.15, (row["jobs"], walls)
PY
ok
# shellcheck disable=SC2086
run_pint -j 1 $SHORT --min-time -1
expect_rc 2 "--min-time -1"

# --plot: a PNG and an SVG of a sweep, or a clear error without gnuplot.
# shellcheck disable=SC2086
env PATH=/nonexistent "$PINT" -j 1,2 $SHORT --plot "$T/p.png" \
    >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2 "--plot without gnuplot"
expect_err "gnuplot-nox" "--plot without gnuplot: names the package"
[ ! -e "$T/p.png" ] || fail "--plot without gnuplot left a file"
# shellcheck disable=SC2086
run_pint -j 1 $SHORT --plot "$T/p.png"
expect_rc 2 "--plot of one -j value"
# shellcheck disable=SC2086
run_pint -j 1,2 $SHORT --plot "$T/p.gif"
expect_rc 2 "--plot p.gif"
if command -v gnuplot >/dev/null; then
	for ext in png svg; do
		# shellcheck disable=SC2086
		run_pint -j 1,2 $SHORT --plot "$T/p.$ext"
		expect_rc 0 "--plot p.$ext" || continue
		case $ext in
		png) head -c 8 "$T/p.png" | od -c | grep -q "P   N   G" ;;
		svg) grep -q "<svg" "$T/p.svg" ;;
		esac || fail "--plot p.$ext: not a $ext file"
	done
else
	echo "note: gnuplot missing, --plot drawing not checked"
fi

# --example prints a bundled task that pint runs as it is.
"$PINT" --example gauss-2d >"$T/g.yaml" 2>"$T/err" || fail "--example"
cmp -s "$T/g.yaml" "$EXAMPLES/gauss-2d.yaml" || fail "--example: not the file"
"$PINT" --example task.json >/dev/null 2>&1 || fail "--example task.json"
run_pint --example nope
expect_rc 2 "--example nope"
expect_err "gauss-2d.yaml" "--example nope: lists the examples"
"$PINT" --example line-1d >"$T/l.yaml"
run_pint -j 1 -c "$T/l.yaml" -q
expect_rc 0 "--example's task runs"

# Beside a program that keeps one CPU busy, a run of a second or more
# (about 1.5 s on an idle 2-CPU machine; longer under the sanitizers)
# reports about one CPU of other load (more if the machine is shared).
online=$(getconf _NPROCESSORS_ONLN)
if [ "$online" -ge 2 ]; then
	timeout 60 sh -c 'while :; do :; done' &
	burner=$!
	run_pint -j 1 -c "$EXAMPLES/bench-2d.yaml" --engine muparser -s 0.0002 -f json -q
	kill "$burner" 2>/dev/null
	wait "$burner" 2>/dev/null
	expect_rc 0 "run beside a burner"
	python3 - "$T/out" <<'PY' || fail "other load beside a burner"
import json, sys
r = json.load(open(sys.argv[1]))
run = r["runs"][0]
cpu = run["cpu"]
assert run["timing"]["compute_s"] >= 0.5, run["timing"]
assert cpu["other_cpus"] is not None, cpu
assert 0.7 <= cpu["other_cpus"] <= r["host"]["cpus_online"], cpu
PY
	ok
else
	echo "note: one CPU online, the burner check needs two"
fi

finish
