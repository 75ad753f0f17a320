#!/bin/sh
# The same task beside 1 and then 2 busy loops, read back by pint compare:
# the verdict at each -j, the outliers and their causes. The sets are
# interleaved (1, 2, 1, 2 loops) so that a drift of the machine touches
# both alike. usage: run.sh [PINT] [OUTDIR]
set -eu
PINT=${1:-./pint}
OUT=${2:-bench-results/compare-busy}
TASK="-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n 3000"
LOOPS=""

start_loops() {
	i=0
	while [ "$i" -lt "$1" ]; do
		sh -c 'while :; do :; done' &
		LOOPS="$LOOPS $!"
		i=$((i + 1))
	done
}

stop_loops() {
	for p in $LOOPS; do
		kill "$p" 2>/dev/null || true
	done
	for p in $LOOPS; do
		wait "$p" 2>/dev/null || true
	done
	LOOPS=""
}
trap stop_loops EXIT INT TERM

mkdir -p "$OUT"
for round in 1 2; do
	for n in 1 2; do
		start_loops "$n"
		# shellcheck disable=SC2086
		"$PINT" -q -j 1,2 --repeat 4 --label "busy$n" $TASK \
		    --export-json "$OUT/busy$n-$round.json" >/dev/null
		stop_loops
	done
done
"$PINT" compare "$OUT"/busy1-*.json -- "$OUT"/busy2-*.json \
    >"$OUT/compare.txt" 2>"$OUT/compare.err" || true
"$PINT" compare -q -f json "$OUT"/busy1-*.json -- "$OUT"/busy2-*.json \
    >"$OUT/compare.json"
