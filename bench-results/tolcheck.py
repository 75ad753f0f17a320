#!/usr/bin/env python3
"""tolcheck.py: does pint --tol tell the truth on Genz's test families?

Draws random members of Genz's six families (Genz 1987; the parameters
a_i uniform in [0, 1], scaled so that they sum to the family's difficulty
h, and the offsets u_i uniform in [0, 1]) in 1, 2 and 3 dimensions, runs
pint --tol on each for each rule and tolerance, and compares the result
with the family's closed form. A run that says the tolerance was met
while the true error is over twice the target is an estimate that
understated the error more than 2x and was not flagged: the failure
pint's estimate must not have. Needs python3 alone (no numpy).

  tolcheck.py [--pint PINT] [--cases N] [--seed S] [--tols T,T]
              [--rules R,R] [--families F,F] [--max-points N] [--out CSV]
  tolcheck.py --random [--cases N] [--seed S] [--out CSV] ...

--random draws issue 24's families instead (oscillatory with frequencies
up to 1e3, Runge-type with widths 0.01 to 1, jumps and kinks at irrational
positions, power singularities at either end or both), one per axis of a
1-, 2- or 3-D product over a shifted, scaled box, at a tolerance drawn in
1e-4..1e-11, each rule in turn and pint's own choice (no -r); exit 1 if
any run said met with the true error over 2x the target.

Prints one line per rule and tolerance: runs, met, met with the true
error over 2x the target, and the median points evaluated; writes every
run to --out (default bench-results/<host>/tolcheck.csv).
"""
import argparse
import cmath
import csv
import itertools
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys

# Genz's difficulty per family: the sum of the a_i.
H = {'oscillatory': 9.0, 'product-peak': 7.25, 'corner-peak': 1.85,
     'gaussian': 7.03, 'continuous': 20.4, 'discontinuous': 4.3}
VARS = 'xyz'


def g(v):
    return '%.17g' % v


def member(rnd, fam, d):
    """A random member: (pint expression, exact integral over [0, 1]^d)."""
    a = [rnd.random() for _ in range(d)]
    s = sum(a)
    a = [ai * H[fam] / s for ai in a]
    u = [rnd.random() for _ in range(d)]
    x = VARS[:d]
    lin = ' + '.join('%s*%s' % (g(a[i]), x[i]) for i in range(d))
    if fam == 'oscillatory':
        e = 'cos(%s + %s)' % (g(2 * math.pi * u[0]), lin)
        z = cmath.exp(2j * math.pi * u[0])
        for ai in a:
            z *= (cmath.exp(1j * ai) - 1) / (1j * ai)
        return e, z.real
    if fam == 'product-peak':
        e = '1/(' + ' * '.join('(%s + (%s-%s)^2)' % (g(a[i] ** -2), x[i],
            g(u[i])) for i in range(d)) + ')'
        return e, math.prod(ai * (math.atan(ai * (1 - ui)) +
            math.atan(ai * ui)) for ai, ui in zip(a, u))
    if fam == 'corner-peak':
        e = '(1 + %s)^(-%d)' % (lin, d + 1)
        tot = sum((-1) ** sum(S) / (1 + sum(ai for ai, si in zip(a, S) if si))
            for S in itertools.product((0, 1), repeat=d))
        return e, tot / (math.factorial(d) * math.prod(a))
    if fam == 'gaussian':
        e = 'exp(-(' + ' + '.join('%s*(%s-%s)^2' % (g(a[i] ** 2), x[i],
            g(u[i])) for i in range(d)) + '))'
        return e, math.prod(math.sqrt(math.pi) / (2 * ai) *
            (math.erf(ai * (1 - ui)) + math.erf(ai * ui))
            for ai, ui in zip(a, u))
    if fam == 'continuous':
        e = 'exp(-(' + ' + '.join('%s*abs(%s-%s)' % (g(a[i]), x[i],
            g(u[i])) for i in range(d)) + '))'
        return e, math.prod((2 - math.exp(-ai * ui) -
            math.exp(-ai * (1 - ui))) / ai for ai, ui in zip(a, u))
    # discontinuous: 0 beyond u on the first two axes.
    cond = ' && '.join('%s <= %s' % (x[i], g(u[i])) for i in range(min(d, 2)))
    e = '(%s) ? exp(%s) : 0' % (cond, lin)
    return e, math.prod((math.exp(ai * (u[i] if i < 2 else 1)) - 1) / ai
        for i, ai in enumerate(a))


# --random: the families of issue 24, each a 1-D member in t on [0, 1]
# with its exact integral; a run takes a product of d members, one per
# axis, over a domain shifted and scaled per axis.
def member1(rnd, fam, t):
    """A random 1-D member in variable t: (expression, exact over [0, 1])."""
    c = rnd.uniform(0.05, 0.95) + math.sqrt(2) * 1e-3
    if fam == 'oscillatory':
        w, ph = rnd.uniform(1, 1e3), rnd.uniform(0, 2 * math.pi)
        return ('cos(%s*%s + %s)' % (g(w), t, g(ph)),
            (math.sin(w + ph) - math.sin(ph)) / w)
    if fam == 'runge':
        w = 10 ** rnd.uniform(-2, 0)
        return ('1/(1 + ((%s-%s)/%s)^2)' % (t, g(c), g(w)),
            w * (math.atan((1 - c) / w) + math.atan(c / w)))
    if fam == 'jump':
        a = rnd.uniform(-3, 3)
        return ('(%s < %s) ? exp(%s*%s) : 0' % (t, g(c), g(a), t),
            (math.exp(a * c) - 1) / a)
    if fam == 'kink':
        a = rnd.uniform(0.5, 5)
        return ('exp(-%s*abs(%s-%s))' % (g(a), t, g(c)),
            (2 - math.exp(-a * c) - math.exp(-a * (1 - c))) / a)
    al = rnd.uniform(0.1, 0.7)
    if fam == 'sing-lo':
        return '%s^(-%s)' % (t, g(al)), 1 / (1 - al)
    if fam == 'sing-hi':
        return '(1-%s)^(-%s)' % (t, g(al)), 1 / (1 - al)
    # sing-both: Beta(1 - al, 1 - al)
    return ('(%s*(1-%s))^(-%s)' % (t, t, g(al)),
        math.gamma(1 - al) ** 2 / math.gamma(2 - 2 * al))


RFAMS = ['oscillatory', 'runge', 'jump', 'kink', 'sing-lo', 'sing-hi',
    'sing-both']


def rmember(rnd, d):
    """A product of d random members over a shifted, scaled box."""
    parts, exact, doms = [], 1.0, []
    for i in range(d):
        fam = rnd.choice(RFAMS)
        lo = rnd.choice([0.0, rnd.uniform(-10, 10)])
        w = 10 ** rnd.uniform(-1, 1)
        t = '((%s-%s)/%s)' % (VARS[i], g(lo), g(w))
        e, v = member1(rnd, fam, t)
        parts.append('(%s)' % e)
        exact *= v * w
        doms.append('%s=%s:%s' % (VARS[i], g(lo), g(lo + w)))
    return ' * '.join(parts), exact, doms


def run_random(o, f):
    """--random: N drawn runs, every rule and pint's own choice; each row
    written to f as it comes."""
    rnd = random.Random(o.seed)
    rules = o.rules.split(',') + ['auto']
    rows = []
    w = None
    for k in range(o.cases):
        d = rnd.choice((1, 1, 2, 2, 3))
        expr, exact, doms = rmember(rnd, d)
        rule = rules[k % len(rules)]
        tol = '%.3g' % 10 ** rnd.uniform(-11, -4)
        cmd = [o.pint, '-q', '-j', '1', '-f', 'json', '-e', expr, '--tol',
            tol, '--max-points', o.max_points]
        if rule != 'auto':
            cmd += ['-r', rule]
        for dm in doms:
            cmd += ['-d', dm]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit('tolcheck: %s: exit %d: %s' % (' '.join(cmd),
                p.returncode, p.stderr))
        rep = json.loads(p.stdout)
        r = rep['result']
        rows.append({'dims': d, 'rule': rule, 'chosen': rep['task']['rule'],
            'tol': tol, 'met': r['tolerance_met'],
            'stop': r['tolerance_stop'], 'points': r['points_evaluated'],
            'confirm_points': r['confirm_points'],
            'estimate': r['error_estimate'],
            'true_error': abs(r['integral'] - exact),
            'target': r['tolerance_target'], 'expression': expr,
            'domain': ' '.join(doms)})
        if w is None:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
        w.writerow(rows[-1])
        f.flush()
    return rows


def report_random(rows):
    print('| rule | runs | met | met, true error > 2x target '
        '| points | of them to confirm |')
    print('| --- | ---: | ---: | ---: | ---: | ---: |')
    for rule in sorted({r['rule'] for r in rows}):
        rs = [r for r in rows if r['rule'] == rule]
        met = [r for r in rs if r['met']]
        bad = [r for r in met if r['true_error'] > 2 * r['target']]
        pts = sum(r['points'] for r in rs)
        cp = sum(r['confirm_points'] for r in rs)
        print('| %s | %d | %d | %d | %d | %d (%.1f%%) |' % (rule, len(rs),
            len(met), len(bad), pts, cp, 100.0 * cp / max(pts, 1)))
    bad = [r for r in rows if r['met'] and r['true_error'] > 2 * r['target']]
    for r in bad:
        print('understated: %s --tol %s: estimate %.3g, true error %.3g, '
            'target %.3g: %s over %s' % (r['rule'], r['tol'], r['estimate'],
            r['true_error'], r['target'], r['expression'], r['domain']))
    return len(bad)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    host = socket.gethostname().split('.')[0] or 'host'
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--pint', default=os.path.join(here, '..', 'pint'))
    ap.add_argument('--cases', type=int, default=10,
        help='members per family and dimension')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--tols', default='1e-6,1e-8,1e-10')
    ap.add_argument('--rules', default='midpoint,trapezoid,simpson,gauss,'
        'tanh-sinh')
    ap.add_argument('--families', default=','.join(H))
    ap.add_argument('--max-points', default='3000000')
    ap.add_argument('--out', default=os.path.join(here, host, 'tolcheck.csv'))
    ap.add_argument('--random', action='store_true',
        help='issue 24\'s families: --cases runs in all, random tolerances')
    o = ap.parse_args()
    if o.random:
        os.makedirs(os.path.dirname(os.path.abspath(o.out)), exist_ok=True)
        with open(o.out, 'w', newline='') as f:
            rows = run_random(o, f)
        sys.exit(1 if report_random(rows) else 0)
    rnd = random.Random(o.seed)
    os.makedirs(os.path.dirname(os.path.abspath(o.out)), exist_ok=True)
    rows = []
    for _ in range(o.cases):
        for fam in o.families.split(','):
            for d in (1, 2, 3):
                expr, exact = member(rnd, fam, d)
                for rule in o.rules.split(','):
                    for tol in o.tols.split(','):
                        cmd = [o.pint, '-q', '-j', '2', '-f', 'json', '-e',
                            expr, '-r', rule, '--tol', tol, '--max-points',
                            o.max_points]
                        for i in range(d):
                            cmd += ['-d', '%s=0:1' % VARS[i]]
                        p = subprocess.run(cmd, capture_output=True,
                            text=True)
                        if p.returncode not in (0, 1):
                            sys.exit('tolcheck: %s: exit %d: %s' % (
                                ' '.join(cmd), p.returncode, p.stderr))
                        r = json.loads(p.stdout)['result']
                        target = float(tol) * abs(exact)
                        rows.append({'family': fam, 'dims': d, 'rule': rule,
                            'tol': tol, 'met': r['tolerance_met'],
                            'points': r['points_evaluated'],
                            'estimate': r['error_estimate'],
                            'true_error': abs(r['integral'] - exact),
                            'target': target, 'expression': expr})
    with open(o.out, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print('| rule | tolerance | runs | met | met, true error > 2x target '
        '| median points |')
    print('| --- | --- | ---: | ---: | ---: | ---: |')
    for rule in o.rules.split(','):
        for tol in o.tols.split(','):
            rs = [r for r in rows if r['rule'] == rule and r['tol'] == tol]
            met = [r for r in rs if r['met']]
            bad = [r for r in met if r['true_error'] > 2 * r['target']]
            print('| %s | %s | %d | %d | %d | %d |' % (rule, tol, len(rs),
                len(met), len(bad),
                statistics.median(r['points'] for r in rs)))
    bad = [r for r in rows if r['met'] and r['true_error'] > 2 * r['target']]
    for r in bad:
        print('understated: %s %d-D %s --tol %s: estimate %.3g, true error '
            '%.3g, %d points: %s' % (r['family'], r['dims'], r['rule'],
            r['tol'], r['estimate'], r['true_error'], r['points'],
            r['expression']))


if __name__ == '__main__':
    main()
