"""The queue: queue.Queue moving 1,000,000 integers between threads.

Variants ``1x1`` (one producer, one consumer) and ``4x4`` (four of each). Producers put disjoint
ranges; after they finish, one ``None`` per consumer tells the consumers to stop. The timed region
covers starting the threads, moving every item and joining the threads. The check is exact: every
item arrives once (the count and the sum of the items match).
"""

import queue
import threading
import time

from _common import emit, parse_args


def move_items(producers, consumers, n):
    q = queue.Queue()
    per_producer = n // producers
    totals = [(0, 0)] * consumers

    def produce(k):
        for item in range(k * per_producer, (k + 1) * per_producer):
            q.put(item)

    def consume(c):
        count = total = 0
        while True:
            item = q.get()
            if item is None:
                break
            count += 1
            total += item
        totals[c] = (count, total)

    start = time.perf_counter()
    consumer_threads = [threading.Thread(target=consume, args=(c,)) for c in range(consumers)]
    producer_threads = [threading.Thread(target=produce, args=(k,)) for k in range(producers)]
    for t in consumer_threads + producer_threads:
        t.start()
    for t in producer_threads:
        t.join()
    for _ in range(consumers):
        q.put(None)
    for t in consumer_threads:
        t.join()
    seconds = time.perf_counter() - start
    count = sum(c for c, _ in totals)
    total = sum(t for _, t in totals)
    return seconds, count == n and total == n * (n - 1) // 2


def main():
    args = parse_args(__doc__, ["1x1", "4x4"])
    n = 10_000 if args.quick else 1_000_000
    side = 1 if args.variant == "1x1" else 4
    seconds, ok = move_items(side, side, n)
    emit("queue", args.variant, str(n), seconds, ok)


if __name__ == "__main__":
    main()
