#!/bin/sh
# A single-node Slurm for the tests, all of it in one directory:
#   tests/slurm-up.sh start DIR   munged, slurmctld and slurmd for this
#                                 host, configured and kept in DIR; waits
#                                 until the node is idle; prints the
#                                 SLURM_CONF to export
#   tests/slurm-up.sh stop DIR    stops them by the pids kept in DIR
# It installs nothing (setup.sh installs slurmctld slurmd slurm-client
# munge) and needs root; otherwise it exits 77 saying why. Daemons are
# stopped by their own pids, never by name, and nothing outside DIR is
# written: the munge key, socket and Slurm's state all live in DIR.
set -u
cmd=${1:-}
D=${2:-}
[ -n "$cmd" ] && [ -n "$D" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

# Stop the daemon whose pid file is $1: TERM, then KILL after 5 s.
stop_pid() {
	[ -s "$1" ] || return 0
	p=$(cat "$1")
	kill -TERM "$p" 2>/dev/null || return 0
	i=0
	while kill -0 "$p" 2>/dev/null && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$p" 2>/dev/null
	rm -f "$1"
}

if [ "$cmd" = stop ]; then
	stop_pid "$D/slurmd.pid"
	stop_pid "$D/slurmctld.pid"
	stop_pid "$D/munged.pid"
	exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

if [ "$(id -u)" != 0 ]; then
	echo "slurm-up.sh: needs root (slurmd runs jobs as their users)" >&2
	exit 77
fi
for p in munged mungekey slurmctld slurmd srun sbatch scancel sinfo; do
	command -v "$p" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	command -v "$p" >/dev/null 2>&1 || {
		echo "slurm-up.sh: $p is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2
		exit 77
	}
done

mkdir -p "$D/state" "$D/spool" "$D/munge" || exit 1
chmod 700 "$D/munge"
host=$(hostname -s)
cpus=$(nproc)
# Ports of our own, so that a Slurm already on the machine is untouched.
base=$((20000 + $$ % 20000))

mungekey -c -k "$D/munge/munge.key" 2>/dev/null ||
    dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$D/munge/munge.key"
munged --key-file="$D/munge/munge.key" --socket="$D/munge/munge.socket" \
    --pid-file="$D/munged.pid" --log-file="$D/munged.log" \
    --seed-file="$D/munge/munge.seed" --force || {
	echo "slurm-up.sh: munged did not start: $(tail -n 3 "$D/munged.log" 2>/dev/null)" >&2
	exit 1
}

cat >"$D/slurm.conf" <<EOF
ClusterName=pinttest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
KillWait=3
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$D/slurm.conf"
slurmctld -f "$SLURM_CONF" -i || { echo "slurm-up.sh: slurmctld did not start: $(tail -n 3 "$D/slurmctld.log")" >&2; exit 1; }
slurmd -f "$SLURM_CONF" || { echo "slurm-up.sh: slurmd did not start: $(tail -n 3 "$D/slurmd.log")" >&2; exit 1; }
i=0
until sinfo -h -o %T 2>/dev/null | grep -q '^idle'; do
	i=$((i + 1))
	if [ "$i" -gt 300 ]; then
		echo "slurm-up.sh: the node is not idle after 30 s: $(sinfo 2>&1 | tail -n 2); $(tail -n 3 "$D/slurmd.log")" >&2
		exit 1
	fi
	sleep 0.1
done
echo "$SLURM_CONF"
