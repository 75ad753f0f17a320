"""What a Python user writes first: multiprocessing.Pool over strips of
rows, numpy per strip. The 2-D midpoint rule of sin(x)*cos(y)+x*y over
[0,1]^2 with N points per axis. Usage: numpy_mp.py N JOBS.
Prints: integral wall_s (wall from before the pool starts to the sum)."""
import sys
import time
from multiprocessing import Pool

import numpy as np


def strip(args):
    i0, i1, n = args
    h = 1.0 / n
    x = (np.arange(n) + 0.5) * h
    s = 0.0
    for i in range(i0, i1):
        y = (i + 0.5) * h
        s += float(np.sum(np.sin(x) * np.cos(y) + x * y))
    return s


if __name__ == "__main__":
    n, jobs = int(sys.argv[1]), int(sys.argv[2])
    t = time.perf_counter()
    rows = max(1, n // (jobs * 16))
    tasks = [(i, min(i + rows, n), n) for i in range(0, n, rows)]
    with Pool(jobs) as p:
        total = sum(p.map(strip, tasks))
    print(f"{total / n / n:.17g} {time.perf_counter() - t:.6f}")
