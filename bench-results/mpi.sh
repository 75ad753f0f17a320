#!/bin/sh
# The cost of MPI mode on one machine: 2 ranks of 1 worker against 1 rank
# of 2 workers on the same task of a second or more, run in turn N times
# (default 7) so that drift of the machine touches each alike. Each
# round runs three commands:
#   plain   pint -j 2                       (no MPI at all)
#   np1     mpirun -np 1 pint -j 2          (MPI, one rank)
#   np2     mpirun -np 2 pint -j 1          (MPI, two ranks)
#   fixed   mpirun -np 2 pint -j 1 on 100 x 100 points: the fixed cost
#           of a job (mpirun, MPI_Init, MPI_Finalize), whatever the task
#   hello   mpirun -np 2 of a program that calls MPI_Init and MPI_Finalize
#           alone (built with mpicc): the part of that cost that is the
#           MPI library's own
# and records pint's wall time (its report: rank 0's first fork until it
# holds every rank's chunks), the time from exec to exit (mpirun's
# start-up and MPI_Finalize included) and the CPU time of the whole
# process tree (wait4's rusage: mpirun, ranks, fork servers, workers).
# It prints the rounds and medians of
#   wall_ratio  np2 / plain, pint's wall: what MPI mode costs the run
#   exec_ratio  np2 / plain, exec to exit: what the user waits, launcher
#               included
#   mpi_ratio   np2 / np1, exec to exit: 2 ranks against 1 under the same
#               launcher
#   cpu_ratio   np2 / plain, CPU of the tree: the work MPI mode adds; on
#               a machine whose CPUs the workers fill, it is what the
#               wall time would grow by on a quiet one
#   rank_cpu    np2's CPU outside the workers (ranks, MPI, mpirun) as a
#               share of the workers' CPU
#   run_cpu     the same less the fixed cost's CPU: what MPI mode adds
#               while the run goes on, taken within one run, so free of
#               the machine's drift between runs
#   run_ratio   (np2 - fixed) / plain, exec to exit: what MPI mode costs
#               beyond its fixed start-up and end
#   own_cpu     (np2 - fixed) / plain, CPU of the tree: the same in CPU
# with a 95% bootstrap interval of each median (each other round runs
# its commands in reverse order), and the counter traffic: claims (one
# MPI_Rget_accumulate each) per millisecond per rank, the most of any rank.
#   bench-results/mpi.sh [PINT] [N] [POINTS]
# POINTS per axis of the task (default 45000: about a second at -j 2 on
# the vm/ machine; a larger task shows the fixed cost amortised).
# Needs a pint built with MPI, Open MPI's mpirun and python3.
set -eu
PINT=${1:-./pint}
N=${2:-7}
P=${3:-45000}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '#include <mpi.h>\nint main(int c, char **v) { MPI_Init(&c, &v); %s\n' \
    'return MPI_Finalize(); }' >"$tmp/hello.c"
mpicc -O2 -o "$tmp/hello" "$tmp/hello.c"
python3 - "$PINT" "$N" "$P" "$tmp/hello" <<'EOF'
import json, os, statistics, subprocess, sys, time

pint, n, p, hello = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
task = ("-e sin(x)*cos(y)+x*y -d x=0:1 -d y=0:1 -n %d" % p).split()
mpirun = "mpirun --oversubscribe --bind-to none".split()
cmds = {
    "plain": [pint, "-q", "-j", "2"] + task,
    "np1": mpirun + ["-np", "1", pint, "-q", "-j", "2"] + task,
    "np2": mpirun + ["-np", "2", pint, "-q", "-j", "1"] + task,
    "fixed": mpirun + ["-np", "2", pint, "-q", "-j", "1"] + task[:-1] +
        ["100"],
}

def bare(cmd):
    """Exec to exit of a program without a report: seconds, CPU seconds."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s: failed" % " ".join(cmd))
    return time.monotonic() - t0, ru.ru_utime + ru.ru_stime

def run(cmd):
    """Exec to exit: the report, the seconds, the tree's CPU seconds."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + ["-f", "json"], stdout=subprocess.PIPE)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("%s: exit %d" % (" ".join(cmd), p.returncode))
    return json.loads(out), t, ru.ru_utime + ru.ru_stime

def workers_cpu(r):
    if r.get("nodes"):
        return sum(x["user_s"] + x["sys_s"] for x in r["nodes"])
    c = r["runs"][0]["cpu"]
    return c["user_s"] + c["sys_s"]

cols = ["round", "plain_wall_s", "np1_wall_s", "np2_wall_s", "wall_ratio",
        "plain_exec_s", "np1_exec_s", "np2_exec_s", "exec_ratio", "mpi_ratio",
        "plain_cpu_s", "np2_cpu_s", "cpu_ratio", "rank_cpu", "run_cpu",
        "fixed_exec_s",
        "fixed_cpu_s", "hello_exec_s", "hello_cpu_s", "run_ratio", "own_cpu",
        "claims",
        "claims_per_ms_per_rank", "mpi_s", "mpi_init_s"]
print(",".join(cols))
rows = []
for i in range(1, n + 1):
    r, e, c = {}, {}, {}
    # Each other round in reverse, so that a machine drifting over a
    # round slows plain and np2 alike.
    order = ["plain", "np1", "np2"] if i % 2 else ["np2", "np1", "plain"]
    for k in order + ["fixed"]:
        r[k], e[k], c[k] = run(cmds[k])
    e["hello"], c["hello"] = bare(mpirun + ["-np", "2", hello])
    for k in ("np1", "np2"):
        assert r[k]["result"]["integral"] == r["plain"]["result"]["integral"]
    w = {k: r[k]["runs"][0]["timing"]["wall_s"] for k in r}
    e["run"] = e["np2"] - e["fixed"]
    nodes = r["np2"]["nodes"]
    wcpu = workers_cpu(r["np2"])
    row = [i, w["plain"], w["np1"], w["np2"], w["np2"] / w["plain"],
           e["plain"], e["np1"], e["np2"], e["np2"] / e["plain"],
           e["np2"] / e["np1"], c["plain"], c["np2"], c["np2"] / c["plain"],
           (c["np2"] - wcpu) / wcpu, (c["np2"] - wcpu - c["fixed"]) / wcpu,
           e["fixed"], c["fixed"], e["hello"], c["hello"],
           e["run"] / e["plain"], (c["np2"] - c["fixed"]) / c["plain"],
           r["np2"]["mpi"]["claims"],
           max(x["claims"] / (x["wall_s"] * 1000) for x in nodes),
           r["np2"]["mpi"]["mpi_s"], max(x["mpi_init_s"] for x in nodes)]
    rows.append(row)
    print(",".join(str(v) if isinstance(v, int) else "%.4f" % v for v in row),
          flush=True)

def med(k):
    v = sorted(x[cols.index(k)] for x in rows)
    return statistics.median(v), v[0], v[-1]

def boot(k, n=4000):
    """A 95% percentile bootstrap interval of the median (fixed seed)."""
    import random
    g = random.Random(1)
    v = [x[cols.index(k)] for x in rows]
    m = sorted(statistics.median(g.choices(v, k=len(v))) for _ in range(n))
    return m[int(0.025 * n)], m[int(0.975 * n) - 1]

for k, what in (("wall_ratio", "np2 / plain, pint's wall"),
                ("exec_ratio", "np2 / plain, exec to exit"),
                ("mpi_ratio", "np2 / np1, exec to exit"),
                ("cpu_ratio", "np2 / plain, CPU of the process tree"),
                ("rank_cpu", "np2's CPU outside its workers / workers' CPU"),
                ("run_cpu", "the same less the fixed cost's CPU"),
                ("run_ratio", "(np2 - fixed) / plain, exec to exit"),
                ("own_cpu", "(np2 - fixed) / plain, CPU of the tree")):
    print("median %s (%s) %.4f (min %.4f, max %.4f; median's 95%% "
          "interval %.4f-%.4f)" % ((k, what) + med(k) + boot(k)))
print("median wall s: plain %.4f, np1 %.4f, np2 %.4f; fixed cost of a "
      "2-rank job %.4f s exec to exit, %.4f CPU s; of a bare MPI_Init and "
      "MPI_Finalize %.4f s, %.4f CPU s" % tuple(med(k)[0] for k in
      ("plain_wall_s", "np1_wall_s", "np2_wall_s", "fixed_exec_s",
       "fixed_cpu_s", "hello_exec_s", "hello_cpu_s")))
print("claims per ms per rank at most %.5f (target under 1); MPI_Init at "
      "most %.3f s a rank, while the workers computed" % (
      med("claims_per_ms_per_rank")[2], med("mpi_init_s")[2]))
EOF
