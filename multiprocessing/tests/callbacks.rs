//! Python's `callback` and `error_callback` (one result thread, completion order, a panicking
//! callback reported), `starmap_async`, and chunk sizes for `map_async` and `starmap`.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crossbeam_channel::{Sender, bounded, unbounded};
use multiprocessing::{AsyncOptions, MapError, Pool, SubmitError, TaskError, TaskErrorKind};

mod common;
use common::*;

/// Records which callback ran, and on which thread.
fn recorder(log: &Arc<Mutex<Vec<(u32, String)>>>, id: u32) -> impl FnOnce(&u32) + Send + 'static {
    let log = Arc::clone(log);
    move |_| {
        let name = thread::current().name().unwrap_or("").to_string();
        log.lock().unwrap().push((id, name));
    }
}

#[test]
fn callbacks_run_on_one_thread_in_completion_order() {
    let pool = Pool::new(3).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut gates: Vec<Sender<()>> = Vec::new();
    let mut handles = Vec::new();
    for id in 0..3u32 {
        let (go, gate) = bounded::<()>(0);
        gates.push(go);
        let options = AsyncOptions::new().callback(recorder(&log, id));
        let task = move || {
            gate.recv().unwrap();
            id
        };
        handles.push(pool.apply_async_with(task, options).unwrap());
    }
    // Let the tasks finish in the order 2, 0, 1; a handle is ready only once its callback
    // has run, so each wait orders the callbacks.
    for id in [2, 0, 1] {
        gates[id].send(()).unwrap();
        handles[id].wait();
    }
    let log = log.lock().unwrap().clone();
    let order: Vec<u32> = log.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, [2, 0, 1]);
    assert!(
        log.iter().all(|(_, name)| name == "PoolResultHandler"),
        "{log:?}"
    );
    for (id, handle) in handles.into_iter().enumerate() {
        assert_eq!(handle.get(), Ok(id as u32));
    }
}

#[test]
fn a_handle_is_ready_only_after_its_callback_ran() {
    let pool = Pool::new(1).unwrap();
    let (go, gate) = bounded::<()>(0);
    let (entered_tx, entered) = bounded::<()>(0);
    let options = AsyncOptions::new().callback(move |_: &u32| {
        entered_tx.send(()).unwrap();
        gate.recv().unwrap();
    });
    let handle = pool.apply_async_with(|| 5, options).unwrap();
    entered.recv().unwrap();
    // The task is done, its callback is running: not ready yet.
    assert!(!handle.ready());
    assert!(!handle.wait_timeout(Duration::from_millis(20)));
    go.send(()).unwrap();
    assert_eq!(handle.get(), Ok(5));
}

#[test]
fn a_panicking_callback_is_reported_and_the_next_callbacks_still_run() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let options = AsyncOptions::new().callback(|_: &u32| panic!("callback fails on purpose"));
    let failed = pool.apply_async_with(|| 1, options).unwrap().get();
    let error = failed.unwrap_err();
    assert!(
        matches!(error.kind(), TaskErrorKind::CallbackPanicked(m) if m == "callback fails on purpose"),
        "{error}"
    );
    let options = AsyncOptions::new()
        .error_callback(|_: &TaskError| panic!("error callback too, on purpose"));
    let task = || -> u32 { panic!("the task fails on purpose") };
    let error = pool
        .apply_async_with(task, options)
        .unwrap()
        .get()
        .unwrap_err();
    assert!(
        matches!(error.kind(), TaskErrorKind::CallbackPanicked(_)),
        "{error}"
    );
    // The result thread survived both.
    let (tx, rx) = unbounded();
    let options = AsyncOptions::new().callback(move |v: &u32| tx.send(*v).unwrap());
    assert_eq!(pool.apply_async_with(|| 3, options).unwrap().get(), Ok(3));
    assert_eq!(rx.recv(), Ok(3));
}

#[test]
fn error_callbacks_see_task_panics_and_terminated_tasks() {
    quiet_deliberate_panics();
    let pool = Pool::new(1).unwrap();
    let (errors_tx, errors) = unbounded::<TaskError>();
    let on_error = |tx: &Sender<TaskError>| {
        let tx = tx.clone();
        move |e: &TaskError| tx.send(e.clone()).unwrap()
    };
    let options = AsyncOptions::new().error_callback(on_error(&errors_tx));
    let task = |x: u32| {
        assert!(x != 4, "item 4 fails on purpose");
        x
    };
    let handle = pool.map_async_with(task, 0..8, options).unwrap();
    assert_eq!(handle.get().unwrap_err().index(), 4);
    let seen = errors.recv().unwrap();
    assert_eq!(seen.index(), 4);
    assert_eq!(seen.panic_message(), Some("item 4 fails on purpose"));

    // A task still queued when the pool is terminated: its error callback runs too.
    let (go, gate) = bounded::<()>(0);
    let (started_tx, started) = bounded::<()>(0);
    let blocker = pool
        .apply_async(move || {
            started_tx.send(()).unwrap();
            gate.recv().unwrap();
        })
        .unwrap();
    started.recv().unwrap();
    let options = AsyncOptions::new().error_callback(on_error(&errors_tx));
    let queued = pool.apply_async_with(|| 1u32, options).unwrap();
    thread::scope(|s| {
        s.spawn(|| pool.terminate());
        release_once_terminated(&pool, &go);
    });
    assert_eq!(blocker.get(), Ok(()));
    assert_eq!(queued.get().unwrap_err().kind(), &TaskErrorKind::Terminated);
    assert_eq!(errors.recv().unwrap().kind(), &TaskErrorKind::Terminated);
}

/// The worker each item ran on; with `maxtasksperchild(1)` every chunk gets a new worker.
fn worker_names(names: &[Option<String>]) -> Vec<usize> {
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let same = i > 0 && names[i - 1] == *name;
        let last = ids.last().copied().unwrap_or(0);
        ids.push(if same {
            last
        } else {
            last + usize::from(i > 0)
        });
    }
    ids
}

#[test]
fn map_async_and_starmap_take_a_chunk_size() {
    let pool = Pool::builder()
        .processes(1)
        .maxtasksperchild(1)
        .build()
        .unwrap();
    let name = |_: u32| thread::current().name().map(String::from);
    let options = AsyncOptions::new().chunksize(3);
    let names = pool
        .map_async_with(name, 0..8, options)
        .unwrap()
        .get()
        .unwrap();
    assert_eq!(worker_names(&names), [0, 0, 0, 1, 1, 1, 2, 2]);
    let star_name = |_: u32, _: u32| thread::current().name().map(String::from);
    let pairs: Vec<(u32, u32)> = (0..5).map(|i| (i, i)).collect();
    let names = pool.starmap_chunked(star_name, pairs.clone(), 2).unwrap();
    assert_eq!(worker_names(&names), [0, 0, 1, 1, 2]);
    let options = AsyncOptions::new().chunksize(4);
    let names = pool
        .starmap_async_with(star_name, pairs.clone(), options)
        .unwrap();
    assert_eq!(worker_names(&names.get().unwrap()), [0, 0, 0, 0, 1]);
    assert_eq!(
        pool.map_async_with(name, 0..3, AsyncOptions::new().chunksize(0))
            .unwrap_err(),
        SubmitError::ZeroChunkSize
    );
    assert_eq!(
        pool.starmap_chunked(star_name, pairs, 0),
        Err(MapError::Submit(SubmitError::ZeroChunkSize))
    );
    assert_eq!(
        pool.starmap_async(|a: u32, b: u32| a + b, [(1, 2), (3, 4)])
            .unwrap()
            .get(),
        Ok(vec![3, 7])
    );
}
