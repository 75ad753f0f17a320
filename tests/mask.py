#!/usr/bin/env python3
"""Mask what changes from run to run in a pint report, keep the rest.

usage: mask.py text|json|yaml|csv < report > masked

Timing, CPU, memory, sampler, host and per-worker figures change with
every run; their names and the report's shape do not, and neither do the
task, the integral and the other results. JSON and YAML come out as one
canonical JSON text, so a YAML report can be compared with a JSON one.
"""
import csv
import io
import json
import re
import sys

# Keys whose values depend on the machine or the moment.
VOLATILE = {
    # timing and CPU
    "wall_s", "setup_s", "compute_s", "user_s", "sys_s", "utilization",
    "parallelism", "efficiency", "other_load", "other_cpus",
    "machine_busy_cpus", "pint_cpus", "voluntary_ctxt_switches",
    "involuntary_ctxt_switches", "minor_faults", "major_faults",
    "own_cpu_s",
    # memory
    "max_rss_kib", "workers_max_rss_kib", "workers_peak_total_rss_kib",
    # workers and fairness
    "pid", "cpu", "chunks_done_by", "busy_s", "share",
    "points_mean", "points_stddev", "busy_mean_s", "busy_stddev_s",
    # sampler
    "samples", "overhead",
    # sweep figures
    "wall_s_min", "wall_s_median", "wall_s_max", "wall_s_mean",
    "wall_s_stddev", "speedup", "speedup_ci95_low", "speedup_ci95_high",
    "ideal_speedup", "flag", "outliers", "outlier", "wall_modified_z",
    "scaling_efficiency", "karp_flatt", "oversubscribed",
    "other_cpus_mean", "parallelism_mean",
    # throughput
    "points_per_s", "ns_per_point_per_worker",
    # host and provenance
    "hostname", "kernel", "cpus_online", "cpus_usable", "muparser_version",
    "engine_note", "start_time", "argv", "cpu_model", "sockets",
    "cores_per_socket", "threads_per_core", "numa_nodes", "compiler",
    "cflags", "slurm_job_id", "slurm_ntasks",
}

# The fingerprint (the machine's settings and the run's conditions) and
# energy: each value, and whether it is null, depends on the machine.
FINGERPRINT = {
    "governor", "cpufreq_driver", "turbo", "smt_active",
    "smt_siblings_usable", "isolcpus", "nohz_full", "transparent_hugepages",
    "aslr", "cgroup_cpu_quota", "hypervisor", "null_reasons", "conditions",
    "energy", "warnings", "joules", "watts", "joules_per_gpoint",
    "loadavg_1m", "runnable_threads", "memory_available_kib", "steal_cpus",
    "steal_fraction", "freq_spread", "thermal_min_c", "thermal_max_c",
    "throttle_events",
}

# Volatile keys whose being null depends on the run too.
SOMETIMES_NULL = {"other_load", "other_cpus", "machine_busy_cpus",
                  "other_cpus_mean", "slurm_job_id", "slurm_ntasks",
                  "karp_flatt", "speedup_ci95_low", "speedup_ci95_high",
                  "flag", "outlier"}

# Figures that may differ in their last bits between builds (-O2 and the
# sanitizer build's -O1 choose other instructions for the vector engine
# and the coarse grids' sums), kept to so many significant digits. Every
# -j gives the same bits within one build: report.sh and faults.sh check.
ROUNDED = {"error_estimate": 3, "observed_order": 3, "integral": 15}


def rounded(key, v):
    try:
        return float("%.*g" % (ROUNDED[key], float(v)))
    except (TypeError, ValueError):
        return v


# Keys of a worker entry: which worker did how much depends on scheduling.
WORKER_KEYS = {"chunks", "points"}

NUM = re.compile(r"-?\b\d+(?:\.\d+)?(?:e[-+]?\d+)?%?")


def mask_tree(v, key=None, in_workers=False):
    if key == "outlier" or key in FINGERPRINT:
        # Whether a run is an outlier depends on the moment, the
        # fingerprint on the machine.
        return "#"
    if isinstance(v, dict):
        return {k: mask_tree(x, k, in_workers or k == "workers")
                for k, x in v.items()}
    if isinstance(v, list):
        return [mask_tree(x, key, in_workers) for x in v]
    if key in ROUNDED and isinstance(v, (int, float)):
        return rounded(key, v)
    if key in VOLATILE or (in_workers and key in WORKER_KEYS):
        # A null stays null (Karp-Flatt at the base -j, say) unless
        # being null itself depends on the run.
        return None if v is None and key not in SOMETIMES_NULL else "#"
    if key == "engine" and isinstance(v, str):
        return v.split(" ")[0]
    return v


def masked_json(data):
    return json.dumps(mask_tree(data), indent=1, sort_keys=False) + "\n"


# Text lines whose numbers are all volatile, by their label.
TEXT_VOLATILE = ("time", "cpu", "other load", "memory", "switches",
                 "sampler", "fairness", "host", "throughput", "started",
                 "command", "machine", "built", "slurm")
# Lines of the fingerprint: masked whole; warnings come and go.
TEXT_FINGERPRINT = ("tuning", "conditions", "energy")
TEXT_DROPPED = ("warning", "warnings")


def mask_text(s):
    out = []
    table = None
    for ln in s.splitlines():
        label = ln[:12].strip()
        if label in TEXT_DROPPED or (label == "" and table == "energy"):
            continue
        if label in TEXT_FINGERPRINT:
            table = "energy" if label == "energy" else None
            out.append(label + " #")
            continue
        if label == "warning":
            # Outliers and speedups above the ideal come and go.
            continue
        if ln.startswith("integral "):
            ln = "integral %r" % rounded("integral", ln.split()[1])
        elif ln.startswith("engine"):
            ln = re.sub(r"\(muParser .*\)$", "(muParser #)", ln)
            # the vector engine's instruction set is the machine's
            ln = re.sub(r"\bvector \((?:base|avx2|avx512)\)", "vector", ln)
        elif ln.startswith("jobs ") and "usable" in ln:
            ln = re.sub(r"\(.*\)", "(#)", ln)
        elif label in ("host", "machine", "built", "started", "command",
                       "slurm", "other load"):
            ln = label + " #"
        elif label in ("cpu", "throughput", "fairness"):
            # A run under 100 ms says "too short to measure" in these:
            # which one the golden run is depends on the machine.
            ln = label + " #"
        elif label in TEXT_VOLATILE:
            ln = label + " " + NUM.sub("#", ln[12:])
        elif label == "workers":
            table = "workers"
        elif ln.lstrip().startswith("jobs ") and "runs" in ln:
            table = "sweep"
        elif label == "chart":
            table = "chart"
        elif table == "chart" and re.match(r"^\s*\d+  ", ln):
            ln = ln.split()[0] + " #"
        elif label == "" and table == "workers":
            # pid cpu chunks points share busy user sys rss exit
            f = ln.split()
            ln = " ".join(["#"] * (len(f) - 1) + [f[-1]])
        elif table == "sweep" and re.match(r"^\s*\d", ln):
            # jobs (with * when more than the usable CPUs) and runs
            f = ln.split()
            ln = " ".join([f[0].rstrip("*"), f[1], "#"])
        else:
            table = None if label else table
        out.append(re.sub(r"  +", " ", ln.rstrip()))
    return "\n".join(out) + "\n"


def mask_csv(s):
    rows = list(csv.reader(io.StringIO(s)))
    if not rows:
        return ""
    head = rows[0]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in rows[1:]:
        w.writerow(["#" if h in VOLATILE or h in FINGERPRINT or
                h == "engine_note" else
                    (x.split(" ")[0] if h == "engine" else
                     ("%r" % rounded(h, x) if h in ROUNDED and x else x))
                    for h, x in zip(head, r)])
    return buf.getvalue()


def main():
    kind = sys.argv[1]
    s = sys.stdin.read()
    if kind == "text":
        sys.stdout.write(mask_text(s))
    elif kind == "json":
        sys.stdout.write(masked_json(json.loads(s)))
    elif kind == "yaml":
        import yaml
        sys.stdout.write(masked_json(yaml.safe_load(s)))
    elif kind == "csv":
        sys.stdout.write(mask_csv(s))
    else:
        sys.exit("mask.py: unknown kind " + kind)


main()
