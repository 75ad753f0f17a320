#!/bin/sh
# What a tolerance promises, on the integrands that once broke it (issue
# 24's "what was seen"): each case here said "met" with a true error far
# over the target, or an estimate "reliable" far under the true error.
. "$(dirname "$0")/lib.sh"

# json_check FILE PYTHON: run PYTHON with r the parsed report, res its
# result.
json_check() {
	python3 -c "import json, math, sys
r = json.load(open(sys.argv[1]))
res = r['result']
$2" "$1"
}

# _pi and _e: the doubles nearest pi and e, the same in both engines.
for eng in vector muparser; do
	run_pint -q -f json --engine $eng -e \
	    '(_pi - 3.141592653589793) * 1e20 + (_e - 2.718281828459045) * 1e20 + x' \
	    -d x=0:1 -n 1
	expect_rc 0 "_pi, _e ($eng)" || continue
	json_check "$T/out" "assert res['integral'] == 0.5, res" ||
	    fail "_pi, _e ($eng): not the nearest doubles"
done
# exp(x) sin(2 pi x) to 1e-13: the true error is within the target.
run_pint -q -j 2 -f json -e 'exp(x)*sin(2*_pi*x)' -d x=0:1 -r gauss --tol 1e-13
expect_rc 0 "exp(x) sin(2 _pi x) --tol 1e-13"
json_check "$T/out" "
exact = 2 * math.pi * (1 - math.e) / (1 + 4 * math.pi ** 2)
assert abs(res['integral'] - exact) <= 2e-13 * abs(exact), (res, exact)" ||
    fail "exp(x) sin(2 _pi x): false met"

# honest TOL EXACT WHAT ARGS...: a --tol run whose "met" (exit 0) has a
# true error within 2x the target, and whose "not met" (exit 1) says why
# with an estimate not under half the true error.
honest() {
	_tol=$1 _exact=$2 _what=$3
	shift 3
	run_pint -q -j 1 -f json --tol "$_tol" "$@"
	case $RC in
	0|1) ;;
	*) fail "$_what: exit $RC: $(head -c 300 "$T/err")"; return ;;
	esac
	json_check "$T/out" "
exact = $_exact
err = abs(res['integral'] - exact)
if res['tolerance_met']:
    assert $RC == 0 and res['tolerance_stop'] == 'met', res
    assert res['error_confirmed'] is True, res
    assert err <= 2 * res['tolerance_target'], ('false met', res, err)
else:
    assert $RC == 1 and res['tolerance_stop'] != 'met', res
    # None: no finite estimate (every value was 0). Within the rounding
    # of the sum and of the closed form, any estimate will do.
    est = res['error_estimate']
    assert est is None or est >= 0.5 * err or err <= 1e-13 * abs(exact), \
        ('estimate low', res, err)" ||
	    fail "$_what"
	ok
}

# no_false_met TOL EXACT WHAT ARGS...: as honest, but a "not met" may
# give any estimate (a peak the grids only begin to see: the last change).
no_false_met() {
	_tol=$1 _exact=$2 _what=$3
	shift 3
	run_pint -q -j 1 -f json --tol "$_tol" "$@"
	json_check "$T/out" "
err = abs(res['integral'] - ($_exact))
assert $RC == (0 if res['tolerance_met'] else 1), ($RC, res)
assert not res['tolerance_met'] or err <= 2 * res['tolerance_target'], \
    ('false met', res, err)" || fail "$_what"
}

# 1. Simpson aliasing: sin(200x) on 17 and 33 points looks like a slow
# wave; it once said met with the integral -0.48 (exact 0.00256).
honest 1e-6 '(1 - math.cos(200)) / 200' "simpson sin(200x)" \
    -e 'sin(200*x)' -d x=0:1 -r simpson
# 2. gauss on Runge-type integrands: a sequence before its asymptotic
# range once gave estimates 26x under the error.
for tol in 1e-11 1e-10; do
	honest $tol '2 * math.atan(5) / 5' "gauss Runge --tol $tol" \
	    -e '1/(1+25*x^2)' -d x=-1:1 -r gauss
done
honest 1e-10 '2 * math.atan(5)' "gauss 1/(1+x^2) on [-5, 5]" \
    -e '1/(1+x^2)' -d x=-5:5 -r gauss
honest 1e-10 '(2 * math.atan(5) / 5) ** 2' "gauss Runge 2-D" \
    -e '1/((1+25*x^2)*(1+25*y^2))' -d x=-1:1 -d y=-1:1 -r gauss
# 3. tanh-sinh's tails: its nodes stop a spacing of the doubles short of
# an end that is not 0, and the part cut off was left out of the
# estimate (14x to 17x at 1e-9); now in it, and over the target it ends
# the sequence as "rounding".
honest 1e-10 2 "tanh-sinh 1/sqrt(1-x)" -e '1/sqrt(1-x)' -d x=0:1 -r tanh-sinh
expect_err "tolerance not reached (rounding)" "1/sqrt(1-x): why"
honest 1e-9 math.pi "tanh-sinh 1/sqrt(1-x^2)" -e '1/sqrt(1-x^2)' \
    -d x=-1:1 -r tanh-sinh
honest 1e-9 'math.gamma(0.75) * math.sqrt(math.pi) / (2 * math.gamma(1.25))' \
    "tanh-sinh sqrt(x)/sqrt(1-x^2)" -e 'x<1 ? sqrt(x)/sqrt(1-x^2) : 0' \
    -d x=0:1 -r tanh-sinh
honest 1e-9 'math.pi / math.sqrt(2)' "tanh-sinh sqrt(tan(x))" \
    -e 'sqrt(tan(x))' -d x=0:1.5707963267948966 -r tanh-sinh
for a in 1e6:1e-12; do
	lo=${a%%:*}
	honest "${a#*:}" "2/3 * ($lo**2 + $lo*($lo+1) + ($lo+1)**2) / (($lo+1)**1.5 + $lo**1.5)" \
	    "tanh-sinh sqrt(x) on [$lo, $lo+1]" -e 'sqrt(x)' \
	    -d "x=$lo:$(python3 -c "print(repr($lo + 1))")" -r tanh-sinh
done
# Singular at 0, where the doubles crowd: met to 1e-14.
honest 1e-14 2 "tanh-sinh 1/sqrt(x)" -e '1/sqrt(x)' -d x=0:1 -r tanh-sinh
expect_rc 0 "tanh-sinh 1/sqrt(x) met"

# 4. Plain runs: tanh-sinh's order on fewer than 17 nodes at the coarsest
# level is not trusted (188x, 55x and 3.6x low before).
for c in 'x<0.618 ? x^2 : 1-x|-d x=0:1|33' \
    'abs(x+y+z-1.414)|-d x=0:1 -d y=0:1 -d z=0:1|17' \
    '1/(1+exp(x))|-d x=0:1|33'; do
	e=${c%%|*} rest=${c#*|}
	# shellcheck disable=SC2086
	run_pint -q -j 2 -f json -e "$e" ${rest%|*} -n "${rest#*|}" -r tanh-sinh
	expect_rc 0 "plain tanh-sinh $e" || continue
	json_check "$T/out" "
assert res['error_reliable'] is False, res
assert res['error_confirmed'] is None and res['tolerance_stop'] is None, res" ||
	    fail "plain tanh-sinh $e: trusted"
done
# A jump at the same offset in the 9h, 3h and h grids, and aliasing: the
# levels cannot see them, so a plain run's estimate is unconfirmed; with
# a tolerance, the check sees them.
for c in 'x<0.3183 ? exp(x) : 0|6561|(math.exp(0.3183) - 1)' \
    'x*sin(1000*x)|81|(math.sin(1000) - 1000 * math.cos(1000)) / 1e6' \
    'cos(10000*x)|729|math.sin(10000) / 10000'; do
	e=${c%%|*} rest=${c#*|}
	run_pint -q -j 2 -f json -e "$e" -d x=0:1 -n "${rest%|*}"
	expect_rc 0 "plain midpoint $e" || continue
	json_check "$T/out" "assert res['error_confirmed'] is None, res" ||
	    fail "plain midpoint $e: confirmed"
	honest 1e-6 "${rest#*|}" "midpoint --tol $e" -e "$e" -d x=0:1 \
	    -r midpoint --max-points 3000000
done

# 5. --tol without -r chooses the rule and says why: gauss for smooth
# integrands (1e-9 in 2-D within 2e5 points, 3-D within 2e6), tanh-sinh
# for a singular end.
run_pint -q -j 2 -f json -e 'exp(-(x-0.3)^2 - 2*(y-0.6)^2)' -d x=0:1 \
    -d y=0:1 --tol 1e-9
expect_rc 0 "--tol chooses, 2-D"
json_check "$T/out" "
assert r['task']['rule'] == 'gauss', r['task']
assert r['task']['rule_chosen_by'].startswith('tolerance: smooth'), r['task']
assert res['points_evaluated'] <= 2e5, res
exact = math.pi / math.sqrt(2) / 4 * (math.erf(0.7) + math.erf(0.3)) * \\
    (math.erf(0.4 * math.sqrt(2)) + math.erf(0.6 * math.sqrt(2)))
assert abs(res['integral'] - exact) <= 2e-9 * exact, (res, exact)" ||
    fail "--tol chooses, 2-D"
run_pint -q -j 2 -f json -e 'exp(x*y*z) * cos(x + 2*y - z)' -d x=0:1 \
    -d y=0:1 -d z=0:1 --tol 1e-9
expect_rc 0 "--tol chooses, 3-D"
json_check "$T/out" "
assert r['task']['rule'] == 'gauss' and res['points_evaluated'] <= 2e6, res" ||
    fail "--tol chooses, 3-D"
run_pint -q -j 2 -f json -e 'log(x) * y' -d x=0:1 -d y=0:1 --tol 1e-10
expect_rc 0 "--tol chooses, singular end"
json_check "$T/out" "
assert r['task']['rule'] == 'tanh-sinh', r['task']
assert r['task']['rule_chosen_by'] == 'tolerance: not finite at x = 0', r['task']
assert abs(res['integral'] + 0.5) <= 1e-10, res" ||
    fail "--tol chooses, singular end"
# A period that divides the probes' 1e-3 looked singular (local order
# 1.4e-7) and chose tanh-sinh; sqrt(x) at both scales still is.
run_pint -q -j 2 -f json -e '1+cos(2000*_pi*x)' -d x=0:1 --tol 1e-8
json_check "$T/out" "
assert r['task']['rule_chosen_by'] == 'tolerance: smooth at every end', r['task']" ||
    fail "--tol chooses, cos(2000 pi x)"
run_pint -q -j 2 -f json -e 'sqrt(x)' -d x=0:1 --tol 1e-8
json_check "$T/out" "
assert r['task']['rule_chosen_by'] == 'tolerance: singular at x = 0 (local order 0.5)', r['task']" ||
    fail "--tol chooses, sqrt(x)"
# An outside attack on the first cut. 1: exp(x) to 1e-10, the rule
# chosen, is exact to rounding on two cells, too few for a coarser
# check: met, checked on warped cells (it said unreliable, exit 1).
run_pint -q -j 2 -f json -e 'exp(x)' -d x=0:1 --tol 1e-10
expect_rc 0 "exp(x) --tol 1e-10"
json_check "$T/out" "
assert res['tolerance_met'] and res['error_confirmed'] is True, res
assert abs(res['integral'] - (math.e - 1)) <= 2e-10 * (math.e - 1), res" ||
    fail "exp(x) --tol 1e-10: not met"
# An estimate checked by its grids but by no independent one (none fits
# the budget): "unconfirmed" in the text, error_reliable in the JSON.
run_pint -q -j 2 -e 'exp(x)' -d x=0:1 --tol 1e-14 --max-points 100
expect_rc 1 "exp(x) unconfirmed"
grep -q "^tolerance  *NOT MET (unreliable): estimate [^ ]* unconfirmed, target" \
    "$T/out" || fail "unconfirmed: text says $(grep ^tolerance "$T/out")"
expect_err "(no independent grid to confirm it fits in the budget)" \
    "unconfirmed: message"
run_pint -q -j 2 -f json -e 'exp(x)' -d x=0:1 --tol 1e-14 --max-points 100
json_check "$T/out" "
assert res['error_reliable'] is True and res['error_confirmed'] is None, res
assert res['tolerance_stop'] == 'unreliable', res" || fail "unconfirmed: JSON"
# 2. A check of 6 intervals aliased with the 32 of Simpson's grid at
# frequencies that are multiples of 96 (met, the integral wrong by 1):
# the check is warped now, for every rule, and no frequency aliases both.
for r in midpoint trapezoid simpson gauss tanh-sinh; do
	for f in 96 2520; do
		honest 1e-6 'math.e - 1' "aliasing at $f, $r" \
		    -e "exp(x)+cos(2*_pi*$f*x)" -d x=0:1 -r $r --max-points 300000
	done
done
# 3. What the grids cannot see is no "met": a kink 1e-4 from the edge
# of every cell of the sequence (gauss said met at 630 points, 10^3 times
# over the target), a jump 1e-7 past the midpoint node (midpoint, 10^3
# times), narrow peaks (tanh-sinh met with 0 where every value was 0).
honest 1e-11 0.25000001 "gauss kink at 0.5001" -e 'abs(x-0.5001)' -d x=0:1 \
    -r gauss --max-points 1000000
honest 1e-10 0.5000001 "midpoint jump at 0.5000001" \
    -e 'x<0.5000001 ? 1 : 0' -d x=0:1 -r midpoint --max-points 1000000
# A kink 1e-4 of the width past 1/8, a cell edge of every dyadic gauss
# grid: 4e-9 off, and the warped check, 3.1e-9 off the same way, agreed
# within the target of 1.4e-9: met, 2.9x over it (the randomized check's
# one understated run in 8105). The check must now agree within half.
no_false_met 1.79e-08 '0.16402126197105349 * ((1 - math.exp(-2.4391548244516565 * 0.12509964657429462)) + (1 - math.exp(-2.4391548244516565 * (1 - 0.12509964657429462)))) / 2.4391548244516565' \
    "gauss kink 1e-4 past a cell edge" \
    -e 'exp(-2.4391548244516565*abs(x/0.16402126197105349-0.12509964657429462))' \
    -d x=0:0.16402126197105349 -r gauss --max-points 1000000
# An end where the integrand is unbounded under a named evenly spaced
# rule: its error there changes too little from grid to grid for the
# levels or the checks to see (an outside attack met these 8 and 679
# times over the target). No tolerance is met; the message says why.
for a in "-r midpoint -e exp(x)+1e-05*x^(-0.99) --tol 6.9e-05" \
    "-r trapezoid -e exp(x)+2.12e-08*(x>0?x^(-0.999):0) --tol 1.8e-08" \
    "-r midpoint -e 1+-3.67*x^2+3.28e-07*x^(-0.85) --tol 2.9e-07"; do
	# shellcheck disable=SC2086
	run_pint -q -j 1 -f json -d x=0:1 --max-points 1000000 $a
	expect_rc 1 "unbounded end, $a" &&
	    expect_err "cannot see what it misses there; name no rule" \
	    "unbounded end, $a"
	json_check "$T/out" "assert res['tolerance_stop'] == 'unreliable', res" ||
	    fail "unbounded end, $a: stop"
done
# A jump just past 9/16, a cell edge of every grid of the sequence: the
# first check's own error was within half the target of the candidate's
# (met 4.7x over the target, pint's choice; 4 of 50 such jumps). The
# second check, on other nodes, disagrees.
no_false_met 7.231097950229357e-06 'math.e - 1 + 1 - 0.5624264048696107' \
    "jump just past 9/16, two checks" \
    -e 'exp(x) + (x > 0.5624264048696107)' -d x=0:1 --max-points 300000
for r in gauss simpson midpoint trapezoid tanh-sinh; do
	for w in 1e-4 1e-5 1e-7; do
		no_false_met 1e-6 "math.sqrt(math.pi) * $w" "$r peak of width $w" \
		    -e "exp(-((x-0.3371)/$w)^2)" -d x=0:1 -r $r \
		    --max-points 1000000
	done
done
# A narrow peak on a background that every grid sees: orders 4, 6 and 8
# of gauss on one cell agree (28 points; a peak of width 0.008, 1.4e-2 off
# at 1e-9), tanh-sinh's 129 nodes and its check of 38 pass one of width
# 1e-3 by (1.8e-3 off at 1e-7), and at width 1e-4 every rule said met
# with 70 points or fewer. The check's nodes are now at most 1/4096 of
# the axis apart, and gauss trusts no three grids begun on one cell.
honest 1e-9 '0.5 + 0.004 * math.sqrt(math.pi) * (math.erf(0.75 / 0.008) + math.erf(0.25 / 0.008))' \
    "peak of width 0.008 over x, pint's choice" \
    -e 'x+exp(-((x-0.25)/0.008)^2)' -d x=0:1
honest 1e-7 '1 + 0.001 * math.sqrt(math.pi) * math.erf(500)' \
    "tanh-sinh peak of width 1e-3 over 1" \
    -e '1+exp(-((x-0.5)/0.001)^2)' -d x=0:1 -r tanh-sinh
for r in gauss simpson midpoint trapezoid tanh-sinh; do
	honest 1e-7 '1 + 0.00005 * math.sqrt(math.pi) * (math.erf(0.6817 / 1e-4) + math.erf(0.3183 / 1e-4))' \
	    "$r peak of width 1e-4 over 1" \
	    -e '1+exp(-((x-0.3183)/1e-4)^2)' -d x=0:1 -r $r \
	    --max-points 3000000
done
run_pint -q -j 2 -f json -e 'exp(-((x-0.3371)/1e-7)^2)' -d x=0:1 \
    -r tanh-sinh --tol 1e-6 --max-points 100000
expect_rc 1 "peak between every node"
json_check "$T/out" "assert res['error_estimate'] is None, res" ||
    fail "peak between every node: an estimate"
run_pint -q -j 2 -e 'exp(-((x-0.3371)/1e-7)^2)' -d x=0:1 \
    -r tanh-sinh --tol 1e-6 --max-points 100000
grep -q "^tolerance  *NOT MET (budget): no finite estimate, target" "$T/out" ||
    fail "no estimate: text says $(grep ^tolerance "$T/out")"
expect_err "tolerance not reached (budget): no estimate (every value was 0, which says nothing of what lies between the nodes) at" \
    "no estimate: message"
# An --atol alone that the sum's rounding is over names --atol, not --tol.
run_pint -q -j 1 -e 'x' -d x=0:1 --atol 1e-320
expect_rc 1 "--atol 1e-320" &&
    expect_err "over the target: --atol asks more than doubles hold; --atol 1e-14 or more)" \
    "--atol 1e-320: message"
# A singular corner that no end shows (1/(x + y): finite along every edge
# probed with the other axis inside) chose gauss and ran out of budget:
# the corners are probed too.
run_pint -q -j 2 -f json -e '1/(x+y)' -d x=0:1 -d y=0:1 --tol 1e-8
expect_rc 0 "--tol chooses, singular corner"
json_check "$T/out" "
assert r['task']['rule'] == 'tanh-sinh', r['task']
assert r['task']['rule_chosen_by'] == 'tolerance: not finite at (x, y) = (0, 0)', r['task']
assert abs(res['integral'] - 2 * math.log(2)) <= 2e-8 * 2 * math.log(2), res" ||
    fail "--tol chooses, singular corner"
# tanh-sinh's nodes at 1e-298 of a corner made x*y underflow to 0, and
# log(x*y) not finite there (exit 1): in 2-D and 3-D they stop at
# 2^(-1000 / dims) of the width.
for c in 'log(x*y)|-d x=0:1 -d y=0:1|-2' 'log(x*y*z)|-d x=0:1 -d y=0:1 -d z=0:1|-3'; do
	e=${c%%|*} rest=${c#*|}
	# shellcheck disable=SC2086
	honest 1e-8 "${rest#*|}" "tanh-sinh $e" -e "$e" ${rest%|*} -r tanh-sinh
	expect_rc 0 "tanh-sinh $e met"
done
# 4. The rule pint chose is said in the text too.
run_pint -q -j 2 -e 'exp(x)' -d x=0:1 --tol 1e-8
grep -q "^rule  *gauss, chosen by the tolerance: smooth at every end$" \
    "$T/out" || fail "rule chosen: text lacks it: $(grep ^rule "$T/out")"

run_pint -q -f json -e x -d x=0:1 -n 4
json_check "$T/out" "assert r['task']['rule_chosen_by'] == 'default', r" ||
    fail "rule_chosen_by default"

# 7. Why a sequence ended, in the report: each stop, and null without one.
json_check "$T/out" "
for k in ('tolerance_met', 'tolerance_target', 'tolerance_stop', 'grids',
          'points_evaluated', 'confirm_points', 'error_confirmed'):
    assert k in res and res[k] is None, (k, res)" ||
    fail "plain run: tolerance fields not null"
for c in 'met|0|x^3|-r simpson' \
    'budget|1|exp(x)|-r midpoint --tol 1e-12 --max-points 1000' \
    'rounding|1|x-0.5|-r trapezoid' \
    'unreliable|1|sqrt(x)|-r simpson --max-points 300000' \
    'nonfinite|1|1/(x-0.5)|-r trapezoid'; do
	stop=${c%%|*} rest=${c#*|}
	want=${rest%%|*} rest=${rest#*|}
	# shellcheck disable=SC2086
	run_pint -q -f json -e "${rest%%|*}" -d x=0:1 --tol 1e-8 ${rest#*|}
	expect_rc "$want" "stop $stop" || continue
	json_check "$T/out" "assert res['tolerance_stop'] == '$stop', res" ||
	    fail "stop $stop"
done

# A sum past the doubles (each point finite) is no integral to meet a
# target of inf: stop nonfinite at once, not met, not run to the budget.
for r in gauss simpson; do
	run_pint -q -f json -e 'exp(x)' -d x=0:710 --tol 1e-10 -r $r
	expect_rc 1 "overflowing sum, $r" || continue
	json_check "$T/out" "
assert res['tolerance_stop'] == 'nonfinite', res
assert res['tolerance_met'] is False, res
assert res['points_evaluated'] < 100000, res" ||
	    fail "overflowing sum, $r: not stopped as nonfinite"
done

# Ends far from 0 beside the width: near 2e14 the doubles are 1/32
# apart, so every grid integrates a staircase, which once agreed with
# itself and said met 488x off. Now a stop of rounding, not met, with an
# estimate that covers the error and a message that names the cause.
for r in midpoint gauss; do
	run_pint -q -f json -e '(x-2e14)^2' -d x=2e14:200000000000001 \
	    --tol 1e-6 -r $r
	expect_rc 1 "staircase near 2e14, $r" || continue
	json_check "$T/out" "
assert res['tolerance_stop'] == 'rounding', res
assert res['error_estimate'] >= abs(res['integral'] - 1 / 3), res" ||
	    fail "staircase near 2e14, $r: $(cat "$T/out")"
	grep -q "the nodes' coordinates" "$T/err" ||
	    fail "staircase near 2e14, $r: $(cat "$T/err")"
done
# Just over a floor of the ulp times the integral of |f|: u^8 across
# [1e8, 1e8 + 0.0298] moves by about 9 times that, and both the grid and
# its check moved alike: met 11x off, until the floor took a margin.
for r in midpoint trapezoid; do
	honest 2.75e-7 '(100000000.0298 - 1e8) ** 9 / (9 * 0.0298 ** 8)' \
	    "u^8 near 1e8, $r" \
	    -e '((x-100000000.0)/0.0298)^8' -d x=100000000.0:100000000.0298 \
	    -r $r
done
# Yet an end far from 0 with coordinates fine enough is met: sqrt(x) on
# [1e7, 1e7 + 1] to 1e-6, and to 1e-9 not met but honest.
honest 1e-6 '2 / 3 * (3e14 + 3e7 + 1) / ((1e7 + 1) ** 1.5 + 1e7 ** 1.5)' \
    "sqrt(x) near 1e7, 1e-6" -e 'sqrt(x)' -d x=1e7:10000001
honest 1e-9 '2 / 3 * (3e14 + 3e7 + 1) / ((1e7 + 1) ** 1.5 + 1e7 ** 1.5)' "sqrt(x) near 1e7" \
    -e 'sqrt(x)' -d x=1e7:10000001
# Values below the normal doubles: the target underflowed to 0, and
# "estimate 0 <= 0" was met.
run_pint -q -f json -e '1e-320*(1+x)' -d x=0:1 --tol 1e-6
expect_rc 1 "subnormal values" &&
    json_check "$T/out" "assert res['tolerance_stop'] == 'rounding', res" &&
    grep -q "below the normal doubles" "$T/err" ||
    fail "subnormal values: $(cat "$T/out" "$T/err")"
ok

# The CSV has the tolerance's columns, and YAML's unknowns are JSON's
# nulls: the same values in all three, empty CSV cells for the nulls.
for a in "--tol 1e-8" "-n 10"; do
	for f in json csv yaml; do
		# shellcheck disable=SC2086
		run_pint -q -j 1 -f $f -e 'exp(x)' -d x=0:1 $a
		expect_rc 0 "tolerance fields, $f, $a" && cp "$T/out" "$T/out.$f"
	done
	python3 -c "import csv, json, sys, yaml
j = json.load(open(sys.argv[1]))
y = yaml.safe_load(open(sys.argv[3]))
row = list(csv.DictReader(open(sys.argv[2])))[0]
for k in ('observed_order', 'error_reliable', 'error_confirmed',
        'tolerance_met', 'tolerance_target', 'tolerance_stop', 'grids',
        'points_evaluated', 'confirm_points'):
    v = j['result'][k]
    assert y['result'][k] == v, (k, y['result'][k], v)
    want = '' if v is None else str(v).lower() if isinstance(v, bool) \
        else v if isinstance(v, str) else repr(v)
    have = row[k]
    if isinstance(v, float):
        have = repr(float(have))
    assert have == want, (k, have, want)
assert row['rule_chosen_by'] == j['task']['rule_chosen_by'], row
" "$T/out.json" "$T/out.csv" "$T/out.yaml" || fail "tolerance fields: $a"
done

finish
