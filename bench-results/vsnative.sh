#!/bin/sh
# pint against the integrand compiled in, per expression, paired.
#   bench-results/vsnative.sh [PINT [OUTDIR]]
# For the old design's workload (sin(x)*cos(y)+x*y on [0,1]^2), each
# expression of exprbench.c's table (on [-3,3] x [-2,2], as there) and the
# non-separable sin(x*y)*exp(-x*y)+sqrt(1+x*y) on [0,1]^2: native.c built
# with that integrand, exactly -O3 -march=native -ffast-math -fopenmp;
# then BENCH_PAIRS rounds, each running pint and the native loop in turn,
# timed from exec to exit on BENCH_VS_N^2 midpoint points, at -j 1 pinned
# to one CPU (taskset) and at -j = all usable CPUs. With BENCH_BEFORE set
# to another pint, each round runs it third (a before/after table).
# Writes OUTDIR/vsnative.csv (one row per pair) and OUTDIR/vsnative.md
# (medians of the pair ratios), and prints the table.
# Environment: BENCH_PAIRS (default 7), BENCH_VS_N (points per axis,
# default 20000), BENCH_VS_ONLY (names to run, comma separated),
# BENCH_VS_CPU (the CPU of the pinned runs, default the first usable).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
PINT=${1:-$top/pint}
host=$(hostname -s 2>/dev/null || hostname)
out=${2:-$here/$host}
PAIRS=${BENCH_PAIRS:-7}
N=${BENCH_VS_N:-20000}
ONLY=${BENCH_VS_ONLY:-}
BEFORE=${BENCH_BEFORE:-}
CPU=${BENCH_VS_CPU:-$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')}
ALL=$(nproc)
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name|muParser expression|C expression of x and y|domain
cat >"$tmp/cases" <<'EOF'
seed|sin(x)*cos(y)+x*y|sin(x) * cos(y) + x * y|-d x=0:1 -d y=0:1
nonsep|sin(x*y)*exp(-x*y)+sqrt(1+x*y)|sin(x * y) * exp(-x * y) + sqrt(1 + x * y)|-d x=0:1 -d y=0:1
trig2|sin(x)*cos(y)+x*y|sin(x) * cos(y) + x * y|-d x=-3:3 -d y=-2:2
poly|3*x^3-2*x^2+x-5|3 * x * x * x - 2 * x * x + x - 5|-d x=-3:3 -d y=-2:2
horner|((0.5*x-1.5)*x+2)*x-0.25|((0.5 * x - 1.5) * x + 2) * x - 0.25|-d x=-3:3 -d y=-2:2
gauss|exp(-(x^2+y^2))|exp(-(x * x + y * y))|-d x=-3:3 -d y=-2:2
explog|exp(-x*x/2)*log(1+x*x)|exp(-x * x / 2) * log(1 + x * x)|-d x=-3:3 -d y=-2:2
sqrt|sqrt(x*x+y*y+1)|sqrt(x * x + y * y + 1)|-d x=-3:3 -d y=-2:2
powi|(x+y)^5-x^4|pow(x + y, 5) - x * x * x * x|-d x=-3:3 -d y=-2:2
powr|abs(x)^1.5+(x*x+1)^0.3|pow(fabs(x), 1.5) + pow(x * x + 1, 0.3)|-d x=-3:3 -d y=-2:2
ternary|x<0 ? x*x : (x<1 ? sin(x) : 1/x)|x < 0 ? x * x : (x < 1 ? sin(x) : 1 / x)|-d x=-3:3 -d y=-2:2
rational|(x*x-1)/(x*x+1)|(x * x - 1) / (x * x + 1)|-d x=-3:3 -d y=-2:2
long|sin(x)+cos(2*x)+sin(3*x)*x+exp(-x*x)*y+sqrt(abs(x*y)+1)+atan(x)+tanh(x*0.5)+x^3-2*x+log(1+x*x)|sin(x) + cos(2 * x) + sin(3 * x) * x + exp(-x * x) * y + sqrt(fabs(x * y) + 1) + atan(x) + tanh(x * 0.5) + x * x * x - 2 * x + log(1 + x * x)|-d x=-3:3 -d y=-2:2
EOF

now() { date +%s%N; }
# timed CMD...: nanoseconds from exec to exit, output discarded
timed() { s=$(now); "$@" >/dev/null; e=$(now); echo $((e - s)); }

echo "expr,jobs,run,pint_s,native_s,ratio,before_s,before_ratio" \
    >"$out/vsnative.csv"
while IFS='|' read -r name mexpr cexpr dom; do
	case ",$ONLY," in ",,"|*",$name,"*) ;; *) continue ;; esac
	cc -O3 -march=native -ffast-math -fopenmp "-DF(x, y)=($cexpr)" \
	    "$here/native.c" -o "$tmp/native-$name" -lm
	# shellcheck disable=SC2086
	set -- $dom
	x=${2#x=}
	y=${4#y=}
	for j in $(printf '1\n%s\n' "$ALL" | sort -un); do
		pin=
		[ "$j" = 1 ] && pin="taskset -c $CPU"
		r=1
		while [ "$r" -le "$PAIRS" ]; do
			# shellcheck disable=SC2086
			p=$(timed $pin "$PINT" -q -j "$j" -e "$mexpr" $dom \
			    -n "$N" -r midpoint -f csv --no-header)
			# shellcheck disable=SC2086
			c=$(timed $pin "$tmp/native-$name" "${x%:*}" "${x#*:}" \
			    "${y%:*}" "${y#*:}" "$N" "$j")
			b=
			if [ -n "$BEFORE" ]; then
				# shellcheck disable=SC2086
				b=$(timed $pin "$BEFORE" -q -j "$j" -e "$mexpr" \
				    $dom -n "$N" -r midpoint -f csv --no-header)
			fi
			awk -v n="$name" -v j="$j" -v r="$r" -v p="$p" -v c="$c" \
			    -v b="$b" 'BEGIN { printf "%s,%d,%d,%.6f,%.6f,%.4f,", n, j, r, p / 1e9, c / 1e9, p / c
			    if (b != "") printf "%.6f,%.4f\n", b / 1e9, b / c; else printf ",\n" }' \
			    >>"$out/vsnative.csv"
			r=$((r + 1))
		done
	done
done <"$tmp/cases"

python3 - "$out/vsnative.csv" "$N" "$PAIRS" "$CPU" "$ALL" >"$out/vsnative.md" <<'PY'
import csv, statistics as st, sys
path, n, pairs, cpu, cpus = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
before = any(r["before_s"] for r in rows)
names = list(dict.fromkeys(r["expr"] for r in rows))
jobs = sorted({int(r["jobs"]) for r in rows})
print(f"pint / native per expression: {n} x {n} midpoint points, exec to exit, "
      f"medians of {pairs} pairs run in turn; -j 1 pinned to CPU {cpu}, -j {cpus} on all usable CPUs.\n")
head = "| expression |"
for j in jobs:
    head += f" -j {j} pint s | native s | pint/native (range) |" + (" before/native |" if before else "")
print(head)
print("| --- |" + " ---: |" * (len(jobs) * (4 if before else 3)))
for nm in names:
    line = f"| {nm} |"
    for j in jobs:
        pr = [r for r in rows if r["expr"] == nm and int(r["jobs"]) == j]
        if not pr:
            line += " - | - | - |" + (" - |" if before else "")
            continue
        rat = [float(r["ratio"]) for r in pr]
        line += (f" {st.median(float(r['pint_s']) for r in pr):.3f} | {st.median(float(r['native_s']) for r in pr):.3f} |"
                 f" {st.median(rat):.3f} ({min(rat):.3f}-{max(rat):.3f}) |")
        if before:
            line += f" {st.median(float(r['before_ratio']) for r in pr):.3f} |"
    print(line)
PY
cat "$out/vsnative.md"
