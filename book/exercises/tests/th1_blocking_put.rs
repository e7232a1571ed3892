// ANCHOR: tests
//! Tests of the blocking `put` exercise.
use crossbeam_channel::{RecvTimeoutError, bounded};
use exercises::th1_blocking_put::BoundedQueue;
use std::num::NonZeroUsize;
use std::thread;
use std::time::Duration;

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Runs `f` on its own thread and fails the test if it has not finished after 10 s: a
/// deadlock then fails the test instead of hanging it.
fn within_10s<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = bounded(1);
    thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("no result after 10 s: a deadlock?"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the code under test panicked (see above)")
        }
    }
}

#[test]
fn fifo_order() {
    let q = BoundedQueue::new(nz(3));
    q.put("foo");
    q.put("bar");
    q.put("even more");
    assert_eq!(q.qsize(), 3);
    assert_eq!([q.get(), q.get(), q.get()], ["foo", "bar", "even more"]);
    assert_eq!(q.qsize(), 0);
}

#[test]
fn get_waits_for_a_put() {
    within_10s(|| {
        let q = BoundedQueue::new(nz(1));
        thread::scope(|s| {
            let consumer = s.spawn(|| q.get());
            q.put(5);
            assert_eq!(consumer.join().unwrap(), 5);
        });
    });
}

#[test]
fn put_on_a_full_queue_waits_for_a_get() {
    within_10s(|| {
        let q = BoundedQueue::new(nz(1));
        q.put(1);
        thread::scope(|s| {
            let producer = s.spawn(|| q.put(2));
            assert_eq!(q.get(), 1);
            producer.join().unwrap();
        });
        assert_eq!(q.qsize(), 1);
        assert_eq!(q.get(), 2);
        assert_eq!(q.high_water(), 1, "the queue never held more than maxsize");
    });
}

#[test]
fn four_producers_four_consumers_every_item_once_in_order() {
    const PER_PRODUCER: u32 = 2_000;
    for maxsize in [1, 2, 16] {
        let received = within_10s(move || {
            let q = BoundedQueue::new(nz(maxsize));
            let received: Vec<Vec<(u32, u32)>> = thread::scope(|s| {
                for producer in 0..4 {
                    let q = &q;
                    s.spawn(move || {
                        for i in 0..PER_PRODUCER {
                            q.put((producer, i));
                        }
                    });
                }
                let consumers: Vec<_> = (0..4)
                    .map(|_| s.spawn(|| (0..PER_PRODUCER).map(|_| q.get()).collect()))
                    .collect();
                consumers.into_iter().map(|c| c.join().unwrap()).collect()
            });
            assert!(q.high_water() <= maxsize, "held more than maxsize items");
            assert_eq!(q.qsize(), 0);
            received
        });
        // Each consumer sees every producer's items in the order they were put.
        for items in &received {
            for producer in 0..4 {
                let seq: Vec<u32> = items
                    .iter()
                    .filter(|(p, _)| *p == producer)
                    .map(|(_, i)| *i)
                    .collect();
                assert!(seq.windows(2).all(|w| w[0] < w[1]), "FIFO order broken");
            }
        }
        // And every item arrives exactly once.
        let mut all: Vec<(u32, u32)> = received.into_iter().flatten().collect();
        all.sort_unstable();
        let expected: Vec<(u32, u32)> = (0..4)
            .flat_map(|p| (0..PER_PRODUCER).map(move |i| (p, i)))
            .collect();
        assert_eq!(all, expected, "maxsize {maxsize}");
    }
}
// ANCHOR_END: tests
