#!/bin/sh
# The fingerprint: every host and run field present, or null with its
# reason, on this machine and on a fake /sys and /proc tree (the test
# build's PINT_TEST_ROOT); energy from a fake RAPL counter; the warnings
# of uneven workers (PINT_TEST_SLOW_WORKER) and of a frequency spread.
. "$(dirname "$0")/lib.sh"

TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 300 -q"

# This machine: the fields there, each null with a reason (validate.py,
# run by finish over every report, checks the reasons).
# shellcheck disable=SC2086
run_pint -j 1,2 $TASK -f json
expect_rc 0 "json on this machine"
python3 - "$T/out" <<'PY' || fail "fingerprint fields on this machine"
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("governor", "cpufreq_driver", "turbo", "smt_active",
          "smt_siblings_usable", "isolcpus", "nohz_full",
          "transparent_hugepages", "aslr", "cgroup_cpu_quota", "hypervisor"):
    assert k in r["host"], k
for run in r["runs"]:
    assert "loadavg_1m" in run["conditions"]
    assert "joules" in run["energy"]
    assert isinstance(run["warnings"], list)
for row in r["sweep"]:
    assert "joules_per_gpoint" in row and isinstance(row["warnings"], list)
PY
ok
# shellcheck disable=SC2086
run_pint -j 1 $TASK
expect_rc 0 "text on this machine"
for label in tuning conditions energy; do
	grep -q "^$label " "$T/out" || fail "text report lacks a $label line"
	ok
done

# A fake tree: two CPUs at different frequencies and governors, a
# thermal zone, a RAPL package domain, and the rest.
F=$T/fake
mk() {
	mkdir -p "$(dirname "$F/$1")"
	printf '%s\n' "$2" >"$F/$1"
}
for c in 0 1; do
	mk sys/devices/system/cpu/cpu$c/cpufreq/scaling_driver acpi-cpufreq
	mk sys/devices/system/cpu/cpu$c/topology/thread_siblings_list "$c"
done
mk sys/devices/system/cpu/cpu0/cpufreq/scaling_governor performance
mk sys/devices/system/cpu/cpu1/cpufreq/scaling_governor powersave
mk sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq 3000000
mk sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq 2000000
mk sys/devices/system/cpu/cpufreq/boost 1
mk sys/devices/system/cpu/smt/active 0
mk sys/devices/system/cpu/isolated ""
mk sys/devices/system/cpu/nohz_full "(null)"
mk sys/kernel/mm/transparent_hugepage/enabled "[always] madvise never"
mk sys/class/thermal/thermal_zone0/temp 52000
mk sys/class/powercap/intel-rapl:0/name package-0
mk sys/class/powercap/intel-rapl:0/energy_uj 1000
mk sys/class/powercap/intel-rapl:0/max_energy_range_uj 262143328850
mk proc/sys/kernel/randomize_va_space 2
mk proc/loadavg "0.75 0.50 0.25 3/200 4242"
mk proc/meminfo "MemAvailable:    123456 kB"
mk proc/cpuinfo "flags		: fpu sse2"

if [ "$(nproc)" -ge 2 ] && taskset -c 0,1 true 2>/dev/null; then
	# Pinned to CPUs 0 and 1: each worker reads its own CPU's frequency.
	# shellcheck disable=SC2086
	PINT_TEST_ROOT=$F taskset -c 0,1 "$PINT_HOOKS" -j 2 --pin $TASK \
	    -f json >"$T/out" 2>"$T/err"
	RC=$?
	keep_json "$T/out"
	expect_rc 0 "fake tree"
	python3 - "$T/out" <<'PY' || fail "fingerprint from the fake tree"
import json, sys
r = json.load(open(sys.argv[1]))
h = r["host"]
assert h["governor"] == "performance on 1, powersave on 1", h["governor"]
assert h["cpufreq_driver"] == "acpi-cpufreq"
assert h["turbo"] is True and h["smt_active"] is False
assert h["smt_siblings_usable"] == 0
assert h["isolcpus"] == "" and h["nohz_full"] == ""
assert h["transparent_hugepages"] == "always" and h["aslr"] == 2
assert h["hypervisor"] is False
assert set(h["null_reasons"]) <= {"cgroup_cpu_quota", "sockets",
    "cores_per_socket", "threads_per_core", "numa_nodes"}, h["null_reasons"]
run = r["runs"][0]
c = run["conditions"]
assert c["loadavg_1m"] == 0.75 and c["runnable_threads"] == 2
assert c["memory_available_kib"] == 123456
assert c["thermal_min_c"] == 52 and c["thermal_max_c"] == 52
freq = {f["cpu"]: f["mean"] for f in c["cpu_freq_mhz"]}
assert freq == {0: 3000, 1: 2000}, freq
assert c["freq_spread"] == 1.5
assert "cpu_freq_mhz" not in c["null_reasons"]
assert [w["kind"] for w in run["warnings"]].count("freq_spread") == 1
e = run["energy"]
assert e["joules"] == 0 and e["domains"][0]["name"] == "package-0"
assert e["null_reasons"] == {}, e
PY
	ok
	# pint (not the test build) reads the real /sys whatever the hook.
	# shellcheck disable=SC2086
	PINT_TEST_ROOT=$F run_pint -j 1 $TASK -f json
	expect_rc 0 "installed pint ignores PINT_TEST_ROOT"
	grep -q '"loadavg_1m": 0.75,' "$T/out" &&
	    fail "the installed pint read PINT_TEST_ROOT"
	ok
fi

# FIFOs where a thermal zone's temp and a RAPL counter's energy_uj are:
# opening one for reading would wait for a writer for ever. They are
# refused as not regular files, null with that reason, in a run and in
# pint check (the time limit is a generous bound, not a wait).
FF=$T/fifo
mkdir -p "$FF/sys/class/thermal/thermal_zone0" "$FF/proc" \
    "$FF/sys/class/powercap/intel-rapl:0" \
    "$FF/sys/devices/system/cpu/cpu0/topology"
mkfifo "$FF/sys/class/thermal/thermal_zone0/temp" \
    "$FF/sys/class/powercap/intel-rapl:0/energy_uj" \
    "$FF/sys/devices/system/cpu/cpu0/topology/physical_package_id" \
    "$FF/proc/cpuinfo"
# shellcheck disable=SC2086
PINT_TEST_ROOT=$FF timeout -s KILL 300 "$PINT_HOOKS" -j 1 $TASK -f json \
    >"$T/out" 2>"$T/err"
RC=$?
keep_json "$T/out"
expect_rc 0 "FIFOs in /sys"
python3 - "$T/out" <<'PY' || fail "FIFOs: $(cat "$T/out")"
import json, sys
r = json.load(open(sys.argv[1]))
run = r["runs"][0]
why = run["conditions"]["null_reasons"]["thermal_min_c"]
assert "no thermal zone's temp could be read" in why, why
assert "not a regular file" in run["energy"]["null_reasons"]["joules"], run
# The topology null, never without its reason.
h = r["host"]
assert h["sockets"] is None and h["cpu_model"] == "unknown", h
for k in ("sockets", "cores_per_socket", "threads_per_core"):
    assert "physical_package_id: not a regular file" in h["null_reasons"][k], h
assert "numa_nodes" in h["null_reasons"], h
PY
ok
PINT_TEST_ROOT=$FF timeout -s KILL 300 "$PINT_HOOKS" check >"$T/out" 2>"$T/err"
RC=$?
[ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] || fail "check with FIFOs: exit $RC"
ok

# Hostile strings in /sys: control bytes, a bidi override, a byte that
# is not UTF-8. The text report, pint check and pint compare escape
# them as they escape the rest, and print no raw control byte.
H=$T/hostile
for c in 0 1; do
	mkdir -p "$H/sys/devices/system/cpu/cpu$c/cpufreq"
	printf 'perf\033[31mRED\n\nsecond' \
	    >"$H/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
	printf 'x\342\200\256evil\377' \
	    >"$H/sys/devices/system/cpu/cpu$c/cpufreq/scaling_driver"
done
printf '\033]0;pwn\007 1-3' >"$H/sys/devices/system/cpu/nohz_full"
mkdir -p "$H/proc"
# no_raw WHAT: $T/out holds no ESC, BEL or U+202E.
no_raw() {
	if LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/out" ||
	    grep -q "$(printf '\342\200\256')" "$T/out"; then
		fail "$1: a raw control byte: $(od -c "$T/out" | head -5)"
	fi
	ok
}
# shellcheck disable=SC2086
PINT_TEST_ROOT=$H run_hooked -j 1 $TASK
expect_rc 0 "hostile strings"
no_raw "text report"
grep -qF 'governor perf\x1b[31mRED\x0a\x0asecond, driver x\u202eevil\xff' \
    "$T/out" || fail "text: not escaped: $(grep tuning "$T/out")"
grep -qF 'nohz_full \x1b]0;pwn\x07 1-3' "$T/out" ||
    fail "text: nohz_full not escaped: $(grep tuning "$T/out")"
ok
PINT_TEST_ROOT=$H run_hooked check
no_raw "pint check"
grep -qF 'governor perf\x1b[31mRED\x0a\x0asecond, not performance' \
    "$T/out" || fail "check: not escaped: $(cat "$T/out")"
ok
# shellcheck disable=SC2086
PINT_TEST_ROOT=$H run_hooked -j 1 $TASK -f json
cp "$T/out" "$T/hostile.json"
# shellcheck disable=SC2086
PINT_TEST_ROOT=$F run_hooked -j 1 $TASK -f json
cp "$T/out" "$T/plain.json"
run_pint compare "$T/hostile.json" "$T/plain.json"
no_raw "pint compare"
grep -qF 'host.governor differs: perf\x1b[31mRED' "$T/out" ||
    fail "compare: no escaped mismatch: $(cat "$T/out")"
ok

# An empty tree: every field null with a reason (validate.py checks).
mkdir -p "$T/empty/sys" "$T/empty/proc"
# shellcheck disable=SC2086
PINT_TEST_ROOT=$T/empty run_hooked -j 1 $TASK -f json
expect_rc 0 "empty tree"
python3 - "$T/out" <<'PY' || fail "nulls from an empty tree"
import json, sys
r = json.load(open(sys.argv[1]))
fp = ["governor", "cpufreq_driver", "turbo", "smt_active",
      "smt_siblings_usable", "isolcpus", "nohz_full",
      "transparent_hugepages", "aslr", "hypervisor"]
assert all(r["host"][k] is None for k in fp), r["host"]
c = r["runs"][0]["conditions"]
assert c["loadavg_1m"] is None and "loadavg" in c["null_reasons"]["loadavg_1m"]
assert r["runs"][0]["energy"]["joules"] is None
PY
ok

# One worker at a quarter speed: the CPUs were not equally available. The
# task (9e8 points, 0.7 s here) leaves each worker busy well over the
# 50 ms and 4 chunks the warning needs, even on a much faster machine
# (at 1.4e8 points one loaded run here gave a worker too little).
PINT_TEST_SLOW_WORKER=2 run_hooked -j 2 -e 'sin(x)*cos(y)' -d x=0:1 \
    -d y=0:1 -n 30000 -f json
expect_rc 0 "slow worker"
expect_err "the CPUs were not equally available" "slow worker warned"
python3 - "$T/out" <<'PY' || fail "uneven_progress in the report"
import json, sys
r = json.load(open(sys.argv[1]))
w = [x for x in r["runs"][0]["warnings"] if x["kind"] == "uneven_progress"]
assert len(w) == 1 and "not equally available" in w[0]["message"], w
# Named by pid too: a replacement takes its worker's index.
pids = [str(x["pid"]) for x in r["runs"][0]["workers"]]
assert sum(("(pid %s)" % p) in w[0]["message"] for p in pids) == 2, w
PY
ok
# A sweep carries it to its -j row.
PINT_TEST_SLOW_WORKER=2 run_hooked -j 1,2 -e 'sin(x)*cos(y)' -d x=0:1 \
    -d y=0:1 -n 30000 -f csv --summary
expect_rc 0 "slow worker sweep"
python3 - "$T/out" <<'PY' || fail "uneven_progress in the sweep"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert "uneven_progress" not in rows[0]["warnings"], rows[0]["warnings"]
assert "uneven_progress" in rows[1]["warnings"].split(";"), rows[1]
PY
ok

finish
