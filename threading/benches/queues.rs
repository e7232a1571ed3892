//! Throughput of `threading::Queue` beside `crossbeam_channel` and `std::sync::mpsc`, in one run.
//!
//! Four groups: SPSC (1 producer, 1 consumer) and MPMC (4 producers, 4 consumers), each
//! unbounded and bounded to 1024 items. Every benchmark moves the same number of `u64`s and
//! reports items per second.
//!
//! Three more rows: `threading::Queue+task_done`, the same `Queue` with every consumer calling
//! `task_done` after each `get`, as Python's worker pattern does for `join`;
//! `threading::LifoQueue`, the lock-based design of `Lib/queue.py` that `Queue` does not use
//! (its order differs, its cost is the point); and `std::sync::mpsc`, which has a single
//! receiver, so in MPMC its consumers share it behind a `Mutex` (the usual workaround).
//!
//! `cargo bench -p threading --bench queues`; the crate's `BENCHMARKS.md` shows the results
//! (`benches/page.toml` says which rows it compares).

use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use threading::Queue;

/// Items moved per benchmark iteration, over all producers.
const ITEMS: usize = 100_000;
const BOUND: usize = 1024;

type Tx = Box<dyn FnMut(u64) + Send>;
type Rx = Box<dyn FnMut() -> u64 + Send>;

#[derive(Debug, Clone, Copy)]
enum Impl {
    Queue,
    QueueTaskDone,
    Lifo,
    Crossbeam,
    Mpsc,
}

/// `n` send closures, each owning a clone of `handle` (a queue or a sender).
fn senders<H, F>(handle: &H, n: usize, send: F) -> Vec<Tx>
where
    H: Clone + Send + 'static,
    F: Fn(&H, u64) + Copy + Send + 'static,
{
    (0..n)
        .map(|_| {
            let h = handle.clone();
            Box::new(move |x| send(&h, x)) as Tx
        })
        .collect()
}

/// `n` receive closures, each owning a clone of `handle` (a queue or a receiver).
fn receivers<H, F>(handle: &H, n: usize, recv: F) -> Vec<Rx>
where
    H: Clone + Send + 'static,
    F: Fn(&H) -> u64 + Copy + Send + 'static,
{
    (0..n)
        .map(|_| {
            let h = handle.clone();
            Box::new(move || recv(&h)) as Rx
        })
        .collect()
}

/// One send closure per producer and one receive closure per consumer, all on one queue or
/// channel. Every implementation pays the same boxed-closure call, so the comparison is fair.
fn endpoints(
    which: Impl,
    bound: Option<usize>,
    producers: usize,
    consumers: usize,
) -> (Vec<Tx>, Vec<Rx>) {
    match which {
        Impl::Queue => {
            let q = Queue::with_maxsize(bound.unwrap_or(0));
            (
                senders(&q, producers, |q, x| q.put(x).unwrap()),
                receivers(&q, consumers, |q| q.get().unwrap()),
            )
        }
        Impl::QueueTaskDone => {
            let q = Queue::with_maxsize(bound.unwrap_or(0));
            (
                senders(&q, producers, |q, x| q.put(x).unwrap()),
                receivers(&q, consumers, |q| {
                    let x = q.get().unwrap();
                    q.task_done().unwrap();
                    x
                }),
            )
        }
        Impl::Lifo => {
            let q = threading::LifoQueue::with_maxsize(bound.unwrap_or(0));
            (
                senders(&q, producers, |q, x| q.put(x).unwrap()),
                receivers(&q, consumers, |q| q.get().unwrap()),
            )
        }
        Impl::Crossbeam => {
            let (tx, rx) = match bound {
                Some(n) => crossbeam_channel::bounded(n),
                None => crossbeam_channel::unbounded(),
            };
            (
                senders(&tx, producers, |tx, x| tx.send(x).unwrap()),
                receivers(&rx, consumers, |rx| rx.recv().unwrap()),
            )
        }
        Impl::Mpsc => {
            let (txs, rx) = match bound {
                Some(n) => {
                    let (tx, rx) = std::sync::mpsc::sync_channel(n);
                    (senders(&tx, producers, |tx, x| tx.send(x).unwrap()), rx)
                }
                None => {
                    let (tx, rx) = std::sync::mpsc::channel();
                    (senders(&tx, producers, |tx, x| tx.send(x).unwrap()), rx)
                }
            };
            // The receiver cannot be cloned: one consumer owns it, several share it locked.
            let rxs = if consumers == 1 {
                vec![Box::new(move || rx.recv().unwrap()) as Rx]
            } else {
                let rx = Arc::new(Mutex::new(rx));
                receivers(&rx, consumers, |rx| rx.lock().unwrap().recv().unwrap())
            };
            (txs, rxs)
        }
    }
}

/// Moves `ITEMS` items from the producers to the consumers; each consumer takes an equal share,
/// so every thread ends without needing a shutdown. Returns the sum received (checked).
fn run((txs, rxs): (Vec<Tx>, Vec<Rx>)) -> u64 {
    let per_producer = (ITEMS / txs.len()) as u64;
    let per_consumer = ITEMS / rxs.len();
    let sum = std::thread::scope(|s| {
        for mut tx in txs {
            s.spawn(move || {
                for x in 0..per_producer {
                    tx(x);
                }
            });
        }
        let consumers: Vec<_> = rxs
            .into_iter()
            .map(|mut rx| s.spawn(move || (0..per_consumer).map(|_| rx()).sum::<u64>()))
            .collect();
        consumers.into_iter().map(|c| c.join().unwrap()).sum()
    });
    let producers = ITEMS as u64 / per_producer;
    assert_eq!(sum, producers * per_producer * (per_producer - 1) / 2);
    sum
}

fn queues(c: &mut Criterion) {
    for (shape, producers, consumers) in [("spsc", 1, 1), ("mpmc_4x4", 4, 4)] {
        for bound in [None, Some(BOUND)] {
            let name = match bound {
                None => format!("{shape}_unbounded"),
                Some(n) => format!("{shape}_bounded_{n}"),
            };
            let mut group = c.benchmark_group(name);
            group
                .throughput(Throughput::Elements(ITEMS as u64))
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(3));
            for which in [
                Impl::Queue,
                Impl::QueueTaskDone,
                Impl::Lifo,
                Impl::Crossbeam,
                Impl::Mpsc,
            ] {
                let label = match which {
                    Impl::Queue => "threading::Queue",
                    Impl::QueueTaskDone => "threading::Queue+task_done",
                    Impl::Lifo => "threading::LifoQueue",
                    Impl::Crossbeam => "crossbeam_channel",
                    Impl::Mpsc => "std::sync::mpsc",
                };
                group.bench_function(label, |b| {
                    b.iter(|| black_box(run(endpoints(which, bound, producers, consumers))))
                });
            }
            group.finish();
        }
    }
}

criterion_group!(benches, queues);
criterion_main!(benches);
