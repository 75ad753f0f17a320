"""numpy's cost per point for the expression set of exprbench.c, on the same
grid (2000 x values in [-3, 3], 500 y values in [-2, 2]), evaluated both as
whole 2-D arrays and row by row with a scalar y (as the multiprocessing
peers do); the faster of the two is numpy's figure.
Prints CSV: expr,numpy_ns_per_point,how."""
import sys
import time

import numpy as np

NX, NY = 2000, 500
x = -3 + 6 * (np.arange(NX) + 0.5) / NX
y = -2 + 4 * (np.arange(NY) + 0.5) / NY
X, Y = np.meshgrid(x, y)

EXPRS = [
    ("trig2", lambda X, Y: np.sin(X) * np.cos(Y) + X * Y),
    ("poly", lambda X, Y: 3 * X**3 - 2 * X**2 + X - 5),
    ("horner", lambda X, Y: ((0.5 * X - 1.5) * X + 2) * X - 0.25),
    ("gauss", lambda X, Y: np.exp(-(X**2 + Y**2))),
    ("explog", lambda X, Y: np.exp(-X * X / 2) * np.log(1 + X * X)),
    ("sqrt", lambda X, Y: np.sqrt(X * X + Y * Y + 1)),
    ("powi", lambda X, Y: (X + Y)**5 - X**4),
    ("powr", lambda X, Y: np.abs(X)**1.5 + (X * X + 1)**0.3),
    ("ternary", lambda X, Y: np.where(X < 0, X * X, np.where(X < 1, np.sin(X), 1 / X))),
    ("rational", lambda X, Y: (X * X - 1) / (X * X + 1)),
    ("long", lambda X, Y: np.sin(X) + np.cos(2 * X) + np.sin(3 * X) * X + np.exp(-X * X) * Y
     + np.sqrt(np.abs(X * Y) + 1) + np.arctan(X) + np.tanh(X * 0.5) + X**3 - 2 * X
     + np.log(1 + X * X)),
]

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def median_ns(run):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1e9 / (NX * NY)


def rows(f):
    s = 0.0
    for yj in y:
        s += float(f(x, yj).sum())
    return s


print("expr,numpy_ns_per_point,how")
with np.errstate(all="ignore"):
    for name, f in EXPRS:
        whole = median_ns(lambda: f(X, Y).sum())
        byrow = median_ns(lambda: rows(f))
        best, how = (whole, "arrays") if whole <= byrow else (byrow, "rows")
        print(f"{name},{best:.3f},{how}")
