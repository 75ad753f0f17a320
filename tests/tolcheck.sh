#!/bin/sh
# The randomized check of --tol, a quick subset (bench-results/tolcheck.py
# --random runs the long one): seeded products of oscillatory, Runge-type,
# jump, kink and end-singular members over shifted, scaled boxes, at
# random tolerances, each rule and pint's own choice. No run may say met
# with the true error over 2x the target.
. "$(dirname "$0")/lib.sh"

"$SRCDIR/bench-results/tolcheck.py" --random --pint "$PINT" --cases 14 \
    --seed 1 --max-points 50000 --out "$T/tolcheck.csv" >"$T/table" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "tolcheck --random: exit $rc: $(cat "$T/table")"
else
	ok
fi
grep -q '^| auto | 2 |' "$T/table" || fail "tolcheck: no runs of pint's own choice: $(cat "$T/table")"
finish
