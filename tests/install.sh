#!/bin/sh
# make install DESTDIR=... puts pint, its pages and both completion
# scripts in place; a bash started with bash-completion loads the
# installed script on demand and completes `pint -r ` to the rules and
# `pint --example ` to the examples; make uninstall takes every file away.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null || { echo "install.sh: make is missing"; exit 77; }
D=$T/root
# MAKEFLAGS: the jobserver of the make running the tests is not ours.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$BUILDDIR" install \
    DESTDIR="$D" >"$T/log" 2>&1 || fail "make install: $(tail -n 5 "$T/log")"
for f in "$BINDIR/pint" "$MANDIR/man1/pint.1" "$MANDIR/man5/pint-task.5" \
    "$BASHCOMPDIR/pint" "$DATADIR/zsh/vendor-completions/_pint"; do
	[ -f "$D$f" ] || fail "make install: no $f"
done
ok
cmp -s "$D$BASHCOMPDIR/pint" "$BUILDDIR/completions/pint" &&
    "$PINT" --completion bash | cmp -s - "$D$BASHCOMPDIR/pint" ||
    fail "the installed bash script is not what pint --completion bash prints"
"$PINT" --completion zsh | cmp -s - "$D$DATADIR/zsh/vendor-completions/_pint" ||
    fail "the installed zsh script is not what pint --completion zsh prints"
ok

# bash-completion finds completions under each of $XDG_DATA_DIRS.
bc=/usr/share/bash-completion/bash_completion
if [ -f "$bc" ]; then
	case $BASHCOMPDIR in
	*/bash-completion/completions) ;;
	*) fail "$BASHCOMPDIR: not a directory bash-completion searches" ;;
	esac
	comp() {
		HOME=$T XDG_DATA_DIRS="$D${BASHCOMPDIR%/bash-completion/completions}" \
		    bash --norc --noprofile -c '
			. "$1" || exit 1
			shift
			__load_completion pint || { echo "not loaded"; exit 1; }
			f=$(complete -p pint) || exit 1
			f=${f#*-F } f=${f%% *}
			COMP_WORDS=("$@")
			COMP_CWORD=$(($# - 1))
			"$f"
			printf "%s\n" "${COMPREPLY[@]}"' sh "$bc" "$D$BINDIR/pint" "$@" |
		    LC_ALL=C sort | tr '\n' ' '
	}
	rules=$(pint_list rules | tr '\n' ' ')
	examples=$(pint_list examples | tr '\n' ' ')
	[ "$(comp -r "")" = "$rules" ] ||
	    fail "installed: pint -r completes to '$(comp -r "")', not '$rules'"
	[ "$(comp --example "")" = "$examples" ] ||
	    fail "installed: pint --example completes to '$(comp --example "")', not '$examples'"
	ok
else
	echo "install.sh: bash-completion is missing: the installed script not tried"
fi

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$BUILDDIR" uninstall \
    DESTDIR="$D" >"$T/log" 2>&1 || fail "make uninstall: $(tail -n 5 "$T/log")"
left=$(find "$D" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
ok

finish
