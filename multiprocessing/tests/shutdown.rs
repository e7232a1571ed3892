//! Ending a pool: `close`, `join`, `terminate`, `Drop`, and workers that retire (`maxtasksperchild`).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use multiprocessing::{Pool, SubmitError, TaskErrorKind};

mod common;
use common::*;

#[test]
fn terminate_fails_queued_tasks_and_runs_none_of_them() {
    let pool = Pool::new(1).unwrap();
    let (started_tx, started) = crossbeam_channel::bounded::<()>(0);
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    // Occupy the only worker until we say so.
    let blocker = pool
        .apply_async(move || {
            started_tx.send(()).unwrap();
            gate.recv().unwrap();
        })
        .unwrap();
    started.recv().unwrap();
    let mut queued: Vec<_> = (0..10)
        .map(|i| pool.apply_async(move || i).unwrap())
        .collect();
    let mapped = pool.map_async(|x: u32| x, 0..10).unwrap();
    thread::scope(|s| {
        s.spawn(|| pool.terminate());
        // `terminate` sets its flag before it closes the queue, so once a submission is
        // refused the flag is set: only then let the blocking task finish. (Submissions that
        // got in meanwhile are queued tasks like the others.)
        loop {
            match pool.apply_async(|| 99) {
                Ok(handle) => queued.push(handle),
                Err(e) => {
                    assert_eq!(e, SubmitError::NotRunning);
                    break;
                }
            }
            thread::yield_now();
        }
        release.send(()).unwrap();
    });
    assert_eq!(blocker.get(), Ok(()));
    for handle in queued {
        assert_eq!(handle.get().unwrap_err().kind(), &TaskErrorKind::Terminated);
    }
    assert_eq!(mapped.get().unwrap_err().kind(), &TaskErrorKind::Terminated);
}

/// Items `0..len` that signal when `map` asks for their length: `map` has taken its sender
/// by then, so its jobs will be queued even if `terminate` closes the pool meanwhile.
struct SignalOnLength {
    items: std::ops::Range<u32>,
    exact: bool,
    asked: crossbeam_channel::Sender<()>,
    pulled: Arc<AtomicUsize>,
}

impl Iterator for SignalOnLength {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let item = self.items.next();
        self.pulled
            .fetch_add(usize::from(item.is_some()), Ordering::SeqCst);
        item
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let _ = self.asked.try_send(());
        if self.exact {
            self.items.size_hint()
        } else {
            (0, None) // `map` collects the items first
        }
    }
}

#[test]
fn terminate_fails_every_chunk_of_a_blocking_map() {
    for exact in [true, false] {
        let pool = Pool::new(1).unwrap();
        let (started_tx, started) = crossbeam_channel::bounded::<()>(0);
        let (release, gate) = crossbeam_channel::bounded::<()>(0);
        let blocker = pool
            .apply_async(move || {
                started_tx.send(()).unwrap();
                gate.recv().unwrap();
            })
            .unwrap();
        started.recv().unwrap();
        let (asked_tx, asked) = crossbeam_channel::bounded::<()>(1);
        let pulled = Arc::new(AtomicUsize::new(0));
        let items = SignalOnLength {
            items: 0..10,
            exact,
            asked: asked_tx,
            pulled: Arc::clone(&pulled),
        };
        let ran = AtomicUsize::new(0);
        thread::scope(|s| {
            let mapped = s.spawn(|| {
                pool.map_chunked(
                    |x: u32| {
                        ran.fetch_add(1, Ordering::SeqCst);
                        x
                    },
                    items,
                    1,
                )
            });
            asked.recv().unwrap();
            s.spawn(|| pool.terminate());
            release_once_terminated(&pool, &release);
            // Every chunk was dropped unrun: each of the 10 tasks counts, the first is task 0.
            let error = mapped.join().unwrap().unwrap_err();
            let (error, failed) = task_failure(error);
            assert_eq!(error.index(), 0, "exact {exact}");
            assert_eq!(error.kind(), &TaskErrorKind::Terminated);
            assert_eq!(failed, 10);
        });
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        // The items nobody claimed were still taken from the input, once each, and counted.
        assert_eq!(pulled.load(Ordering::SeqCst), 10);
        assert_eq!(blocker.get(), Ok(()));
    }
}

#[test]
fn terminate_during_a_map_fails_exactly_the_chunks_not_claimed() {
    let pool = Pool::new(1).unwrap();
    let (started_tx, started) = crossbeam_channel::bounded::<()>(0);
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    let ran = AtomicUsize::new(0);
    thread::scope(|s| {
        let mapped = s.spawn(|| {
            pool.map_chunked(
                |x: u32| {
                    ran.fetch_add(1, Ordering::SeqCst);
                    if x == 2 {
                        // The third chunk holds the only worker until the pool is terminated.
                        started_tx.send(()).unwrap();
                        gate.recv().unwrap();
                    }
                    x
                },
                0..10u32,
                1,
            )
        });
        started.recv().unwrap();
        s.spawn(|| pool.terminate());
        release_once_terminated(&pool, &release);
        let error = mapped.join().unwrap().unwrap_err();
        let (error, failed) = task_failure(error);
        // Chunks 0, 1 and 2 ran; the 7 jobs still queued were dropped unrun.
        assert_eq!(error.index(), 3);
        assert_eq!(error.kind(), &TaskErrorKind::Terminated);
        assert_eq!(failed, 7);
    });
    assert_eq!(ran.load(Ordering::SeqCst), 3);
}

#[test]
fn maxtasksperchild_replaces_workers_and_join_waits_for_replacements() {
    let jobs_per_worker = Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let inits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&inits);
    let pool = Pool::builder()
        .processes(2)
        .maxtasksperchild(3)
        .initializer(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    let seen = Arc::clone(&jobs_per_worker);
    let out = pool
        .map_chunked(
            move |x: u32| {
                let name = thread::current().name().unwrap().to_string();
                *seen.lock().unwrap().entry(name).or_insert(0) += 1;
                x
            },
            0..30,
            1,
        )
        .unwrap();
    assert_eq!(out, (0..30).collect::<Vec<_>>());
    pool.close();
    pool.join().unwrap();
    let jobs = jobs_per_worker.lock().unwrap();
    // No worker ran more than 3 one-item jobs, so at least 10 distinct workers ran the 30.
    assert!(jobs.values().all(|&n| n <= 3), "{jobs:?}");
    assert_eq!(jobs.values().sum::<usize>(), 30);
    assert!(jobs.len() >= 10, "{jobs:?}");
    // Every worker started ran its initializer before `join` returned: the two first ones and
    // one replacement for each worker that retired after exactly 3 jobs.
    let retired = jobs.values().filter(|&&n| n == 3).count();
    assert_eq!(inits.load(Ordering::SeqCst), 2 + retired);
}

#[test]
fn initializer_runs_once_per_worker_and_names_are_python_like() {
    let inits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&inits);
    let pool = Pool::builder()
        .processes(3)
        .initializer(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    let names: HashSet<String> = pool
        .map_chunked(
            |_: u32| thread::current().name().unwrap().to_string(),
            0..60,
            1,
        )
        .unwrap()
        .into_iter()
        .collect();
    assert!(
        names
            .iter()
            .all(|n| ["PoolWorker-1", "PoolWorker-2", "PoolWorker-3"].contains(&n.as_str()))
    );
    drop(pool); // Drop joins, so every initializer has run.
    assert_eq!(inits.load(Ordering::SeqCst), 3);
}

thread_local! {
    static ON_EXIT: std::cell::RefCell<Option<ExitGuard>> = const { std::cell::RefCell::new(None) };
}

/// Counts, in its destructor, a worker thread that has ended.
struct ExitGuard(Arc<AtomicUsize>);

impl Drop for ExitGuard {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn drop_finishes_queued_work_and_joins_every_worker() {
    let ended = Arc::new(AtomicUsize::new(0));
    let ran = Arc::new(AtomicUsize::new(0));
    let guard_counter = Arc::clone(&ended);
    let pool = Pool::builder()
        .processes(3)
        .initializer(move || {
            ON_EXIT.with(|g| *g.borrow_mut() = Some(ExitGuard(Arc::clone(&guard_counter))));
        })
        .build()
        .unwrap();
    let handles: Vec<_> = (0..100)
        .map(|_| {
            let ran = Arc::clone(&ran);
            pool.apply_async(move || {
                ran.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap()
        })
        .collect();
    drop(pool);
    // Drop let the queued tasks run, and returned only after every worker thread had ended
    // (thread-local destructors run before a thread counts as joined).
    assert_eq!(ran.load(Ordering::SeqCst), 100);
    assert_eq!(ended.load(Ordering::SeqCst), 3);
    assert!(handles.iter().all(|h| h.ready()));
}
