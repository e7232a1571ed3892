//! The queue: 1,000,000 integers moved from producers to consumers, 1×1 and 4×4.
//!
//! Every row goes through [`move_items`], which does what `harness/python/queue_threads.py` does:
//! producers put disjoint ranges, then one `None` per consumer says "stop"; the check is exact
//! (count and sum). Only `std::sync::mpsc` has its own function, because its receiver cannot
//! be shared between consumers.

use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use super::{Outcome, Sizes};

/// Moves `0..n` through a queue given as two closures: `put` (where `None` is the stop sentinel)
/// and `get` (which returns what was put). Times thread start-up, every item, and the joins.
pub(crate) fn move_items<Put, Get>(
    producers: usize,
    consumers: usize,
    n: u64,
    put: Put,
    get: Get,
) -> Outcome
where
    Put: Fn(Option<u64>) + Sync,
    Get: Fn() -> Option<u64> + Sync,
{
    let per_producer = n / producers as u64;
    let (put, get) = (&put, &get);
    let start = Instant::now();
    let (count, total) = thread::scope(|scope| {
        let consumer_threads: Vec<_> = (0..consumers)
            .map(|_| {
                scope.spawn(move || {
                    let (mut count, mut total) = (0_u64, 0_u64);
                    while let Some(item) = get() {
                        count += 1;
                        total += item;
                    }
                    (count, total)
                })
            })
            .collect();
        let producer_threads: Vec<_> = (0..producers as u64)
            .map(|k| {
                scope.spawn(move || {
                    for item in k * per_producer..(k + 1) * per_producer {
                        put(Some(item));
                    }
                })
            })
            .collect();
        for producer in producer_threads {
            producer.join().expect("a producer panicked");
        }
        for _ in 0..consumers {
            put(None);
        }
        consumer_threads
            .into_iter()
            .map(|c| c.join().expect("a consumer panicked"))
            .fold((0, 0), |(c, t), (count, total)| (c + count, t + total))
    });
    let moved = per_producer * producers as u64;
    let ok = moved == n && count == n && total == n * (n - 1) / 2;
    Outcome::new(n, start.elapsed(), ok)
}

fn crossbeam(producers: usize, consumers: usize, n: u64) -> Outcome {
    let (tx, rx) = crossbeam_channel::unbounded();
    move_items(
        producers,
        consumers,
        n,
        |item| tx.send(item).expect("the receiver is alive"),
        || rx.recv().ok().flatten(),
    )
}

/// crossbeam-channel, unbounded, one producer and one consumer.
pub(crate) fn crossbeam_1x1(s: &Sizes) -> Outcome {
    crossbeam(1, 1, s.queue_items)
}

/// crossbeam-channel, unbounded, four producers and four consumers.
pub(crate) fn crossbeam_4x4(s: &Sizes) -> Outcome {
    crossbeam(4, 4, s.queue_items)
}

/// `std::sync::mpsc`, unbounded, one producer and one consumer (its receiver is not `Sync`, so
/// the consumer owns it).
pub(crate) fn mpsc_1x1(s: &Sizes) -> Outcome {
    let n = s.queue_items;
    let (tx, rx) = mpsc::channel::<u64>();
    let start = Instant::now();
    let consumer = thread::spawn(move || {
        rx.into_iter()
            .fold((0_u64, 0_u64), |(c, t), x| (c + 1, t + x))
    });
    let producer = thread::spawn(move || {
        for item in 0..n {
            tx.send(item).expect("the receiver is alive");
        }
    });
    producer.join().expect("the producer panicked");
    let (count, total) = consumer.join().expect("the consumer panicked");
    Outcome::new(n, start.elapsed(), count == n && total == n * (n - 1) / 2)
}
