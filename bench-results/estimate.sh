#!/bin/sh
# estimate.sh [PINT]: how honest pint's error estimate is. For each case
# of genz.cases, each rule with an estimate and several grids, the ratio
# of the estimate to the true error (exact values from cubature.c, which
# needs libcubature-dev). Prints, per kind of case (smooth: the first four
# Genz families; non-smooth: continuous, discontinuous; singular), how
# often a reliable estimate understates the true error more than 2x, and
# how often it is within 2x either way; gauss, whose estimate compares the
# grids of a tolerance's run, at tolerances 1e-4 to 1e-12. Writes $OUT (default
# bench-results/<host>/estimate.csv).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PINT=${1:-$here/../pint}
host=$(hostname -s 2>/dev/null || echo host)
OUT=${OUT:-$here/$host/estimate.csv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$(dirname "$OUT")"
cc -O2 -o "$tmp/cubature" "$here/cubature.c" -lcubature -lm
"$tmp/cubature" exact >"$tmp/exact.csv"

echo "case,rule,points,estimate,true_error,reliable,observed_order,exact" >"$OUT"
while read -r name dims expr; do
	exact=$(awk -F, -v n="$name" '$1 == n { print $2; exit }' "$tmp/exact.csv")
	set -- -d x=0:1
	[ "$dims" -ge 2 ] && set -- "$@" -d y=0:1
	[ "$dims" -ge 3 ] && set -- "$@" -d z=0:1
	for rule in midpoint trapezoid simpson tanh-sinh gauss; do
		case $dims.$rule in
		*.gauss) ns="1e-4 1e-6 1e-8 1e-10 1e-12" ;;
		3.midpoint) ns="36 72 144" ;;
		*.midpoint) ns="36 90 180 360" ;;
		3.*) ns="17 33 65 129" ;;
		*) ns="17 33 65 129 257" ;;
		esac
		for n in $ns; do
			# gauss estimates from the grids of a tolerance's run.
			case $rule in
			gauss) grid="--tol $n --max-points 3000000" ;;
			*) grid="-n $n" ;;
			esac
			# shellcheck disable=SC2086
			"$PINT" -q -j 2 -f json -e "$expr" "$@" -r "$rule" $grid \
			    >"$tmp/out" 2>/dev/null || true
			python3 - "$tmp/out" "$name" "$rule" "$exact" >>"$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
res = r["result"]
if res["error_estimate"] is not None:
    print("%s,%s,%d,%.6g,%.6g,%s,%s,%s" % (sys.argv[2], sys.argv[3],
        r["task"]["points"], res["error_estimate"],
        abs(res["integral"] - float(sys.argv[4])), res["error_reliable"],
        res["observed_order"], sys.argv[4]))
PY
		done
	done
done <"$here/genz.cases"

python3 - "$OUT" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def rounding(r):
    # Within 1e-14 of the integral (45 ulps): rounding, not the rule.
    return float(r["true_error"]) <= 1e-14 * abs(float(r["exact"]))
def kind(c):
    if c.startswith(("continuous", "discontinuous")):
        return "non-smooth"
    if c.startswith(("sqrt", "inv-sqrt", "log")):
        return "singular"
    return "smooth"
print("| kind | rule | estimates | reliable | reliable, over 2x too low | within 2x either way | flagged |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
for k in ("smooth", "non-smooth", "singular"):
    for rule in ("midpoint", "trapezoid", "simpson", "tanh-sinh", "gauss"):
        # True errors at rounding level say nothing of the estimate.
        rs = [r for r in rows if kind(r["case"]) == k and r["rule"] == rule
            and not rounding(r)]
        rel = [r for r in rs if r["reliable"] == "True"]
        low = [r for r in rel
            if float(r["estimate"]) < 0.5 * float(r["true_error"])]
        within = [r for r in rs
            if 0.5 <= float(r["estimate"]) / float(r["true_error"]) <= 2]
        print("| %s | %s | %d | %d | %d | %d (%.0f%%) | %d |" % (k, rule,
            len(rs), len(rel), len(low), len(within),
            100.0 * len(within) / max(len(rs), 1), len(rs) - len(rel)))
for r in rows:
    if r["reliable"] == "True" and not rounding(r) and \
       float(r["estimate"]) < 0.5 * float(r["true_error"]):
        print("understated: %s %s %s points: estimate %s, error %s" % (
            r["case"], r["rule"], r["points"], r["estimate"], r["true_error"]))
PY
