#!/bin/sh
# Compare -j values the way shell users do: one pint per value, CSV rows
# appended under one header. Usage: loop-j.sh TASK [JOBS...]
#   sh examples/loop-j.sh examples/gauss-2d.yaml 1 2 4 8 > scaling.csv
set -eu
task=${1:?usage: loop-j.sh TASK [JOBS...]}
shift
[ $# -gt 0 ] || set -- 1 2 4 8
header=
for j in "$@"; do
	# The first run prints the header; the others append rows only.
	# shellcheck disable=SC2086
	pint -q --force -j "$j" -c "$task" -f csv $header
	header=--no-header
done
