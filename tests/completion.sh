#!/bin/sh
# Shell completion: the scripts of pint --completion bash|zsh, run in the
# shells themselves. The bash function is called as bash calls it
# (COMP_WORDS, COMP_CWORD, then COMPREPLY); what it offers is checked
# against what pint itself accepts or lists (its errors, -h, the
# examples), and every option of pint -h and of each subcommand's -h must
# be offered (the drift test).
. "$(dirname "$0")/lib.sh"

command -v bash >/dev/null || {
	echo "completion.sh: bash is missing: completion not checked"
	exit 77
}

"$PINT" --completion bash >"$T/pint.bash" 2>"$T/err" ||
    fail "--completion bash failed: $(cat "$T/err")"
"$PINT" --completion zsh >"$T/_pint" 2>"$T/err" ||
    fail "--completion zsh failed: $(cat "$T/err")"
bash -n "$T/pint.bash" || fail "the bash script does not parse"

# comp WORD...: what the bash completion offers for the last WORD of
# "pint WORD..." (in $T/files), sorted, one a line. The command word is
# $PINT unless COMPCMD says another.
mkdir -p "$T/files/sub dir" "$T/files/sub"
for f in a.yaml b.yml c.json d.txt e.png f.svg g.csv h.md "my task.yaml"; do
	: >"$T/files/$f"
done
comp() {
	(cd "$T/files" && bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_pint
		printf "%s\n" "${COMPREPLY[@]}"' \
	    sh "$T/pint.bash" "${COMPCMD:-$PINT}" "$@") | sed '/^$/d' | LC_ALL=C sort
}

# expect_comp "WANT" WORD...: the offer is exactly WANT (words with | or
# spaces between; | alone where a word holds a space).
expect_comp() {
	case $1 in
	*"|"*) _want=$(printf '%s\n' "$1" | tr '|' '\n') ;;
	*) _want=$(printf '%s\n' "$1" | tr ' ' '\n') ;;
	esac
	_want=$(printf '%s\n' "$_want" | sed '/^$/d' | LC_ALL=C sort)
	shift
	_got=$(comp "$@")
	if [ "$_got" = "$_want" ]; then
		ok
	else
		fail "completing pint $*: got [$(echo "$_got" | tr '\n' '|')]," \
		    "want [$(echo "$_want" | tr '\n' '|')]"
	fi
}

rules=$(pint_list rules)
engines=$(pint_list engines)
formats=$(pint_list formats)
examples=$(pint_list examples)
[ "$(echo "$rules" | wc -w)" -ge 5 ] || fail "rules from pint: '$rules'"
[ -n "$engines" ] && [ -n "$formats" ] && [ -n "$examples" ] ||
    fail "lists from pint: '$engines' '$formats' '$examples'"

expect_comp "$rules" -r ""
expect_comp "$rules" -q --rule ""
expect_comp "$rules" --rule = ""	# --rule=, as bash splits it
expect_comp "trapezoid tanh-sinh" -r t
expect_comp "$formats" -f ""
expect_comp "$engines" --engine ""
expect_comp "$examples" --example ""
expect_comp "bash zsh jobs" --completion ""
# Every example offered is one pint prints.
for e in $(comp --example ""); do
	"$PINT" --example "$e" >/dev/null 2>&1 || fail "--example $e offered, not known"
done
ok

# Options: a prefix, and every long option of pint -h (the drift test).
expect_comp "--example --export-csv --export-json --export-markdown --expr" --ex
expect_comp "--no-header --no-progress" -j 2 --no
"$PINT" -h | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help"
[ "$(wc -l <"$T/help")" -ge 30 ] || fail "pint -h lists few options"
comp -- >"$T/offer"
comp -q - >>"$T/offer"
missing=$(LC_ALL=C sort -u "$T/offer" | LC_ALL=C comm -23 "$T/help" -)
[ -z "$missing" ] || fail "in pint -h, not completed by bash: $missing"
for s in $("$PINT" -h | sed -n 's/^  \(-[a-zA-Z]\),.*/\1/p'); do
	grep -qx -- "$s" "$T/offer" || fail "short option $s not completed"
done
missing=
for o in $(cat "$T/help"); do
	grep -q -- "'\\*\\{0,1\\}\\((.*)\\)\\{0,1\\}$o[=[]" "$T/_pint" ||
	    missing="$missing $o"
done
[ -z "$missing" ] || fail "in pint -h, not in the zsh script:$missing"
ok

# Files with the right suffixes, directories, and - for standard input.
expect_comp "a.yaml|b.yml|c.json|my task.yaml|sub|sub dir|-" -c ""
expect_comp "my task.yaml|" -c my
expect_comp "e.png|f.svg|sub|sub dir" --plot ""
expect_comp "c.json|sub|sub dir" --export-json = ""
expect_comp "g.csv|sub|sub dir" --export-csv ""
expect_comp "h.md|sub|sub dir" --export-markdown ""
expect_comp "sub|sub dir" -o ""
expect_comp "sub dir|" -o "sub "
expect_comp "b.yml" --checkpoint b
expect_comp "" -e ""	# an expression: nothing to offer

# -j: the usable CPUs as pint counts them, and sweeps pint accepts.
usable=$("$PINT" -e x -d x=0:1 -n 3 -f json -q | python3 -c '
import json, sys; print(json.load(sys.stdin)["host"]["cpus_usable"])')
comp -j "" >"$T/jobs"
grep -qx "$usable" "$T/jobs" || fail "-j: $usable usable CPUs not offered: $(cat "$T/jobs")"
while read -r v; do
	"$PINT" -j "$v" --example line-1d >/dev/null 2>&1 ||
	    fail "-j $v offered, pint refuses it"
done <"$T/jobs"
if [ "$usable" -ge 2 ]; then
	grep -qx "1,.*,$usable\|1,$usable" "$T/jobs" || fail "-j: no sweep: $(cat "$T/jobs")"
fi
ok
SLURM_CPUS_PER_TASK=1 expect_comp "1" -j ""
SLURM_CPUS_PER_TASK=1 COMPCMD="$T/no-such-pint" expect_comp "$(nproc)" -j ""

# Subcommands: pint -h lists them as "pint NAME ... (pint NAME -h)"; each
# is offered as the first word, and each option of its -h after it.
cmds=$("$PINT" -h | sed -n 's/^ *pint \([a-z][a-z-]*\) .*(pint \1 -h)$/\1/p')
if [ -n "$cmds" ]; then
	comp "" >"$T/first"
	for c in $cmds; do
		grep -qx "$c" "$T/first" || fail "command $c not offered first"
		[ "$(comp "$(echo "$c" | cut -c1-2)" | grep -cx "$c")" -eq 1 ] ||
		    fail "command $c not offered for its first letters"
		[ -z "$(comp -q "$c")" ] || fail "command $c offered after an option"
		# Its option lines only: the prose may name the main
		# command's options (--label, --export-json).
		"$PINT" "$c" -h |
		    sed -n 's/^ \{2,6\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
		    LC_ALL=C sort -u >"$T/help.$c"
		[ -s "$T/help.$c" ] || fail "pint $c -h lists no options"
		comp "$c" -- | LC_ALL=C sort -u >"$T/offer.$c"
		missing=$(LC_ALL=C comm -23 "$T/help.$c" "$T/offer.$c")
		[ -z "$missing" ] || fail "in pint $c -h, not completed: $missing"
		grep -q "^		$c)" "$T/_pint" || fail "pint $c: not in the zsh script"
	done
	ok
else
	echo "completion.sh: no subcommands yet"
fi

finish
