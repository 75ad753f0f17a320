#!/bin/sh
# make bench: a scaling study of pint on this machine.
#   bench-results/run.sh [PINT]
# Writes bench-results/<host>/: sweep.csv (pint, -j 1..CPUs, repeats),
# native.csv (the integrand compiled in, OpenMP), engines.csv (per-point
# cost by engine), scaling.png (gnuplot, when installed) and README.md,
# and prints the figures with their ratios, all measured in this run.
# Environment: BENCH_REPEAT (default 5), BENCH_N (points per axis of the
# sweep task, default 30000: 9e8 points), BENCH_JOBS (default 1..CPUs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
PINT=${1:-$top/pint}
REPEAT=${BENCH_REPEAT:-5}
N=${BENCH_N:-30000}
CPUS=$(nproc)
JOBS=${BENCH_JOBS:-$(seq -s, 1 "$CPUS")}
host=$(hostname -s 2>/dev/null || hostname)
out=$here/$host
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n $N -r midpoint"

say() { printf '%s\n' "$*"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

say "pint bench on $host: $CPUS CPUs, $(uname -sr), task $N x $N points"

# 1. The sweep: pint -j 1..CPUs, each value $REPEAT times after a warm-up.
# shellcheck disable=SC2086
"$PINT" -q -j "$JOBS" --repeat "$REPEAT" --warmup 1 $TASK -f csv >"$out/sweep.csv"

# 2. The native reference: the same grid, the integrand compiled in.
cc -O3 -march=native -ffast-math -fopenmp "$here/native.c" -o "$tmp/native" -lm
echo "threads,run,integral,wall_s" >"$out/native.csv"
for j in $(echo "$JOBS" | tr , ' '); do
	r=0
	while [ "$r" -le "$REPEAT" ]; do
		set -- $("$tmp/native" 0 1 0 1 "$N" "$j")
		[ "$r" -gt 0 ] && echo "$j,$r,$1,$2" >>"$out/native.csv"
		r=$((r + 1))
	done
done

# 3. Per-point cost by engine at -j 1 (a tenth of the points).
n1=$((N / 3))
echo "engine,points,compute_s,ns_per_point_core" >"$out/engines.csv"
for e in vector muparser; do
	# shellcheck disable=SC2086
	"$PINT" -q -j 1 --engine "$e" -e 'sin(x)*cos(y)+x*y' -d x=0:1 -d y=0:1 \
	    -n "$n1" -f csv --repeat 3 >"$tmp/e.csv"
	awk -F, -v e="$e" 'NR > 1 { c[NR] = $14; p = $6 } END {
	    n = asort(c); m = (n % 2) ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
	    printf "%s,%d,%.6f,%.3f\n", e, p, m, m / p * 1e9 }' "$tmp/e.csv" >>"$out/engines.csv"
done

# 4. Fixed cost: a trivial task at -j 2, exec to exit.
if command -v hyperfine >/dev/null; then
	hyperfine -N -w 10 -r 200 --export-csv "$tmp/h.csv" \
	    "$PINT -q -j 2 -e x -d x=0:1 -n 10 -f csv" >/dev/null 2>&1
	trivial_ms=$(awk -F, 'NR == 2 { printf "%.2f", $5 * 1000 }' "$tmp/h.csv")
	trivial_how="hyperfine median of 200"
else
	i=0
	while [ "$i" -lt 100 ]; do
		s=$(date +%s%N)
		"$PINT" -q -j 2 -e x -d x=0:1 -n 10 -f csv >/dev/null
		e=$(date +%s%N)
		echo $(( e - s ))
		i=$((i + 1))
	done | median >"$tmp/t"
	trivial_ms=$(awk '{ printf "%.2f", $1 / 1e6 }' "$tmp/t")
	trivial_how="median of 100, date +%N"
fi

# 5. The sampler's own CPU at the default interval, from the -j 2 runs.
# shellcheck disable=SC2086
overhead=$("$PINT" -q -j 2 -e "sin(x)*cos(y)+x*y" -d x=0:1 -d y=0:1 -n "$n1" \
    --engine muparser -f json | python3 -c \
    'import json,sys; print("%.4f" % (100 * json.load(sys.stdin)["sampler"]["overhead"]))')

# Figures from the sweep (medians of wall per -j).
python3 - "$out" "$CPUS" "$N" "$trivial_ms" "$trivial_how" "$overhead" <<'PY'
import csv, statistics, sys
out, cpus, n, trivial, how, overhead = sys.argv[1:]
rows = list(csv.DictReader(open(out + "/sweep.csv")))
nat = list(csv.DictReader(open(out + "/native.csv")))
eng = {r["engine"]: r for r in csv.DictReader(open(out + "/engines.csv"))}
jobs = sorted({int(r["jobs"]) for r in rows})
pts = int(rows[0]["points"])
med = {j: statistics.median(float(r["wall_s"]) for r in rows if int(r["jobs"]) == j) for j in jobs}
cmed = {j: statistics.median(float(r["compute_s"]) for r in rows if int(r["jobs"]) == j) for j in jobs}
nmed = {j: statistics.median(float(r["wall_s"]) for r in nat if int(r["threads"]) == j) for j in jobs}
ident = all(r["integral_identical"] == "true" for r in rows)
lines = []
lines.append("| -j | pint wall median s | speedup | efficiency | native wall median s | native speedup | pint / native |")
lines.append("| --- | --- | --- | --- | --- | --- | --- |")
for j in jobs:
    s = med[jobs[0]] / med[j]
    ns = nmed[jobs[0]] / nmed[j]
    lines.append(f"| {j} | {med[j]:.4f} | {s:.3f} | {s / j * jobs[0]:.3f} | {nmed[j]:.4f} | {ns:.3f} | {med[j] / nmed[j]:.2f} |")
eff2 = (med[1] / med[2] / 2) if 1 in med and 2 in med else float("nan")
pp_pint = cmed[jobs[0]] * jobs[0] / pts * 1e9
pp_nat = nmed[jobs[0]] * jobs[0] / pts * 1e9
fig = [
    f"- task: sin(x)*cos(y)+x*y, midpoint, {n} x {n} = {pts} points; {len(rows)} pint runs, integral identical across all: {ident}",
    f"- parallel efficiency at -j 2 (median wall -j 1 / median wall -j 2 / 2): {eff2:.3f} (target >= 0.98)",
    f"- per-point cost at -j 1: pint {pp_pint:.2f} ns/point/core, native -O3 {pp_nat:.2f} ns/point/core, ratio {pp_pint / pp_nat:.2f}",
    f"- engines at -j 1: vector {float(eng['vector']['ns_per_point_core']):.2f} ns/point, muparser {float(eng['muparser']['ns_per_point_core']):.2f} ns/point, ratio {float(eng['muparser']['ns_per_point_core']) / float(eng['vector']['ns_per_point_core']):.1f}x",
    f"- sampler overhead at the default 100 ms interval: {overhead}% of one core (target <= 1%)",
    f"- trivial task (10 points) at -j 2, exec to exit: {trivial} ms ({how}; target <= 5 ms)",
]
with open(out + "/README.md", "w") as f:
    f.write("# pint scaling on this machine\n\n")
    f.write("Made by `make bench` (bench-results/run.sh); every ratio below is from one run of it.\n\n")
    f.write("\n".join(fig) + "\n\n" + "\n".join(lines) + "\n\n")
    f.write("Files: sweep.csv (pint, one row per run), native.csv (OpenMP reference), engines.csv, scaling.png.\n")
with open(out + "/scaling.dat", "w") as f:
    for j in jobs:
        s = med[jobs[0]] / med[j]
        ns = nmed[jobs[0]] / nmed[j]
        f.write(f"{j} {s} {s / j * jobs[0]} {ns} {ns / j * jobs[0]}\n")
print("\n".join(fig))
print("\n".join(lines))
PY

if command -v gnuplot >/dev/null; then
	gnuplot <<GP || say "gnuplot failed; no plot"
set terminal pngcairo size 900,400 noenhanced
set output "$out/scaling.png"
set multiplot layout 1,2 title "pint on $host ($CPUS CPUs), $N x $N points"
set xlabel "-j"; set key left top; set grid
set ylabel "speedup"
plot "$out/scaling.dat" u 1:1 w l dt 2 t "ideal", "" u 1:2 w lp t "pint", "" u 1:4 w lp t "native -O3"
set ylabel "efficiency"; set yrange [0:1.1]
plot 1 w l dt 2 t "ideal", "$out/scaling.dat" u 1:3 w lp t "pint", "" u 1:5 w lp t "native -O3"
unset multiplot
GP
fi
say "results in $out"
