#!/bin/sh
# The man pages: lint-clean, and every long option of pint -h documented
# in pint(1) and the other way round.
. "$(dirname "$0")/lib.sh"

if command -v mandoc >/dev/null; then
	out=$(mandoc -Tlint -Wwarning "$SRCDIR/man/pint.1" "$SRCDIR/man/pint-task.5" 2>&1)
	[ -z "$out" ] || fail "mandoc -Tlint: $out"
	ok
fi
"$PINT" -h | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help"
if command -v mandoc >/dev/null; then
	mandoc -Tascii "$SRCDIR/man/pint.1" | col -b
else
	cat "$SRCDIR/man/pint.1"
fi | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/man"
missing=$(comm -23 "$T/help" "$T/man")
[ -z "$missing" ] || fail "options in pint -h but not in pint.1: $missing"
extra=$(comm -13 "$T/help" "$T/man")
[ -z "$extra" ] || fail "options in pint.1 but not in pint -h: $extra"
ok
for key in expression domain step points rule constants chunk engine name \
    equation x_start x_end y_start y_end z_start z_end; do
	grep -q "$key" "$SRCDIR/man/pint-task.5" || fail "pint-task.5 lacks $key"
done
ok
finish
