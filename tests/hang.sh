#!/bin/sh
# The suite's time limit (tests/bounded.sh): a test that hangs is stopped
# at its limit with a message that names it and what it was running, and
# nothing it started is left running.
. "$(dirname "$0")/lib.sh"

BOUNDED="$(dirname "$0")/bounded.sh"

# A test that hangs: a long pint, and a sleep that outlasts the limit.
cat >"$T/stuck.sh" <<EOT
"$PINT" -q -j 1 --force -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 100000 \
    --engine muparser --hang-timeout 1000 >/dev/null 2>&1 &
echo \$! >"$T/pint.pid"
sleep 300
EOT
t0=$(date +%s)
PINT_TEST_TIMEOUT=2 sh "$BOUNDED" "sh" "$T/stuck.sh" >"$T/log" 2>"$T/err"
rc=$?
t1=$(date +%s)
[ "$rc" -eq 99 ] || fail "hung test: exit $rc, want 99"
[ $((t1 - t0)) -lt 15 ] || fail "hung test: stopped after $((t1 - t0)) s, limit 2 s"
grep -q "TIMEOUT: stuck.sh ran past its limit of 2 s" "$T/log" ||
    fail "hung test: no TIMEOUT line naming it: $(cat "$T/log")"
grep -q "TIMEOUT: stuck.sh" "$T/err" || fail "hung test: nothing on stderr"
grep -q "sleep 300" "$T/log" || fail "hung test: the stuck command is not shown"
ok
p=$(cat "$T/pint.pid" 2>/dev/null)
[ -n "$p" ] || fail "hung test: pint did not start"
[ -n "$p" ] && ! wait_gone "$p" 20 && fail "hung test: pint $p still running"
no_leftovers "${p:-0}"
ok

# A test that ends in time keeps its exit status (77 is a skip).
PINT_TEST_TIMEOUT=5 sh "$BOUNDED" sh -c 'exit 77' >/dev/null 2>&1
[ $? -eq 77 ] || fail "exit status not kept"
PINT_TEST_TIMEOUT=x sh "$BOUNDED" true >/dev/null 2>&1
[ $? -eq 99 ] || fail "a bad PINT_TEST_TIMEOUT is not refused"
ok

finish
