#!/bin/sh
# make bench: a scaling study of pint on this machine.
#   bench-results/run.sh [PINT]
# Writes bench-results/<host>/: sweep.csv (pint, -j 1..CPUs, repeats),
# native.csv (the integrand compiled in, OpenMP), paired.csv (pint and the
# native loop in turn, exec to exit, per -j), vsnative.csv and vsnative.md
# (the same per expression, pinned at -j 1; vsnative.sh), engines.csv (per-point
# cost by engine at -j 1), exprs.csv (ns/point per expression: muParser,
# vector engine before and after its x cache, C, numpy; operations by
# dependence), peers.csv (pint against a numpy
# multiprocessing script end to end), sweep.json and sweep.md (pint's own
# report and Markdown table of the sweep), scaling.png (pint --plot, when
# gnuplot is installed), study.txt (date, commit, compiler, CPU, settings)
# and README.md, and prints the figures with their ratios, all measured in
# this run.
# Environment: BENCH_REPEAT (default 5), BENCH_N (points per axis of the
# sweep task, default 40000: 1.6e9 points), BENCH_JOBS (default 1..CPUs),
# BENCH_PAIRS (pairs per -j, default 7), BENCH_PAIR_N (points per axis of
# the paired runs, default 20000: 4e8 points).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
PINT=${1:-$top/pint}
REPEAT=${BENCH_REPEAT:-5}
N=${BENCH_N:-40000}
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

# The expression benchmark, built first so that a failure shows at once:
# the engine as the product builds it (vector flags on its runtime only).
for f in parse graph gen; do
	cc -O2 -I"$top" -I"$top/src" -c "$top/src/vexpr-$f.c" \
	    -o "$tmp/vexpr-$f.o"
done
cc -O2 -fopenmp-simd -fno-math-errno -I"$top" -I"$top/src" -c \
    "$top/src/vexpr-run.c" -o "$tmp/vexpr-run.o"
cc -O3 -fopenmp-simd -fno-math-errno -I"$top" -I"$top/src" \
    "$here/exprbench.c" "$tmp"/vexpr-*.o "$top/src/expr.c" "$top/src/util.c" \
    $(pkg-config --cflags --libs muparser) -lm -o "$tmp/exprbench"

# 0. What this study is: when, which build, which machine, which settings.
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $commit"
	echo "host: $host, $CPUS CPUs, $(uname -srm)"
	echo "cpu_model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "settings: BENCH_REPEAT=$REPEAT BENCH_N=$N BENCH_JOBS=$JOBS" \
	    "BENCH_PAIRS=${BENCH_PAIRS:-7} BENCH_PAIR_N=${BENCH_PAIR_N:-20000}"
	echo "task: $TASK"
} >"$out/study.txt"

# 1. The sweep: pint -j 1..CPUs, each value $REPEAT times after a warm-up,
# with pint's own JSON, Markdown and plot of it (the plot needs gnuplot and
# more than one -j value).
plot=
if command -v gnuplot >/dev/null && [ "$CPUS" -gt 1 ]; then
	plot="--plot $out/scaling.png"
fi
# Run from the top of the tree with relative paths: the command line is
# recorded in the report, and should not name this machine's folders.
rel() { case $1 in "$top"/*) echo "./${1#"$top"/}" ;; *) echo "$1" ;; esac; }
plot=${plot:+--plot $(rel "$out/scaling.png")}
# shellcheck disable=SC2086
(cd "$top" && "$(rel "$PINT")" -q -j "$JOBS" --repeat "$REPEAT" --warmup 1 \
    $TASK -f csv --export-json "$(rel "$out/sweep.json")" \
    --export-markdown "$(rel "$out/sweep.md")" $plot) >"$out/sweep.csv"
python3 - "$out/sweep.json" >>"$out/study.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p, h = r["provenance"], r["host"]
print("compiler:", p["compiler"], p["cflags"])
print("topology: sockets %s, cores per socket %s, threads per core %s, NUMA nodes %s"
      % (h["sockets"], h["cores_per_socket"], h["threads_per_core"], h["numa_nodes"]))
print("pint:", r["pint_version"], "schema", r["schema_version"], "engine", r["task"]["engine"])
PY

# 2. The native reference: the same grid, the integrand compiled in.
cc -O3 -march=native -ffast-math -fopenmp "$here/native.c" -o "$tmp/native" -lm
echo "threads,run,integral,wall_s" >"$out/native.csv"
for j in $(echo "$JOBS" | tr , ' '); do
	r=0
	while [ "$r" -le 3 ]; do
		set -- $("$tmp/native" 0 1 0 1 "$N" "$j")
		[ "$r" -gt 0 ] && echo "$j,$r,$1,$2" >>"$out/native.csv"
		r=$((r + 1))
	done
done

# 2b. The old design's workload against the native loop, paired: at each
# -j, pint then native, BENCH_PAIRS times in turn, each timed from exec to
# exit (pint's setup and fork included), on BENCH_PAIR_N^2 points.
PAIRS=${BENCH_PAIRS:-7}
PN=${BENCH_PAIR_N:-20000}
now() { date +%s%N; }
echo "jobs,run,pint_s,native_s,ratio" >"$out/paired.csv"
r=1
while [ "$r" -le "$PAIRS" ]; do
	for j in $(echo "$JOBS" | tr , ' '); do
		s0=$(now)
		# shellcheck disable=SC2086
		"$PINT" -q -j "$j" -e 'sin(x)*cos(y)+x*y' -d x=0:1 -d y=0:1 \
		    -n "$PN" -r midpoint -f csv --no-header >/dev/null
		s1=$(now)
		"$tmp/native" 0 1 0 1 "$PN" "$j" >/dev/null
		s2=$(now)
		awk -v j="$j" -v r="$r" -v a="$s0" -v b="$s1" -v c="$s2" \
		    'BEGIN { printf "%d,%d,%.6f,%.6f,%.4f\n", j, r, (b - a) / 1e9, (c - b) / 1e9, (b - a) / (c - b) }' \
		    >>"$out/paired.csv"
	done
	r=$((r + 1))
done

# 2c. pint against the integrand compiled in, per expression: the seed
# workload, exprbench's table and a non-separable integrand, each paired,
# at -j 1 pinned to one CPU and at -j all (vsnative.sh; vsnative.csv, .md).
"$here/vsnative.sh" "$PINT" "$out" >/dev/null

# 3. Per-point cost by engine at -j 1 (a tenth of the points).
n1=$((N / 3))
echo "engine,points,compute_s,ns_per_point_core" >"$out/engines.csv"
for e in vector muparser; do
	# shellcheck disable=SC2086
	"$PINT" -q -j 1 --engine "$e" -e 'sin(x)*cos(y)+x*y' -d x=0:1 -d y=0:1 \
	    -n "$n1" -f csv --repeat 3 >"$tmp/e.csv"
	python3 - "$e" "$tmp/e.csv" >>"$out/engines.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[2])))
c = statistics.median(float(r["compute_s"]) for r in rows)
p = int(rows[0]["points"])
print(f"{sys.argv[1]},{p},{c:.6f},{c / p * 1e9:.3f}")
PY
done

# 3b. Per-point cost per expression: muParser, the vector engine, C
# compiled in (plain and with vector math) and numpy, on one core.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$tmp/exprbench" "$REPEAT" >"$tmp/exprbench.txt"
awk 'BEGIN { print "expr,muparser,vexpr_before,vexpr,native,native_simd,x_only,yz_only,mixed,cached" }
    /^operations/ { ops = 1; next } /^median/ { on = 1; next } /^$/ { on = 0; ops = 0 }
    ops && $1 != "expr" { o[$1] = $2 "," $3 "," $4 "," $5 }
    on && $1 != "expr" && $1 != "geomean" { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," o[$1] }' \
    "$tmp/exprbench.txt" >"$tmp/exprs.csv"
if "$PY" -c 'import numpy' 2>/dev/null; then
	"$PY" "$here/numpy_ref.py" "$REPEAT" >"$tmp/numpy.csv"
else
	echo "expr,numpy_ns_per_point,how" >"$tmp/numpy.csv"
fi
"$PY" - "$tmp/exprs.csv" "$tmp/numpy.csv" >"$out/exprs.csv" <<'PY'
import csv, sys
num = {r["expr"]: r for r in csv.DictReader(open(sys.argv[2]))}
w = csv.writer(sys.stdout)
cols = ["expr", "muparser", "vexpr_before", "vexpr", "native", "native_simd"]
ops = ["x_only", "yz_only", "mixed", "cached"]
w.writerow(cols + ["numpy"] + ops)
for r in csv.DictReader(open(sys.argv[1])):
    n = num.get(r["expr"], {}).get("numpy_ns_per_point", "")
    w.writerow([r[c] for c in cols] + [n] + [r[c] for c in ops])
PY

# 3c. End to end against the numpy multiprocessing script at -j 2 on
# 10^8 points of the same integrand.
echo "tool,run,integral,wall_s" >"$out/peers.csv"
if "$PY" -c 'import numpy' 2>/dev/null; then
	r=1
	while [ "$r" -le 3 ]; do
		set -- $("$PY" "$here/numpy_mp.py" 10000 2)
		echo "numpy_mp,$r,$1,$2" >>"$out/peers.csv"
		s0=$(date +%s%N)
		v=$("$PINT" -q -j 2 -e 'sin(x)*cos(y)+x*y' -d x=0:1 -d y=0:1 \
		    -n 10000 -f csv --no-header | cut -d, -f9)
		s1=$(date +%s%N)
		echo "pint,$r,$v,$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')" \
		    >>"$out/peers.csv"
		r=$((r + 1))
	done
fi

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
    'import json,sys; print("%.4f" % (100 * json.load(sys.stdin)["runs"][0]["sampler"]["overhead"]))')

# Figures from the sweep (medians of wall per -j).
"$PY" - "$out" "$CPUS" "$N" "$trivial_ms" "$trivial_how" "$overhead" \
    "$PN" <<'PY'
import csv, math, statistics, sys
out, cpus, n, trivial, how, overhead, pn = sys.argv[1:]
pts_pair = int(pn) ** 2
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
par2 = statistics.median(float(r["parallelism"]) for r in rows if int(r["jobs"]) == 2) / 2 if 2 in med else float("nan")
pp_pint = cmed[jobs[0]] * jobs[0] / pts * 1e9
pp_nat = nmed[jobs[0]] * jobs[0] / pts * 1e9
fig = [
    f"- task: sin(x)*cos(y)+x*y, midpoint, {n} x {n} = {pts} points; {len(rows)} pint runs, integral identical across all: {ident}",
    f"- parallel efficiency at -j 2 (median wall -j 1 / median wall -j 2 / 2): {eff2:.3f} (target >= 0.98); "
    f"by CPU time (median parallelism / jobs): {par2:.3f}",
    f"- per-point cost at -j 1: pint {pp_pint:.2f} ns/point/core, native -O3 {pp_nat:.2f} ns/point/core, ratio {pp_pint / pp_nat:.2f}",
    f"- engines at -j 1: vector {float(eng['vector']['ns_per_point_core']):.2f} ns/point, muparser {float(eng['muparser']['ns_per_point_core']):.2f} ns/point, ratio {float(eng['muparser']['ns_per_point_core']) / float(eng['vector']['ns_per_point_core']):.1f}x",
    f"- sampler overhead at the default 100 ms interval: {overhead}% of one core (target <= 1%)",
    f"- trivial task (10 points) at -j 2, exec to exit: {trivial} ms ({how}; target <= 5 ms)",
]
pairs = list(csv.DictReader(open(out + "/paired.csv")))
for j in sorted({int(r["jobs"]) for r in pairs}):
    pr = [r for r in pairs if int(r["jobs"]) == j]
    rat = statistics.median(float(r["ratio"]) for r in pr)
    fig.append(f"- old workload, paired at -j {j} ({len(pr)} pairs, {pts_pair} points, exec to exit): pint {statistics.median(float(r['pint_s']) for r in pr):.4f} s, "
               f"native -O3 -march=native -ffast-math OpenMP {statistics.median(float(r['native_s']) for r in pr):.4f} s (medians); median of the pair ratios {rat:.3f} "
               f"(range {min(float(r['ratio']) for r in pr):.3f}-{max(float(r['ratio']) for r in pr):.3f}; target <= 0.4)")
ex = list(csv.DictReader(open(out + "/exprs.csv")))
etab = ["| expression | ops x / y / mixed (cached) | muParser | vector before | vector engine | after / before | C -O3 | C + libmvec | numpy | vector / numpy | vector / C best |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
g = {"vexpr": [], "best": [], "numpy": []}
worst_np = 0.0
worst_bef = 0.0
for r in ex:
    v = float(r["vexpr"]); best = min(float(r["native"]), float(r["native_simd"]))
    bef = float(r["vexpr_before"])
    npv = float(r["numpy"]) if r["numpy"] else float("nan")
    g["vexpr"].append(math.log(v)); g["best"].append(math.log(best))
    worst_bef = max(worst_bef, v / bef)
    if not math.isnan(npv):
        worst_np = max(worst_np, v / npv)
    etab.append(f"| `{r['expr']}` | {r['x_only']} / {r['yz_only']} / {r['mixed']} ({r['cached']}) | {float(r['muparser']):.2f} | {bef:.2f} | {v:.2f} | {v / bef:.2f} | {float(r['native']):.2f} | {float(r['native_simd']):.2f} | "
                + (f"{npv:.2f} | {v / npv:.3f}" if not math.isnan(npv) else "- | -") + f" | {v / best:.2f} |")
gm = math.exp(statistics.mean(g["vexpr"]) - statistics.mean(g["best"]))
fig.append(f"- vector engine per point, {len(ex)} expressions (ns/point/core, medians): at most {worst_np:.3f} x numpy's time on every one (target <= 1); geometric mean {gm:.2f} x the best compiled C (target <= 0.4); "
           f"slowest against the engine without the x cache: {worst_bef:.2f} x (target <= 1)")
peers = list(csv.DictReader(open(out + "/peers.csv")))
if peers:
    pm = statistics.median(float(r["wall_s"]) for r in peers if r["tool"] == "pint")
    nm = statistics.median(float(r["wall_s"]) for r in peers if r["tool"] == "numpy_mp")
    fig.append(f"- end to end at -j 2 on 10^8 points: pint {pm:.3f} s, numpy multiprocessing {nm:.3f} s (medians of 3), ratio {pm / nm:.3f} (target <= 0.5)")
with open(out + "/README.md", "w") as f:
    f.write("# pint scaling on this machine\n\n")
    f.write("Made by `make bench` (bench-results/run.sh); every ratio below is from one run of it.\n\n")
    f.write("```\n" + open(out + "/study.txt").read() + "```\n\n")
    f.write("\n".join(fig) + "\n\n## Scaling\n\n" + "\n".join(lines) + "\n\n")
    f.write("## Per point, per expression (ns/point, one core)\n\n" + "\n".join(etab) + "\n\n")
    f.write("## pint against the integrand compiled in (vsnative.sh)\n\n" + open(out + "/vsnative.md").read() + "\n")
    f.write("## pint's own sweep report\n\n" + open(out + "/sweep.md").read() + "\n")
    f.write("Files: study.txt (date, commit, compiler, CPU, settings), sweep.csv, sweep.json and sweep.md (pint, one row per run; its report; its table), native.csv (OpenMP reference), paired.csv (pint and native in turn), engines.csv, exprs.csv, peers.csv, scaling.png (pint --plot).\n")
print("\n".join(fig))
print("\n".join(lines))
print("\n".join(etab))
print(open(out + "/vsnative.md").read())
PY

say "results in $out"
