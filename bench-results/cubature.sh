#!/bin/sh
# cubature.sh [PINT]: points and wall time to reach a relative tolerance
# of 1e-8, pint with --tol for each rule against libcubature's hcubature
# and pcubature (cubature.c), on Genz's six families in 2-D and 3-D and
# on endpoint singularities. Needs libcubature-dev; not part of make check.
# The cases are genz.cases (name, dimensions, expression), the same
# integrands and parameters as cubature.c. Writes $OUT (default bench-results/<host>/cubature.csv) and prints a
# Markdown table of it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PINT=${1:-$here/../pint}
REL=${REL:-1e-8}
BUDGET=${BUDGET:-10000000}
JOBS=${JOBS:-2}
host=$(hostname -s 2>/dev/null || echo host)
OUT=${OUT:-$here/$host/cubature.csv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$(dirname "$OUT")"

cc -O2 -o "$tmp/cubature" "$here/cubature.c" -lcubature -lm
"$tmp/cubature" "$REL" >"$tmp/cub.csv"


echo "case,method,points,seconds,value,exact,rel_error,status" >"$OUT"
while read -r name dims expr; do
	exact=$(awk -F, -v n="$name" '$1 == n { print $6; exit }' "$tmp/cub.csv")
	set -- -d x=0:1
	[ "$dims" -ge 2 ] && set -- "$@" -d y=0:1
	[ "$dims" -ge 3 ] && set -- "$@" -d z=0:1
	for rule in midpoint trapezoid simpson gauss tanh-sinh; do
		"$PINT" -q --force -j "$JOBS" -f json -e "$expr" "$@" -r "$rule" \
		    --tol "$REL" --max-points "$BUDGET" >"$tmp/out" 2>/dev/null || true
		python3 - "$tmp/out" "$name" "pint-$rule" "$exact" >>"$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
res, exact = r["result"], float(sys.argv[4])
v = res["integral"]
print("%s,%s,%d,%.6f,%.17g,%.17g,%.3g,%s" % (sys.argv[2], sys.argv[3],
    res["points_evaluated"], r["runs"][0]["timing"]["wall_s"], v, exact,
    abs(v - exact) / abs(exact), "met" if res["tolerance_met"] else "not met"))
PY
	done
	grep "^$name," "$tmp/cub.csv" >>"$OUT"
done <"$here/genz.cases"

# The table: points (and ms) per method, * where the tolerance was not met.
python3 - "$OUT" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
methods = ["pint-midpoint", "pint-trapezoid", "pint-simpson", "pint-gauss",
    "pint-tanh-sinh", "hcubature", "pcubature"]
cases = list(dict.fromkeys(r["case"] for r in rows))
print("| case | " + " | ".join(m.replace("pint-", "") for m in methods) + " |")
print("| --- |" + " ---: |" * len(methods))
for c in cases:
    cells = []
    for m in methods:
        r = next(r for r in rows if r["case"] == c and r["method"] == m)
        ok = r["status"] == "met" and float(r["rel_error"]) <= 1e-7
        cells.append("%s%s (%.1f ms)" % (r["points"], "" if ok else "*",
            1e3 * float(r["seconds"])))
    print("| %s | %s |" % (c, " | ".join(cells)))
PY
