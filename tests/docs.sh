#!/bin/sh
# The documentation against the binary: every command of pint(1)'s
# EXAMPLES and of README.md and examples/README.md runs as written and
# gives what its text says; pint(1)'s report fields and CSV columns are
# those of real reports. tests/docs.py says how the commands are run.
. "$(dirname "$0")/lib.sh"

# The documents pipe into jq and draw with gnuplot: without them this is a
# skip that shows. (hyperfine, when missing, only leaves its lines out.)
for tool in jq gnuplot; do
	command -v "$tool" >/dev/null || {
		echo "docs.sh: $tool is missing (setup.sh installs it)"
		exit 77
	}
done
python3 "$SRCDIR/tests/docs.py" "$PINT" "$SRCDIR" "$T/docs" ||
    fail "the documentation and the binary disagree (above)"
ok
# The reports the commands wrote are checked against the schema; the task
# files they were given are not reports.
find "$T/docs" -name task.json -type f -exec rm -f {} +
finish
