//! Scaffolding the stress tests share: producers and consumers started together on one queue,
//! and the checks that every item arrived exactly once, in order per producer.

use std::sync::Barrier;
use std::thread;

pub(crate) const PRODUCERS: usize = 4;
pub(crate) const CONSUMERS: usize = 4;

/// (producer, sequence number within that producer)
pub(crate) type Item = (usize, u32);

/// Runs [`PRODUCERS`] threads that each `put` the items `(p, 0..per_producer)` and
/// [`CONSUMERS`] threads that each `get` until it returns `None`, all released together by a
/// barrier so that they really overlap. `after_producers` runs once every producer is done
/// (to shut the queue down, say). Returns what each consumer got, in the order it got it.
pub(crate) fn producers_and_consumers(
    per_producer: u32,
    put: &(dyn Fn(Item) + Sync),
    get: &(dyn Fn() -> Option<Item> + Sync),
    after_producers: &dyn Fn(),
) -> Vec<Vec<Item>> {
    let start = Barrier::new(PRODUCERS + CONSUMERS);
    thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    std::iter::from_fn(get).collect::<Vec<_>>()
                })
            })
            .collect();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    (0..per_producer).for_each(|i| put((p, i)));
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        after_producers();
        consumers.into_iter().map(|c| c.join().unwrap()).collect()
    })
}

/// Asserts that each of the items `(p, i)` with `i < tried[p]` appears exactly once in `got`,
/// and no other item does.
pub(crate) fn assert_each_exactly_once<'a>(got: impl IntoIterator<Item = &'a Item>, tried: &[u32]) {
    let mut seen: Vec<Vec<u8>> = tried.iter().map(|&n| vec![0; n as usize]).collect();
    for &(p, i) in got {
        let count = seen[p].get_mut(i as usize);
        *count.unwrap_or_else(|| panic!("item ({p}, {i}) was never put")) += 1;
    }
    for (p, counts) in seen.iter().enumerate() {
        if let Some(i) = counts.iter().position(|&c| c != 1) {
            panic!("item ({p}, {i}) delivered {} times", counts[i]);
        }
    }
}

/// Asserts that each consumer got each producer's items in the order they were put.
pub(crate) fn assert_in_order_per_producer(got: &[Vec<Item>]) {
    for items in got {
        let mut last: [Option<u32>; PRODUCERS] = [None; PRODUCERS];
        for &(p, i) in items {
            assert!(
                last[p] < Some(i),
                "producer {p}'s items out of order: {i} after {last:?}"
            );
            last[p] = Some(i);
        }
    }
}
