#!/bin/sh
# Shell completion for zsh: the script of pint --completion zsh parses,
# compinit takes it from $fpath for pint, and sourced after compinit it
# registers itself. Every option of pint -h is in it.
. "$(dirname "$0")/lib.sh"

command -v zsh >/dev/null || {
	echo "completion-zsh.sh: zsh is missing (setup.sh installs it): not checked"
	exit 77
}

mkdir "$T/zfunc"
"$PINT" --completion zsh >"$T/zfunc/_pint" 2>"$T/err" ||
    fail "--completion zsh failed: $(cat "$T/err")"
zsh -n "$T/zfunc/_pint" || fail "the zsh script does not parse"
ok

# compinit -D: no dump file; HOME in $T so no user's setup is read.
out=$(HOME=$T zsh -f -c 'fpath=("$1" $fpath)
	autoload -Uz compinit && compinit -u -D &&
	print -r -- "${_comps[pint]}"' zsh "$T/zfunc" 2>&1)
[ "$out" = _pint ] || fail "compinit from \$fpath: pint completes with '$out'"
out=$(HOME=$T zsh -f -c 'autoload -Uz compinit && compinit -u -D &&
	source "$1" && print -r -- "${_comps[pint]}"' zsh "$T/zfunc/_pint" 2>&1)
[ "$out" = _pint ] || fail "compinit, then source: pint completes with '$out'"
ok

# Completion in an interactive zsh on a pseudo-terminal (zpty): each
# answer is waited for by the text it must show, never by time; the whole
# conversation has a generous bound.
rules=$(pint_list rules | tr '\n' '*')
examples=$(pint_list examples | tr '\n' '*')
mkdir "$T/cwd" && : >"$T/cwd/x.png" && : >"$T/cwd/y.txt" && : >"$T/cwd/z.yaml"
cat >"$T/zpty.zsh" <<'EOF'
# zsh zpty.zsh FPATHDIR CWD RULES EXAMPLES
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
# The prompt, spelt so that the echo of this line does not match it.
zpty -w z "PS1='<''P>'; fpath=($1 \$fpath); cd $2;" \
    "autoload -Uz compinit; compinit -u -D; setopt nolistbeep"
zpty -r z out '*<P>*' || exit 1
ask() {	# ask LINE PATTERN: type LINE and a TAB, wait for PATTERN
	zpty -w -n z "$1"$'\t'
	zpty -r z out "$2" || { print -r "zsh: $1: no answer"; exit 1; }
	print -r "ok: $1"
	zpty -w -n z $'\C-u'
}
ask "pint -r " "*$3"
ask "pint --example " "*$4"
ask "pint --no-h" "*--no-header*"
ask "pint --plot " "*--plot x.png*"
ask "pint -c z" "*-c z.yaml*"
ask "pint -j " "*-j 1*"
zpty -d z
EOF
HOME=$T PATH="$(dirname "$PINT"):$PATH" SLURM_CPUS_PER_TASK=1 timeout 120 \
    zsh -f "$T/zpty.zsh" "$T/zfunc" "$T/cwd" "$rules" "$examples" >"$T/zpty" 2>&1
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "completion-zsh.sh: no zsh/zpty: completion not tried in a terminal"
elif [ "$rc" -ne 0 ] || [ "$(grep -c '^ok: ' "$T/zpty")" -ne 6 ]; then
	fail "zsh completed wrongly (exit $rc): $(cat "$T/zpty")"
else
	ok
fi

# The drift test: each long option of pint -h (and of each subcommand's
# -h) has its _arguments spec.
"$PINT" -h | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help"
for c in $("$PINT" -h | sed -n 's/^ *pint \([a-z][a-z-]*\) .*(pint \1 -h)$/\1/p'); do
	grep -q "^		$c)\$" "$T/zfunc/_pint" || fail "pint $c: not in the zsh script"
	"$PINT" "$c" -h | grep -o -- '--[a-z][a-z-]*' >>"$T/help"
done
missing=
for o in $(sort -u "$T/help"); do
	grep -q -- "'[*]\{0,1\}\((-[a-zA-Z] [a-z-]*)\)\{0,1\}$o[]=[']" \
	    "$T/zfunc/_pint" || missing="$missing $o"
done
[ -z "$missing" ] || fail "in -h, not in the zsh script:$missing"
ok

finish
