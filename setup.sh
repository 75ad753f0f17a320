#!/bin/sh
# Quick start: install what the build needs (Debian 12, as root), build
# pint, and run it on a bundled example. Safe to run again.
#   ./setup.sh            install, build, run examples/gauss-2d.yaml
#   ./setup.sh --no-run   install and build only
set -eu
cd "$(dirname "$0")"

need="build-essential autoconf automake pkg-config libyaml-dev libmuparser-dev
      check mandoc python3 python3-yaml python3-jsonschema gnuplot-nox procps util-linux bsdutils valgrind
      openmpi-bin libopenmpi-dev slurmctld slurmd slurm-client munge
      jq hyperfine bash-completion zsh python3-scipy"
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "setup.sh: missing packages:$missing" >&2
		echo "setup.sh: run as root, or: sudo apt-get install$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure -q ${PINT_CONFIGURE_FLAGS:-}
make -s -j"$(nproc)"

if [ "${1:-}" != --no-run ]; then
	echo "$ ./pint -c examples/gauss-2d.yaml"
	./pint -c examples/gauss-2d.yaml
fi
