#!/bin/sh
# HPC manners: the default -j and its rule, warnings and refusals, --pin,
# the progress bar only on a terminal.
. "$(dirname "$0")/lib.sh"

# taskset (util-linux) and script (bsdutils) drive half of these checks:
# without them the test is a skip that shows, not a quiet pass.
for tool in taskset script; do
	command -v "$tool" >/dev/null || {
		echo "hpc.sh: $tool is missing (setup.sh installs it)"
		exit 77
	}
done

TASK="-e x*y -d x=0:1 -d y=0:1 -n 200"
field() {
	python3 -c "import json,sys; r=json.load(open('$T/out')); print(r$1)"
}

# shellcheck disable=SC2086
SLURM_CPUS_PER_TASK=1 run_pint $TASK -f json
expect_rc 0 "slurm"
[ "$(field "['runs'][0]['jobs']")" = 1 ] && [ "$(field "['jobs_source']")" = SLURM_CPUS_PER_TASK ] ||
    fail "SLURM_CPUS_PER_TASK not used: $(field "['jobs_source']")"
ok

if command -v taskset >/dev/null; then
	taskset -c 0 "$PINT" $TASK -f json >"$T/out" 2>"$T/err"
	[ "$(field "['runs'][0]['jobs']")" = 1 ] && [ "$(field "['jobs_source']")" = affinity ] ||
	    fail "affinity rule: $(field "['runs'][0]['jobs']") $(field "['jobs_source']")"
	ok
	taskset -c 0 "$PINT" $TASK -j 5 -f json >"$T/out" 2>"$T/err"
	[ $? -eq 2 ] || fail "-j 5 on 1 CPU not refused"
	grep -q -- "--force" "$T/err" || fail "refusal does not mention --force"
	taskset -c 0 "$PINT" $TASK -j 5 --force -f json >"$T/out" 2>"$T/err"
	[ $? -eq 0 ] || fail "--force did not run"
	# One about the shared CPUs (besides the one that the run is short).
	[ "$(grep warning "$T/err" | grep -vc "too short to benchmark")" -eq 1 ] ||
	    fail "want exactly one warning: $(cat "$T/err")"
	ok
	# Slurm cannot overcommit: the least of Slurm, affinity and cgroup,
	# with one warning that they disagree.
	# shellcheck disable=SC2086
	SLURM_CPUS_PER_TASK=24 taskset -c 0 "$PINT" $TASK -f json \
	    >"$T/out" 2>"$T/err"
	[ $? -eq 0 ] || fail "SLURM_CPUS_PER_TASK=24 under taskset: $(cat "$T/err")"
	[ "$(field "['runs'][0]['jobs']")" = 1 ] &&
	    [ "$(field "['host']['cpus_usable']")" = 1 ] &&
	    [ "$(field "['jobs_source']")" = affinity ] ||
	    fail "SLURM_CPUS_PER_TASK=24 on 1 CPU: $(field "['runs'][0]['jobs']") workers"
	[ "$(grep -c "usable CPUs disagree (SLURM_CPUS_PER_TASK 24, affinity 1)" "$T/err")" -eq 1 ] ||
	    fail "disagreement not said once: $(cat "$T/err")"
	ok
fi

# A Slurm variable that is not a count is a warning naming it, not an
# error blamed on -j; a huge one is capped by the machine.
for v in abc 0 -3 ""; do
	# shellcheck disable=SC2086
	SLURM_CPUS_PER_TASK=$v run_pint $TASK -f json
	expect_rc 0 "SLURM_CPUS_PER_TASK='$v'" || continue
	expect_err "SLURM_CPUS_PER_TASK=" "SLURM_CPUS_PER_TASK='$v': warning"
	[ "$(field "['jobs_source']")" != SLURM_CPUS_PER_TASK ] ||
	    fail "SLURM_CPUS_PER_TASK='$v' was used"
done
# shellcheck disable=SC2086
SLURM_CPUS_PER_TASK=100000 run_pint $TASK -f json
expect_rc 0 "SLURM_CPUS_PER_TASK=100000"
grep -q -- "-j 100000" "$T/err" && fail "SLURM_CPUS_PER_TASK=100000 blamed on -j"
[ "$(field "['host']['cpus_usable']")" -le "$(getconf _NPROCESSORS_ONLN)" ] ||
    fail "SLURM_CPUS_PER_TASK=100000 raised the usable CPUs"
ok
# srun -n 4 without MPI: four independent copies, said so.
# shellcheck disable=SC2086
SLURM_NTASKS=4 SLURM_JOB_ID=77 run_pint $TASK -f json
expect_rc 0 "SLURM_NTASKS=4"
expect_err "SLURM_NTASKS=4: srun started 4 independent copies" "SLURM_NTASKS warning"
[ "$(field "['provenance']['slurm_job_id']")" = 77 ] &&
    [ "$(field "['provenance']['slurm_ntasks']")" = 4 ] ||
    fail "Slurm ids not in the provenance"
ok

mkdir -p "$T/cg/a"
echo "0::/a" >"$T/self"
echo "max 100000" >"$T/cg/cpu.max"
echo "100000 100000" >"$T/cg/a/cpu.max"
# shellcheck disable=SC2086
PINT_CGROUP_ROOT="$T/cg" PINT_PROC_SELF_CGROUP="$T/self" run_hooked $TASK -f json
[ "$(field "['runs'][0]['jobs']")" = 1 ] && [ "$(field "['jobs_source']")" = cgroup ] ||
    fail "cgroup rule: $(field "['runs'][0]['jobs']") $(field "['jobs_source']")"
ok

# A quota that is no finite count of CPUs ("inf", 1e308) is no quota:
# not the rule, not in a warning.
for q in "inf 100000" "1e308 1" "nan"; do
	echo "$q" >"$T/cg/a/cpu.max"
	# shellcheck disable=SC2086
	PINT_CGROUP_ROOT="$T/cg" PINT_PROC_SELF_CGROUP="$T/self" run_hooked $TASK -f json
	expect_rc 0 "cgroup quota '$q'" || continue
	[ "$(field "['jobs_source']")" != cgroup ] ||
	    fail "cgroup quota '$q' was taken for a limit"
	grep -q "cgroup quota" "$T/err" && fail "cgroup quota '$q': $(cat "$T/err")"
done
ok

# shellcheck disable=SC2086
PINT_JOBS=1 run_pint $TASK -f json
[ "$(field "['jobs_source']")" = PINT_JOBS ] || fail "PINT_JOBS"
ok
# shellcheck disable=SC2086
PINT_JOBS=x run_pint $TASK
expect_rc 2 "bad PINT_JOBS"
# Too many from the variable: named as the variable, not as -j.
# shellcheck disable=SC2086
PINT_JOBS=1,9999 run_pint $TASK
expect_rc 2 "PINT_JOBS too many" &&
    expect_err "pint: PINT_JOBS 9999: more than" "PINT_JOBS too many: named"
# shellcheck disable=SC2086
run_pint $TASK -j 5000 --force
expect_rc 2 "-j beyond the hard limit"

# --pin: each worker has a CPU.
# shellcheck disable=SC2086
run_pint $TASK -j 2 --pin -f json
expect_rc 0 "pin"
python3 -c "
import json; r = json.load(open('$T/out'))
assert all(w['cpu'] is not None for w in r['runs'][0]['workers']), r['runs'][0]['workers']
" || fail "--pin: workers without a CPU"
ok

# Progress: never when stderr is not a terminal.
# shellcheck disable=SC2086
run_pint $TASK -j 2 -n 2000
if grep -q "$(printf '\033')" "$T/err" || grep -q "$(printf '\r')" "$T/err"; then
	fail "escape bytes on a non-terminal stderr"
fi
ok
# On a pseudo-terminal (script(1)): a bar; NO_COLOR: no colour; dumb: no ESC.
if command -v script >/dev/null; then
	script -qec "$PINT -j 2 -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 3000 --engine muparser -f csv" \
	    /dev/null >"$T/tty" 2>&1 </dev/null
	grep -q "ETA" "$T/tty" || fail "no progress bar on a terminal"
	grep -q "$(printf '\033\[32m')" "$T/tty" || fail "no colour on a terminal"
	ok
	NO_COLOR=1 script -qec "$PINT -j 2 -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 3000 --engine muparser -f csv" \
	    /dev/null >"$T/tty" 2>&1 </dev/null
	grep -q "ETA" "$T/tty" || fail "NO_COLOR: no progress bar"
	grep -q "$(printf '\033\[32m')" "$T/tty" && fail "NO_COLOR: colour used"
	ok
	TERM=dumb script -qec "$PINT -j 2 -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 3000 --engine muparser -f csv" \
	    /dev/null >"$T/tty" 2>&1 </dev/null
	grep -q "$(printf '\033')" "$T/tty" && fail "TERM=dumb: escape codes used"
	ok
	script -qec "$PINT -q -j 2 -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 3000 -f csv" \
	    /dev/null >"$T/tty" 2>&1 </dev/null
	grep -q "ETA" "$T/tty" && fail "-q: progress shown"
	ok
fi

finish
