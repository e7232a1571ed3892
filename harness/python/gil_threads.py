"""Mind the GIL: a CPU-bound function, twice on one thread, then once on each of two threads.

The function counts primes below a limit by trial division (pure Python arithmetic, no I/O, no
numpy). With the GIL only one thread runs Python bytecode at a time, so two threads take about as
long as one thread doing both calls: the speedup (time on 1 thread / time on 2 threads) stays
near 1. The compare command prints the speedup of each language, and the cores kept busy
(process CPU time / wall time over the timed region), which does not depend on how loaded the
machine is as much: with the GIL it cannot exceed 1.
"""

import threading
import time

from _common import emit, parse_args


def count_primes(limit):
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def sieve_count(limit):
    """The number of primes below ``limit``, by a sieve: the check, outside the timed region."""
    composite = bytearray(max(limit, 2))
    count = 0
    for n in range(2, limit):
        if not composite[n]:
            count += 1
            composite[n * n :: n] = b"\x01" * len(range(n * n, limit, n))
    return count


def main():
    args = parse_args(__doc__, ["1", "2"])
    limit = 2_000 if args.quick else 1_000_000
    results = [0, 0]

    def work(i):
        results[i] = count_primes(limit)

    start, cpu_start = time.perf_counter(), time.process_time()
    if args.variant == "1":
        work(0)
        work(1)
    else:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    expected = sieve_count(limit)
    emit("gil", args.variant, str(limit), seconds, results == [expected, expected], results[0], cpu_seconds)


if __name__ == "__main__":
    main()
