#!/bin/sh
# Every bundled example runs and gives a finite integral.
. "$(dirname "$0")/lib.sh"

for f in "$EXAMPLES"/*.yaml "$EXAMPLES"/*.json; do
	case $(basename "$f") in
	bench-2d.yaml) args="-s 0.001" ;;	# the full one is for make bench
	gauss-2d.yaml) args="-s 0.002" ;;	# the full one is the first run
	*) args= ;;
	esac
	# shellcheck disable=SC2086
	run_pint -j 2 -c "$f" $args -f json -q
	expect_rc 0 "example $(basename "$f")" || continue
	python3 -c "
import json, math, sys
r = json.load(open('$T/out'))
v = r['result']['integral']
assert v is not None and math.isfinite(v), v
" || fail "example $(basename "$f"): integral not finite"
	no_leftovers "$PID" "$T/out"
done

# Known values.
check_value() {
	f=$1 want=$2 tol=$3
	shift 3
	run_pint -j 2 -c "$EXAMPLES/$f" "$@" -f csv -q
	v=$(csv_integral "$T/out")
	awk -v v="$v" -v want="$want" -v tol="$tol" \
	    'BEGIN { d = v - want; if (d < 0) d = -d; exit !(d <= tol) }' ||
	    fail "$f: integral $v, want $want +- $tol"
	ok
}
check_value line-1d.yaml 3.14159265358979 1e-12
# pi erf(3)^2, as the example says; its own grid is the first run's size.
check_value gauss-2d.yaml 3.141453856436689 1e-8 -s 0.002
check_value ball-3d.yaml 4.18879 2e-2
check_value constants.yaml 0.324347096008287 1e-9

# The examples' loop script and README exist and the loop runs.
[ -f "$EXAMPLES/README.md" ] || fail "examples/README.md missing"
if [ -f "$EXAMPLES/loop-j.sh" ]; then
	PATH="$(dirname "$PINT"):$PATH" sh "$EXAMPLES/loop-j.sh" \
	    "$EXAMPLES/line-1d.yaml" 1 2 >"$T/loop.csv" 2>"$T/err" ||
	    fail "loop-j.sh failed: $(cat "$T/err")"
	[ "$(wc -l <"$T/loop.csv")" -eq 3 ] || fail "loop-j.sh: not 3 lines"
	ok
else
	fail "examples/loop-j.sh missing"
fi

finish
