#!/bin/sh
# Bad input: every class gets a one-line message naming the place and the
# problem, exit 2, quickly, before anything is forked.
. "$(dirname "$0")/lib.sh"

# bad NAME 'file content' 'expected message' (printf format for content)
bad() {
	printf "$2" >"$T/$1.yaml"
	t0=$(date +%s%N)
	run_pint -j 2 -c "$T/$1.yaml"
	t1=$(date +%s%N)
	expect_rc 2 "$1" || return
	expect_err "$T/$1.yaml:" "$1"
	expect_err "$3" "$1"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: not one line: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$1: wrote to stdout"
	# An upper bound, not a speed: a pint that only starts and refuses
	# took 0.9 s with both CPUs at a load average of 48.
	[ $(( (t1 - t0) / 1000000 )) -lt 10000 ] || fail "$1: took over 10 s"
}

G='domain: {x: [0, 1]}\npoints: 4\n'
bad unknown_key	'expresion: x\n'"$G"	'1:1: unknown key "expresion" (did you mean "expression"?)'
bad wrong_type	'expression: x\ndomain: {x: [0, 1]}\nstep: [1, 2]\n'	'3:7: step: expected a number or a mapping of axes, got a sequence'
bad quoted_num	'expression: x\ndomain: {x: [0, 1]}\nstep: "0.1"\n'	'3:7: step: expected a number, got a string'
bad duplicate	'expression: x\nexpression: y\n'	'2:1: duplicate key "expression" (first at 1:1)'
bad nonfinite	'expression: x\ndomain: {x: [0, 1]}\nstep: .inf\n'	'3:7: step must be finite'
bad nan_bound	'expression: x\ndomain: {x: [0, .nan]}\npoints: 4\n'	'2:17: domain.x must be finite, got .nan'
bad empty_dom	'expression: x\ndomain: {x: [1, 1]}\npoints: 4\n'	'2:13: empty domain on x: [1, 1]'
bad neg_step	'expression: x\ndomain: {x: [0, 1]}\nstep: -0.1\n'	'3:7: step must be positive, got -0.1'
bad zero_step	'expression: x\ndomain: {x: [0, 1]}\nstep: 0\n'	'3:7: step must be positive'
bad huge_points	'expression: x\ndomain: {x: [0, 1]}\npoints: 99999999999999999999999\n'	'3:9: points is too large'
bad overflow	'expression: x\ndomain: {x: [0, 1], y: [0, 1], z: [0, 1]}\npoints: 3000000\n'	'3:9: grid of 3000000 x 3000000 x 3000000 points overflows 64 bits'
bad odd_simpson	'expression: x\ndomain: {x: [0, 1]}\npoints: 4\nrule: simpson\n'	'3:9: simpson needs an even number of intervals on x, got 3'
bad bad_rule	'expression: x\n'"$G"'rule: simson\n'	'4:7: unknown rule "simson" (did you mean "simpson"?)'
bad alias	'expression: &a x\nname: *a\n'	'1:13: aliases and anchors are not supported'
bad tab	'expression: x\n\tdomain: 1\n'	'2:1: found a tab character'
bad nul	'expression: "a\\0b"\n'	'1:13: NUL character in a scalar'
bad utf8	'expression: \303\050\n'	'1:14: invalid trailing UTF-8 octet'
bad malformed	'name: [\n'	'2:1: did not find expected node content'
bad deep	'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['	'1:9: nesting deeper than 8 levels'
bad empty	''	'1:1: empty task'
bad no_expr	"$G"	'no expression'
bad expr_empty	'expression: " "\n'"$G"	'expression is empty'
bad expr_unknown	'expression: foo(x) + 1\n'"$G"	'1:13: unknown name "foo" at character 1'
bad expr_var	'expression: x + y\n'"$G"	'1:13: unknown name "y" at character 5'
bad expr_assign	'expression: x = 3\n'"$G"	"1:13: assignment '=' at character 3 is not supported"
bad expr_string	'expression: "\\"s\\""\n'"$G"	'1:13: strings are not supported in expressions'
bad expr_ternary	'expression: "min(x > 0 ? 1, 2 : 3)"\n'"$G"	"1:13: unexpected ',' at character 15"
bad expr_query	'expression: "x + x + 1 ? 3"\n'"$G"	"1:13: '?' without ':' at character 11"
bad expr_comma	'expression: "1, 2"\n'"$G"	"',' at character 2 outside a function"
bad expr_syntax	'expression: sin(x\n'"$G"	'1:13: missing parenthesis'
bad expr_deep	"expression: $(printf '(%.0s' $(seq 70))x$(printf ')%.0s' $(seq 70))\n$G"	'nested too deeply'
bad expr_long	"expression: $(head -c 5000 /dev/zero | tr '\0' x)\n$G"	'1:13: expression is too long (5000 bytes, limit 4096)'
bad expr_ctrl	'expression: "x +\\x01 1"\n'"$G"	'invalid byte 0x01'
bad const_name	'expression: x\nconstants: {sin: 1}\n'"$G"	'2:13:'
bad chunk_zero	'expression: x\nchunk: 0\n'"$G"	'2:8:'
bad flat_mix	'equation: x\nexpression: x\nx_start: 0\nx_end: 1\nstep: 0.1\n'	'2:1:'

# A huge file and a 2 MB run of '[': refused fast.
head -c 2000000 /dev/zero | tr '\0' '[' >"$T/brackets.yaml"
t0=$(date +%s%N)
run_pint -c "$T/brackets.yaml"
t1=$(date +%s%N)
expect_rc 2 "2 MB of ["
[ $(( (t1 - t0) / 1000000 )) -lt 10000 ] || fail "2 MB of [ took over 10 s"
run_pint -c "$T/missing.yaml"
expect_rc 2 "missing file"
expect_err "pint: -c $T/missing.yaml: No such file or directory" "missing file"

# Bad invocations.
badopt() {
	want=$1
	shift
	run_pint "$@"
	expect_rc 2 "pint $*" && expect_err "$want" "pint $*"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "pint $*: not one line"
	! grep -q '^pint: [^:]* :' "$T/err" ||
	    fail "pint $*: a space before the colon: $(cat "$T/err")"
}
badopt "-j: job counts must be 1 or more" -j 0 -e x -d x=0:1 -n 3
badopt "-j: expected a count" -j 1,,2 -e x -d x=0:1 -n 3
badopt "-j: expected a count, a list 1,2,4 or a range 1-8, got '0x2'" -j 0x2 \
    -e x -d x=0:1 -n 3
badopt "-j: 2 is given twice in '2,2'" -j 2,2 -e x -d x=0:1 -n 3
badopt "-j: 1 is given twice in '1,1-4'" -j 1,1-4 -e x -d x=0:1 -n 3
badopt "-j: expected a count" -j 4-2 -e x -d x=0:1 -n 3
badopt "unknown option '--bogus'" --bogus
badopt "option '-j' needs an argument" -e x -j
badopt "unexpected argument 'extra'" -e x -d x=0:1 -n 3 extra
badopt "no task" -j 2
badopt '-d: unknown axis "q"' -e x -d q=0:1 -n 3
badopt "-d: empty domain on x: [1, 0]" -e x -d x=1:0 -n 3
badopt "-s: step must be a positive number" -e x -d x=0:1 -s -1
badopt "-n: points must be a positive whole number" -e x -d x=0:1 -n 1e3
badopt "-s and -n" -e x -d x=0:1 -s 0.1 -n 3
badopt "-f: expected text, json, csv or yaml" -e x -d x=0:1 -n 3 -f xml
badopt "-e: unexpected end of expression at character 4" -e 'x+' -d x=0:1 -n 4
badopt "-e: '?' without ':' at character 15" -e 'x + y + 1 + 2 ? 3' \
    -d x=0:1 -d y=0:1 -n 10
badopt "-e: '?' without ':' at character 3" -e 'x ? (x ? 1 : 2)' \
    -d x=0:1 -n 10
badopt "--interval" -e x -d x=0:1 -n 3 --interval 0
badopt "--inject-faults: rate" -e x -d x=0:1 -n 3 --inject-faults 2
badopt "--engine" -e x -d x=0:1 -n 3 --engine turbo
touch "$T/e2e.sh"
badopt "not a directory" -e x -d x=0:1 -n 3 -o "$T/e2e.sh"

# Messages that say what is wrong.
badopt "-j: job count too large in '99999999999'" -j 99999999999 -e x -d x=0:1 -n 3
badopt '-e: number "1e400" at character 3 is out of the range of doubles' \
    -e 'x*1e400' -d x=0:1 -n 3
badopt '-e: number "1e-400" at character 3 is out of the range of doubles' \
    -e 'x+1e-400' -d x=0:1 -n 3
badopt '-d: bad bound "1e-400" on x (out of the range of doubles' \
    -e x -d x=0:1e-400 -n 3
# An empty argument is named by its option, "pint: WHERE: WHAT".
badopt "pint: -c: empty file name" -c ''
for j in 1,2 1; do
	badopt "pint: --plot: empty file name" -j $j -e x -d x=0:1 -n 3 \
	    --plot ''
done
badopt "pint: --example: no such example" --example ''
printf 'expression: x\ndomain: {x: [0, 1]}\npoints: 4\n' >"$T/t3.yaml"
"$PINT" -q -c "$T/t3.yaml" >>"$T/t3.yaml" 2>"$T/err"
RC=$?
expect_rc 2 "-c FILE >>FILE" && expect_err \
    "pint: standard output: the same file as -c $T/t3.yaml, which it would overwrite" \
    "-c FILE >>FILE"
# A subnormal bound is a number like any other.
run_pint -q -e 1 -d x=0:1e-310 -n 3 -f csv
expect_rc 0 "-d x=0:1e-310"
if command -v bash >/dev/null; then
	bash -c 'ulimit -u 6 && exec "$0" "$@"' "$PINT" -j 4 -e x -d x=0:1 -n 3 \
	    >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc 2 "-j 4 under ulimit -u 6"
	expect_err "the process limit (ulimit -u 6)" "-j under RLIMIT_NPROC"
fi

finish
