#!/bin/sh
# Outputs as one set, resolved before any fork: two paths that are one
# file (an output and the task, two outputs, an output and standard
# output) are refused with exit 2 naming both; a path that is not a
# regular file (a FIFO, a link to one of pint's descriptors) is written
# in place, never replaced; a link to a regular file is followed, its
# target replaced and the link kept; an entry that cannot be written (a
# directory) is refused before the run.
. "$(dirname "$0")/lib.sh"

printf '%s\n' 'expression: x*y' 'domain: {x: [0, 1], y: [0, 1]}' \
    'points: 101' >"$T/t.yaml"
cp "$T/t.yaml" "$T/t.orig"
cd "$T" || exit 1

# refused WANT ARGS...: exit 2 with WANT in the message, nothing written.
refused() {
	want=$1
	shift
	rm -f same.out s.out j x-j2-1.csv
	run_pint -q -j 1 -c t.yaml "$@"
	expect_rc 2 "$*" && expect_err "$want" "$*"
	cmp -s t.yaml t.orig || { fail "$*: the task file changed"; cp t.orig t.yaml; }
	for f in same.out s.out j x-j2-1.csv; do
		[ ! -e "$f" ] || fail "$*: $f was written"
	done
}
refused "--export-json t.yaml: the same file as -c t.yaml" \
    --export-json t.yaml
refused "--samples t.yaml: the same file as -c t.yaml" --samples t.yaml
refused "--export-json ./t.yaml: the same file as -c t.yaml" \
    --export-json ./t.yaml
ln -s t.yaml tlink.yaml
ln -s t.yaml tlink.png
refused "--plot tlink.png: the same file as -c t.yaml" -j 1,2 --plot tlink.png
refused "--export-json tlink.yaml: the same file as -c t.yaml" \
    --export-json tlink.yaml
refused "--export-csv same.out: the same file as --export-json same.out" \
    --export-json same.out --export-csv same.out
refused "--export-json s.out: the same file as --samples s.out" \
    --samples s.out --export-json s.out
refused "--checkpoint j: the same file as --export-json j" \
    --checkpoint j --export-json j
refused "--export-csv x-j2-1.csv: the same file as --samples x-j2-1.csv" \
    -j 1,2 --samples x.csv --export-csv x-j2-1.csv
refused "--export-markdown od/result.txt: the same file as -o od/result.txt" \
    -o od --export-markdown od/result.txt
[ ! -e od ] || fail "-o od made its directory before a refusal"
# An output that is standard output redirected to that file.
"$PINT" -q -j 1 -c t.yaml --export-json so.json >so.json 2>err
RC=$?
expect_rc 2 "--export-json FILE >FILE"
expect_err "--export-json so.json: the same file as standard output" \
    "--export-json FILE >FILE"

# An entry that cannot be written is refused before the run.
mkdir -p od2/benchmark.json
run_pint -q -j 1 -c t.yaml -o od2
expect_rc 2 "-o DIR with DIR/benchmark.json a directory"
expect_err "-o od2/benchmark.json: is a directory" "-o DIR/benchmark.json"
[ ! -e od2/result.txt ] || fail "-o DIR/benchmark.json: result.txt written"
run_pint -q -j 1 -c t.yaml --export-csv od2
expect_rc 2 "--export-csv DIR"
ln -s nowhere/x.csv dangling.csv
run_pint -q -j 1 -c t.yaml --export-csv dangling.csv
expect_rc 2 "--export-csv a link into a missing directory"

# A link to one of pint's descriptors is written in place, through it:
# the link stays, and the export and the report both reach the file.
ln -s /proc/self/fd/1 fd1
"$PINT" -q -j 1 -c t.yaml --export-csv fd1 -f json >so.txt 2>err
RC=$?
expect_rc 0 "--export-csv a link to /proc/self/fd/1"
[ -L fd1 ] || fail "--export-csv fd1: the link was replaced"
grep -q '^jobs,repeat,name' so.txt && grep -q '"schema_version"' so.txt ||
    fail "--export-csv fd1: the file lacks the CSV or the JSON"
# /dev/stdout itself, when it is a link (it is on Linux), only once the
# link above was kept: a pint that replaces links would, as root, replace
# this machine's /dev/stdout.
if [ -L /dev/stdout ] && [ -L fd1 ]; then
	"$PINT" -q -j 1 -c t.yaml --export-markdown /dev/stdout -f csv \
	    >so2.txt 2>err
	RC=$?
	expect_rc 0 "--export-markdown /dev/stdout"
	[ -L /dev/stdout ] || fail "--export-markdown /dev/stdout replaced it"
	grep -q '^| -j |' so2.txt && grep -q '^jobs,repeat' so2.txt ||
	    fail "--export-markdown /dev/stdout: the Markdown or the CSV lost"
fi

# A FIFO is written in place: its reader gets the report.
mkfifo fifo
cat fifo >fifo.out &
reader=$!
run_pint -q -j 1 -c t.yaml --export-json fifo
expect_rc 0 "--export-json FIFO"
wait "$reader"
[ -p fifo ] || fail "--export-json FIFO: the FIFO was replaced"
grep -q '"schema_version"' fifo.out || fail "--export-json FIFO: no report"

# A link to a regular file elsewhere: the target replaced (a new inode,
# made in the target's directory), the link kept.
mkdir far near
echo old >far/r.json
ln -s ../far/r.json near/r.json
old=$(ls -i far/r.json | cut -d' ' -f1)
run_pint -q -j 1 -c t.yaml --export-json near/r.json
expect_rc 0 "--export-json a link to a file"
[ -L near/r.json ] || fail "--export-json link: the link was replaced"
grep -q '"schema_version"' far/r.json ||
    fail "--export-json link: the target was not written"
[ "$(ls -i far/r.json | cut -d' ' -f1)" != "$old" ] ||
    fail "--export-json link: the target was written in place, not replaced"
[ -z "$(ls -A near far | grep '^\.')" ] || fail "link: temporary files left"


# Red-team findings: a descriptor the shell opened on the task file or the
# journal is that file; --samples of a sweep must be a regular file.
cp t.yaml tfd.yaml
run_pint -q -j 1 -c tfd.yaml --export-json /proc/self/fd/5 5<>tfd.yaml
expect_rc 2 "--export-json /proc/self/fd/5 open on the task file"
grep -q '^expression' tfd.yaml || fail "/proc/self/fd/5: the task file was overwritten"
: >fdj.j
run_pint -q -j 1 -c t.yaml --checkpoint fdj.j --export-csv /dev/fd/5 5<>fdj.j
expect_rc 2 "--export-csv /dev/fd/5 open on the journal"
run_pint -q -j 1,2 -c t.yaml --samples /dev/stdout
expect_rc 2 "--samples /dev/stdout for a sweep"
[ ! -e /dev/stdout-j1-1 ] || { rm -f /dev/stdout-j1-1 /dev/stdout-j2-1; fail "--samples /dev/stdout: files made in /dev"; }
ok

# Standard output and input are members of the set. A journal is never
# "appended in turn" with the report: --checkpoint naming stdout's file is
# refused. The task that -c - reads is standard input's file: no output
# may replace it.
for j in /proc/self/fd/1 /dev/stdout; do
	[ "$j" = /proc/self/fd/1 ] || [ -L /dev/stdout ] || continue
	"$PINT" -q -j 1 -c t.yaml --checkpoint "$j" >so3.txt 2>err
	RC=$?
	expect_rc 2 "--checkpoint $j >FILE" &&
	    expect_err "--checkpoint $j: the same file as standard output" \
	    "--checkpoint $j >FILE"
	[ ! -s so3.txt ] || fail "--checkpoint $j >FILE: it was written"
done
# Standard error too: pint's messages would write over a journal or an
# export on its file (--checkpoint log 2>log: the journal destroyed, the
# resume refused), so it is refused, and the refusal itself is not
# written there (to the terminal, if any: none under setsid). With
# standard output it is one stream (>log 2>&1).
for j in log /dev/stderr; do
	[ "$j" = log ] || [ -L /dev/stderr ] || continue
	echo JOURNAL >log
	setsid "$PINT" -q -j 1 -c t.yaml --checkpoint "$j" >/dev/null 2>>log
	RC=$?
	expect_rc 2 "--checkpoint $j 2>log" &&
	    [ "$(cat log)" = JOURNAL ] || fail "--checkpoint $j 2>log: $(cat log)"
done
echo keep >ej.json
"$PINT" -q -j 1 -c t.yaml --export-json ej.json 2>>ej.json
RC=$?
expect_rc 2 "--export-json ej.json 2>>ej.json" &&
    [ "$(head -1 ej.json)" = keep ] || fail "2>>ej.json: ej.json replaced"
"$PINT" -q -j 1 -c t.yaml -f csv >both.txt 2>&1
RC=$?
expect_rc 0 ">both.txt 2>&1" && grep -q '^jobs,repeat,' both.txt ||
    fail ">both.txt 2>&1: $(head -c 300 both.txt)"
# stdin_refused WANT FILE ARGS...: -c - <FILE refused, FILE unchanged.
stdin_refused() {
	want=$1
	file=$2
	shift 2
	cp t.orig "$file"
	"$PINT" -q -j 1 -c - "$@" <"$file" >/dev/null 2>err
	RC=$?
	expect_rc 2 "-c - <$file $*" && expect_err "$want" "-c - <$file $*"
	cmp -s "$file" t.orig || fail "-c - <$file $*: $file was replaced"
}
stdin_refused "--export-json tin.yaml: the same file as -c -, which it would overwrite" \
    tin.yaml --export-json tin.yaml
mkdir oin
stdin_refused "-o oin/result.txt: the same file as -c -" oin/result.txt -o oin
stdin_refused "--plot tin.png: the same file as -c -" tin.png -j 1,2 \
    --plot tin.png
cp t.orig tin.yaml
"$PINT" -q -j 1 -c - -f csv <tin.yaml >>tin.yaml 2>err
RC=$?
expect_rc 2 "-c - <FILE >>FILE" &&
    expect_err "pint: standard output: the same file as -c -" "-c - <FILE >>FILE"
cmp -s tin.yaml t.orig || fail "-c - <FILE >>FILE: the task file changed"
# Another file beside -c - is written as usual.
cp t.orig tin.yaml
"$PINT" -q -j 1 -c - --export-json tin.json <tin.yaml >/dev/null 2>err
RC=$?
expect_rc 0 "-c - <FILE --export-json OTHER"

# --samples FILE of a sweep is never written itself, FILE-jJ-R are: an
# empty name or a directory is refused as for one run, nothing made.
mkdir sdir
for s in '' sdir sdir/ . ..; do
	run_pint -q -j 1,2 -c t.yaml --samples "$s"
	expect_rc 2 "--samples '$s' for a sweep"
done
[ -z "$(ls -A sdir)" ] && [ -z "$(ls | grep -- '-j[12]-1$')" ] &&
    [ -z "$(ls .. | grep -- '-j[12]-1$')" ] ||
    fail "--samples a directory: files made"

# A name that the temporary file beside it would make too long (NAME_MAX
# 255 on Linux: .NAME.XXXXXX is 8 bytes more): refused before the run,
# not after it, and nothing left.
long=$(printf '%0250d' 0 | tr 0 a)
for opt in --export-json --export-markdown --samples; do
	run_pint -q -j 1 -c t.yaml "$opt" "$long.x"
	expect_rc 2 "$opt NAME of 252 bytes" &&
	    expect_err "$opt $long.x: File name too long for the temporary file" \
	    "$opt NAME of 252 bytes"
done
[ -z "$(ls -A | grep aaaaaaaa)" ] || fail "a long name: files left"
# So is a path of 4090 bytes: the temporary file's would pass PATH_MAX.
d=deep
i=0
while [ $i -lt 20 ]; do
	d=$d/$(printf '%0200d' 0)
	i=$((i + 1))
done
mkdir -p "$d"
f=$d/$(printf '%060d' 0).json
run_pint -q -j 1 -c t.yaml --export-json "$f"
expect_rc 2 "--export-json a path of ${#f} bytes" &&
    expect_err "File name too long for the temporary file" \
    "--export-json a path of ${#f} bytes"
[ -z "$(ls -A "$d")" ] || fail "a path of ${#f} bytes: files left"
rm -rf deep

# A file no rename can replace (chattr +i or +a; root on a file system
# that has the flags): refused before the run; made so while the run is
# held, -o's pair is replaced together or not at all, in one message.
: >frozen.probe
if chattr +i frozen.probe 2>/dev/null; then
	chattr -i frozen.probe
	mkdir od
	echo old >od/result.txt
	echo '{"old": 1}' >od/benchmark.json
	chattr +i od/benchmark.json
	run_pint -q -j 1 -c t.yaml -o od
	chattr -i od/benchmark.json
	expect_rc 2 "-o with an immutable benchmark.json" &&
	    expect_err "-o od/benchmark.json: is immutable or append-only" \
	    "-o with an immutable benchmark.json"
	[ "$(cat od/result.txt)" = old ] || fail "-o immutable: result.txt replaced"
	hold 1
	rm -f "$T/err"
	# shellcheck disable=SC2086
	$HELD "$PINT_HOOKS" -j 1 -e 'x*y' -d x=0:1 -d y=0:1 -n 3000 \
	    --progress -o od >/dev/null 2>"$T/err" &
	pid=$!
	wait_chunks "$pid" "$T/err" 1 || fail "-o made immutable: no chunk done"
	chattr +i od/benchmark.json
	release
	wait "$pid"
	RC=$?
	chattr -i od/benchmark.json
	expect_rc 1 "-o, benchmark.json made immutable in the run" &&
	    expect_err "-o od/benchmark.json: Operation not permitted; no file of the set was replaced" \
	    "-o, benchmark.json made immutable in the run"
	# The progress bar's draws end in a carriage return. One error; a
	# short-run warning comes too where the machine is fast enough.
	[ "$(tr '\r' '\n' <"$T/err" | grep '^pint:' | grep -vc '^pint: warning:')" -eq 1 ] ||
	    fail "-o made immutable: not one message: $(tr '\r' '\n' <"$T/err" | grep '^pint:')"
	[ "$(cat od/result.txt)" = old ] &&
	    [ "$(cat od/benchmark.json)" = '{"old": 1}' ] ||
	    fail "-o made immutable: the pair was partly replaced"
	[ -z "$(ls -A od | grep '^\.')" ] || fail "-o made immutable: temporary files left"
	no_leftovers "$pid"
	# An append-only directory takes new files but no rename or removal:
	# refused before the run (exit 2), nothing made in it.
	mkdir adir
	if chattr +a adir 2>/dev/null; then
		for args in "--export-json adir/r.json" "-o adir" "-j 1,2 --samples adir/s.csv"; do
			# shellcheck disable=SC2086
			run_pint -q -j 1 -c t.yaml $args
			expect_rc 2 "$args, adir append-only" &&
			    expect_err "directory adir is immutable or append-only" \
			    "$args, adir append-only"
		done
		chattr -a adir
		[ -z "$(ls -A adir)" ] || fail "append-only dir: files left: $(ls -A adir)"
	fi
else
	echo "outset.sh: no chattr +i here (not root, or no such flag): skipped that part"
fi

# -o's directory: a trailing slash names it all the same (it is made);
# a link to a directory that does not exist is refused before the run,
# not after it (mkdir makes nothing through a link).
run_pint -q -j 1 -c t.yaml -o slash/
expect_rc 0 "-o slash/" && [ -s slash/result.txt ] || fail "-o slash/: no result"
ln -s nowhere dangling
run_pint -q -j 1 -c t.yaml -o dangling
expect_rc 2 "-o a dangling link" &&
    expect_err "-o dangling: a symbolic link to a directory that does not exist" \
    "-o a dangling link"
# A sweep's per-run samples file that is a FIFO would hold the sweep half
# way, waiting for a reader: refused before the run.
mkfifo sf-j2-1.csv
run_pint -q -j 1,2 -c t.yaml --samples sf.csv
expect_rc 2 "a per-run samples file that is a FIFO" &&
    expect_err "--samples: sf-j2-1.csv is not a regular file" \
    "a per-run samples file that is a FIFO"
[ ! -e sf-j1-1.csv ] || fail "FIFO samples: a run's file was written"
rm -f sf-j2-1.csv

# A working directory deeper than PATH_MAX (4096 bytes, reached by
# relative steps): its files have no absolute name, yet -o works, its
# clashes are still seen, and a sweep's stale samples are still cleared.
mkdir deep && cd deep || exit 1
seg=dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
seg=$seg$seg$seg
i=0
while [ "$i" -lt 22 ]; do
	mkdir "$seg" && cd "$seg" || exit 1
	i=$((i + 1))
done
printf 'expression: x\ndomain: {x: [0, 1]}\nstep: 0.1\n' >t.yaml
run_pint -q -j 1 -c t.yaml -o od
expect_rc 0 "-o under a working directory deeper than PATH_MAX" &&
    [ -s od/result.txt ] && [ -s od/benchmark.json ] ||
    fail "-o under a deep working directory: files missing"
run_pint -q -j 1 -c t.yaml -o od --export-json "../$seg/od/benchmark.json"
expect_rc 2 "deep working directory, a clash by two names" &&
    expect_err "the same file as -o od/benchmark.json" \
    "deep working directory, a clash by two names"
echo STALE >s-j3-1.csv
run_pint -q -j 1,2 -c t.yaml --samples s.csv
expect_rc 0 "--samples under a deep working directory"
[ ! -e s-j3-1.csv ] || fail "deep working directory: a stale samples file left"
cd "$T" || exit 1
rm -rf deep

cd / || exit 1
finish
