#!/bin/sh
# Text from a task file or the environment is data, never code or markup:
# a task name full of shell and gnuplot syntax draws a plot and runs
# nothing; CSV text cells that a spreadsheet reads as formulas get a '
# (numbers never do); control characters, bytes that are not UTF-8 and
# bidirectional overrides are escaped in the text report, Markdown, JSON
# and YAML.
. "$(dirname "$0")/lib.sh"

BIDI=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE
ESC=$(printf '\033')
CR=$(printf '\r')
M="$T/marks"
mkdir "$M"

# has_raw FILE WHAT: fail if FILE holds an ESC, a CR or U+202E as it is.
has_raw() {
	for c in "$ESC" "$CR" "$BIDI"; do
		if LC_ALL=C grep -q "$c" "$1"; then
			fail "$2: a raw $(printf %s "$c" | od -An -c | tr -s ' ')"
			return
		fi
	done
	ok
}

# A name that would run a command through gnuplot's backquotes, a shell's
# $(...), gnuplot's system() after a closed quote and a new line, or a
# macro.
printf '%s\n' \
    "name: \"a\`touch $M/bq\`b\$(touch $M/dollar)c'd\\\"e @GPVAL_TERM\\n';system(\\\"touch $M/sys\\\")#\\r\\\"; \`touch $M/bq2\`\"" \
    'expression: x*y' 'domain: {x: [0, 1], y: [0, 1]}' 'points: 101' \
    >"$T/inj.yaml"
if command -v gnuplot >/dev/null; then
	run_pint -q -j 1,2 -c "$T/inj.yaml" --plot "$T/inj.svg"
	expect_rc 0 "--plot of a hostile name"
	if [ -n "$(ls -A "$M")" ]; then
		fail "--plot: the task name ran commands: $(ls "$M" | tr '\n' ' ')"
	else
		ok
	fi
	# gnuplot drew the name as text, backquotes and all.
	grep -qF "a\`touch $M/bq\`b\$(touch $M/dollar)c" "$T/inj.svg" ||
	    fail "--plot: the title is not the name as written"
	# XML markup in the name: the SVG stays well formed ("]]>" may not
	# stand in XML text; its > is shown escaped).
	printf '%s\n' 'name: "a]]>b<c&d"' 'expression: x*y' \
	    'domain: {x: [0, 1], y: [0, 1]}' 'points: 101' >"$T/xml.yaml"
	run_pint -q -j 1,2 -c "$T/xml.yaml" --plot "$T/xml.svg"
	expect_rc 0 "--plot of a name with XML markup"
	python3 -c 'import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
t = [n.firstChild.data for n in d.getElementsByTagName("text")
     if n.firstChild is not None and n.firstChild.data.startswith("pint ")]
assert t and t[0].startswith("pint a]]\\x3eb<c&d:"), t' "$T/xml.svg" ||
	    fail "--plot: a name with ]]> made an SVG that is not XML, or changed"
else
	echo "note: gnuplot missing, --plot quoting not checked"
fi

# CSV: names and ids that start like formulas get a '; numbers never do.
cat >"$T/csv.yaml" <<'EOF'
name: "=HYPERLINK(\"http://x\",\"y\")"
expression: x
domain: {x: [-1, 0]}
points: 100
EOF
export SLURM_JOB_ID=@SUM
run_pint -q -j 1,2 -c "$T/csv.yaml" -f csv --export-csv "$T/e.csv"
expect_rc 0 "CSV of a formula-like name"
cat >"$T/cells.py" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
bad = []
for r in rows:
    if r["name"] != "'" + '=HYPERLINK("http://x","y")':
        bad.append("name " + repr(r["name"]))
    if r["slurm_job_id"] != "'@SUM":
        bad.append("slurm_job_id " + repr(r["slurm_job_id"]))
    if float(r["integral"]) != -0.5:
        bad.append("integral " + repr(r["integral"]))
print("; ".join(bad))
EOF
for f in "$T/out" "$T/e.csv"; do
	bad=$(python3 "$T/cells.py" "$f")
	[ -z "$bad" ] && ok || fail "CSV cells of $(basename "$f"): $bad"
done
SLURM_JOB_ID=-1
run_pint -q -j 1,2 -c "$T/csv.yaml" -f csv --summary
expect_rc 0 "--summary of a formula-like name"
grep -qF ",\"'=HYPERLINK(" "$T/out" && grep -q ",'-1," "$T/out" &&
    grep -q ',-0.5,' "$T/out" ||
    fail "--summary: cells not prefixed, or a number prefixed: $(cat "$T/out")"

# Control characters, a byte that is not UTF-8 (in an argument) and a
# bidirectional override, in the name, the Slurm job id and the command
# line: escaped in every report, and the JSON still valid.
printf 'name: "n\\n\\r\\e[31m\\u202e|[l](u)`"\n%s\n%s\n%s\n' \
    'expression: x*y' 'domain: {x: [0, 1], y: [0, 1]}' 'points: 101' \
    >"$T/ctl.yaml"
XJ="$T/x$(printf '\377')$BIDI.json"
SLURM_JOB_ID="9${ESC}[2J$BIDI"
for f in text json yaml; do
	run_pint -q -j 1,2 \
	    -c "$T/ctl.yaml" -f $f --export-markdown "$T/c.md" \
	    --export-json "$XJ"
	expect_rc 0 "-f $f of a name with control characters"
	has_raw "$T/out" "-f $f"
	case $f in
	text)	grep -qF 'name         n\x0a\x0d\x1b[31m\u202e|[l](u)`' "$T/out" ||
		    fail "text: the name is not shown escaped" ;;
	json)	python3 -c 'import json, sys
n = json.load(open(sys.argv[1]))["task"]["name"]
assert n == "n\n\r\x1b[31m\u202e|[l](u)`", repr(n)' "$T/out" ||
		    fail "JSON: not valid, or the name changed" ;;
	yaml)	python3 -c 'import yaml, sys
n = yaml.safe_load(open(sys.argv[1]))["task"]["name"]
assert n == "n\n\r\x1b[31m\u202e|[l](u)`", repr(n)' "$T/out" ||
		    fail "YAML: the name changed" ;;
	esac
done
unset SLURM_JOB_ID
has_raw "$T/c.md" "--export-markdown"
has_raw "$XJ" "--export-json"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$XJ" ||
    fail "--export-json: an argument that is not UTF-8 made invalid JSON"
# The heading is one line, the name's markup escaped.
head -n 1 "$T/c.md" | grep -qF '**n\\x0a\\x0d\\x1b\[31m\\u202e\|\[l\]\(u\)\`**' ||
    fail "Markdown heading: $(head -n 2 "$T/c.md")"


# Messages quote paths, options and environment values as given, escaped:
# no raw control character, overriding mark or invalid byte reaches the
# terminal from an error message.
ODD=$(printf 'a\033[31m\r\001\342\200\256\377b')
ODDE='a\x1b[31m\x0d\x01\u202e\xffb'
# msg_escaped WHAT: stderr of the last run has one message, escaped.
msg_escaped() {
	has_raw "$T/err" "$1 message"
	LC_ALL=C grep -q "$(printf '[\001\377]')" "$T/err" &&
	    fail "$1 message: a raw control or invalid byte"
	grep -qF -- "$ODDE" "$T/err" ||
	    fail "$1 message: not escaped: $(od -c "$T/err" | head -n 3)"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: not one line: $(cat "$T/err")"
}
run_pint -q -c "$T/$ODD.yaml"
expect_rc 2 "-c a path with control characters" && msg_escaped "-c"
run_pint -q -e x -d x=0:1 -n 10 --export-json "$T/no/$ODD.json"
expect_rc 2 "--export-json a path with control characters" &&
    msg_escaped "--export-json"
run_pint -q -e x -d x=0:1 -n 10 --checkpoint "$T/no/$ODD.j"
expect_rc 2 "--checkpoint a path with control characters" &&
    msg_escaped "--checkpoint"
PINT_JOBS=$ODD run_pint -q -e x -d x=0:1 -n 10
expect_rc 2 "PINT_JOBS with control characters" && msg_escaped "PINT_JOBS"
run_pint --example "$ODD"
expect_rc 2 "--example with control characters" && msg_escaped "--example"
run_pint -q -e "x$ODD" -d x=0:1 -n 10
expect_rc 2 "-e with control characters" && has_raw "$T/err" "-e message"


# A byte that is not UTF-8 (here in a file name on the command line, the
# report's provenance.argv; --label refuses it) is U+FFFD in YAML as in
# JSON, the characters around it kept.
BADARG=$(printf 'x\303\251\377y')
for f in json yaml; do
	run_pint -q -j 1 -e x -d x=0:1 -n 10 -f $f --export-csv "$T/$BADARG"
	cp "$T/out" "$T/bad.$f"
done
python3 -c 'import json, sys, yaml
j = json.load(open(sys.argv[1]))["provenance"]["argv"]
y = yaml.safe_load(open(sys.argv[2]))["provenance"]["argv"]
assert "x\u00e9\ufffdy" in j and "x\u00e9\ufffdy" in y, (j, y)' "$T/bad.json" "$T/bad.yaml" ||
    fail "YAML: a byte that is not UTF-8 is not U+FFFD as in JSON"

finish
