#!/bin/sh
# Fuzz pint: build the libFuzzer harnesses with clang in a tree of their
# own, run them all for SECONDS (default 300) side by side over a corpus seeded
# from examples/ and tests/corpus/, then merge the inputs that reach new
# code into tests/corpus/task and tests/corpus/expr, which make check
# replays.
#   fuzz/run.sh [SECONDS]
# Environment: PINT_FUZZ_CC (default clang), PINT_FUZZ_BUILD (default
# build-fuzz in the source tree). Exits 1 when a fuzzer found a crash, a
# leak, a timeout or an out-of-memory; the inputs are in the build tree's
# artifacts/ and the logs in log/.
set -eu

secs=${1:-300}
case $secs in
''|*[!0-9]*)
	echo "usage: fuzz/run.sh [SECONDS]" >&2
	exit 2
	;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PINT_FUZZ_BUILD:-$top/build-fuzz}
cc=${PINT_FUZZ_CC:-clang}
mkdir -p "$build"
build=$(cd "$build" && pwd)
tree=$build/tree

# A copy of the sources without build outputs: the source tree may be
# configured in place (with gcc), which rules out a VPATH build from it.
# Later runs copy only the files whose content changed, so that make
# rebuilds exactly those whatever their dates.
case $build in
"$top"/*) own=./${build#"$top"/} ;;
*) own=./build-fuzz ;;
esac
stage=$build/stage
rm -rf "$stage"
mkdir -p "$stage"
(cd "$top" && tar cf - --exclude="$own" --exclude=./build-fuzz \
    --exclude=./build-san --exclude=./build --exclude=.git \
    --exclude="*.o" --exclude="*.a" --exclude=.deps --exclude="*.log" \
    --exclude="*.trs" --exclude=./autom4te.cache --exclude=./config.status \
    --exclude=./config.h --exclude=./stamp-h1 --exclude=./Makefile \
    --exclude=./tests/env.sh --exclude=./pint --exclude=./tests/check_pint \
    --exclude=./tests/corpus_replay --exclude=./fuzz/fuzz_task \
    --exclude=./fuzz/fuzz_expr --exclude=./fuzz/fuzz_diff .) | (cd "$stage" && tar xf -)
if [ ! -d "$tree" ]; then
	mv "$stage" "$tree"
else
	(cd "$stage" && find . -type f) | while IFS= read -r f; do
		cmp -s "$stage/$f" "$tree/$f" && continue
		mkdir -p "$(dirname "$tree/$f")"
		cp "$stage/$f" "$tree/$f"
	done
	rm -rf "$stage"
fi
cd "$tree"
[ -x configure ] || autoreconf -fi >/dev/null
if [ ! -f Makefile ]; then
	./configure -q CC="$cc" CFLAGS="-O1 -g" --enable-fuzzers ||
	    { echo "fuzz/run.sh: configure failed, see $tree/config.log" >&2;
	    exit 2; }
fi
mkdir -p "$build/log"
make -j"$(nproc 2>/dev/null || echo 2)" fuzz/fuzz_task fuzz/fuzz_expr \
    fuzz/fuzz_diff \
    >"$build/log/make.log" 2>&1 ||
    { cat "$build/log/make.log" >&2; exit 2; }

# Seeds: the examples as task files and their expressions (3-D, so x, y
# and z are all defined), the fixtures, and the committed corpus.
seed=$build/seed
rm -rf "$seed"
mkdir -p "$seed/task" "$seed/expr" "$build/corpus/task" \
    "$build/corpus/expr" "$build/corpus/diff" "$top/tests/corpus/task" \
    "$top/tests/corpus/expr"
for f in "$top"/examples/*.yaml "$top"/examples/*.json \
    "$top"/tests/fixtures/task/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	cp "$f" "$seed/task/$b"
	e=$(sed -n 's/^ *"*\(expression\|equation\)"*: *//p' "$f" |
	    sed 's/^"\(.*\)",*$/\1/')
	[ -n "$e" ] && printf '3%s' "$e" >"$seed/expr/$b"
done

rm -rf "$build/artifacts"
mkdir -p "$build/artifacts"

# Each fuzzer: work corpus first (new inputs go there), then the seeds.
# fuzz_diff reads expressions: it takes the expr seeds and dictionary.
fuzz() {
	name=$1
	maxlen=$2
	in=${3:-$name}
	exec "$tree/fuzz/fuzz_$name" -max_total_time="$secs" \
	    -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 \
	    -dict="$top/fuzz/$in.dict" \
	    -artifact_prefix="$build/artifacts/$name-" \
	    "$build/corpus/$name" "$top/tests/corpus/$in" "$seed/$in" \
	    >"$build/log/$name.log" 2>&1
}

echo "fuzz/run.sh: fuzzing for $secs s, logs in $build/log"
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null || :; done' INT TERM
fuzz task 8192 &
pids="$pids $!"
fuzz expr 4200 &
pids="$pids $!"
fuzz diff 4200 expr &
pids="$pids $!"
status=0
for p in $pids; do
	wait "$p" || status=1
done
trap - INT TERM

for name in task expr diff; do
	log=$build/log/$name.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 |
	    sed -n 's/.*\(cov: [0-9]* ft: [0-9]*\).*/\1/p')
	echo "fuzz_$name: ${execs:-?} runs, ${rate:-?}/s," \
	    "${last:-no coverage line}"
done

# Merge what reaches new code into the committed corpus. Edges only, not
# hit counts (-use_counters=0): the work corpus keeps those, the committed
# one stays a few hundred inputs. fuzz_diff's finds are expressions: they
# go into tests/corpus/expr, by the edges fuzz_diff reaches.
for pair in task:task expr:expr diff:expr; do
	name=${pair%:*}
	in=${pair#*:}
	before=$(find "$top/tests/corpus/$in" -type f | wc -l)
	"$tree/fuzz/fuzz_$name" -merge=1 -use_counters=0 -max_len=8192 \
	    -timeout=10 \
	    -artifact_prefix="$build/artifacts/$name-" \
	    "$top/tests/corpus/$in" "$build/corpus/$name" "$seed/$in" \
	    >"$build/log/$name-merge.log" 2>&1 || status=1
	after=$(find "$top/tests/corpus/$in" -type f | wc -l)
	echo "fuzz_$name: tests/corpus/$in: $before -> $after inputs"
done

found=$(ls "$build/artifacts" 2>/dev/null || :)
if [ -n "$found" ]; then
	echo "fuzz/run.sh: findings in $build/artifacts:" >&2
	echo "$found" | sed 's/^/  /' >&2
	status=1
elif [ "$status" != 0 ]; then
	echo "fuzz/run.sh: a fuzzer failed; see $build/log" >&2
fi
exit "$status"
