"""Notebook cell 4: the mean of randn(100_000_000) ** power for power in 1, 2, 12, 15, on Pool(2).

Each task holds two 800 MB arrays at its peak (the normals, then their power), so two workers
need about 3.2 GB. The timed region is ``pool.map``; the pool is started before. ``value`` is the
mean for power 2, which must be close to 1 (the variance of a standard normal).

As in the notebook, the workers are forked from one parent, so with the legacy global
``np.random`` state they can draw the same numbers; that does not change the timing.
"""

import math
import time
from multiprocessing import Pool

import numpy as np

from _common import WORKERS, emit, parse_args

POWERS = [1, 2, 12, 15]


def mp_worker(task):
    power, n = task
    d = np.random.randn(n) ** power
    return d.mean()


def main():
    args = parse_args(__doc__, ["pool_map"])
    n = 100_000 if args.quick else 100_000_000
    with Pool(WORKERS) as pool:
        start = time.perf_counter()
        means = pool.map(mp_worker, [(power, n) for power in POWERS])
        seconds = time.perf_counter() - start
    square = means[1]
    # The mean of n squared normals has standard deviation sqrt(2 / n): allow six of them.
    ok = abs(square - 1.0) < 6.0 * math.sqrt(2.0 / n)
    emit("powers", args.variant, str(n), seconds, ok, square)


if __name__ == "__main__":
    main()
