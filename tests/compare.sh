#!/bin/sh
# pint compare: a shell loop of runs read back as one sweep, two sets set
# against each other, outliers with their cause, machine and build
# mismatches, refused task differences, every kind of bad input, the
# output formats, and the output's own JSON Schema (validated by finish).
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 400 -q"

# compare ARGS...: pint compare, its exit status in RC.
compare() {
	"$PINT" compare "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# The documented loop: one report per -j value, read back as a sweep.
for j in 1 2; do
	# shellcheck disable=SC2086
	run_pint -j "$j" --repeat 3 $TASK --export-json "$T/r$j.json"
	expect_rc 0 "loop run -j $j"
done
compare -f json "$T/r1.json" "$T/r2.json"
expect_rc 0 "compare of a loop"
cp "$T/out" "$T/loop.json"
python3 - "$T/loop.json" "$T/r1.json" "$T/r2.json" <<'PY' || fail "loop to sweep"
import json, statistics, sys
c = json.load(open(sys.argv[1]))
reps = [json.load(open(p)) for p in sys.argv[2:]]
assert c["comparison"] is None and len(c["sets"]) == 1, c
rows = c["sets"][0]["rows"]
assert [r["jobs"] for r in rows] == [1, 2], rows
assert [r["runs"] for r in rows] == [3, 3], rows
med = [statistics.median(r["timing"]["wall_s"] for r in rep["runs"])
       for rep in reps]
for r, m in zip(rows, med):
    assert abs(r["median_s"] - m) <= 1e-12 * m, (r, m)
assert abs(rows[1]["speedup"] - med[0] / med[1]) <= 1e-12, rows[1]
# 3 runs a side give no 95% interval: null, not a made-up one.
assert rows[1]["speedup_ci95_low"] is None, rows[1]
assert c["mismatches"] == [], c["mismatches"]
PY
ok
# The same in text, and stdin as one of the files.
compare - "$T/r2.json" <"$T/r1.json"
expect_rc 0 "compare text with stdin"
grep -q "speedup \[95% interval\]" "$T/out" || fail "text: no scaling table"
grep -q "^set  *A: 2 reports, 6 runs: - " "$T/out" ||
    fail "text: the set line: $(cat "$T/out")"
ok

# Crafted reports from a real one: set B the same runs 1.5 times slower.
# craft IN OUT PYTHON: OUT is IN's report changed by the statements in
# PYTHON, which see it as r.
craft() {
	python3 - "$1" "$2" "$3" <<'PY' || fail "craft $2"
import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[3])
# A fingerprint field given a value has no reason to be null (validate.py).
why = r["host"].get("null_reasons", {})
for k in [k for k in why if r["host"].get(k) is not None]:
    del why[k]
json.dump(r, open(sys.argv[2], "w"), indent=1)
PY
}
# shellcheck disable=SC2086
run_pint -j 1,2 --repeat 6 $TASK -f json
expect_rc 0 "six repeats"
# Wall and compute times set, so that every figure below is known: -j 1
# 1.00 .. 1.05 s, -j 2 0.60 .. 0.63 s, no other load.
craft "$T/out" "$T/a.json" '
r["host"]["governor"] = None
r["host"].setdefault("null_reasons", {})["governor"] = "crafted: unknown"
for i, x in enumerate(r["runs"]):
    w = (1.0 if x["jobs"] == 1 else 0.6) * (1 + 0.01 * (i % 6))
    x["timing"]["wall_s"] = w
    x["timing"]["compute_s"] = w - 0.01
    x["cpu"]["other_cpus"] = 0.0'
craft "$T/a.json" "$T/b.json" '
for x in r["runs"]:
    x["timing"]["wall_s"] *= 1.5
    x["timing"]["compute_s"] *= 1.5
r["label"] = "slow"'
craft "$T/a.json" "$T/a2.json" 'r["label"] = "fast"'
compare -f json "$T/a2.json" "$T/b.json"
expect_rc 0 "two sets by label"
cp "$T/out" "$T/ab.json"
python3 - "$T/ab.json" <<'PY' || fail "two sets"
import json, sys
c = json.load(open(sys.argv[1]))
assert [s["name"] for s in c["sets"]] == ["fast", "slow"], c["sets"]
for row in c["comparison"]:
    assert abs(row["ratio"] - 1.5) < 1e-9, row
    assert row["ci_low"] <= 1.5 <= row["ci_high"], row
    # Complete separation of 6 and 6: the exact p, 2 / C(12, 6).
    assert abs(row["p_value"] - 2 / 924) < 1e-12, row
    assert row["significant"] is True, row
    assert [s["runs"] for s in row["sets"]] == [6, 6], row
    assert row["compute"]["significant"] is True, row
assert abs(c["geomean"]["ratio"] - 1.5) < 1e-9, c["geomean"]
PY
ok
# The same split by --, and text: no ~ where significant.
compare "$T/a.json" -- "$T/b.json"
expect_rc 0 "two sets by --"
grep -q "1.500 " "$T/out" && ! grep -q "~ 1.500" "$T/out" ||
    fail "text: significant ratio: $(cat "$T/out")"
ok
# At --alpha 0.001 the same runs are not significant: ~, and too few runs
# to show a difference at that level is said on stderr.
compare --alpha 0.0001 "$T/a.json" -- "$T/b.json"
expect_rc 0 "alpha"
grep -q "~ 1.500" "$T/out" || fail "text: ~ at a small alpha"
expect_err "cannot detect a difference at alpha 0.0001" "alpha warning"
# 2 / C(16, 8) = 0.00016, 2 / C(18, 9) = 0.000041: 9 runs each at 0.0001.
expect_err "6 and 6 runs cannot detect a difference at alpha 0.0001 (the smallest p-value they can give is 0.00216); run 9 or more in each set" \
    "alpha advice"
# Three runs a side: no difference can be shown, no interval given.
craft "$T/a.json" "$T/a3.json" 'r["runs"] = r["runs"][:3] + r["runs"][6:9]'
craft "$T/b.json" "$T/b3.json" 'r["runs"] = r["runs"][:3] + r["runs"][6:9]'
compare -f json "$T/a3.json" -- "$T/b3.json"
expect_rc 0 "three runs a side"
expect_err "3 and 3 runs cannot detect a difference at alpha 0.05" \
    "fewer than 4 runs"
expect_err "3 and 3 runs give no 95% interval; run 4 or more in each set" \
    "no interval"
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
assert all(r["ci_low"] is None and not r["significant"]
           for r in c["comparison"]), c["comparison"]' "$T/out" ||
    fail "three runs: verdicts"
# 2 / C(8, 4) = 0.029 > 0.01, 2 / C(10, 5) = 0.0079: 5 at alpha 0.01.
compare --alpha 0.01 "$T/a3.json" -- "$T/b3.json"
expect_err "3 and 3 runs cannot detect a difference at alpha 0.01 (the smallest p-value they can give is 0.1); run 5 or more in each set" \
    "alpha 0.01 advice"

# An outlier: one -j 1 run three times slower beside other load.
craft "$T/a.json" "$T/o.json" '
x = r["runs"][2]
x["timing"]["wall_s"] *= 3
x["cpu"]["other_cpus"] = 0.92'
compare -f json "$T/o.json"
expect_rc 0 "outlier"
expect_err "o.json: 1 of 6 runs at -j 1 ran beside other load (up to 0.92 CPUs)" \
    "load warning"
python3 - "$T/out" <<'PY' || fail "outlier"
import json, sys
c = json.load(open(sys.argv[1]))
o = c["outliers"]
assert len(o) == 1 and o[0]["jobs"] == 1 and o[0]["repeat"] == 3, o
assert o[0]["cause"] == "other load was 0.92 CPUs", o
assert o[0]["modified_z"] > 3.5, o
assert c["sets"][0]["rows"][0]["outliers"] == 1
PY
ok
compare "$T/o.json"
grep -q "outlier: repeat 3 of -j 1 in $T/o.json took .*other load was 0.92 CPUs" \
    "$T/out" || fail "text: outlier line: $(cat "$T/out")"
ok
# The repeat is the report's, whatever the order of runs[] and however
# many files a set merges; the file and, of two sets, the set are named.
craft "$T/o.json" "$T/orev.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:08Z"
r["runs"].reverse()'
compare -f json "$T/orev.json"
python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["outliers"]
assert [x["repeat"] for x in o] == [3], o' "$T/out" || fail "JSON repeat"
compare "$T/a3.json" "$T/orev.json" -- "$T/b.json"
expect_rc 0 "outlier in a merged set"
grep -q "outlier: set A, repeat 3 of -j 1 in $T/orev.json took" "$T/out" ||
    fail "text: outlier of a merged set: $(grep outlier "$T/out")"
compare -f markdown "$T/a3.json" "$T/orev.json" -- "$T/b.json"
grep -q "^- outlier: set A, repeat 3 of -j 1 in $T/orev.json took" \
    "$T/out" || fail "markdown: outlier: $(grep outlier "$T/out")"
ok
# A speedup above the CPUs used names its set.
craft "$T/b.json" "$T/bsup.json" '
r["host"]["cpus_usable"] = 2
for x in r["runs"]:
    if x["jobs"] == 2:
        x["timing"]["wall_s"] *= 0.5'
compare "$T/a.json" -- "$T/bsup.json"
grep -q "set slow, -j 2: speedup 3.33 above the 2 the CPUs used allow" \
    "$T/out" || fail "flag names its set: $(grep speedup "$T/out")"
ok
# Other load measured in the outlier alone is not "as in the other runs".
craft "$T/o.json" "$T/onull.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:09Z"
for x in r["runs"]:
    if x["repeat"] != 3:
        x["cpu"]["other_cpus"] = None
r["runs"][2]["cpu"]["other_cpus"] = 0.9'
compare "$T/onull.json"
grep -q "other load was 0.90 CPUs (not measured in the other runs)" \
    "$T/out" || fail "other load, others unmeasured: $(grep outlier "$T/out")"
grep -q "as in the other runs" "$T/out" && fail "as in the other runs"
ok

# Mismatches: the machine (the fingerprint's governor when both have
# one; missing is unknown) and the build, listed and warned.
craft "$T/a.json" "$T/m1.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:01Z"
r["host"]["cpu_model"] = "Other CPU"
r["host"]["governor"] = "powersave"
r["provenance"]["cflags"] = "-O3"'
craft "$T/a.json" "$T/m2.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:02Z"
r["host"]["governor"] = "performance"'
compare -f json "$T/a.json" "$T/m1.json" "$T/m2.json" -- "$T/b.json"
expect_rc 0 "mismatches"
expect_err "machine host.cpu_model differs" "cpu model warning"
expect_err "build provenance.cflags differs" "cflags warning"
python3 - "$T/out" <<'PY' || fail "mismatches"
import json, sys
c = json.load(open(sys.argv[1]))
m = {(x["kind"], x["field"]): x["values"] for x in c["mismatches"]}
assert ("machine", "host.cpu_model") in m, m
assert ("build", "provenance.cflags") in m, m
g = m[("machine", "host.governor")]
# a.json and b.json have no governor: unknown, not listed.
assert sorted(v["value"] for v in g) == ["performance", "powersave"], g
assert not any(k[1] == "host.hostname" for k in m), m
PY
ok
# An MPI report (ranks > 1) beside single-host ones: a machine mismatch.
craft "$T/a.json" "$T/mpi.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:10Z"
r["ranks"] = 4'
compare -f json "$T/a.json" "$T/mpi.json" -- "$T/b.json"
expect_rc 0 "mpi beside single-host"
expect_err "machine ranks differs: 1 ($T/a.json), 4 ($T/mpi.json)" "mpi warning"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["mismatches"]
assert any(x["kind"] == "machine" and x["field"] == "ranks" for x in m), m
' "$T/out" || fail "ranks mismatch"
ok
craft "$T/a.json" "$T/g.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:03Z"
r["host"]["governor"] = "performance"'
compare -f json "$T/a.json" "$T/g.json"
expect_rc 0 "one governor known"
grep -q governor "$T/out" && fail "a missing governor is not a mismatch"
ok

# Energy and warnings carried to each -j row: means of the runs' energy
# (null unless every run of the row has one), the kinds of warning.
craft "$T/a.json" "$T/e.json" '
for i, x in enumerate(r["runs"]):
    j = 10.0 * x["jobs"] + i % 2
    x["energy"] = {"joules": j, "watts": j / 2,
                   "joules_per_gpoint": j / r["task"]["points"] * 1e9,
                   "domains": None, "null_reasons": {"domains": "crafted"}}
    x["warnings"] = []
r["runs"][0]["energy"] = {"joules": None, "watts": None,
                          "joules_per_gpoint": None, "domains": None,
                          "null_reasons": {k: "crafted" for k in ("joules",
                              "watts", "joules_per_gpoint", "domains")}}
w = [x for x in r["runs"] if x["jobs"] == 2][0]
w["warnings"] = [{"kind": "uneven_progress", "message": "crafted"}]'
compare -f json "$T/e.json"
expect_rc 0 "energy and warnings"
python3 - "$T/out" "$T/e.json" <<'PY' || fail "energy and warnings per -j"
import json, statistics, sys
c = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
rows = {x["jobs"]: x for x in c["sets"][0]["rows"]}
assert rows[1]["joules"] is None and rows[1]["watts"] is None, rows[1]
js = [x["energy"]["joules"] for x in r["runs"] if x["jobs"] == 2]
assert abs(rows[2]["joules"] - statistics.mean(js)) < 1e-9, rows[2]
assert abs(rows[2]["watts"] - statistics.mean(js) / 2) < 1e-9, rows[2]
assert abs(rows[2]["joules_per_gpoint"] - statistics.mean(js) /
           r["task"]["points"] * 1e9) < 1e-6, rows[2]
assert rows[2]["warnings"] == ["uneven_progress"], rows[2]
assert rows[1]["warnings"] == [], rows[1]
PY
ok
# The same in text, below the set's table; the reason of a report without.
compare "$T/e.json"
grep -q "^energy  *n/a (crafted)" "$T/out" ||
    fail "text: energy of a set with one run unmeasured: $(cat "$T/out")"
grep -q "^warnings  *-j 2: uneven_progress" "$T/out" ||
    fail "text: warnings per -j: $(cat "$T/out")"
ok

# Different tasks are refused, unless allowed.
craft "$T/a.json" "$T/t.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:04Z"
r["task"]["expression"] = "x*y"'
compare "$T/a.json" "$T/t.json"
expect_rc 2 "different tasks"
expect_err "are reports of different tasks" "different tasks message"
compare -f json --allow-different-tasks "$T/a.json" -- "$T/t.json"
expect_rc 0 "different tasks allowed"
grep -q '"task.expression"' "$T/out" || fail "task mismatch not listed"
ok

# Bad input: each names the file and what is wrong, exit 2.
# bad WANT ARGS...: pint compare ARGS fails with WANT on one line.
bad() {
	want=$1
	shift
	compare "$@"
	expect_rc 2 "compare $*" && expect_err "$want" "compare $*"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "compare $*: not one line"
}
head -c 700 "$T/a.json" >"$T/trunc.txt"
printf '{"schema_version": 99, "runs": []}\n' >"$T/v99.txt"
printf 'expression: x\n' >"$T/task.txt"
printf '{{{{\n' >"$T/junk.txt"
: >"$T/empty.txt"
craft "$T/a.json" "$T/nowall.txt" 'del r["runs"][1]["timing"]["wall_s"]'
bad "compare: no report files given"
bad "$T/trunc.txt: truncated report" "$T/trunc.txt"
bad "$T/v99.txt: unknown schema_version 99" "$T/v99.txt"
bad "$T/task.txt: not a pint report: not a JSON object (it begins with 'e'" \
    "$T/task.txt"
printf '{"task": {"expression": "x"}}\n' >"$T/nosv.txt"
bad "$T/nosv.txt: not a pint report (no schema_version)" "$T/nosv.txt"
# What YAML would take but JSON is not, each said exactly.
python3 - "$T" <<'PY' || fail "crafting bad JSON"
import sys
t = sys.argv[1]
s = open(t + "/a.json").read()
open(t + "/u16.txt", "wb").write(s.encode("utf-16"))
open(t + "/hash.txt", "w").write(s.replace("{", "{ # a comment\n", 1))
open(t + "/trail.txt", "w").write(s + "garbage")
open(t + "/nul.txt", "w").write(s + "\0")
open(t + "/deep.txt", "w").write(s.rstrip()[:-1] + ', "x": [[[[[[[[1]]]]]]]]}')
PY
bad "$T/u16.txt: not a pint report: UTF-16 or UTF-32 text" "$T/u16.txt"
bad "$T/hash.txt: not a pint report: a '#' comment at line 1" "$T/hash.txt"
bad "$T/trail.txt: not a pint report: data after the JSON object" \
    "$T/trail.txt"
bad "$T/nul.txt: not a pint report: a NUL byte after the JSON object" \
    "$T/nul.txt"
bad "$T/deep.txt: not a pint report: JSON nested deeper than 8 levels" \
    "$T/deep.txt"
# /dev/zero is refused at its first byte, not read to the size limit.
bad "/dev/zero: not a pint report: a NUL byte" /dev/zero
# More runs a -j value than compare takes (its interval sorts n x m
# pairs): refused, not minutes of work.
python3 - "$T/a.json" "$T/many.json" <<'PY' || fail "crafting many runs"
import copy, json, sys
r = json.load(open(sys.argv[1]))
one = r["runs"][0]
r["runs"] = []
for k in range(2001):
    x = copy.deepcopy(one)
    x["repeat"] = k + 1
    x["timing"]["wall_s"] = 1 + k * 1e-6
    r["runs"].append(x)
json.dump(r, open(sys.argv[2], "w"))
PY
bad "set A: 2001 runs at -j 1, more than the 2000 a -j value" "$T/many.json"
# A second -- is no file name.
bad "compare: --: given twice" "$T/a.json" -- "$T/b.json" -- "$T/a2.json"
bad "$T/junk.txt" "$T/junk.txt"
bad "$T/empty.txt: empty" "$T/empty.txt"
printf ' \n\t\r\n' >"$T/white.txt"
bad "$T/white.txt: empty (white space only)" "$T/white.txt"
bad "$T/nowall.txt: runs[1].timing.wall_s: missing" "$T/nowall.txt"
# Times that no run measures are refused, never left out (n would
# change) nor computed with (1e300 s gives infinities).
for t in "compute_s 0 0 is not a time" "compute_s -1 -1 is not a time" \
    "compute_s '"'"'x'"'"' not a number" "compute_s None not a number" \
    "compute_s del missing" "wall_s 1e300 1e+300 is not a time" \
    "wall_s 1e-320 1e-320 is not a time"; do
	# shellcheck disable=SC2086
	set -- $t
	field=$1 value=$2
	shift 2
	if [ "$value" = del ]; then
		py='del r["runs"][2]["timing"]["'$field'"]'
	else
		py='r["runs"][2]["timing"]["'$field'"] = '$value
	fi
	craft "$T/a.json" "$T/time.txt" "$py"
	bad "$T/time.txt: runs[2].timing.$field: $*" "$T/time.txt"
done
bad "$T/none.json: No such file" "$T/none.json"
bad "$T/ab.json: a pint compare output" "$T/ab.json"
bad "give report files on both sides" "$T/a.json" --
bad "a third set" "$T/a2.json" "$T/b.json" "$T/r1.json"
bad "-f: expected text, json, csv or markdown" -f xml "$T/a.json"
bad "--alpha: expected a level" --alpha 1 "$T/a.json"
bad "standard input given twice" - - <"$T/a.json"
bad "compare: --plot: the name must end in .png or .svg" --plot '' "$T/a.json"

# One report given twice is refused, however it is named: its runs would
# count twice (3 and 3 runs, not significant, would become 6 and 6).
cp "$T/a3.json" "$T/copy3.json"
ln -s "$T/a3.json" "$T/sym3.json"
ln "$T/a3.json" "$T/hard3.json"
bad "a3.json and $T/a3.json are the same file" "$T/a3.json" "$T/a3.json" \
    -- "$T/b3.json"
bad "a3.json and $T/./a3.json are the same file" "$T/a3.json" \
    "$T/./a3.json" -- "$T/b3.json"
bad "a3.json and $T/sym3.json are the same file" "$T/a3.json" \
    "$T/sym3.json" -- "$T/b3.json"
bad "a3.json and $T/hard3.json are the same file" "$T/a3.json" \
    "$T/hard3.json" -- "$T/b3.json"
bad "a3.json and $T/a3.json are the same file" "$T/a3.json" "$T/b3.json" \
    -- "$T/a3.json"
bad "and /dev/stdin are the same file" - /dev/stdin <"$T/a3.json"
# Its output appended to a report it reads (>>) is refused before a byte
# is written, the report kept whole; standard input's file too.
cp "$T/a3.json" "$T/app3.json"
"$PINT" compare "$T/app3.json" >>"$T/app3.json" 2>"$T/err"
RC=$?
expect_rc 2 "compare FILE >>FILE" && expect_err \
    "compare: standard output: the same file as report $T/app3.json, which it would overwrite" \
    "compare FILE >>FILE"
"$PINT" compare - <"$T/app3.json" >>"$T/app3.json" 2>"$T/err"
RC=$?
expect_rc 2 "compare - <FILE >>FILE" && expect_err \
    "compare: standard output: the same file as report -" "compare - <FILE >>FILE"
cmp -s "$T/a3.json" "$T/app3.json" || fail "compare FILE >>FILE: FILE changed"
bad "a3.json runs[0] and $T/copy3.json runs[0] are the same run (-j 1, repeat 1" \
    "$T/a3.json" "$T/copy3.json" -- "$T/b3.json"
# Two sets of one label, split by --, are named by their letters.
compare "$T/a2.json" -- "$T/b.json"
expect_rc 0 "labels fast and slow"
craft "$T/b.json" "$T/bfast.json" 'r["label"] = "fast"'
compare "$T/a2.json" -- "$T/bfast.json"
expect_rc 0 "one label on both sides"
grep -q "B = B over A = A" "$T/out" || fail "one label: $(head -n 4 "$T/out")"
ok

# One label on two hosts (or builds) is refused, not pooled into a set.
craft "$T/b.json" "$T/bhost.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:06Z"
r["host"]["hostname"] = "elsewhere"'
bad "b.json and $T/bhost.json have one label (slow) but ran on other hosts" \
    "$T/a2.json" "$T/b.json" "$T/bhost.json"
craft "$T/b.json" "$T/bbuild.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:07Z"
r["provenance"]["cflags"] = "-O3"'
bad "b.json and $T/bbuild.json have one label (slow) but ran on other" \
    "$T/a2.json" "$T/b.json" "$T/bbuild.json"
# Split by --, they are one set as asked, the difference listed.
compare "$T/a2.json" -- "$T/b.json" "$T/bbuild.json"
expect_rc 0 "one label, two builds, split by --"
expect_err "build provenance.cflags differs" "one label, two builds"
ok

# A label's control characters are escaped in text and Markdown, as the
# run report escapes a task's text; --label counts characters, not bytes.
craft "$T/b.json" "$T/besc.json" 'r["label"] = "new\nline\x1b[31mred"'
compare "$T/a2.json" "$T/besc.json"
expect_rc 0 "control characters in a label"
grep -q 'B = new\\x0aline\\x1b\[31mred over A = fast' "$T/out" ||
    fail "text: label escaped: $(head -n 5 "$T/out")"
LC_ALL=C grep -q "$(printf '\033')" "$T/out" && fail "text: raw ESC"
compare -f markdown "$T/a2.json" "$T/besc.json"
LC_ALL=C grep -q "$(printf '\033')" "$T/out" && fail "markdown: raw ESC"
grep -q 'B = new\\\\x0aline' "$T/out" ||
    fail "markdown: label escaped: $(head -n 2 "$T/out")"
ok
e101=$(python3 -c 'print("\u00e9" * 101, end="")')
e201=$(python3 -c 'print("\u00e9" * 201, end="")')
run_pint -j 1 -e x -d x=0:1 -n 10 -q -f json --label "$e101"
expect_rc 0 "--label of 101 two-byte characters"
run_pint -j 1 -e x -d x=0:1 -n 10 -q -f json --label "$e201"
expect_rc 2 "--label of 201 characters"
run_pint -j 1 -e x -d x=0:1 -n 10 -q -f json --label "$(printf 'a\033b')"
expect_rc 2 "--label with ESC"
# C1 controls (U+0085, U+009B, a CSI a terminal obeys) are refused as DEL
# is, and so are a bidirectional override and bytes that are not UTF-8.
for l in 'a\302\205b' 'a\302\233b' 'a\177b' 'a\342\200\256b' 'a\377b'; do
	run_pint -j 1 -e x -d x=0:1 -n 10 -q -f json --label "$(printf "$l")"
	expect_rc 2 "--label $l" &&
	    expect_err "--label: expected a name of 1 to 200 characters" \
	    "--label $l: message"
done
# A report's label in compare's CSV is escaped as in text: no raw ESC,
# no line break inside the cell.
compare -f csv "$T/besc.json"
expect_rc 0 "csv: control characters in a label"
LC_ALL=C grep -q "$(printf '\033')" "$T/out" && fail "csv: raw ESC"
grep -q '^new\\x0aline\\x1b\[31mred,' "$T/out" ||
    fail "csv: label escaped: $(cat "$T/out")"
ok
# Markdown escapes markup in a label and a report's file name on every
# line, the warning and outlier lines too: an outlier in a set labelled
# with HTML, in a file whose name has markup, and a -j value only it ran.
craft "$T/a.json" "$T/<b>x*_\`.json" '
r["label"] = "<img src=x onerror=alert(1)>**b**"
r["provenance"]["start_time"] = "2026-01-01T00:00:05Z"
r["runs"][2]["timing"]["wall_s"] *= 3'
craft "$T/a2.json" "$T/a2j1.json" 'r["runs"] = r["runs"][:6]'
compare -f markdown "$T/a2j1.json" "$T/<b>x*_\`.json"
expect_rc 0 "markdown: markup in a label and a file name"
python3 - "$T/out" <<'PY' || fail "markdown: markup not escaped: $(cat "$T/out")"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
notes = [l for l in lines if l.startswith("- ")]
assert any(l.startswith("- outlier: ") for l in notes), notes
assert any(l.startswith("- warning: ") for l in notes), notes
for l in lines:
    # Every < > * ` is escaped by a backslash (pint's own text has none).
    assert not re.search(r"(?<!\\)[<>*`]", l), l
PY
ok
# One run is "1 run".
craft "$T/a.json" "$T/one.json" 'r["runs"] = r["runs"][:1]'
compare "$T/one.json"
grep -q "1 report, 1 run: " "$T/out" || fail "1 run: $(sed -n 2p "$T/out")"
ok

# Sets that share no -j value: nothing to compare, exit 2; a -j value
# that one set ran has that set's compute median all the same.
craft "$T/b.json" "$T/b1.json" 'r["runs"] = r["runs"][:6]'
craft "$T/a.json" "$T/a1.json" '
r["provenance"]["start_time"] = "2026-01-01T00:00:05Z"
r["runs"] = r["runs"][6:]'
bad "sets slow and B share no -j value: nothing to compare" "$T/b1.json" -- \
    "$T/a1.json"
compare -f json "$T/a.json" -- "$T/b1.json"
expect_rc 0 "a -j value in one set"
python3 - "$T/out" <<'PY' || fail "compute median of a -j value one set ran"
import json, sys
c = json.load(open(sys.argv[1]))
row = [x for x in c["comparison"] if x["jobs"] == 2][0]
a, b = row["sets"]
assert abs(a["compute_median_s"] - (0.6 * 1.025 - 0.01)) < 1e-9, a
assert b["runs"] == 0 and b["compute_median_s"] is None, b
PY
ok

# CSV and Markdown.
compare -f csv "$T/a.json" -- "$T/b.json"
expect_rc 0 "csv"
head -n 1 "$T/out" | grep -q "^jobs,runs_a,median_s_a,runs_b,median_s_b,ratio,ci_low,ci_high,p_value,significant," ||
    fail "csv header: $(head -n 1 "$T/out")"
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "csv: one line a -j value"
ok
compare -f markdown "$T/a.json" -- "$T/b.json"
expect_rc 0 "markdown"
grep -q "^| 1 | 6 |" "$T/out" || fail "markdown table: $(cat "$T/out")"
ok

# --plot: one set's scaling, as a sweep's.
if command -v gnuplot >/dev/null; then
	compare --plot "$T/loop.svg" "$T/r1.json" "$T/r2.json"
	expect_rc 0 "plot"
	grep -q "<svg" "$T/loop.svg" || fail "plot: no SVG"
	ok
fi
bad "--plot draws the scaling of one set" --plot "$T/x.svg" "$T/a.json" \
    -- "$T/b.json"
# A rerun of a finished journal timed nothing (wall 0): refused, saying
# why, not as "0 is not a time pint measures".
# shellcheck disable=SC2086
run_pint -j 1 $TASK --checkpoint "$T/c13.j" -f json
expect_rc 0 "journal, first run"
# shellcheck disable=SC2086
run_pint -j 1 $TASK --checkpoint "$T/c13.j" -f json
expect_rc 0 "journal, rerun" && cp "$T/out" "$T/resumed.json"
compare "$T/resumed.json"
expect_rc 2 "compare a run resumed whole" &&
    expect_err "every chunk came from the --checkpoint journal" \
    "resumed whole"


# A signal while compare waits for a FIFO's writer, then while it reads
# one: it ends by that signal, naming it and what it waited for, once.
mkfifo "$T/cf"
"$PINT" compare "$T/cf" >"$T/out" 2>"$T/err" &
pid=$!
wait_wchan "$pid" 'wait_for_partner|fifo_open' ||
    fail "compare FIFO: never waited for a writer"
kill -TERM "$pid"
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM while compare waits for a writer" &&
    expect_err "compare: $T/cf: pint got SIGTERM while it waited for a writer to open it" \
    "SIGTERM while compare waits for a writer"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "compare FIFO open: not one line"
sleep 600 >"$T/cf" &
writer=$!
"$PINT" compare "$T/cf" >"$T/out" 2>"$T/err" &
pid=$!
wait_wchan "$pid" 'pipe_read|pipe_wait' ||
    fail "compare FIFO: never waited in a read"
kill -TERM "$pid"
wait "$pid"
RC=$?
kill "$writer" 2>/dev/null
expect_rc 143 "SIGTERM while compare reads a FIFO" &&
    expect_err "compare: $T/cf: pint got SIGTERM while it read" \
    "SIGTERM while compare reads a FIFO"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "compare FIFO read: not one line"

# stream_signal WHAT START: compare - reading a pipe that never pauses:
# START, 8 MiB of WHAT's byte, then WHAT's lines without end. Once the
# 8 MiB are sent (compare has read all but a pipe's buffer of them), the
# writer sends SIGTERM: it ends compare by that signal; not the 256 MiB
# limit, nor white space scanned from the start on every read (quadratic).
mkfifo "$T/sf"
stream_signal() {
	"$PINT" compare - <"$T/sf" >"$T/out" 2>"$T/err" &
	pid=$!
	{
		printf '%s' "$2"
		head -c 8388608 /dev/zero | tr '\0' "$1"
		kill -TERM "$pid"
		yes "$1"
	} 2>/dev/null >"$T/sf" &
	writer=$!
	wait_gone "$pid" 600 || { kill -KILL "$pid"; fail "compare - of \
endless '$1': SIGTERM ignored"; }
	wait "$pid"
	RC=$?
	wait "$writer"
	expect_rc 143 "SIGTERM while compare reads endless '$1'" &&
	    expect_err "compare: -: pint got SIGTERM while it read" \
	    "SIGTERM while compare reads endless '$1'"
}
stream_signal ' ' ''
stream_signal a '{"a":"'

# A signal while compare parses a large report (300 runs) stops the parse:
# it ends by that signal at once, naming the report it was parsing, once.
python3 - "$T/r1.json" "$T/big.json" <<'PY' || fail "big report"
import json, sys
r = json.load(open(sys.argv[1]))
r["runs"] = r["runs"] * 100
json.dump(r, open(sys.argv[2], "w"), indent=2)
PY
PINT_TEST_STOP_AT=parse "$PINT_HOOKS" compare -q "$T/big.json" "$T/r2.json" \
    >"$T/out" 2>"$T/err" &
pid=$!
wait_stopped "$pid" "a parse"
kill -TERM "$pid"
kill -CONT "$pid"
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM while compare parses" &&
    expect_err "compare: $T/big.json: pint got SIGTERM while it read" \
    "SIGTERM while compare parses: message"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "compare parse: not one line: $(cat "$T/err")"

finish
