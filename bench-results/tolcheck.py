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
    o = ap.parse_args()
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
