#!/bin/sh
# After the other tests: no shared-memory segment of a dead pint process
# and no orphaned pint worker anywhere.
. "$(dirname "$0")/lib.sh"

for f in $(ls /dev/shm 2>/dev/null | grep '^pint\.'); do
	pid=$(echo "$f" | cut -d. -f2)
	kill -0 "$pid" 2>/dev/null || fail "leaked segment /dev/shm/$f"
done
ok
for p in /proc/[0-9]*; do
	case $(cat "$p/comm" 2>/dev/null) in
	pint | pint-worker) ;;
	*) continue ;;
	esac
	pp=$(awk '{ print $4 }' "$p/stat" 2>/dev/null)
	[ "$pp" = 1 ] && fail "orphaned pint process ${p#/proc/}"
done
ok
finish
