"""Dask: the mean of normal random numbers, lazily in chunks (dask) or eagerly (numpy).

Variants: ``dask_small`` is the notebook's ``da.random.normal(size=(1000, 1000),
chunks=(100, 100)).mean()``; ``dask_large`` is 20000 x 20000 in 1000 x 1000 chunks (3.2 GB if it
were held at once; dask holds a few chunks per worker); ``numpy_small`` and ``numpy_large`` make
the whole array with ``np.random.normal`` and take its mean. Dask runs its threaded scheduler
with 2 workers. The timed region includes building the graph. ``value`` is the mean, which must
be within six standard deviations (6 / side) of 0.
"""

import time

import numpy as np

from _common import WORKERS, emit, parse_args


def main():
    args = parse_args(__doc__, ["dask_small", "dask_large", "numpy_small", "numpy_large"])
    library, which = args.variant.split("_")
    if which == "small":
        side, chunk = (100, 10) if args.quick else (1000, 100)
    else:
        side, chunk = (2000, 100) if args.quick else (20000, 1000)
    if library == "dask":
        import dask.array as da

        start = time.perf_counter()
        y = da.random.normal(size=(side, side), chunks=(chunk, chunk))
        mu = y.mean().compute(scheduler="threads", num_workers=WORKERS)
        seconds = time.perf_counter() - start
    else:
        start = time.perf_counter()
        mu = np.random.normal(size=(side, side)).mean()
        seconds = time.perf_counter() - start
    emit("dask", args.variant, "%dx%d/%d" % (side, side, chunk), seconds, abs(mu) < 6.0 / side, mu)


if __name__ == "__main__":
    main()
