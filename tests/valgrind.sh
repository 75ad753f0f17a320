#!/bin/sh
# The end-to-end paths under valgrind, workers included: no memory error
# and no definite leak in the parent or any worker. Not part of make check
# (slow); CI runs it: sh tests/valgrind.sh [PINT]
set -eu
PINT=${1:-./pint}
here=$(cd "$(dirname "$0")" && pwd)
ex=$(dirname "$here")/examples
vg="valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite"
n=0
run() {
	log=${TMPDIR:-/tmp}/vg.$$
	rc=0
	# shellcheck disable=SC2086
	$vg "$PINT" -q "$@" >/dev/null 2>"$log" || rc=$?
	if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$log"; then
		cat "$log" >&2
		echo "valgrind: errors in pint $*" >&2
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
	n=$((n + 1))
}
run -j 2 -c "$ex/gauss-2d.yaml" -s 0.05
run -j 2 -c "$ex/ball-3d.yaml" -n 40 -f json
run -j 2 -c "$ex/task.json" -s 0.01 -f yaml
run -j 1,2 --repeat 2 -c "$ex/line-1d.yaml" -n 10001 -f csv
run -j 2 -e 'sin(x)*cos(y)' -d x=0:1 -d y=0:1 -n 300 --engine muparser --inject-faults 0.3,5
run -j 2 -e '1/x' -d x=-1:1 -n 5 -r trapezoid
run -j 2 -e 'foo' -d x=0:1 -n 5
run -c "$ex/missing.yaml"
echo "valgrind: $n passed, 0 failed"
