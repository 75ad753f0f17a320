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

# A sweep of short runs warns that it measures start-up.
# shellcheck disable=SC2086
run_pint -j 1,2 $SHORT -f json
expect_rc 0 "short sweep"
expect_err "measures start-up, not scaling" "short sweep warning"
python3 - "$T/out" <<'PY' || fail "short sweep: statistics"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["sweep"]
assert [x["jobs"] for x in s] == [1, 2], s
assert s[0]["karp_flatt"] is None and s[0]["speedup"] == 1, s[0]
for x in s:
    assert x["wall_s_min"] <= x["wall_s_median"] <= x["wall_s_max"], x
    assert x["speedup_low"] <= x["speedup"] <= x["speedup_high"], x
    assert x["wall_s_stddev"] >= 0 and x["wall_s_mean"] > 0, x
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

# Beside a program that keeps one CPU busy, a run of a second or more
# reports about one CPU of other load (more if the machine is shared).
online=$(getconf _NPROCESSORS_ONLN)
if [ "$online" -ge 2 ]; then
	timeout 60 sh -c 'while :; do :; done' &
	burner=$!
	run_pint -j 1 -c "$EXAMPLES/bench-2d.yaml" --engine muparser -s 0.0004 -f json -q
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
