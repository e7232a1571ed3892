// ANCHOR: tests
//! Tests of the pool-with-Drop exercise.
use crossbeam_channel::{RecvTimeoutError, bounded};
use exercises::mp5_pool_drop::{ThreadPool, ZeroWorkers};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// Runs `f` on its own thread and fails the test if it has not finished after 10 s: a
/// deadlock then fails the test instead of hanging it.
fn within_10s<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = bounded(1);
    std::thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("no result after 10 s: a deadlock?"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the code under test panicked (see above)")
        }
    }
}

/// Gives the pool `workers` jobs that wait for each other and for the test: they can
/// only all finish if `workers` workers run them at the same time.
fn all_workers_run_at_once(pool: &ThreadPool, workers: usize) {
    let barrier = Arc::new(Barrier::new(workers + 1));
    for _ in 0..workers {
        let barrier = Arc::clone(&barrier);
        pool.execute(move || {
            barrier.wait();
        });
    }
    barrier.wait();
}

#[test]
fn zero_workers_is_an_error() {
    assert_eq!(ThreadPool::new(0).unwrap_err(), ZeroWorkers);
    assert_eq!(ThreadPool::new(3).unwrap().workers(), 3);
}

#[test]
fn drop_runs_every_queued_job_then_returns() {
    within_10s(|| {
        let done = Arc::new(AtomicUsize::new(0));
        let pool = ThreadPool::new(3).unwrap();
        for _ in 0..500 {
            let done = Arc::clone(&done);
            pool.execute(move || {
                done.fetch_add(1, Ordering::SeqCst);
            });
        }
        drop(pool);
        // Every job ran, and every worker has exited: only this test holds `done`
        // now.
        assert_eq!(done.load(Ordering::SeqCst), 500);
        assert_eq!(Arc::strong_count(&done), 1);
    });
}

#[test]
fn the_workers_run_in_parallel() {
    within_10s(|| {
        let pool = ThreadPool::new(4).unwrap();
        all_workers_run_at_once(&pool, 4);
    });
}

#[test]
fn a_panicking_job_does_not_shrink_the_pool() {
    within_10s(|| {
        let pool = ThreadPool::new(2).unwrap();
        pool.execute(|| panic!("job failed"));
        pool.execute(|| panic!("another job failed"));
        // Both workers must still be there to meet at the barrier.
        all_workers_run_at_once(&pool, 2);
    });
}

#[test]
fn dropping_an_idle_pool_does_not_hang() {
    within_10s(|| drop(ThreadPool::new(2).unwrap()));
}
// ANCHOR_END: tests
