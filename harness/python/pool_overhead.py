"""Pool overhead: a trivial function mapped over 100,000 items.

Variants: ``sequential`` (a list comprehension, the baseline), ``pool_map``
(``multiprocessing.Pool(2).map`` with its default chunk size, ceil(n / (4 * workers))) and
``executor`` (``concurrent.futures.ProcessPoolExecutor(2).map``). The executor's default chunk size
is 1, which costs one pickle round trip per item; we give it Pool's chunk size so the two
process pools do the same amount of messaging. Worker start-up is outside the timed region:
each pool runs one warm-up task first.
"""

import math
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool

from _common import WORKERS, emit, parse_args


def trivial(x):
    return x * 2


def main():
    args = parse_args(__doc__, ["sequential", "pool_map", "executor"])
    n = 1_000 if args.quick else 100_000
    items = list(range(n))
    chunksize = math.ceil(n / (4 * WORKERS))
    if args.variant == "sequential":
        start = time.perf_counter()
        result = [trivial(x) for x in items]
        seconds = time.perf_counter() - start
    elif args.variant == "pool_map":
        with Pool(WORKERS) as pool:
            pool.map(trivial, [0, 1])  # warm-up: both workers are running
            start = time.perf_counter()
            result = pool.map(trivial, items)
            seconds = time.perf_counter() - start
    else:
        with ProcessPoolExecutor(WORKERS) as executor:
            list(executor.map(trivial, [0, 1]))  # warm-up: the workers are started
            start = time.perf_counter()
            result = list(executor.map(trivial, items, chunksize=chunksize))
            seconds = time.perf_counter() - start
    emit("pool", args.variant, str(n), seconds, sum(result) == n * (n - 1))


if __name__ == "__main__":
    main()
