#!/bin/sh
# The numerics of the real binary against closed forms: the rules gauss
# and tanh-sinh, the error estimate and what it says of itself, extreme
# but representable scales, and the same bits for every -j.
. "$(dirname "$0")/lib.sh"

# same_bits WHAT J VALUE: in a loop over -j, the first VALUE becomes the
# reference ($ref, emptied before the loop); every later one must equal it.
same_bits() {
	if [ -z "$ref" ]; then
		ref=$3
	elif [ "$3" != "$ref" ]; then
		fail "$1: -j $2 gave $3, the first -j gave $ref"
	fi
}

# json_check FILE PYTHON: run PYTHON with r the parsed report.
json_check() {
	python3 -c "import json, math, sys
r = json.load(open(sys.argv[1]))
res = r['result']
$2" "$1"
}

# Extreme scales: representable integrals to a few ulps, exit 0.
while read -r n exact expr doms; do
	# shellcheck disable=SC2086
	run_pint -q -j 2 -f json -e "$expr" $doms -n "$n"
	expect_rc 0 "$expr $doms" || continue
	json_check "$T/out" "
want = float('$exact')
assert abs(res['integral'] - want) <= 4 * 2.0**-52 * want, res['integral']" ||
	    fail "$expr $doms: not within 4 ulps of $exact"
done <<'EOF'
1000 1e-10 1e300 -d x=0:1e-300 -d y=0:1e-10
10 1e-200 1 -d x=0:1e-200 -d y=0:1e-200 -d z=0:1e200
10000 1e305 1e305 -d x=0:1
10 1e100 1 -d x=0:1e200 -d y=0:1e200 -d z=0:1e-300
EOF

# Beyond the range of a double: an error that says so, never 0 or inf.
run_pint -q -e 1e308 -d x=0:10 -n 10
expect_rc 1 "1e308 over [0, 10]"
expect_err "not representable as a double: its magnitude is about 1.0e+309" \
    "overflow message"
# The mantissa too: 1e308 + x over [0, 2] is about 2e308, not "1e308".
run_pint -q -e 1e308+x -d x=0:2 -n 10
expect_rc 1 "1e308+x over [0, 2]"
expect_err "its magnitude is about 2.0e+308" "overflow message's mantissa"
run_pint -q -e 1e-300 -d x=0:1e-300 -n 10
expect_rc 1 "1e-300 over [0, 1e-300]"
expect_err "not representable as a double: its magnitude is about 1.0e-600" \
    "underflow message"

# Simpson on sqrt(x): order 1.5 observed, flagged, and the estimate honest.
run_pint -q -j 2 -f json -e 'sqrt(x)' -d x=0:1 -n 129 -r simpson
expect_rc 0 "simpson sqrt(x)"
json_check "$T/out" "
err = abs(res['integral'] - 2 / 3)
assert abs(res['observed_order'] - 1.5) < 0.05, res
assert res['error_reliable'] is False, res
assert 0.5 * err <= res['error_estimate'] <= 2 * err, (res, err)" ||
    fail "simpson sqrt(x): estimate"
run_pint -q -j 2 -e 'sqrt(x)' -d x=0:1 -n 129 -r simpson
expect_rc 0 "simpson sqrt(x) text"
grep -q "^error  *5.6e-05 (observed order 1.5; Simpson's is 4: estimate from observed order)$" "$T/out" ||
    fail "text report: $(grep ^error "$T/out")"

# Smooth: reliable, within 2x of the true error.
run_pint -q -j 2 -f json -e 'exp(x + y)' -d x=0:1 -d y=0:1 -n 65 -r trapezoid
expect_rc 0 "trapezoid exp(x + y)"
json_check "$T/out" "
err = abs(res['integral'] - (math.e - 1) ** 2)
assert res['error_reliable'] is True, res
assert abs(res['observed_order'] - 2) < 0.1, res
assert 0.5 * err <= res['error_estimate'] <= 2 * err, (res, err)" ||
    fail "trapezoid exp(x + y): estimate"

# tanh-sinh: the singular corner of 1/sqrt(x + y) to 1e-10 in 4225 points,
# the corner never evaluated (no non-finite point, exit 0).
run_pint -q -j 2 -f json -e '1/sqrt(x + y)' -d x=0:1 -d y=0:1 -n 65 \
    -r tanh-sinh
expect_rc 0 "tanh-sinh 1/sqrt(x + y)"
json_check "$T/out" "
exact = 4 / 3 * (2 ** 1.5 - 2)
assert r['task']['points'] == 4225
assert abs(res['integral'] - exact) <= 1e-10 * exact, res
assert res['nonfinite_points'] == 0
assert res['error_reliable'] is True, res
assert res['error_estimate'] >= 0.5 * abs(res['integral'] - exact), res" ||
    fail "tanh-sinh 1/sqrt(x + y)"
for e in 'sqrt(x):0.66666666666666667' '1/sqrt(x):2' 'log(x):-1'; do
	run_pint -q -f json -e "${e%%:*}" -d x=0:1 -n 65 -r tanh-sinh
	expect_rc 0 "tanh-sinh ${e%%:*}"
	json_check "$T/out" "
want = ${e#*:}
assert abs(res['integral'] - want) <= 1e-12 * abs(want), res" ||
	    fail "tanh-sinh ${e%%:*}: not within 1e-12"
done

# gauss: 8 cells of order 5 on a polynomial of degree 9 is exact.
printf 'expression: x^9 * y^3\ndomain: {x: [0, 1], y: [0, 2]}\npoints: 40\nrule: gauss\norder: 5\n' \
    >"$T/g.yaml"
run_pint -q -f json -c "$T/g.yaml"
expect_rc 0 "gauss order 5"
json_check "$T/out" "
assert abs(res['integral'] - 0.4) < 1e-15, res
assert res['error_estimate'] is None" || fail "gauss order 5"

# The same bits for every -j, with many chunks, for the new rules.
for args in "-r tanh-sinh -n 257" "-c $T/g.yaml -n 400"; do
	ref=
	for j in 1 2 3; do
		# shellcheck disable=SC2086
		run_pint -q --force -j "$j" -f csv -e 'exp(-x*y) / sqrt(x + 0.1)' \
		    -d x=0:1 -d y=0:1 $args
		expect_rc 0 "$args -j $j" || continue
		v=$(csv_integral "$T/out")
		same_bits "$args" "$j" "$v"
	done
done

# Each instruction set of the vector engine this CPU has (PINT_SIMD caps
# it; the report names the one used): the same bits for every -j, with
# the vector loops' tails (rows of 301 points), and within rounding of
# the widest's integral. On a CPU without AVX-512 the cap is not reached
# and the note says what ran.
widest=
for isa in avx512 avx2 base; do
	ref=
	PINT_SIMD=$isa
	export PINT_SIMD
	for j in 1 2 3; do
		run_pint -q -j "$j" -f json \
		    -e 'sin(x*y)*exp(-x*y)+sqrt(1+x*y)+atan2(x,y+1)^1.5' \
		    -d x=0:1 -d y=0:1 -n 301
		expect_rc 0 "PINT_SIMD=$isa -j $j" || continue
		json_check "$T/out" "
print(r['task']['engine_note'], repr(res['integral']))" >"$T/v" ||
		    fail "PINT_SIMD=$isa -j $j: no report"
		same_bits "PINT_SIMD=$isa" "$j" "$(cat "$T/v")"
	done
	note=${ref% *}
	case $isa:$note in
	avx512:"vector (avx512)" | avx512:"vector (avx2)" | \
	    avx512:"vector (base)" | avx2:"vector (avx2)" | \
	    avx2:"vector (base)" | base:"vector (base)") ;;
	*) fail "PINT_SIMD=$isa: engine note $note" ;;
	esac
	if [ -z "$widest" ]; then
		widest=${ref##* }
	else
		python3 -c "import sys
a, b = float(sys.argv[1]), float(sys.argv[2])
assert abs(a - b) <= 1e-14 * abs(b), (a, b)" "${ref##* }" "$widest" ||
		    fail "PINT_SIMD=$isa: ${ref##* } against $widest"
	fi
done
PINT_SIMD=sse9
run_pint -q -e x -d x=0:1 -n 10
unset PINT_SIMD
expect_rc 2 "PINT_SIMD=sse9"
expect_err "PINT_SIMD=sse9: not one of base, avx2, avx512" "PINT_SIMD=sse9"

# --tol: gauss reaches 1e-8 on exp(x + y + z) reliably: orders 4 and 6 on
# one cell, then the cells doubled twice at order 6 to check the estimate,
# and 5 cells a side, warped one way and then the other, to confirm it
# twice (their nodes no more than 1/16 of an axis apart).
run_pint -q -j 2 -f json -e 'exp(x + y + z)' -d x=0:1 -d y=0:1 -d z=0:1 \
    -r gauss --tol 1e-8
expect_rc 0 "gauss --tol 1e-8"
json_check "$T/out" "
exact = (math.e - 1) ** 3
assert res['tolerance_met'] is True and res['error_reliable'] is True, res
assert abs(res['integral'] - exact) <= 1e-8 * exact, res
assert res['error_estimate'] <= 1e-8 * exact, res
assert res['points_evaluated'] == 4**3 + 6**3 + 12**3 + 24**3 + 2 * 30**3, res
assert res['confirm_points'] == 2 * 30**3 and res['error_confirmed'] is True, res
assert res['tolerance_stop'] == 'met', res
assert res['grids'] == 6 and r['task']['order'] == 6" ||
    fail "gauss --tol 1e-8"

# A corner peak: orders 4, 6, 8 on one cell, then 2 and 4 cells at order 8
# (the cells alone at order 4 took 3e5 points), the estimate honest.
run_pint -q -j 2 -f json -e '(1 + x + y + z)^(-4)' -d x=0:1 -d y=0:1 \
    -d z=0:1 -r gauss --tol 1e-8
expect_rc 0 "gauss --tol corner peak"
json_check "$T/out" "
exact = 1 / 24
err = abs(res['integral'] - exact)
assert res['tolerance_met'] is True and res['error_reliable'] is True, res
assert err <= 1e-8 * exact and res['error_estimate'] >= 0.5 * err, (res, err)
assert r['task']['order'] == 8 and r['task']['nodes']['x'] == 32, r['task']
assert res['points_evaluated'] == 4**3 + 6**3 + 8**3 + 16**3 + 32**3 + 2 * 32**3, res" ||
    fail "gauss --tol corner peak"
run_pint -q -j 2 -e '(1 + x + y + z)^(-4)' -d x=0:1 -d y=0:1 -d z=0:1 \
    -r gauss --tol 1e-8
grep -q "^grid  *gauss of order 8, 32 x 32 x 32 = 32768 points" "$T/out" ||
    fail "gauss --tol: text grid line: $(grep ^grid "$T/out")"
grep -q "^error  *1.5e-16 (observed order 12.8; Gauss-Legendre's is 16)$" \
    "$T/out" || fail "gauss --tol: text error line: $(grep ^error "$T/out")"
# A Gaussian whose error on one cell stalled from order 6 to 8: those
# orders agree to 2e-7 where both are 4e-7 off, which once met 1e-8 with
# 116 points; the cells, doubled, show it. Stopped at order 8 by the
# budget, the estimate from the orders (3.2e-11, 10^4 too low) is flagged.
run_pint -q -j 2 -f json -e 'exp(-(11.64554275538992*(x-0.62962218284020355)^2 + 13.085896532577921*(y-0.97156070846158005)^2))' \
    -d x=0:1 -d y=0:1 -r gauss --tol 1e-8
expect_rc 0 "gauss --tol stall"
json_check "$T/out" "
def f(a, u):
    return math.sqrt(math.pi) / (2 * a) * (math.erf(a * (1 - u)) + math.erf(a * u))
exact = f(math.sqrt(11.64554275538992), 0.62962218284020355) * \\
    f(math.sqrt(13.085896532577921), 0.97156070846158005)
assert res['tolerance_met'] is True, res
assert abs(res['integral'] - exact) <= 1e-8 * exact, (res, exact)
assert res['points_evaluated'] > 116, res" || fail "gauss --tol stall"
run_pint -q -j 2 -e 'exp(-(11.64554275538992*(x-0.62962218284020355)^2 + 13.085896532577921*(y-0.97156070846158005)^2))' \
    -d x=0:1 -d y=0:1 -r gauss --tol 1e-8 --max-points 200
expect_rc 1 "gauss --tol stall, budget"
grep -q "^error .*as the order rose to 8: unchecked until the cells double twice)$" \
    "$T/out" || fail "gauss --tol stall: text error line: $(grep ^error "$T/out")"
grep -q "^tolerance  *NOT MET (unreliable): estimate 3.2e-11 unreliable, target 1.4e-09 after 3 grids" \
    "$T/out" || fail "gauss --tol stall: text tolerance line: $(grep ^tolerance "$T/out")"
expect_err "tolerance not reached (unreliable): estimate 3.2e-11 at 116 points (flagged unreliable)" \
    "gauss --tol stall, message"
# A relative tolerance on an integral of 0 is under the rounding of the
# sum: said at once (it ran 10^9 points before), and --atol meets it.
run_pint -q -j 2 -f csv -e 'x - 0.5' -d x=0:1 -r trapezoid --tol 1e-8
expect_rc 1 "--tol on an integral of 0"
expect_err "at 17 points (the rounding of the sum, over the target: the integral is near 0 against the values summed; --atol 1e-14 or more)" \
    "--tol on an integral of 0, message"
run_pint -q -j 2 -f csv -e 'x - 0.5' -d x=0:1 -r trapezoid --tol 1e-8 \
    --atol 1e-12
expect_rc 0 "--atol on an integral of 0"
# An integrand that cancels (integral 0.0047, values up to 1) rounds at
# the scale of its values: met in a few grids, not at 10^8 points.
run_pint -q -j 2 -f json -e 'cos(3.3323232431255372 + 9*x)' -d x=0:1 \
    -r gauss --tol 1e-8
expect_rc 0 "gauss --tol cancelling"
json_check "$T/out" "
exact = (math.sin(3.3323232431255372 + 9) - math.sin(3.3323232431255372)) / 9
assert res['tolerance_met'] is True, res
assert res['points_evaluated'] - res['confirm_points'] < 200, res
assert abs(res['integral'] - exact) <= 1e-8 * abs(exact), (res, exact)" ||
    fail "gauss --tol cancelling"
# An order the task names is kept: the cells double instead.
printf 'expression: exp(x + y + z)\ndomain: {x: [0, 1], y: [0, 1], z: [0, 1]}\nrule: gauss\norder: 4\ntolerance: 1e-8\n' \
    >"$T/g4.yaml"
run_pint -q -j 2 -f json -c "$T/g4.yaml"
expect_rc 0 "gauss order 4 --tol"
json_check "$T/out" "
assert r['task']['order'] == 4 and r['task']['nodes']['x'] % 4 == 0, r
assert res['tolerance_met'] is True and res['grids'] >= 3, res
assert abs(res['integral'] - (math.e - 1) ** 3) <= 1e-8 * 5.07, res" ||
    fail "gauss order 4 --tol"
# Past the ladder (cells doubled at order 12): the same grids and bits for
# every -j.
ref=
for j in 1 2 3; do
	run_pint -q --force -j "$j" -f csv -e \
	    '1/((1/16 + (x-0.3)^2) * (1/16 + (y-0.3)^2))' -d x=0:1 -d y=0:1 \
	    -r gauss --tol 1e-8
	expect_rc 0 "gauss --tol product peak -j $j" || continue
	v=$(csv_integral "$T/out")
	same_bits "gauss --tol product peak" "$j" "$v"
done

# Refining by the levels' ratio reuses the points evaluated: tanh-sinh
# halves its step and evaluates only the new nodes (17 + 16 + 32 + 64 in
# 1-D, 129^2 in all in 2-D: its coarsest level needs 17 nodes a side and
# the grid before a check), the integral that of the whole last grid, the
# same bits for every -j; then the two checks (their nodes at most 1/4096 of the
# axis apart in 1-D, 1/64 in 2-D, where they are sparsest: the middle).
run_pint -q -j 2 -f json -e 'sqrt(x)' -d x=0:1 -r tanh-sinh --tol 1e-12
expect_rc 0 "tanh-sinh --tol sqrt(x)"
json_check "$T/out" "
assert res['tolerance_met'] is True and res['grids'] == 6, res
assert res['points_evaluated'] == 129 + 30354 + 30291, res
assert r['task']['points'] == 129 and res['confirm_points'] == 30354 + 30291, res
assert abs(res['integral'] - 2 / 3) <= 1e-15, res" ||
    fail "tanh-sinh --tol sqrt(x): reuse"
ref=
for j in 1 2 3; do
	run_pint -q --force -j "$j" -f json -e '1/sqrt(x + y)' -d x=0:1 \
	    -d y=0:1 -r tanh-sinh --tol 1e-8
	expect_rc 0 "tanh-sinh --tol 2-D -j $j" || continue
	json_check "$T/out" "
assert res['points_evaluated'] == 129 * 129 + 437 * 437 + 439 * 439, res
print(repr(res['integral']))" >"$T/v" || fail "tanh-sinh --tol 2-D -j $j"
	same_bits "tanh-sinh --tol 2-D" "$j" "$(cat "$T/v")"
done
run_pint -q -f json -e '1/sqrt(x + y)' -d x=0:1 -d y=0:1 -r tanh-sinh -n 129
json_check "$T/out" "
assert abs(res['integral'] - $ref) <= 4e-16 * $ref, (res, $ref)" ||
    fail "tanh-sinh --tol 2-D: not the whole grid's integral"
# Reusing with one row a chunk: the same bits and points for every -j.
printf 'expression: 1/sqrt(x + y) + exp(x*y)\ndomain: {x: [0, 1], y: [0, 1]}\nrule: tanh-sinh\ntolerance: 1e-10\nchunk: 1\n' \
    >"$T/ts1.yaml"
ref=
for j in 1 2 3; do
	run_pint -q --force -j "$j" -f json -c "$T/ts1.yaml"
	expect_rc 0 "tanh-sinh chunk 1 -j $j" || continue
	json_check "$T/out" "
assert res['tolerance_met'] is True and r['task']['chunks'] == 129, r
print(repr(res['integral']), res['points_evaluated'])" >"$T/v" ||
	    fail "tanh-sinh chunk 1 -j $j"
	same_bits "tanh-sinh chunk 1" "$j" "$(cat "$T/v")"
done
# The trapezoid rule reuses when the factor it needs is at most 2; its
# checks, warped, have 77 x 70 and 79 x 75 intervals (nodes at most 1/64 of an axis
# apart). (At 3e-4 the 33^2 grid is 0.54 of the target off: the check,
# finer, disagrees by over half the target, and the sequence goes on.)
run_pint -q -j 2 -f json -e 'exp(x + y)' -d x=0:1 -d y=0:1 -r trapezoid \
    --tol 4e-4
expect_rc 0 "trapezoid --tol 4e-4"
json_check "$T/out" "
assert res['grids'] == 4 and r['task']['points'] == 33 * 33, res
assert res['points_evaluated'] == 33 * 33 + 78 * 71 + 80 * 76, res" ||
    fail "trapezoid --tol: reuse"
# So does Simpson's, weighing the old nodes by the trapezoid sum each of
# its grids carries: 17^2 then the 33^2 - 17^2 new points, the whole last
# grid's integral to rounding, and the same bits for every -j.
ref=
for j in 1 2 3; do
	run_pint -q --force -j "$j" -f json -r simpson --tol 1e-6 \
	    -e 'cos(1.8849555921538759 + 2*(x + y))' -d x=0:1 -d y=0:1
	expect_rc 0 "simpson --tol reuse -j $j" || continue
	json_check "$T/out" "
assert res['grids'] == 4 and r['task']['points'] == 33 * 33, res
assert res['points_evaluated'] == 33 * 33 + 79 * 71 + 81 * 77, res
assert res['error_reliable'] and 4 <= res['observed_order'] < 4.1, res
print(repr(res['integral']))" >"$T/v" || fail "simpson --tol: reuse -j $j"
	same_bits "simpson --tol reuse" "$j" "$(cat "$T/v")"
done
run_pint -q -f json -r simpson -n 33 \
    -e 'cos(1.8849555921538759 + 2*(x + y))' -d x=0:1 -d y=0:1
json_check "$T/out" "
assert abs(res['integral'] - ($ref)) <= 4e-16 * abs($ref), (res, $ref)" ||
    fail "simpson --tol reuse: not the whole grid's integral"

# The task keys, and the same bits for every -j along the same grids.
printf 'expression: exp(-x*y) / sqrt(x + 0.01)\ndomain: {x: [0, 1], y: [0, 1]}\nrule: simpson\ntolerance: 1e-7\nabs_tolerance: 1e-12\n' \
    >"$T/tol.yaml"
# (midpoint to 1e-6: its check, a coarser grid that must agree within
# the target, takes it beyond the budget at 1e-7.)
for rule in simpson gauss tanh-sinh midpoint; do
	ref= tol=
	[ "$rule" = midpoint ] && tol="--tol 1e-6"
	for j in 1 2 3; do
		# shellcheck disable=SC2086
		run_pint -q --force -j "$j" -f csv -c "$T/tol.yaml" -r "$rule" $tol
		expect_rc 0 "tolerance $rule -j $j" || continue
		v=$(csv_integral "$T/out")
		same_bits "tolerance $rule" "$j" "$v"
	done
done

# Not reached within the budget: exit 1, the message, and still the best
# result in every format.
for f in text json csv yaml; do
	run_pint -q -j 2 -f "$f" -e 'exp(x + y + z)' -d x=0:1 -d y=0:1 \
	    -d z=0:1 -r midpoint --tol 1e-12 --max-points 20000
	expect_rc 1 "--tol not reached -f $f"
	expect_err "tolerance not reached (budget): estimate " "not reached -f $f"
	grep -q '5\.07' "$T/out" || fail "not reached -f $f: no integral"
done
run_pint -q -f json -e 'exp(x + y + z)' -d x=0:1 -d y=0:1 -d z=0:1 \
    -r midpoint --tol 1e-12 --max-points 20000
json_check "$T/out" "
assert res['tolerance_met'] is False, res
assert res['points_evaluated'] <= 20000, res" || fail "not reached: json"

# Not reached by gauss (sqrt(x): flagged at every order) and by tanh-sinh
# reusing its points (a kink inside): exit 1, the points within budget.
for args in "sqrt(x) -r gauss --max-points 1000" \
    "abs(x-0.3) -r tanh-sinh --max-points 20000 -d y=0:1"; do
	# shellcheck disable=SC2086
	run_pint -q -j 2 -f json -d x=0:1 --tol 1e-12 -e $args
	expect_rc 1 "--tol not reached: $args"
	expect_err "tolerance not reached (budget): estimate " "not reached: $args"
	json_check "$T/out" "
budget = int('$args'.split('--max-points ')[1].split()[0])
assert res['tolerance_met'] is False and res['grids'] >= 3, res
assert res['points_evaluated'] <= budget, res" ||
	    fail "not reached: $args: json"
done

# Bad tolerances are bad invocations or tasks.
run_pint -q -e x -d x=0:1 -n 10 --max-points 100
expect_rc 2 "--max-points alone"
expect_err "--max-points: the budget of a tolerance" "--max-points alone"
run_pint -q -e x -d x=0:1 --tol -1
expect_rc 2 "--tol -1"
expect_err "--tol: expected a positive number, got '-1'" "--tol -1"
run_pint -q -e x -d x=0:1 --tol 1e-6 --checkpoint "$T/ck"
expect_rc 2 "--tol with --checkpoint"
expect_err "cannot be combined with a tolerance" "--tol with --checkpoint"
printf 'expression: x\ndomain: {x: [0, 1]}\ntolerance: 0\n' >"$T/t0.yaml"
run_pint -q -c "$T/t0.yaml"
expect_rc 2 "tolerance: 0"
expect_err "t0.yaml:3:12: tolerance must be positive, got 0" "tolerance: 0"

# Bad uses of the new rules are bad tasks: exit 2, where and what.
run_pint -q -e x -d x=0:1 -n 4 -r tanh-sinh
expect_rc 2 "tanh-sinh with 4 points"
expect_err "-n: tanh-sinh needs at least 5 points on x, got 4" \
    "tanh-sinh points"
run_pint -q -e x -d x=0:1 -d y=0:1 --tol 1e-9 -r simpson --max-points 100
expect_rc 2 "--max-points under the first grid"
expect_err "--max-points 100 is less than the first grid's 289 points" \
    "--max-points under the first grid"
run_pint -q -e x -d x=0:1 -s 0.1 -r tanh-sinh
expect_rc 2 "tanh-sinh with a step"
expect_err "-s: tanh-sinh takes points, not a step" "tanh-sinh step"
printf 'expression: x\ndomain: {x: [0, 1]}\npoints: 9\nrule: simpson\norder: 4\n' \
    >"$T/o.yaml"
run_pint -q -c "$T/o.yaml"
expect_rc 2 "order with simpson"
expect_err "o.yaml:5:8: order applies to rule gauss only, not simpson" \
    "order with simpson"
run_pint -q -e x -d x=0:1 -n 10 -r gauss
expect_rc 2 "gauss points"
expect_err "-n: gauss of order 4 needs a multiple of 4 points on x, got 10" \
    "gauss points"
# Boole's rule: exact to rounding on exp(x) cos(y) at 1025 points a side
# (about 64 chunks), the same bits for -j 1, 2 and 3, order 6 observed,
# and a tolerance met with the true error within it, for every -j.
exact_boole='(math.e - 1) * math.sin(2)'
ref=
for j in 1 2 3; do
	run_pint -q -j "$j" -f json -r boole -e 'exp(x)*cos(y)' -d x=0:1 \
	    -d y=0:2 -n 1025
	expect_rc 0 "boole -j $j" || continue
	json_check "$T/out" "
exact = $exact_boole
assert r['task']['rule'] == 'boole' and r['task']['chunks'] > 3, r['task']
assert abs(res['integral'] - exact) <= 1e-14 * abs(exact), (res, exact)
print(repr(res['integral']))" >"$T/v" || fail "boole -j $j"
	same_bits "boole" "$j" "$(cat "$T/v")"
done
run_pint -q -j 2 -f json -r boole -e 'exp(x)*cos(y)' -d x=0:1 -d y=0:2 -n 33
json_check "$T/out" "
assert res['error_reliable'] and 5.5 < res['observed_order'] < 6.5, res
err = abs(res['integral'] - $exact_boole)
assert err / 2 <= res['error_estimate'] <= 2 * err, (res, err)" ||
    fail "boole: order 6 and an honest estimate"
run_pint -q -j 2 -r boole -e 'exp(x)*cos(y)' -d x=0:1 -d y=0:2 -n 33
grep -q "Boole's is 6" "$T/out" || fail "boole: the text report's estimate"
ref=
for j in 1 2 3; do
	run_pint -q --force -j "$j" -f json -r boole --tol 1e-11 \
	    -e 'exp(x)*cos(3*y)' -d x=0:1 -d y=0:2
	expect_rc 0 "boole --tol -j $j" || continue
	json_check "$T/out" "
exact = (math.e - 1) * math.sin(6) / 3
assert res['tolerance_met'] and res['error_confirmed'] is True, res
assert abs(res['integral'] - exact) <= res['tolerance_target'], (res, exact)
print(repr(res['integral']))" >"$T/v" || fail "boole --tol -j $j"
	same_bits "boole --tol" "$j" "$(cat "$T/v")"
done
run_pint -q -e x -d x=0:1 -n 7 -r boole
expect_rc 2 "boole points"
expect_err "-n: boole needs a multiple of 4 intervals on x, got 6 (use a multiple of 4 points, plus 1)" \
    "boole points"
finish
