#!/bin/sh
# The man pages: lint-clean, and every long option of pint -h documented
# in pint(1) and the other way round.
. "$(dirname "$0")/lib.sh"

command -v mandoc >/dev/null || {
	echo "man.sh: mandoc is missing (setup.sh installs it): pages not checked"
	exit 77
}
out=$(mandoc -Tlint -Wwarning "$SRCDIR/man/pint.1" "$SRCDIR/man/pint-task.5" 2>&1)
[ -z "$out" ] || fail "mandoc -Tlint: $out"
ok
# The main command's options and every subcommand's (pint NAME -h).
{
	"$PINT" -h
	for c in $("$PINT" -h | sed -n 's/^ *pint \([a-z]*\) .*(pint [a-z]* -h)$/\1/p'); do
		"$PINT" "$c" -h
	done
} | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help"
# pint's long options are the page's "Fl \-name" macros; the options of
# other programs (mpirun, srun) are written out without Fl.
grep -o 'Fl \\-[a-z][a-z-]*' "$SRCDIR/man/pint.1" | sed 's/^Fl \\-/--/' |
    sort -u >"$T/man"
missing=$(comm -23 "$T/help" "$T/man")
[ -z "$missing" ] || fail "options in pint -h but not in pint.1: $missing"
extra=$(comm -13 "$T/help" "$T/man")
[ -z "$extra" ] || fail "options in pint.1 but not in pint -h: $extra"
ok
# The task file's keys against pint-task(5): the Check test
# "schema" of check_task.c, which reads the keys from the schema table.
finish
