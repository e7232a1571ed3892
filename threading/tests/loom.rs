//! loom models of the hand-written Mutex + Condvar protocol (`src/locked.rs`) that `LifoQueue`
//! and `PriorityQueue` are built on.
//!
//! loom runs each model under every interleaving of its threads (bounded by
//! `LOOM_MAX_PREEMPTIONS`) and fails on a deadlock, which is how a lost wake-up shows. Run with:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom \
//!     cargo test -p threading --release --lib --test loom
//! ```
//!
//! `Queue` is built on a crossbeam channel, whose parking and waking are crossbeam's (and
//! tested there); loom cannot run it, since crossbeam does not use loom's types. What `Queue`
//! adds by hand, its ledger (the bound, shutdown and `task_done`/`join`), has its models next
//! to the code, in `src/ledger.rs`: that is what `--lib` runs.
//!
//! Under `--cfg loom` the crate's `sync` module takes Mutex, Condvar, Arc and the atomics from
//! loom. loom does not model time: its `wait_timeout` never times out, so the timed calls
//! below can only succeed by being woken.
#![cfg(loom)]

use loom::thread;
use threading::{LifoQueue, PriorityQueue, PutError, ShutDown};

/// A producer's items reach a blocked consumer, in order (lowest first: the items are put in
/// ascending order, so whatever has arrived comes out in that order).
#[test]
fn put_then_get() {
    loom::model(|| {
        let q = PriorityQueue::new();
        let producer = {
            let q = q.clone();
            thread::spawn(move || {
                q.put(1).unwrap();
                q.put(2).unwrap();
            })
        };
        assert_eq!(q.get(), Ok(1));
        assert_eq!(q.get(), Ok(2));
        producer.join().unwrap();
        assert!(q.empty());
    });
}

/// The timed paths share the counting of sleepers with the blocking ones. loom does not model
/// time (its `wait_timeout` never times out), so this checks that a timed getter and a timed
/// putter are woken like blocking ones.
#[test]
fn timed_calls_are_woken() {
    loom::model(|| {
        let hour = std::time::Duration::from_secs(3600);
        let q = LifoQueue::with_maxsize(1);
        let getter = {
            let q = q.clone();
            thread::spawn(move || q.get_timeout(hour).unwrap())
        };
        q.put_timeout(1, hour).unwrap();
        q.put_timeout(2, hour).unwrap();
        assert_eq!(getter.join().unwrap(), 1);
        assert_eq!(q.get_nowait(), Ok(2));
    });
}

/// Two consumers blocked on one queue both wake for two puts: `put` signals only one waiter
/// (and only when the state counts one), so this is where a lost wake-up would deadlock.
#[test]
fn two_blocked_getters_both_wake() {
    loom::model(|| {
        let q = LifoQueue::new();
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let q = q.clone();
                thread::spawn(move || q.get().unwrap())
            })
            .collect();
        q.put(10).unwrap();
        q.put(20).unwrap();
        let mut got: Vec<i32> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        got.sort();
        assert_eq!(got, [10, 20]);
    });
}

// ANCHOR: bounded_put
/// A put on a full bounded queue waits until a get makes room, then goes through.
#[test]
fn bounded_put_waits_for_room() {
    loom::model(|| {
        let q = LifoQueue::with_maxsize(1);
        q.put(1).unwrap();
        let producer = {
            let q = q.clone();
            thread::spawn(move || q.put(2).unwrap())
        };
        assert_eq!(q.get(), Ok(1));
        assert_eq!(q.get(), Ok(2));
        producer.join().unwrap();
        assert!(!q.full());
    });
}
// ANCHOR_END: bounded_put

/// Two producers blocked on a full queue of one slot both get through as a consumer makes room
/// one item at a time: the signalled-but-not-yet-awake count in `locked.rs` must not swallow the
/// second producer's wake-up.
#[test]
fn two_blocked_putters_both_get_through() {
    loom::model(|| {
        let q = LifoQueue::with_maxsize(1);
        q.put(0).unwrap();
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|x| {
                let q = q.clone();
                thread::spawn(move || q.put(x).unwrap())
            })
            .collect();
        let mut got = vec![q.get().unwrap(), q.get().unwrap(), q.get().unwrap()];
        for p in producers {
            p.join().unwrap();
        }
        got.sort();
        assert_eq!(got, [0, 1, 2]);
    });
}

/// Non-blocking calls racing on a bounded queue never lose or duplicate an item: each one ends
/// up got, still queued, or handed back by a failed `put_nowait`.
#[test]
fn nowait_calls_conserve_items() {
    loom::model(|| {
        let q = LifoQueue::with_maxsize(1);
        let producer = {
            let q = q.clone();
            thread::spawn(move || {
                [1, 2]
                    .into_iter()
                    .filter_map(|x| q.put_nowait(x).err().map(|e| e.into_inner()))
                    .collect::<Vec<i32>>()
            })
        };
        let mut seen: Vec<i32> = (0..2).filter_map(|_| q.get_nowait().ok()).collect();
        seen.extend(producer.join().unwrap());
        seen.extend(std::iter::from_fn(|| q.get_nowait().ok()));
        seen.sort();
        assert_eq!(seen, [1, 2]);
    });
}

/// `join` returns only after the consumer has called `task_done` for every item.
#[test]
fn task_done_releases_join() {
    loom::model(|| {
        let q = LifoQueue::new();
        let done = loom::sync::Arc::new(loom::sync::atomic::AtomicBool::new(false));
        q.put(7).unwrap();
        let consumer = {
            let (q, done) = (q.clone(), done.clone());
            thread::spawn(move || {
                assert_eq!(q.get(), Ok(7));
                done.store(true, loom::sync::atomic::Ordering::SeqCst);
                q.task_done().unwrap();
            })
        };
        q.join();
        assert!(done.load(loom::sync::atomic::Ordering::SeqCst));
        assert_eq!(q.unfinished_tasks(), 0);
        consumer.join().unwrap();
        assert!(q.task_done().is_err(), "one item, one task_done");
    });
}

/// Two threads blocked in `join` are both released by the one `task_done` that ends the work:
/// `task_done` signals only when it counts a joiner asleep, so a miscount would deadlock here.
#[test]
fn task_done_releases_two_joiners() {
    loom::model(|| {
        let q = LifoQueue::new();
        q.put(1).unwrap();
        let joiners: Vec<_> = (0..2)
            .map(|_| {
                let q = q.clone();
                thread::spawn(move || q.join())
            })
            .collect();
        assert_eq!(q.get(), Ok(1));
        q.task_done().unwrap();
        for j in joiners {
            j.join().unwrap();
        }
        assert_eq!(q.unfinished_tasks(), 0);
    });
}

/// `shutdown` wakes a consumer blocked on an empty queue and a producer blocked on a full one;
/// the producer gets its item back.
#[test]
fn shutdown_wakes_blocked_getter_and_putter() {
    loom::model(|| {
        let empty: LifoQueue<i32> = LifoQueue::new();
        let full = LifoQueue::with_maxsize(1);
        full.put(1).unwrap();
        let getter = {
            let q = empty.clone();
            thread::spawn(move || q.get())
        };
        let putter = {
            let q = full.clone();
            thread::spawn(move || q.put(2))
        };
        empty.shutdown();
        full.shutdown();
        assert_eq!(getter.join().unwrap(), Err(ShutDown));
        assert_eq!(putter.join().unwrap(), Err(PutError(2)));
        // A plain shutdown still hands out what is left, then fails.
        assert_eq!(full.get(), Ok(1));
        assert_eq!(full.get(), Err(ShutDown));
    });
}

/// `shutdown_immediate` drains the queue, counts the drained items as done and so releases a
/// thread blocked in `join`.
#[test]
fn shutdown_immediate_releases_join() {
    loom::model(|| {
        let q = PriorityQueue::new();
        q.put(3).unwrap();
        q.put(1).unwrap();
        let joiner = {
            let q = q.clone();
            thread::spawn(move || q.join())
        };
        let drained = q.shutdown_immediate();
        assert_eq!(drained, [1, 3]);
        joiner.join().unwrap();
        assert_eq!(q.unfinished_tasks(), 0);
    });
}
