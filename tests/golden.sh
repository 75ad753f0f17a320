#!/bin/sh
# The reports of every example, in every format, against the committed
# ones in tests/golden/ with what changes from run to run masked
# (tests/mask.py): a change of the reports' content or shape shows here.
# After a deliberate change: PINT_GOLDEN_UPDATE=1 make check TESTS=tests/golden.sh
. "$(dirname "$0")/lib.sh"

python3 -c 'import yaml' 2>/dev/null || {
	echo "golden.sh: python3-yaml is missing (setup.sh installs it)"
	exit 77
}
GOLDEN="$SRCDIR/tests/golden"
MASK="$SRCDIR/tests/mask.py"

# compare NAME KIND: the masked $T/out against $GOLDEN/NAME.
compare() {
	python3 "$MASK" "$2" <"$T/out" >"$T/masked" ||
	    { fail "$1: cannot mask the $2 report"; return; }
	if [ "${PINT_GOLDEN_UPDATE:-}" = 1 ]; then
		cp "$T/masked" "$GOLDEN/$1"
	elif ! diff -u "$GOLDEN/$1" "$T/masked" >"$T/diff"; then
		fail "$1 differs from tests/golden/$1:"
		head -n 40 "$T/diff" >&2
		return
	fi
	ok
}

# report NAME ARGS...: NAME.txt, .json, .yaml and .csv of one command.
report() {
	name=$1
	shift
	for f in text json yaml csv; do
		case $f in
		text) ext=txt ;;
		*) ext=$f ;;
		esac
		run_pint "$@" -f "$f" -q
		expect_rc 0 "$name -f $f" || continue
		compare "$name.$ext" "$f"
	done
}

for f in "$EXAMPLES"/*.yaml "$EXAMPLES"/*.json; do
	b=$(basename "$f")
	case $b in
	bench-2d.yaml) args="-s 0.001" ;;	# the full one is for make bench
	gauss-2d.yaml) args="-s 0.002" ;;	# the full one is the first run
	*) args= ;;
	esac
	# shellcheck disable=SC2086
	report "${b%.*}" -j 1 -c "$f" $args
done
# A sweep with repeats and a warm-up.
report sweep -j 1,2 --repeat 2 --warmup 1 -c "$EXAMPLES/line-1d.yaml"

finish
