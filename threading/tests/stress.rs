//! Stress: 4 producers and 4 consumers move 100,000 items per producer through one queue, on an
//! unbounded queue and on queues bounded to 16 and to 1 item. Every item must arrive exactly
//! once, and each consumer must see each producer's items in the order they were put.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

use threading::Queue;

const PRODUCERS: usize = 4;
const CONSUMERS: usize = 4;
const PER_PRODUCER: u32 = 100_000;

/// (producer, sequence number within that producer)
type Item = (usize, u32);

fn mpmc(maxsize: usize) {
    let q: Queue<Item> = Queue::with_maxsize(maxsize);
    // Everyone starts together, so producers and consumers really overlap.
    let start = Barrier::new(PRODUCERS + CONSUMERS);
    let received: Vec<Vec<Item>> = thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let mut got = Vec::new();
                    // `get` fails only once the queue is shut down *and* drained.
                    while let Ok(item) = q.get() {
                        got.push(item);
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
                        q.put((p, i)).expect("not shut down while producing");
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        q.shutdown();
        consumers.into_iter().map(|c| c.join().unwrap()).collect()
    });

    let mut seen = vec![vec![0u8; PER_PRODUCER as usize]; PRODUCERS];
    for got in &received {
        let mut last: [Option<u32>; PRODUCERS] = [None; PRODUCERS];
        for &(p, i) in got {
            assert!(
                last[p] < Some(i),
                "producer {p}'s items out of order: {i} after {last:?}"
            );
            last[p] = Some(i);
            seen[p][i as usize] += 1;
        }
    }
    let total: usize = received.iter().map(Vec::len).sum();
    assert_eq!(total, PRODUCERS * PER_PRODUCER as usize);
    for (p, counts) in seen.iter().enumerate() {
        if let Some(i) = counts.iter().position(|&c| c != 1) {
            panic!("item ({p}, {i}) delivered {} times", counts[i]);
        }
    }
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

/// The classic worker pattern: consumers mark every item done and `join` waits for all of them.
#[test]
fn join_waits_for_every_task_done() {
    let q: Queue<u64> = Queue::with_maxsize(8);
    let items = 10_000u64;
    let sum = std::sync::atomic::AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..CONSUMERS {
            s.spawn(|| {
                while let Ok(x) = q.get() {
                    sum.fetch_add(x, std::sync::atomic::Ordering::Relaxed);
                    q.task_done().unwrap();
                }
            });
        }
        for x in 1..=items {
            q.put(x).unwrap();
        }
        q.join();
        // join returned: every item was got and processed, so the sum is complete.
        assert_eq!(
            sum.load(std::sync::atomic::Ordering::Relaxed),
            items * (items + 1) / 2
        );
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
    fn run(
        put: &(dyn Fn(Item) + Sync),
        get: &(dyn Fn() -> Option<Item> + Sync),
        done: &(dyn Fn() + Sync),
    ) {
        let got: Vec<Vec<Item>> = thread::scope(|s| {
            let consumers: Vec<_> = (0..CONSUMERS)
                .map(|_| s.spawn(|| std::iter::from_fn(get).collect::<Vec<_>>()))
                .collect();
            let producers: Vec<_> = (0..PRODUCERS)
                .map(|p| s.spawn(move || (0..N).for_each(|i| put((p, i)))))
                .collect();
            producers.into_iter().for_each(|p| p.join().unwrap());
            done();
            consumers.into_iter().map(|c| c.join().unwrap()).collect()
        });
        let mut all: Vec<Item> = got.into_iter().flatten().collect();
        all.sort();
        let want: Vec<Item> = (0..PRODUCERS)
            .flat_map(|p| (0..N).map(move |i| (p, i)))
            .collect();
        assert_eq!(all, want);
    }
    let lifo = threading::LifoQueue::with_maxsize(16);
    run(&|x| lifo.put(x).unwrap(), &|| lifo.get().ok(), &|| {
        lifo.shutdown()
    });
    let prio = threading::PriorityQueue::with_maxsize(16);
    run(&|x| prio.put(x).unwrap(), &|| prio.get().ok(), &|| {
        prio.shutdown()
    });
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
/// race `Queue`'s gate closes, `src/gate.rs`) would show: its item would have no fate.
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

    let mut fate_of = vec![vec![0u8; PER_PRODUCER as usize]; PRODUCERS];
    for &(p, i) in fates.got.iter().chain(&fates.refused).chain(&fates.drained) {
        fate_of[p][i as usize] += 1;
    }
    for (p, counts) in fate_of.iter().enumerate() {
        let tried = fates.tried[p] as usize;
        assert!(
            counts[..tried].iter().all(|&c| c == 1),
            "producer {p}: an item it tried to put has no fate or two"
        );
        assert!(counts[tried..].iter().all(|&c| c == 0));
    }
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
