#!/usr/bin/env python3
"""The documentation against the binary.

usage: docs.py PINT SRCDIR WORKDIR

Runs every command of pint(1)'s EXAMPLES and of the shell blocks of
README.md and examples/README.md, as written, and checks what the text
says they give; runs every task of pint-task(5)'s EXAMPLES and the task
files the others show; checks the report's field lists and CSV columns
of pint(1) against real reports, both ways. The commands are found by
reading the documents (the .Dl lines of EXAMPLES, the ```sh blocks), not
from a list here, so a new example is run as soon as it is written.

How the commands run: in a scratch directory per document, through
`bash -o pipefail`, with `pint` on the PATH and `./pint` both the binary
under test. The files they name are there: the bundled examples/, and
t.yaml, task.yaml and task.json. Only the grid of a task is made coarse
where its size is not the point: examples/gauss-2d.yaml (sized for the
first run, which tests/firstrun.sh checks) and examples/bench-2d.yaml
(for make bench) get a larger step, and t.yaml and task.yaml are that
coarse gauss-2d. These files are put back before every command, so one
that overwrites them (`pint --example gauss-2d > t.yaml`) runs as written
without making the next ones slow. hyperfine, when installed, is capped
at 3 timed runs a command (-M 3) instead of 3 s of them. Commands that
need a cluster or the build (srun, sbatch, mpirun, make, ./configure,
./setup.sh) are not run; a literal block shown as a shipped file is
compared with that file.
"""
import csv
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time

PINT, SRCDIR, WORK = sys.argv[1:4]
FAILS = []
COUNT = {"run": 0, "skipped": 0, "checks": 0}
NOT_RUN = ("srun", "sbatch", "mpirun", "make", "./setup.sh", "man",
           "autoreconf", "./configure", "export", "sudo")
# Options whose argument is a file or directory the run must write.
OUT_OPTS = ("--export-json", "--export-csv", "--export-markdown", "--plot",
            "--samples", "--checkpoint", "-o")
SMALL_STEP = {"gauss-2d.yaml": "0.02", "bench-2d.yaml": "0.005"}
LOCK = threading.Lock()
HINT = ("\n  (tests/docs.py runs it in a scratch directory holding examples/, "
        "t.yaml,\n  task.yaml and task.json; a file it needs must be made by "
        "an earlier\n  command of the same document, or added in fixtures())")


def fail(where, msg):
    with LOCK:
        if "%s: %s" % (where, msg) not in FAILS:
            FAILS.append("%s: %s" % (where, msg))


def count(what):
    with LOCK:
        COUNT[what] += 1


def check(ok, where, msg):
    count("checks")
    if not ok:
        fail(where, msg)


def unroff(s):
    """The text of a roff line as a reader sees it."""
    for a, b in (("\\(aq", "'"), ("\\(dq", '"'), ("\\(en", "-"),
                 ("\\-", "-"), ("\\&", ""), ("\\e", "\\"), ("\\ ", " ")):
        s = s.replace(a, b)
    return s


def man_section(text, name):
    m = re.search(r"^\.Sh %s\n(.*?)(?=^\.Sh )" % re.escape(name), text,
                  re.M | re.S)
    return m.group(1) if m else ""


def man_examples(path):
    """pint(1)'s EXAMPLES: [(text before, command)] and shipped blocks."""
    sec = man_section(open(path).read(), "EXAMPLES")
    cmds, blocks, text = [], [], []
    lines = sec.splitlines()
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith(".Dl "):
            cmds.append((" ".join(text), unroff(ln[4:])))
            text = []
        elif ln.startswith(".Bd -literal"):
            body = []
            i += 1
            while not lines[i].startswith(".Ed"):
                body.append(unroff(lines[i]))
                i += 1
            blocks.append((" ".join(text), body))
            text = []
        elif ln == ".Pp":
            text = []
        else:
            text.append(unroff(re.sub(r"^\.[A-Z][a-z] ?", "", ln)))
        i += 1
    return cmds, blocks


def md_blocks(path, lang):
    out, cur, inblock = [], None, False
    for ln in open(path).read().splitlines():
        if not inblock and ln.strip() == "```" + lang:
            inblock, cur = True, []
        elif inblock and ln.strip() == "```":
            inblock = False
            out.append(cur)
        elif inblock:
            cur.append(ln)
    return out


def md_commands(path):
    """The ```sh blocks of a Markdown file: [(comments before, command)]."""
    cmds = []
    for block in md_blocks(path, "sh"):
        text, cur = [], ""
        for ln in block:
            s = ln.strip()
            if cur:
                cur += " " + s
            elif not s:
                text = []
                continue
            elif s.startswith("#"):
                text.append(s.lstrip("# "))
                continue
            else:
                cur = s
            if cur.endswith("\\"):
                cur = cur[:-1].rstrip()
                continue
            # A comment at the end of the line is the text about it.
            m = re.match(r"^(.*?)\s+#\s(.*)$", cur)
            if m and "'" not in m.group(2):
                cur = m.group(1)
                text.append(m.group(2))
            cmds.append((" ".join(text), cur))
            cur = ""
    return cmds


def fixtures(d):
    """The files the documents' commands name, small where size is not
    their point; put back before every command."""
    ex = os.path.join(d, "examples")
    shutil.rmtree(ex, ignore_errors=True)
    # Writable copies: make distcheck's source tree is read-only.
    shutil.copytree(os.path.join(SRCDIR, "examples"), ex,
                    copy_function=shutil.copyfile)
    for top, _, _ in os.walk(ex):
        os.chmod(top, 0o755)
    for name, step in SMALL_STEP.items():
        p = os.path.join(ex, name)
        s = re.sub(r"^step: .*$", "step: " + step, open(p).read(), flags=re.M)
        open(p, "w").write(s)
    for name in ("t.yaml", "task.yaml"):
        shutil.copy(os.path.join(ex, "gauss-2d.yaml"), os.path.join(d, name))
    shutil.copy(os.path.join(ex, "task.json"), os.path.join(d, "task.json"))


def words(cmd):
    return re.findall(r"""'[^']*'|"[^"]*"|\S+""", cmd)


def outputs(cmd):
    """Files a command says it writes: by option, and by > or >>."""
    w = words(cmd)
    files = []
    for i, x in enumerate(w[:-1]):
        if x in OUT_OPTS and w[i + 1][0] not in "-|>":
            if x == "-o":
                files += [os.path.join(w[i + 1], "result.txt"),
                          os.path.join(w[i + 1], "benchmark.json")]
            else:
                files.append(w[i + 1])
        if x in (">", ">>"):
            files.append(w[i + 1])
    # A name at the end of a loop's body: "r$j.json;".
    return [f.rstrip(";") for f in files]


def check_file(where, path):
    if "$" in path:
        # A loop's files (r$j.json): each name the variable takes.
        hits = glob.glob(re.sub(r"\$\{?\w+\}?", "*", path))
        check(hits and all(os.path.getsize(h) > 0 for h in hits), where,
              "%s not written" % path)
        return
    check(os.path.isfile(path) and os.path.getsize(path) > 0, where,
          "%s not written" % path)
    if not os.path.isfile(path):
        return
    data = open(path, "rb").read()
    name = os.path.basename(path)
    try:
        if name.endswith(".json"):
            json.loads(data)
        elif name.endswith(".csv"):
            rows = list(csv.reader(data.decode().splitlines()))
            assert rows and all(len(r) == len(rows[0]) for r in rows), \
                "rows of unequal length"
        elif name.endswith(".png"):
            assert data.startswith(b"\x89PNG"), "not a PNG"
        elif name.endswith(".svg"):
            assert b"<svg" in data, "not an SVG"
        elif name.endswith(".md"):
            assert b"|" in data, "no table"
        elif name == "result.txt":
            assert math.isfinite(float(data)), "not a number"
    except (ValueError, AssertionError) as e:
        fail(where, "%s: %s" % (path, e))


def run(where, cmd, d, env, timeout=300):
    return subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=d,
                          env=env, capture_output=True, text=True,
                          timeout=timeout)


def run_doc(label, cmds, d):
    os.makedirs(os.path.join(d, "bin"), exist_ok=True)
    for link in (os.path.join(d, "bin", "pint"), os.path.join(d, "pint")):
        if not os.path.lexists(link):
            os.symlink(PINT, link)
    hf = shutil.which("hyperfine")
    if hf:
        # At most 3 timed runs of each command instead of 3 s of them:
        # the commands hyperfine is given run as written.
        shim = os.path.join(d, "bin", "hyperfine")
        open(shim, "w").write('#!/bin/sh\nexec %s -M 3 "$@"\n' % hf)
        os.chmod(shim, 0o755)
    # HOME too: a command that writes under ~ writes in the scratch.
    env = dict(os.environ, PATH=os.path.join(d, "bin") + ":" +
               os.environ["PATH"], NO_COLOR="1", HOME=d)
    for text, cmd in cmds:
        where = "%s: %s" % (label, cmd)
        first = cmd.split()[0]
        if first in NOT_RUN:
            count("skipped")
            continue
        if subprocess.run(["bash", "-c", 'type "$0"', first], env=env,
                          cwd=d, capture_output=True).returncode != 0:
            print("docs.py: %s is missing: not run: %s" % (first, cmd))
            count("skipped")
            continue
        fixtures(d)
        count("run")
        t0 = time.time()
        r = run(where, cmd, d, env)
        if os.environ.get("DOCS_VERBOSE"):
            print("%6.2f s  %s" % (time.time() - t0, where))
        # A status the text gives ("exits 1 when ...") is no failure.
        codes = {0} | {int(n) for n in re.findall(
            r"\b(?:exits?|status)(?: status)?(?: is)? (\d+)", text)}
        check(r.returncode in codes, where, "exit %d: %s%s" % (
              r.returncode, r.stderr.strip()[-400:], HINT))
        if r.returncode != 0:
            continue
        for f in outputs(cmd):
            check_file(where, os.path.join(d, f))
        if ">" not in cmd:
            check(r.stdout.strip() != "", where, "printed nothing")
        if "| jq" in cmd:
            check("null" not in r.stdout.split(), where,
                  "jq printed null: %r" % r.stdout[:200])
        check_claims(where, text, cmd, r.stdout, d, env)


def check_claims(where, text, cmd, out, d, env):
    """What the text says a pint command gives, checked in its JSON: the
    step a comment names, the workers, a tolerance met, the same bits on
    a second run (a resumed --checkpoint) and without injected faults."""
    base = cmd.split(" | ")[0]
    if not re.match(r"(\./)?pint ", base) or ">" in base:
        return
    step = re.search(r"\bstep ([0-9.]+)", text)
    workers = re.search(r"\bwith (\d+) workers", text)
    same = re.search(r"integral does not change", text)
    if not (step or workers or same or "--tol" in base or
            "--checkpoint" in base):
        return

    def report(c):
        r = run(where, c + " -q -f json", d, env)
        try:
            return json.loads(r.stdout)
        except ValueError:
            fail(where, "%s: no JSON report: %s" % (c, r.stderr.strip()))
            return None
    rep = report(base)
    if rep is None:
        return
    if step:
        want = float(step.group(1))
        have = list(rep["task"]["step"].values())
        check(all(abs(x - want) <= 1e-12 * want for x in have), where,
              "the text says step %s, the run has %s" % (step.group(1),
                                                         have))
    if workers:
        have = [x["jobs"] for x in rep["runs"]]
        check(all(x == int(workers.group(1)) for x in have), where,
              "the text says %s workers, the runs had %s"
              % (workers.group(1), have))
    if "--tol" in base:
        check(rep["result"].get("tolerance_met") is True, where,
              "the tolerance was not met: %s" % rep["result"])
    m = re.search(r"^integral +(\S+)$", out, re.M)
    if m:
        check(float(m.group(1)) == rep["result"]["integral"], where,
              "run again, it gave %r, not %s" % (rep["result"]["integral"],
                                                 m.group(1)))
    if same:
        clean = report(re.sub(r" --inject-faults \S+", "", base))
        check(clean is not None and clean["result"]["integral"] ==
              rep["result"]["integral"], where, "the integral changed "
              "with the faults")


def check_shipped(label, blocks):
    """A literal block said to be shipped as a file is that file."""
    for text, body in blocks:
        m = re.search(r"shipped as (\S+)", text)
        if not m:
            continue
        path = os.path.join(SRCDIR, m.group(1))
        if not os.path.isfile(path):
            fail(label, "%s is not shipped" % m.group(1))
            continue
        lines = [ln for ln in open(path).read().splitlines()
                 if ln.strip() and (not ln.startswith("#") or
                                    ln.startswith(("#!", "#SBATCH")))]
        check(lines == body, label, "the block shown as %s is not it:\n%s"
              % (m.group(1), "\n".join(body)))


def check_tasks(label, blocks, d, env):
    """Task files shown in the documents load and run."""
    for i, body in enumerate(blocks):
        if not any(ln.startswith("expression:") for ln in body):
            continue
        p = os.path.join(d, "shown-%d.yaml" % i)
        open(p, "w").write("\n".join(body) + "\n")
        r = run(label, "pint -q -f json -c " + p, d, env)
        check(r.returncode == 0, label, "the task shown does not run: %s"
              % r.stderr.strip())


def man_items(sec):
    """The tags of a section's .It Li items: {path: the item's text}."""
    items, cur = {}, None
    for ln in sec.splitlines():
        if ln.startswith(".It Li "):
            cur = [t.strip() for t in ln[7:].split(" , ")]
            for t in cur:
                items[t] = []
        elif ln.startswith((".It", ".El")):
            cur = None
        elif cur:
            for t in cur:
                items[t].append(ln)
    return items


def norm(path):
    """runs[].x and x are one field: every run has the run's fields."""
    return path[len("runs[]."):] if path.startswith("runs[].") else path


def leaves(v, path=""):
    if isinstance(v, dict) and v:
        for k, x in v.items():
            yield from leaves(x, path + "." + k if path else k)
    elif isinstance(v, list) and v and isinstance(v[0], dict):
        yield from leaves(v[0], path + "[]")
    else:
        yield path


def resolve(report, path):
    """Whether path is in the report (a null or an empty list on the way
    counts)."""
    for root in [report] + report.get("runs", [])[:1]:
        v = root
        for seg in path.split("."):
            lst = seg.endswith("[]")
            key = seg[:-2] if lst else seg
            if not isinstance(v, dict) or key not in v:
                break
            v = v[key]
            if v is None:
                return True
            if lst:
                if not v:
                    return isinstance(v, list)
                v = v[0]
        else:
            return True
    return False


def check_fields(d):
    """pint(1)'s field lists against real reports, both ways; its CSV
    column lists against real headers."""
    label = "pint(1) THE REPORT"
    text = open(os.path.join(SRCDIR, "man", "pint.1")).read()
    sec = man_section(text, "THE REPORT")
    items = man_items(sec)
    doc = {norm(p) for p in items
           if re.fullmatch(r"[a-z_][a-z0-9_]*(\[\])?(\.[a-z_][a-z0-9_]*"
                           r"(\[\])?)*", p)}
    check(len(doc) > 50, label, "only %d fields found" % len(doc))
    tiny = ["-e", "x*y", "-d", "x=0:1", "-d", "y=0:1", "-n", "40", "-q"]

    def pint(*args):
        r = subprocess.run([PINT] + list(args), cwd=d, capture_output=True,
                           text=True, timeout=300)
        check(r.returncode == 0, label, "pint %s: exit %d: %s" % (
            " ".join(args), r.returncode, r.stderr.strip()))
        return r.stdout
    reports = [json.loads(pint(*tiny, "-f", "json", "--inject-faults",
                               "0.1,1", "--checkpoint", "fields.journal")),
               json.loads(pint(*tiny, "-f", "json", "-j", "1,2")),
               json.loads(pint("-e", "exp(x)", "-d", "x=0:1", "-r", "gauss",
                               "--tol", "1e-9", "-q", "-f", "json"))]
    for p in sorted(doc):
        check(any(resolve(r, p) for r in reports), label,
              "%s is documented but in no report" % p)
    for r in reports:
        for leaf in leaves(r):
            n = norm(leaf)
            parts = n.split(".")
            prefixes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
            # (A null object, mpi say, is documented by its fields.)
            # (An empty list, warnings[] say, is documented as one.)
            hit = [x for x in prefixes if x in doc] or \
                [x for x in doc if x.startswith(n + ".") or x == n + "[]"]
            check(hit, label, "%s is in the report, not in pint(1)" % leaf)
            # A list item described in prose names each of its keys.
            if hit and hit[0].endswith("[]") and hit[0] != n:
                key = n[len(hit[0]) + 1:].split(".")[0]
                prose = " ".join(items.get(hit[0]) or
                                 items.get("runs[]." + hit[0], []))
                check(re.search(r"\.Li %s\b" % re.escape(key), prose),
                      label, "%s: %s is not described" % (hit[0], key))

    blocks = re.findall(r"^\.Bd -literal[^\n]*\n(.*?)\n\.Ed", sec,
                        re.M | re.S)
    cols = [b.replace("\n", "") for b in blocks if b.startswith("jobs,")]
    check(len(cols) == 2, label, "want the CSV and --summary column lists")
    if len(cols) != 2:
        return
    # The summary's host columns: from pint_version to the one pint(1) names.
    summ = [b for b in blocks if b.startswith("jobs,")][-1]
    last = re.search(r"^\.Li pint_version\nto\n\.Li ([a-z0-9_]+)",
                     sec[sec.index(summ):], re.M)
    check(last, label, "no last host column named for --summary")
    if not last:
        return
    prov = cols[0][cols[0].index("pint_version"):]
    prov = prov[:prov.index(last.group(1)) + len(last.group(1))]
    for args, want in (([], cols[0]), (["--summary"], cols[1] + "," + prov)):
        have = pint(*tiny, "-f", "csv", *args).splitlines()[0].split(",")
        want = want.split(",")
        i = next((i for i, (a, b) in enumerate(zip(have, want)) if a != b),
                 min(len(have), len(want)))
        check(have == want, label, "CSV%s columns: pint(1) has %s at "
              "column %d, pint %s" % (" --summary" if args else "",
                                      want[i:i + 1], i + 1, have[i:i + 1]))


# Values the text of pint-task(5)'s examples says a task gives.
KNOWN = ((r"close to pi|^Pi\b", math.pi), (r"unit ball", 4 * math.pi / 3))


def task_examples(label, path, d, env):
    """Every task of pint-task(5)'s EXAMPLES runs; one the text gives the
    value of gives it."""
    _, blocks = man_examples(path)
    check(len(blocks) >= 3, label, "only %d tasks found" % len(blocks))
    for i, (text, body) in enumerate(blocks):
        f = os.path.join(d, "example-%d.task" % i)
        open(f, "w").write("\n".join(body) + "\n")
        r = run(label, "pint -q -f json -c " + f, d, env)
        check(r.returncode == 0, label, "the task after '%s' fails: %s"
              % (text[:60], r.stderr.strip()))
        if r.returncode != 0:
            continue
        v = json.loads(r.stdout)["result"]["integral"]
        for pat, want in KNOWN:
            if re.search(pat, text):
                check(abs(v - want) <= 1e-2 * want, label, "the task after "
                      "'%s' gives %r, not %r" % (text[:60], v, want))


def one_doc(label, path, man):
    d = os.path.join(WORK, re.sub(r"\W+", "-", label))
    os.makedirs(d, exist_ok=True)
    env = dict(os.environ, PATH=os.path.join(d, "bin") + ":" +
               os.environ["PATH"])
    if path.endswith(".5"):
        run_doc(label, [], d)
        task_examples(label, path, d, env)
    elif path == man:
        cmds, blocks = man_examples(path)
        check_shipped(label, blocks)
        check(len(cmds) >= 10, label, "only %d commands found"
              % len(cmds))
        run_doc(label, cmds, d)
        tasks = [[unroff(x) for x in b.split("\n")] for b in re.findall(
            r"^\.Bd -literal[^\n]*\n(.*?)\n\.Ed", open(path).read(),
            re.M | re.S)]
        check_tasks(label, tasks, d, env)
    else:
        cmds = md_commands(path)
        check(len(cmds) >= 3, label, "only %d commands found"
              % len(cmds))
        run_doc(label, cmds, d)
        check_tasks(label, md_blocks(path, "yaml"), d, env)


def main():
    man = os.path.join(SRCDIR, "man", "pint.1")
    docs = [("pint(1) EXAMPLES", man), ("pint-task(5) EXAMPLES", os.path.join(
        SRCDIR, "man", "pint-task.5"))] + [
        (p, os.path.join(SRCDIR, p))
        for p in ("README.md", os.path.join("examples", "README.md"))]
    def guarded(label, path, man):
        try:
            one_doc(label, path, man)
        except Exception as e:  # a timeout, a document not found
            fail(label, "%s: %s" % (type(e).__name__, e))

    threads = [threading.Thread(target=guarded, args=(label, path, man))
               for label, path in docs]
    for t in threads:
        t.start()
    guarded_fields = os.path.join(WORK, "fields")
    os.makedirs(guarded_fields, exist_ok=True)
    try:
        check_fields(guarded_fields)
    except Exception as e:  # a report that is not JSON, say
        fail("pint(1) THE REPORT", "%s: %s" % (type(e).__name__, e))
    for t in threads:
        t.join()
    print("docs.py: %d commands run, %d not run (cluster, build or a "
          "missing tool), %d checks" % (COUNT["run"], COUNT["skipped"],
                                        COUNT["checks"]))
    for f in FAILS:
        print("FAIL: " + f, file=sys.stderr)
    sys.exit(1 if FAILS else 0)


main()
