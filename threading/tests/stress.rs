//! Stress: 4 producers and 4 consumers move 100,000 items per producer through one queue, on an
//! unbounded queue and on queues bounded to 16 and to 1 item. Every item must arrive exactly
//! once, and each consumer must see each producer's items in the order they were put.

mod common;

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

use common::{
    CONSUMERS, Item, PRODUCERS, assert_each_exactly_once, assert_in_order_per_producer,
    producers_and_consumers,
};
use threading::{LifoQueue, PriorityQueue, Queue, SimpleQueue};

const PER_PRODUCER: u32 = 100_000;

fn mpmc(maxsize: usize) {
    let q: Queue<Item> = Queue::with_maxsize(maxsize);
    // `get` fails only once the queue is shut down *and* drained.
    let received = producers_and_consumers(
        PER_PRODUCER,
        &|x| q.put(x).expect("not shut down while producing"),
        &|| q.get().ok(),
        &|| q.shutdown(),
    );
    assert_in_order_per_producer(&received);
    assert_each_exactly_once(received.iter().flatten(), &[PER_PRODUCER; PRODUCERS]);
    assert!(q.empty());
    assert_eq!(q.unfinished_tasks(), PRODUCERS * PER_PRODUCER as usize);
}

#[test]
fn mpmc_unbounded() {
    mpmc(0);
}

#[test]
fn mpmc_maxsize_16() {
    mpmc(16);
}

#[test]
fn mpmc_maxsize_1() {
    mpmc(1);
}

/// `SimpleQueue` cannot be shut down: each consumer stops at a `None` put after the items.
#[test]
fn simple_queue_mpmc() {
    let q: SimpleQueue<Option<Item>> = SimpleQueue::new();
    let received = producers_and_consumers(PER_PRODUCER, &|x| q.put(Some(x)), &|| q.get(), &|| {
        (0..CONSUMERS).for_each(|_| q.put(None))
    });
    assert_in_order_per_producer(&received);
    assert_each_exactly_once(received.iter().flatten(), &[PER_PRODUCER; PRODUCERS]);
    assert!(q.empty());
}

/// The classic worker pattern: consumers mark every item done and `join` waits for all of them.
#[test]
fn join_waits_for_every_task_done() {
    let q: Queue<u64> = Queue::with_maxsize(8);
    let items = 10_000u64;
    let sum = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..CONSUMERS {
            s.spawn(|| {
                while let Ok(x) = q.get() {
                    sum.fetch_add(x, Ordering::Relaxed);
                    q.task_done().unwrap();
                }
            });
        }
        for x in 1..=items {
            q.put(x).unwrap();
        }
        q.join();
        // join returned: every item was got and processed, so the sum is complete.
        assert_eq!(sum.load(Ordering::Relaxed), items * (items + 1) / 2);
        assert_eq!(q.unfinished_tasks(), 0);
        q.shutdown(); // lets the consumers leave their loops
    });
    assert_eq!(q.task_done(), Err(threading::TaskDoneError));
}

/// The crawler pattern: each worker that gets an item may put follow-up items (here, the two
/// children of a node in a binary tree) before it marks its own done, from its own thread. The
/// count of items put is then spread over every thread, and `join` must still wait for the
/// whole tree: it returns only once every node has been processed, exactly once.
#[test]
fn join_waits_for_items_the_workers_put() {
    /// Nodes 1..=NODES of a binary tree (the children of `n` are `2n` and `2n + 1`).
    const NODES: u64 = 50_000;
    for maxsize in [0, 4] {
        let q: Queue<u64> = Queue::with_maxsize(maxsize);
        let processed = AtomicU64::new(0);
        let sum = AtomicU64::new(0);
        thread::scope(|s| {
            for _ in 0..CONSUMERS {
                s.spawn(|| {
                    while let Ok(n) = q.get() {
                        for child in [2 * n, 2 * n + 1] {
                            // A bounded queue could fill up with every worker waiting to put:
                            // put without blocking, and do the child here if it is full.
                            let mut stack = vec![child];
                            while let Some(c) = stack.pop() {
                                if c > NODES {
                                    continue;
                                }
                                if let Err(e) = q.put_nowait(c) {
                                    let c = e.into_inner();
                                    processed.fetch_add(1, Ordering::Relaxed);
                                    sum.fetch_add(c, Ordering::Relaxed);
                                    stack.extend([2 * c, 2 * c + 1]);
                                }
                            }
                        }
                        processed.fetch_add(1, Ordering::Relaxed);
                        sum.fetch_add(n, Ordering::Relaxed);
                        q.task_done().unwrap();
                    }
                });
            }
            q.put(1).unwrap();
            q.join();
            // join returned: the whole tree was processed, each node once.
            assert_eq!(
                processed.load(Ordering::Relaxed),
                NODES,
                "maxsize {maxsize}"
            );
            assert_eq!(sum.load(Ordering::Relaxed), NODES * (NODES + 1) / 2);
            assert_eq!(q.unfinished_tasks(), 0);
            q.shutdown(); // lets the workers leave their loops
        });
        assert_eq!(q.task_done(), Err(threading::TaskDoneError));
    }
}

/// LIFO and priority queues share the machinery; with several producers and consumers they too
/// deliver every item exactly once (their order across threads is not defined, so only the
/// counts are checked).
#[test]
fn lifo_and_priority_deliver_every_item_once() {
    const N: u32 = 10_000;
    let lifo = LifoQueue::with_maxsize(16);
    let got = producers_and_consumers(N, &|x| lifo.put(x).unwrap(), &|| lifo.get().ok(), &|| {
        lifo.shutdown()
    });
    assert_each_exactly_once(got.iter().flatten(), &[N; PRODUCERS]);
    let prio = PriorityQueue::with_maxsize(16);
    let got = producers_and_consumers(N, &|x| prio.put(x).unwrap(), &|| prio.get().ok(), &|| {
        prio.shutdown()
    });
    assert_each_exactly_once(got.iter().flatten(), &[N; PRODUCERS]);
}

/// What happened to each item in a shutdown race.
#[derive(Default)]
struct Fates {
    /// Got by a consumer (and marked done).
    got: Vec<Item>,
    /// Handed back by a put that found the queue shut down.
    refused: Vec<Item>,
    /// Returned by `shutdown_immediate`.
    drained: Vec<Item>,
    /// How many items each producer tried to put (it stops at its first refusal).
    tried: Vec<u32>,
}

/// Producers and consumers run while the main thread shuts the queue down in the middle of it
/// all: every item a producer tried to put must have exactly one fate, and `join` must return.
/// This is where a put that slips in after an immediate shutdown has drained the queue (the
/// race `Queue`'s ledger closes, `src/ledger.rs`) would show: its item would have no fate.
fn shutdown_race(maxsize: usize, immediate: bool) -> Fates {
    const PER_PRODUCER: u32 = 20_000;
    let q: Queue<Item> = Queue::with_maxsize(maxsize);
    let start = Barrier::new(PRODUCERS + CONSUMERS + 1);
    let got_so_far = AtomicUsize::new(0);
    let mut fates = Fates::default();
    thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let mut got = Vec::new();
                    while let Ok(item) = q.get() {
                        got.push(item);
                        q.task_done().unwrap();
                        got_so_far.fetch_add(1, Ordering::Relaxed);
                    }
                    got
                })
            })
            .collect();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let (q, start) = (&q, &start);
                s.spawn(move || {
                    start.wait();
                    for i in 0..PER_PRODUCER {
                        if let Err(refused) = q.put((p, i)) {
                            return (i + 1, Some(refused.into_inner()));
                        }
                    }
                    (PER_PRODUCER, None)
                })
            })
            .collect();
        start.wait();
        // Shut down once the consumers have had some items, while the producers are busy
        // (each has 20,000 to put): waiting on the consumers' count, not on a clock.
        while got_so_far.load(Ordering::Relaxed) < 100 {
            thread::yield_now();
        }
        if immediate {
            fates.drained = q.shutdown_immediate();
        } else {
            q.shutdown();
        }
        for producer in producers {
            let (tried, refused) = producer.join().unwrap();
            fates.tried.push(tried);
            fates.refused.extend(refused);
        }
        for consumer in consumers {
            fates.got.extend(consumer.join().unwrap());
        }
    });
    // Every consumer has stopped, so nothing is left in the queue or unmarked, and `join`
    // returns at once. (Checked in this order so that a failure is a message, not a hang.)
    assert!(
        q.empty(),
        "an item was left in the queue after every get failed"
    );
    assert_eq!(q.unfinished_tasks(), 0);
    q.join();

    // Every item a producer tried to put has exactly one fate.
    assert_each_exactly_once(
        fates.got.iter().chain(&fates.refused).chain(&fates.drained),
        &fates.tried,
    );
    fates
}

#[test]
fn immediate_shutdown_racing_puts_and_gets_loses_nothing() {
    let mut drained = 0;
    for round in 0..20 {
        let maxsize = [0, 16, 1][round % 3];
        drained += shutdown_race(maxsize, true).drained.len();
    }
    // Not a correctness condition, but the race is only tested if shutdown ever found items.
    assert!(drained > 0, "no shutdown ever drained an item");
}

#[test]
fn shutdown_racing_puts_and_gets_loses_nothing() {
    for round in 0..20 {
        let fates = shutdown_race([0, 16, 1][round % 3], false);
        assert!(fates.drained.is_empty());
    }
}
