#!/bin/sh
# --plot's gnuplot: found as execvp would (a directory or a file that is
# not executable is a pre-run error), run under a time limit, killed and
# reaped when pint is told to stop (pint still ends by the signal, at
# once), its failures said plainly; the x range spans the least to the
# most -j in any order.
. "$(dirname "$0")/lib.sh"

TASK="-e x*y -d x=0:1 -d y=0:1 -n 101 -q"

# term_while PID FILE WHAT: once WHAT has written its pid to FILE, send
# pint (PID) SIGTERM; pint must end by it and WHAT must die with it.
term_while() {
	i=0
	while [ ! -f "$2" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	[ -f "$2" ] || fail "$3 never started"
	kill -TERM "$1"
	wait "$1"
	RC=$?
	expect_rc 143 "SIGTERM while $3 runs"
	kid=$(cat "$2" 2>/dev/null)
	if [ -n "$kid" ]; then
		wait_gone "$kid" 10 || { kill -KILL "$kid"; fail "$3 outlived pint"; }
	fi
}
mkdir "$T/dir" "$T/dir/gnuplot" "$T/noexec" "$T/exit3" "$T/kill9" "$T/slow" \
    "$T/exit127"
printf '#!/bin/sh\nexit 0\n' >"$T/noexec/gnuplot"
printf '#!/bin/sh\nexec 0<&-\nexit 3\n' >"$T/exit3/gnuplot"
printf '#!/bin/sh\nexec 0<&-\nexit 127\n' >"$T/exit127/gnuplot"
printf '#!/bin/sh\nkill -KILL $$\n' >"$T/kill9/gnuplot"
# The slow one says it started (its pid), then sleeps far past any test.
printf '#!/bin/sh\necho $$ >"%s/gp.pid.tmp"\nmv "%s/gp.pid.tmp" "%s/gp.pid"\nexec sleep 600\n' \
    "$T" "$T" "$T" >"$T/slow/gnuplot"
chmod +x "$T/exit3/gnuplot" "$T/kill9/gnuplot" "$T/slow/gnuplot" \
    "$T/exit127/gnuplot"

# Only the bad gnuplot on the PATH (a good one after it would be run).
for d in dir noexec; do
	# shellcheck disable=SC2086
	env PATH="$T/$d" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
	    2>"$T/err"
	RC=$?
	expect_rc 2 "a gnuplot that $d"
	expect_err "--plot $T/p.png: $T/$d/gnuplot is" \
	    "a gnuplot that $d: message"
	[ ! -e "$T/p.png" ] || fail "a gnuplot that $d: a file was written"
done
# None at all: the message names the plot it cannot draw.
mkdir "$T/nogp"
# shellcheck disable=SC2086
env PATH="$T/nogp" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2 "no gnuplot"
expect_err "--plot $T/p.png: gnuplot is not installed" "no gnuplot: message"
[ ! -e "$T/p.png" ] || fail "no gnuplot: a file was written"
# shellcheck disable=SC2086
PATH="$T/exit3:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
    2>"$T/err"
RC=$?
expect_rc 1 "gnuplot exits 3"
expect_err "--plot $T/p.png: gnuplot exited 3" "gnuplot exits 3: message"
# One that ran and exited 127 is not one that could not be run.
# shellcheck disable=SC2086
PATH="$T/exit127:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
    2>"$T/err"
RC=$?
expect_rc 1 "gnuplot exits 127"
expect_err "--plot $T/p.png: gnuplot exited 127" "gnuplot exits 127: message"
# One that cannot be run at all (its interpreter is missing) is said so.
mkdir "$T/badsh"
printf '#!%s/none\nexit 0\n' "$T" >"$T/badsh/gnuplot"
chmod +x "$T/badsh/gnuplot"
# shellcheck disable=SC2086
PATH="$T/badsh:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
    2>"$T/err"
RC=$?
expect_rc 1 "gnuplot cannot be run"
expect_err "cannot run $T/badsh/gnuplot: No such file" \
    "gnuplot cannot be run: message"
# shellcheck disable=SC2086
PATH="$T/kill9:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
    2>"$T/err"
RC=$?
expect_rc 1 "gnuplot killed"
expect_err "--plot $T/p.png: gnuplot killed by SIGKILL" "gnuplot killed: message"

# SIGTERM while gnuplot hangs: pint kills and reaps it and ends by the
# signal, without waiting for gnuplot.
# shellcheck disable=SC2086
PATH="$T/slow:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" \
    2>"$T/err" &
pid=$!
i=0
while [ ! -s "$T/gp.pid" ] && [ "$i" -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
gp=$(cat "$T/gp.pid" 2>/dev/null)
if [ -z "$gp" ]; then
	fail "the slow gnuplot never started"
	kill -KILL "$pid"
else
	kill -TERM "$pid"
	# Bounded by timeout: a pint that waits for gnuplot takes 600 s.
	timeout 60 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.1; done"
	if kill -0 "$pid" 2>/dev/null; then
		fail "SIGTERM during --plot: pint still waits for gnuplot"
		kill -KILL "$pid" "$gp"
	fi
fi
wait "$pid"
RC=$?
expect_rc 143 "SIGTERM during --plot"
if [ -n "$gp" ] && kill -0 "$gp" 2>/dev/null; then
	fail "SIGTERM during --plot: gnuplot $gp outlived pint"
	kill -KILL "$gp"
else
	ok
fi
[ ! -e "$T/p.png" ] || fail "SIGTERM during --plot: a plot was written"

# The time limit (shortened in the test build): killed, exit 1.
rm -f "$T/gp.pid"
# shellcheck disable=SC2086
# Bounded: a pint without the limit would wait 600 s for gnuplot.
# shellcheck disable=SC2086
PINT_TEST_PLOT_TIMEOUT=1 PATH="$T/slow:$PATH" timeout -s KILL 120 \
    "$PINT_HOOKS" -j 1,2 $TASK --plot "$T/p.png" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 1 "gnuplot past its time limit"
expect_err "time limit of 1 s" "gnuplot past its time limit: message"
gp=$(cat "$T/gp.pid" 2>/dev/null)
if [ -n "$gp" ] && kill -0 "$gp" 2>/dev/null; then
	fail "time limit: gnuplot $gp outlived pint"
	kill -KILL "$gp"
fi

# Third attack: a gnuplot that draws, leaves a child holding its pipes
# and exits 0. The plot waited out the limit and was written, the child
# left running; now past the limit the group is killed and no plot made.
mkdir "$T/bg"
printf '#!/bin/sh\ncat >/dev/null\necho PNG\n(sleep 600 & echo $! >"%s/bg.tmp"; mv "%s/bg.tmp" "%s/bgkid")\nexit 0\n' \
    "$T" "$T" "$T" >"$T/bg/gnuplot"
chmod +x "$T/bg/gnuplot"
# shellcheck disable=SC2086
PINT_TEST_PLOT_TIMEOUT=1 PATH="$T/bg:$PATH" timeout -s KILL 120 \
    "$PINT_HOOKS" -j 1,2 $TASK --plot "$T/bg.png" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 1 "gnuplot's child holds its pipes past the limit" &&
    expect_err "time limit of 1 s" "gnuplot's child past the limit"
[ ! -e "$T/bg.png" ] || fail "gnuplot's child past the limit: plot written"
# Killed is dead or a zombie (its reaper may not have run yet).
kid=$(cat "$T/bgkid" 2>/dev/null)
[ -n "$kid" ] || fail "gnuplot's child past the limit: it never started"
st=$(cut -d' ' -f3 "/proc/$kid/stat" 2>/dev/null)
if [ -n "$kid" ] && [ -n "$st" ] && [ "$st" != Z ]; then
	fail "gnuplot's child $kid outlived pint (state $st)"
	kill -KILL "$kid"
fi

# -j in descending order still spans its x range.
if command -v gnuplot >/dev/null; then
	# shellcheck disable=SC2086
	run_pint -j 2,1 $TASK --plot "$T/down.svg"
	expect_rc 0 "--plot -j 2,1"
	grep -q "<svg" "$T/down.svg" 2>/dev/null ||
	    fail "--plot -j 2,1: no image"
else
	echo "note: gnuplot missing, --plot -j 2,1 not drawn"
fi


# Red-team findings: a gnuplot that exits 0 but draws nothing, a plot cut
# short by a file size limit, a plot to /dev/full, and a gnuplot whose own
# child must die with it on a signal.
mkdir "$T/empty" "$T/child"
printf '#!/bin/sh\ncat >/dev/null\nexit 0\n' >"$T/empty/gnuplot"
printf '#!/bin/sh\ncat >/dev/null\nsleep 600 &\necho $! >"%s/kid.tmp"\nmv "%s/kid.tmp" "%s/kid"\nwait\n' \
    "$T" "$T" "$T" >"$T/child/gnuplot"
chmod +x "$T/empty/gnuplot" "$T/child/gnuplot"
echo OLD >"$T/e.png"
# shellcheck disable=SC2086
PATH="$T/empty:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/e.png" >"$T/out" \
    2>"$T/err"
RC=$?
expect_rc 1 "a gnuplot that draws nothing"
expect_err "drew nothing" "a gnuplot that draws nothing: message"
[ "$(cat "$T/e.png")" = OLD ] || fail "a gnuplot that draws nothing: old plot lost"
ok
# shellcheck disable=SC2086
PATH="$T/child:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/c.png" >"$T/out" \
    2>"$T/err" &
term_while "$!" "$T/kid" "gnuplot's child"
ok
if command -v gnuplot >/dev/null; then
	echo OLD >"$T/big.svg"
	# shellcheck disable=SC2086
	(ulimit -f 18; "$PINT" -j 1,2,3,4,5,6,7,8 $TASK --plot "$T/big.svg") \
	    >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc 1 "--plot past a file size limit"
	[ "$(cat "$T/big.svg")" = OLD ] || fail "--plot past a file size limit: old plot lost"
	[ -z "$(ls -A "$T" | grep '^\.big')" ] || fail "--plot past a file size limit: temporary file left"
	ln -s /dev/full "$T/full.png"
	# shellcheck disable=SC2086
	"$PINT" -j 1,2 $TASK --plot "$T/full.png" >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc 1 "--plot to /dev/full"
	expect_err "No space left" "--plot to /dev/full: message"
	ok
fi


# Second attack: one time limit for the whole of gnuplot's run (a gnuplot
# that holds its output open past the limit, then exits, was waited for
# twice the limit and blamed for drawing nothing); a FIFO as the plot is
# refused before the run; '' in a title; pint compare stops gnuplot and
# removes its temporary file on a signal, as a run does.
mkdir "$T/hold" "$T/cmpgp"
printf '#!/bin/sh\ncat >/dev/null\nexec sleep 6\n' >"$T/hold/gnuplot"
printf '#!/bin/sh\necho $$ >"%s/cgp.tmp"\nmv "%s/cgp.tmp" "%s/cgp"\ncat >/dev/null\nexec sleep 600\n' \
    "$T" "$T" "$T" >"$T/cmpgp/gnuplot"
chmod +x "$T/hold/gnuplot" "$T/cmpgp/gnuplot"
# shellcheck disable=SC2086
PINT_TEST_PLOT_TIMEOUT=2 PATH="$T/hold:$PATH" "$PINT_HOOKS" -j 1,2 $TASK \
    --plot "$T/p.png" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 1 "gnuplot holding its output past the limit"
expect_err "time limit of 2 s" "gnuplot holding its output: message"
mkfifo "$T/fifo.png"
# shellcheck disable=SC2086
"$PINT" -j 1,2 $TASK --plot "$T/fifo.png" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2 "--plot to a FIFO"
expect_err "--plot $T/fifo.png: is a FIFO" "--plot to a FIFO: message"
# shellcheck disable=SC2086
"$PINT" -j 1 --repeat 2 $TASK --export-json "$T/c1.json" >/dev/null &&
"$PINT" -j 2 --repeat 2 $TASK --export-json "$T/c2.json" >/dev/null ||
    fail "reports for compare"
"$PINT" compare -q --plot "$T/fifo.png" "$T/c1.json" "$T/c2.json" \
    >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2 "compare --plot to a FIFO"
expect_err "is a FIFO" "compare --plot to a FIFO: message"
echo OLD >"$T/cmp.png"
PATH="$T/cmpgp:$PATH" "$PINT" compare -q --plot "$T/cmp.png" "$T/c1.json" \
    "$T/c2.json" >"$T/out" 2>"$T/err" &
term_while "$!" "$T/cgp" "compare's gnuplot"
[ "$(cat "$T/cmp.png")" = OLD ] || fail "SIGTERM during compare --plot: old plot lost"
[ -z "$(ls -A "$T" | grep '^\.cmp')" ] || fail "SIGTERM during compare --plot: temporary file left"
if command -v gnuplot >/dev/null; then
	printf "name: \"a''b\"\nexpression: x*y\ndomain: {x: [0, 1], y: [0, 1]}\npoints: 101\n" \
	    >"$T/quotes.yaml"
	run_pint -q -j 1,2 -c "$T/quotes.yaml" --plot "$T/quotes.svg"
	expect_rc 0 "--plot with '' in the name"
	grep -q "a''b" "$T/quotes.svg" || fail "--plot with '' in the name: title"
fi
ok


# Third attack: gnuplot reads no init file (~/.gnuplot could run a
# command or send the image elsewhere: -d); what gnuplot says on its
# standard error is one escaped "pint:" line; every failure names the
# plot's file.
mkdir "$T/home" "$T/chatty"
printf 'system("touch %s/MARK")\nset output "%s/elsewhere.png"\n' "$T" "$T" \
    >"$T/home/.gnuplot"
printf '#!/bin/sh\ncat >/dev/null\nprintf "one\\n\\n\\033[31mtwo\\r\\nthree\\n" >&2\nexit 3\n' \
    >"$T/chatty/gnuplot"
chmod +x "$T/chatty/gnuplot"
if command -v gnuplot >/dev/null; then
	# shellcheck disable=SC2086
	HOME="$T/home" "$PINT" -j 1,2 $TASK --plot "$T/home.png" >"$T/out" \
	    2>"$T/err"
	RC=$?
	expect_rc 0 "--plot with a ~/.gnuplot"
	[ ! -e "$T/MARK" ] || fail "--plot ran a command from ~/.gnuplot"
	[ ! -e "$T/elsewhere.png" ] && [ -s "$T/home.png" ] ||
	    fail "--plot: ~/.gnuplot sent the image elsewhere"
fi
# shellcheck disable=SC2086
PATH="$T/chatty:$PATH" "$PINT" -j 1,2 $TASK --plot "$T/chatty.png" \
    >"$T/out" 2>"$T/err"
RC=$?
expect_rc 1 "a gnuplot that says three lines"
[ "$(wc -l <"$T/err")" -eq 1 ] && ! grep -q "$(printf '\033')" "$T/err" ||
    fail "gnuplot's standard error is not one escaped line: $(cat -A "$T/err")"
expect_err "pint: --plot $T/chatty.png: gnuplot exited 3; gnuplot said: one; \\x1b[31mtwo; three" \
    "gnuplot's standard error: message"
if [ -e "$T/full.png" ]; then
	# shellcheck disable=SC2086
	"$PINT" -j 1,2 $TASK --plot "$T/full.png" >"$T/out" 2>"$T/err"
	RC=$?
	expect_err "pint: --plot $T/full.png: No space left" \
	    "--plot to /dev/full: the message names the file"
fi
ok

finish
