#!/bin/sh
# The U test's p-values against scipy.stats.mannwhitneyu (default method
# "auto", two-sided) on 50 seeded random cases: small and large samples,
# with and without ties; and the ratio interval's limits against the
# order statistics of the pairwise log ratios that scipy's exact or
# normal distribution of U sets.
. "$(dirname "$0")/lib.sh"

py=
for c in python3 /usr/bin/python3; do
	if "$c" -c 'import scipy.stats' 2>/dev/null; then
		py=$c
		break
	fi
done
[ -n "$py" ] || {
	echo "stats.sh: no python3 with scipy (python3-scipy): not checked"
	exit 77
}
"$py" - "$T/cases" <<'PY'
import random, sys
rng = random.Random(26)
with open(sys.argv[1], "w") as f:
    for i in range(50):
        n, m = rng.randint(1, 12), rng.randint(1, 12)
        if i % 5 == 4:
            n, m = rng.randint(20, 60), rng.randint(20, 60)
        ties = i % 3 == 0
        def draw():
            v = rng.lognormvariate(0, 0.3)
            return round(v, 1) if ties else v
        x = [draw() for _ in range(n)]
        y = [draw() * rng.choice([1, 1.2]) for _ in range(m)]
        f.write(" ".join(repr(a) for a in x) + " ; " +
                " ".join(repr(b) for b in y) + "\n")
PY
"$BUILDDIR/tests/mwu" <"$T/cases" >"$T/out" || fail "tests/mwu failed"
"$py" - "$T/cases" "$T/out" <<'PY' || fail "U test or interval differ from scipy"
import math, sys
import numpy as np
from scipy import stats
bad = 0
cases = open(sys.argv[1]).read().splitlines()
outs = open(sys.argv[2]).read().splitlines()
assert len(cases) == len(outs) == 50, (len(cases), len(outs))
nexact = 0
for line, out in zip(cases, outs):
    a, b = line.split(";")
    x = [float(t) for t in a.split()]
    y = [float(t) for t in b.split()]
    u1, p, exact, lo, hi = out.split()
    r = stats.mannwhitneyu(x, y)
    nexact += int(exact)
    if abs(float(u1) - r.statistic) > 1e-9 or abs(float(p) - r.pvalue) > 1e-6:
        print("case %s: U %s p %s, scipy U %r p %r" %
              (line, u1, p, r.statistic, r.pvalue))
        bad += 1
    # The interval: the k-th smallest and largest pairwise log ratio,
    # k the largest with P(U <= k - 1) <= 0.025 under the null; scipy's
    # exact distribution where it has one, the normal one else.
    n, m = len(x), len(y)
    d = sorted(math.log(a) - math.log(b) for a in x for b in y)
    if n * m <= 4000:
        from scipy.stats._mannwhitneyu import _mwu_state
        cum = _mwu_state.cdf(np.arange(n * m + 1), n, m)
        k = int(np.argmax(cum > 0.025))
    else:
        z = stats.norm.isf(0.025)
        k = max(0, math.floor(n * m / 2 - z * math.sqrt(n * m * (n + m + 1) / 12) + 0.5))
    if k == 0:
        ok = lo == "nan" and hi == "nan"
    else:
        ok = (abs(float(lo) - math.exp(d[k - 1])) < 1e-12 * math.exp(d[k - 1]) and
              abs(float(hi) - math.exp(d[-k])) < 1e-12 * math.exp(d[-k]))
    if not ok:
        print("case %s: interval %s %s, expected k %d: %r %r" %
              (line, lo, hi, k, math.exp(d[k - 1]) if k else None,
               math.exp(d[-k]) if k else None))
        bad += 1
assert nexact >= 10, "only %d exact cases" % nexact
sys.exit(1 if bad else 0)
PY
ok
finish
