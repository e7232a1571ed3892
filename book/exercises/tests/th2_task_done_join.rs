// ANCHOR: tests
//! Tests of the `task_done`/`join` exercise.
use crossbeam_channel::{RecvTimeoutError, bounded};
use exercises::th2_task_done_join::{JoinableQueue, TooManyTaskDone};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

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
fn task_done_without_put_is_an_error() {
    let q = JoinableQueue::<u8>::new();
    assert_eq!(q.task_done(), Err(TooManyTaskDone));
    q.put(1);
    q.get();
    assert_eq!(q.task_done(), Ok(()));
    assert_eq!(q.task_done(), Err(TooManyTaskDone));
    assert_eq!(
        TooManyTaskDone.to_string(),
        "task_done() called too many times"
    );
}

#[test]
fn join_on_a_queue_with_nothing_unfinished_returns_at_once() {
    within_10s(|| {
        let q = JoinableQueue::<u8>::new();
        q.join();
        q.put(1);
        q.get();
        q.task_done().unwrap();
        q.join();
    });
}

#[test]
fn join_waits_until_every_item_is_processed() {
    within_10s(|| {
        let q = JoinableQueue::new();
        let processed = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    // `None` tells a worker to stop.
                    while let Some(n) = q.get() {
                        processed.fetch_add(n, Ordering::SeqCst);
                        q.task_done().unwrap();
                    }
                });
            }
            for _ in 0..300 {
                q.put(Some(1));
            }
            q.join();
            // Each worker counted its item before calling task_done, so all 300 are
            // counted.
            assert_eq!(processed.load(Ordering::SeqCst), 300);
            for _ in 0..3 {
                q.put(None);
            }
        });
    });
}

#[test]
fn every_joiner_wakes() {
    within_10s(|| {
        let q = JoinableQueue::new();
        q.put("work");
        thread::scope(|s| {
            let joiners: Vec<_> = (0..3).map(|_| s.spawn(|| q.join())).collect();
            assert_eq!(q.get(), "work");
            q.task_done().unwrap();
            for joiner in joiners {
                joiner.join().unwrap();
            }
        });
    });
}
// ANCHOR_END: tests
