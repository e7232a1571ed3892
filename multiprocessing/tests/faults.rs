//! Bad input and faults: each is a typed error or one outcome per task, never a panic or a hang.

use std::sync::Arc;
use std::thread;

use multiprocessing::{JoinError, MapError, Pool, PoolError, SubmitError};

mod common;
use common::*;

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
fn absurd_sizes_are_typed_errors_not_panics() {
    assert!(matches!(
        Pool::new(usize::MAX),
        Err(PoolError::TooManyWorkers { requested: usize::MAX, max }) if max == Pool::MAX_PROCESSES
    ));
    assert!(matches!(
        Pool::new(Pool::MAX_PROCESSES + 1),
        Err(PoolError::TooManyWorkers { .. })
    ));
    assert_eq!(multiprocessing::default_chunksize(10, usize::MAX), 1);
    assert_eq!(
        multiprocessing::default_chunksize(usize::MAX, usize::MAX),
        1
    );
    assert_eq!(
        multiprocessing::default_chunksize(usize::MAX, 1),
        usize::MAX / 4 + 1
    );
}

#[test]
fn a_bad_worker_name_is_a_typed_error() {
    let nul = Pool::builder()
        .processes(2)
        .thread_name(|n| format!("w\0{n}"))
        .build();
    assert!(
        matches!(&nul, Err(PoolError::WorkerName(why)) if why.contains("NUL")),
        "{nul:?}"
    );
    quiet_deliberate_panics();
    let panicking = Pool::builder()
        .processes(2)
        .thread_name(|_| panic!("no names today, on purpose"))
        .build();
    assert!(
        matches!(&panicking, Err(PoolError::WorkerName(why)) if why.contains("no names today")),
        "{panicking:?}"
    );
}

/// A name function that names the first worker and then fails as `fail` says.
fn first_name_only(fail: fn(usize) -> String) -> impl Fn(usize) -> String + Send + Sync {
    move |n| if n == 1 { "first".to_string() } else { fail(n) }
}

#[test]
fn a_replacement_that_cannot_start_leaves_the_old_worker_serving() {
    quiet_deliberate_panics();
    let failures: [fn(usize) -> String; 2] = [
        |n| format!("nul\0{n}"),
        |_| panic!("replacement name, on purpose"),
    ];
    for fail in failures {
        let pool = Pool::builder()
            .processes(1)
            .maxtasksperchild(1)
            .thread_name(first_name_only(fail))
            .build()
            .unwrap();
        // Every chunk retires the worker; no replacement can start, so the first worker must
        // carry on. The timeout turns a pool left with no worker (a wait for ever) into a
        // failure.
        let handle = pool
            .map_async(
                |x: u32| (x, thread::current().name().map(String::from)),
                0..12,
            )
            .unwrap();
        let Ok(results) = handle.get_timeout(std::time::Duration::from_secs(30)) else {
            panic!("map_async never finished: the pool lost its only worker");
        };
        assert_eq!(results.len(), 12);
        for (i, (x, name)) in results.into_iter().enumerate() {
            assert_eq!(x as usize, i);
            assert_eq!(name.as_deref(), Some("first"));
        }
    }
}

#[test]
fn join_from_inside_a_task_is_refused_and_close_works_there() {
    let pool = Arc::new(Pool::new(2).unwrap());
    let inner = Arc::clone(&pool);
    let handle = pool
        .apply_async(move || {
            let running = inner.join();
            inner.close();
            (running, inner.join())
        })
        .unwrap();
    // The timeout turns a worker waiting for itself into a failure.
    let Ok(joined) = handle.get_timeout(std::time::Duration::from_secs(30)) else {
        panic!("join inside a task never returned");
    };
    assert_eq!(
        joined,
        (Err(JoinError::StillRunning), Err(JoinError::FromWorker))
    );
    assert_eq!(
        pool.apply_async(|| ()).unwrap_err(),
        SubmitError::NotRunning
    );
    assert_eq!(pool.join(), Ok(()));
}

#[test]
fn terminate_from_inside_a_task_ends_the_pool_without_joining_itself() {
    let pool = Arc::new(Pool::new(2).unwrap());
    let inner = Arc::clone(&pool);
    let handle = pool.apply_async(move || inner.terminate()).unwrap();
    assert_eq!(handle.get(), Ok(()));
    assert_eq!(
        pool.apply_async(|| ()).unwrap_err(),
        SubmitError::NotRunning
    );
    assert_eq!(pool.join(), Ok(()));
}

#[test]
fn dropping_the_last_handle_inside_a_task_does_not_join_itself() {
    let pool = Arc::new(Pool::new(2).unwrap());
    let inner = Arc::clone(&pool);
    let (go, gate) = crossbeam_channel::bounded::<()>(0);
    let (done_tx, done) = crossbeam_channel::bounded::<bool>(1);
    let handle = pool
        .apply_async(move || {
            gate.recv().unwrap();
            // The caller has dropped its handle: this is the last one.
            let last = Arc::strong_count(&inner) == 1;
            drop(inner);
            done_tx.send(last).unwrap();
        })
        .unwrap();
    drop(pool);
    go.send(()).unwrap();
    assert_eq!(done.recv(), Ok(true));
    assert_eq!(handle.get(), Ok(()));
}

#[test]
fn a_panic_payload_whose_drop_panics_is_still_the_tasks_panic() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let task = |x: u32| {
        if x == 2 {
            std::panic::panic_any(DeliberatePayload { drop_panics: true });
        }
        x
    };
    let not_a_string = Some("a panic payload that is not a string");
    let (error, failed) = task_failure(pool.map_chunked(task, 0..6, 3).unwrap_err());
    assert_eq!(
        (error.index(), error.panic_message(), failed),
        (2, not_a_string, 1)
    );
    let outcomes: Vec<_> = pool.imap_chunked(task, 0..6, 3).unwrap().collect();
    for (i, outcome) in outcomes.iter().enumerate() {
        match outcome {
            Ok(x) => assert_eq!((*x as usize, i == 2), (i, false)),
            Err(e) => assert_eq!((e.index(), e.panic_message()), (2, not_a_string)),
        }
    }
    let handle = pool.apply_async(move || task(2)).unwrap();
    assert_eq!(handle.get().unwrap_err().panic_message(), not_a_string);
}

/// A task value whose `Drop` panics.
#[derive(Debug)]
struct Grenade;

impl Drop for Grenade {
    fn drop(&mut self) {
        panic!("a result's drop panics on purpose");
    }
}

#[test]
fn a_result_whose_drop_panics_cannot_escape_the_pool() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let task = |x: u32| {
        assert!(x != 5, "task 5 fails on purpose");
        Grenade
    };
    // The map fails, so the pool drops the other tasks' values itself: quietly.
    let (error, failed) = task_failure(pool.map_chunked(task, 0..12, 2).unwrap_err());
    assert_eq!((error.index(), failed), (5, 1));
    let (error, failed) = task_failure(pool.map(task, 0..12).unwrap_err());
    assert_eq!((error.index(), failed), (5, 1));
    let error = pool.map_async(task, 0..12).unwrap().get().unwrap_err();
    assert_eq!(error.index(), 5);
    // An `imap` dropped with values still queued and in flight.
    let mut streamed = pool.imap_chunked(task, 0..12, 3).unwrap();
    let first = streamed.next();
    assert!(matches!(first, Some(Ok(_))));
    std::mem::forget(first);
    drop(streamed);
    // A result nobody waits for.
    drop(pool.apply_async(|| Grenade).unwrap());
    // The workers survived all of it.
    assert_eq!(pool.map(|x: u32| x + 1, 0..4), Ok(vec![1, 2, 3, 4]));
    pool.close();
    assert_eq!(pool.join(), Ok(()));
}
