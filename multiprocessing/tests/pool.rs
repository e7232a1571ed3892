//! The thread-backed `Pool` against a sequential model, under stress, and with bad input.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use multiprocessing::{JoinError, MapError, Pool, PoolError, SubmitError, TaskErrorKind};
use proptest::prelude::*;

/// Waits until a `terminate` running on another thread has set its flag, then lets the task
/// blocking the pool finish: `terminate` sets the flag before it closes the queue, so once a
/// submission is refused the flag is set.
fn release_once_terminated(pool: &Pool, release: &crossbeam_channel::Sender<()>) {
    while pool.apply_async(|| ()).is_ok() {
        thread::yield_now();
    }
    release.send(()).unwrap();
}

/// The first failed task and the number of failed tasks of a `map` that failed on its tasks.
fn task_failure(error: MapError) -> (multiprocessing::TaskError, usize) {
    match error {
        MapError::Task { error, failed } => (error, failed),
        other => panic!("expected a task error, got {other:?}"),
    }
}

/// Keeps the panics these tests cause on purpose (their messages say "on purpose") out of the
/// log; every other panic is reported as usual.
fn quiet_deliberate_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("");
            if !message.contains("on purpose") {
                default(info);
            }
        }));
    });
}

fn model(x: i64) -> i64 {
    x.wrapping_mul(31).wrapping_add(7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn map_equals_sequential_map(
        items in prop::collection::vec(any::<i64>(), 0..200),
        workers in 1usize..8,
        chunksize in prop::option::of(1usize..50),
    ) {
        let pool = Pool::new(workers).unwrap();
        let expected: Vec<i64> = items.iter().copied().map(model).collect();
        let got = match chunksize {
            None => pool.map(model, items.clone()),
            Some(c) => pool.map_chunked(model, items.clone(), c),
        };
        prop_assert_eq!(got, Ok(expected.clone()));
        // map_slice cuts sub-slices instead of vectors: same answer.
        prop_assert_eq!(pool.map_slice(|x: &i64| model(*x), &items), Ok(expected.clone()));
        // imap is ordered too, with any chunk size.
        let streamed: Result<Vec<i64>, _> =
            pool.imap_chunked(model, items.clone(), chunksize.unwrap_or(1)).unwrap().collect();
        prop_assert_eq!(streamed, Ok(expected));
    }

    #[test]
    fn imap_unordered_is_a_permutation(
        items in prop::collection::vec(any::<i64>(), 0..200),
        workers in 1usize..8,
        chunksize in 1usize..50,
    ) {
        let pool = Pool::new(workers).unwrap();
        let mut got: Vec<i64> = pool
            .imap_unordered_chunked(model, items.clone(), chunksize)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut expected: Vec<i64> = items.into_iter().map(model).collect();
        got.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn every_task_has_exactly_one_outcome_when_tasks_panic(
        panics in prop::collection::vec(any::<bool>(), 0..120),
        workers in 1usize..8,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&runs);
        let task = move |(i, panic): (usize, bool)| {
            counter.fetch_add(1, Ordering::SeqCst);
            if panic { panic!("task {i} panics on purpose") }
            i
        };
        let items: Vec<(usize, bool)> = panics.iter().copied().enumerate().collect();
        let outcomes: Vec<_> = pool.imap_chunked(task.clone(), items.clone(), chunksize).unwrap().collect();
        prop_assert_eq!(outcomes.len(), panics.len());
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Ok(v) => prop_assert!(!panics[i] && *v == i),
                Err(e) => {
                    prop_assert!(panics[i]);
                    prop_assert_eq!(e.index(), i);
                    let expected = format!("task {i} panics on purpose");
                    prop_assert_eq!(e.panic_message(), Some(expected.as_str()));
                }
            }
        }
        prop_assert_eq!(runs.load(Ordering::SeqCst), panics.len());
        // map reports the first panicking task, after every task ran.
        let first = panics.iter().position(|&p| p);
        match (pool.map_chunked(task, items, chunksize), first) {
            (Ok(values), None) => prop_assert_eq!(values, (0..panics.len()).collect::<Vec<_>>()),
            (Err(MapError::Task { error, failed }), Some(first)) => {
                prop_assert_eq!(error.index(), first);
                prop_assert_eq!(failed, panics.iter().filter(|&&p| p).count());
            }
            (other, _) => prop_assert!(false, "unexpected {:?}", other),
        }
        prop_assert_eq!(runs.load(Ordering::SeqCst), 2 * panics.len());
    }
}

#[test]
fn map_borrows_from_the_caller() {
    let pool = Pool::new(3).unwrap();
    let table: Vec<u64> = (0..100).collect();
    let offset = 1000;
    // Neither the closure (borrows `offset` and `table`) nor the items (`&u64`) are 'static.
    let got = pool
        .map(|x: &u64| table[*x as usize] + offset, &table)
        .unwrap();
    assert_eq!(got, (1000..1100).collect::<Vec<_>>());
}

#[test]
fn stress_many_submitters_exact_counts() {
    const SUBMITTERS: usize = 8;
    const TASKS: usize = 500;
    let pool = Pool::new(4).unwrap();
    let ran = AtomicUsize::new(0);
    let start = Barrier::new(SUBMITTERS);
    let totals: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = (0..SUBMITTERS)
            .map(|who| {
                let (pool, ran, start) = (&pool, &ran, &start);
                s.spawn(move || {
                    start.wait();
                    let mut sum = 0;
                    // Mix every entry point so they contend for the same workers.
                    let items: Vec<u64> = (0..TASKS as u64).collect();
                    let mapped = pool
                        .map(
                            |x| {
                                ran.fetch_add(1, Ordering::Relaxed);
                                x + who as u64
                            },
                            &items,
                        )
                        .unwrap();
                    sum += mapped.iter().sum::<u64>();
                    let handles: Vec<_> = (0..50u64)
                        .map(|x| pool.apply_async(move || x).unwrap())
                        .collect();
                    sum += handles.into_iter().map(|h| h.get().unwrap()).sum::<u64>();
                    sum += pool
                        .imap_unordered(|x: u64| x, 0..50u64)
                        .unwrap()
                        .map(Result::unwrap)
                        .sum::<u64>();
                    sum
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(ran.load(Ordering::Relaxed), SUBMITTERS * TASKS);
    let base = (0..TASKS as u64).sum::<u64>() + 2 * (0..50u64).sum::<u64>();
    for (who, total) in totals.into_iter().enumerate() {
        assert_eq!(total, base + (who * TASKS) as u64);
    }
}

// ANCHOR: panic_leaves_pool_usable
#[test]
fn a_panicking_task_leaves_the_pool_usable() {
    let pool = Pool::new(1).unwrap();
    quiet_deliberate_panics();
    let err = pool
        .apply(|| -> u8 { panic!("boom on purpose") })
        .unwrap_err();
    assert_eq!(
        err.task_error().unwrap().panic_message(),
        Some("boom on purpose")
    );
    assert_eq!(pool.apply(|| 5), Ok(5));
    let handle = pool
        .apply_async(|| -> u8 { panic!("later, on purpose") })
        .unwrap();
    handle.wait();
    assert_eq!(handle.successful(), Some(false));
    assert_eq!(
        handle.get().unwrap_err().panic_message(),
        Some("later, on purpose")
    );
}
// ANCHOR_END: panic_leaves_pool_usable

#[test]
fn bad_input_gives_typed_errors() {
    assert!(matches!(Pool::new(0), Err(PoolError::ZeroWorkers)));
    assert!(matches!(
        Pool::builder().processes(2).maxtasksperchild(0).build(),
        Err(PoolError::ZeroMaxTasks)
    ));
    let pool = Pool::new(2).unwrap();
    assert_eq!(
        pool.map_chunked(|x: u8| x, [1, 2], 0),
        Err(MapError::Submit(SubmitError::ZeroChunkSize))
    );
    assert_eq!(
        pool.imap_chunked(|x: u8| x, [1, 2], 0).unwrap_err(),
        SubmitError::ZeroChunkSize
    );
    assert_eq!(pool.join(), Err(JoinError::StillRunning));
    pool.close();
    assert_eq!(
        pool.map(|x: u8| x, [1]),
        Err(MapError::Submit(SubmitError::NotRunning))
    );
    assert_eq!(pool.apply_async(|| 1).unwrap_err(), SubmitError::NotRunning);
    assert_eq!(pool.join(), Ok(()));
    assert_eq!(
        pool.map(|x: u8| x, Vec::new()),
        Err(MapError::Submit(SubmitError::NotRunning))
    );
}

#[test]
fn empty_input_maps_to_empty_output() {
    let pool = Pool::new(2).unwrap();
    assert_eq!(pool.map(|x: u8| x, Vec::new()), Ok(vec![]));
    assert_eq!(
        pool.map_async(|x: u8| x, Vec::new()).unwrap().get(),
        Ok(vec![])
    );
    assert_eq!(pool.imap(|x: u8| x, Vec::new()).unwrap().count(), 0);
}

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
fn imap_streams_results_before_later_tasks_finish() {
    let pool = Pool::new(2).unwrap();
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    // Task 1 waits for the gate, which we open only after imap has yielded task 0's result:
    // if imap waited for every task, this would deadlock.
    let mut results = pool
        .imap(
            move |i: u32| {
                if i == 1 {
                    gate.recv().unwrap();
                }
                i * 10
            },
            0..3,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Ok(0)));
    release.send(()).unwrap();
    assert_eq!(results.collect::<Vec<_>>(), [Ok(10), Ok(20)]);

    // imap_unordered yields the quick task before the blocked one.
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    let mut results = pool
        .imap_unordered(
            move |i: u32| {
                if i == 0 {
                    gate.recv().unwrap();
                }
                i
            },
            0..2,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Ok(1)));
    release.send(()).unwrap();
    assert_eq!(results.next(), Some(Ok(0)));
    assert_eq!(results.next(), None);
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

/// Counts its drops, to check that `map` drops every value it made exactly once, whether it
/// returns them or fails.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn map_drops_every_value_exactly_once(
        panics in prop::collection::vec(any::<bool>(), 0..100),
        workers in 1usize..8,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let made = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicUsize::new(0));
        let result = pool.map_chunked(
            |panic: &bool| {
                assert!(!panic, "panics on purpose");
                made.fetch_add(1, Ordering::SeqCst);
                Counted(Arc::clone(&dropped))
            },
            &panics,
            chunksize,
        );
        prop_assert_eq!(result.is_ok(), !panics.contains(&true));
        drop(result);
        let expected = panics.iter().filter(|&&p| !p).count();
        prop_assert_eq!(made.load(Ordering::SeqCst), expected);
        prop_assert_eq!(dropped.load(Ordering::SeqCst), expected);
    }
}

/// An iterator whose `size_hint` claims an exact length that is wrong.
struct Liar {
    items: std::ops::Range<u32>,
    claimed: usize,
}

impl Iterator for Liar {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.items.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.claimed, Some(self.claimed))
    }
}

#[test]
fn a_wrong_size_hint_loses_no_item() {
    let pool = Pool::new(2).unwrap();
    for claimed in [0, 3, 10, 50] {
        let got = pool
            .map(
                |x| x * 2,
                Liar {
                    items: 0..10,
                    claimed,
                },
            )
            .unwrap();
        assert_eq!(
            got,
            (0..10).map(|x| x * 2).collect::<Vec<_>>(),
            "claimed {claimed}"
        );
    }
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

#[test]
fn map_async_reports_the_first_failed_task_after_all_ran() {
    quiet_deliberate_panics();
    let pool = Pool::new(3).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&ran);
    let handle = pool
        .map_async(
            move |x: u32| {
                counter.fetch_add(1, Ordering::SeqCst);
                assert!(x % 7 != 5, "{x} panics on purpose");
                x
            },
            0..100,
        )
        .unwrap();
    let error = handle.get().unwrap_err();
    assert_eq!(error.index(), 5);
    assert_eq!(error.panic_message(), Some("5 panics on purpose"));
    assert_eq!(ran.load(Ordering::SeqCst), 100);
    let ok = pool.map_async(|x: u32| x + 1, 0..100).unwrap();
    ok.wait();
    assert_eq!(ok.successful(), Some(true));
    assert_eq!(ok.get().unwrap(), (1..101).collect::<Vec<_>>());
}

/// An input item that counts its drops: `map` must move every item into exactly one task.
struct Item {
    id: usize,
    dropped: Arc<AtomicUsize>,
}

impl Drop for Item {
    fn drop(&mut self) {
        self.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The workers refill emptied chunk buffers from the input: no item may be lost,
    /// duplicated or handed to the wrong slot, also when tasks panic.
    #[test]
    fn map_moves_every_item_into_exactly_one_task(
        panics in prop::collection::vec(any::<bool>(), 0..150),
        workers in 1usize..6,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let dropped = Arc::new(AtomicUsize::new(0));
        let items: Vec<Item> = (0..panics.len())
            .map(|id| Item { id, dropped: Arc::clone(&dropped) })
            .collect();
        let seen: Vec<AtomicUsize> = panics.iter().map(|_| AtomicUsize::new(0)).collect();
        // A `usize` result is smaller than an `Item`: the items go through buffers.
        let result = pool.map_chunked(
            |item: Item| {
                seen[item.id].fetch_add(1, Ordering::SeqCst);
                assert!(!panics[item.id], "item {} panics on purpose", item.id);
                item.id
            },
            items,
            chunksize,
        );
        prop_assert!(seen.iter().all(|n| n.swap(0, Ordering::SeqCst) == 1));
        prop_assert_eq!(dropped.swap(0, Ordering::SeqCst), panics.len());
        check_first_failure(result, &panics)?;

        // A `(usize, Counted)` result has an `Item`'s size and alignment: each item waits in
        // its own result's slot.
        let made = Arc::new(AtomicUsize::new(0));
        let results_dropped = Arc::new(AtomicUsize::new(0));
        let items: Vec<Item> = (0..panics.len())
            .map(|id| Item { id, dropped: Arc::clone(&dropped) })
            .collect();
        let result = pool.map_chunked(
            |item: Item| {
                seen[item.id].fetch_add(1, Ordering::SeqCst);
                assert!(!panics[item.id], "item {} panics on purpose", item.id);
                made.fetch_add(1, Ordering::SeqCst);
                (item.id, Counted(Arc::clone(&results_dropped)))
            },
            items,
            chunksize,
        );
        prop_assert!(seen.iter().all(|n| n.load(Ordering::SeqCst) == 1));
        prop_assert_eq!(dropped.load(Ordering::SeqCst), panics.len());
        let ids = result.map(|values| values.into_iter().map(|(id, _)| id).collect::<Vec<_>>());
        check_first_failure(ids, &panics)?;
        prop_assert_eq!(results_dropped.load(Ordering::SeqCst), made.load(Ordering::SeqCst));
    }
}

/// `map`'s result for items `0..panics.len()` where the items marked in `panics` panicked.
fn check_first_failure(
    result: Result<Vec<usize>, MapError>,
    panics: &[bool],
) -> Result<(), TestCaseError> {
    match panics.iter().position(|&p| p) {
        None => prop_assert_eq!(result.unwrap(), (0..panics.len()).collect::<Vec<_>>()),
        Some(first) => {
            let (error, failed) = task_failure(result.unwrap_err());
            prop_assert_eq!(error.index(), first);
            prop_assert_eq!(failed, panics.iter().filter(|&&p| p).count());
        }
    }
    Ok(())
}

#[test]
fn a_chunk_that_finishes_last_still_lands_first() {
    // Two workers, chunks of one item. Chunk 0 is claimed first and waits until chunks 1..4,
    // claimed and run by the other worker, are done: it is the last to write its slot.
    let pool = Pool::new(2).unwrap();
    let (done_tx, done) = crossbeam_channel::unbounded::<()>();
    let out = pool
        .map_chunked(
            |x: u32| {
                if x == 0 {
                    for _ in 1..4 {
                        done.recv().unwrap();
                    }
                } else {
                    done_tx.send(()).unwrap();
                }
                x * 10
            },
            0..4u32,
            1,
        )
        .unwrap();
    assert_eq!(out, [0, 10, 20, 30]);
}

#[test]
fn a_panicking_input_iterator_panics_in_the_caller_and_drops_every_value() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let made = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicUsize::new(0));
    let inputs_dropped = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&inputs_dropped);
    // Item 55 panics: chunk 5 (items 50..60) has five items staged when the input panics.
    let items = (0..100).map(move |id| {
        assert!(id != 55, "the input panics on purpose");
        Item {
            id,
            dropped: Arc::clone(&counter),
        }
    });
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.map_chunked(
            // The result has an `Item`'s size: items wait in their result slots.
            |item: Item| {
                made.fetch_add(1, Ordering::SeqCst);
                (item.id, Counted(Arc::clone(&dropped)))
            },
            items,
            10,
        )
    }));
    let Err(payload) = result else {
        panic!("map returned although its input panicked");
    };
    assert_eq!(
        payload.downcast_ref::<&str>().copied(),
        Some("the input panics on purpose")
    );
    // Chunks are claimed in input order: the five claimed before the panic ran, no chunk was
    // claimed after it, and each value made was dropped once.
    assert_eq!(made.load(Ordering::SeqCst), 50);
    assert_eq!(dropped.load(Ordering::SeqCst), 50);
    // Every item the input made was dropped once: 50 by their tasks, 5 staged ones when the
    // input panicked.
    assert_eq!(inputs_dropped.load(Ordering::SeqCst), 55);
    assert_eq!(pool.map(|x: u32| x + 1, 0..3).unwrap(), [1, 2, 3]);
}
