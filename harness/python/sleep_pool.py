"""Notebook cell 2: eight sleeping tasks on multiprocessing.Pool(2).

The timed region is ``pool.map`` alone (the pool's two processes are already started), so the
figure is the makespan, to be read against the schedule's minimum of 1.9 s: with chunk size 1
(Python's rule gives ceil(8 / (4 * 2)) = 1), worker 1 runs a, c, e, f, g (1.7 s) and worker 2
runs b, d, h (1.9 s). The notebook's prints are left out (they would time the terminal).
"""

import multiprocessing
import time

from _common import WORKERS, emit, parse_args

DATA = (
    ['a', '.2'], ['b', '.4'], ['c', '.6'], ['d', '.8'],
    ['e', '.1'], ['f', '.3'], ['g', '.5'], ['h', '.7']
)
EXPECTED = ['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh']


def mp_worker(task):
    (inputs, the_time), scale = task
    time.sleep(float(the_time) * scale)
    return inputs + inputs


def main():
    args = parse_args(__doc__, ["pool_map"])
    scale = 0.05 if args.quick else 1.0
    tasks = [(item, scale) for item in DATA]
    with multiprocessing.Pool(WORKERS) as pool:
        start = time.perf_counter()
        result = pool.map(mp_worker, tasks)
        seconds = time.perf_counter() - start
    emit("sleep", args.variant, "x%g" % scale, seconds, result == EXPECTED)


if __name__ == "__main__":
    main()
