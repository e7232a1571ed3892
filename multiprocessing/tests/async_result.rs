//! `AsyncResult`: Python's `ready`, `successful`, `wait` and `get` on a task still pending, and
//! once it is done.

use std::time::Duration;

use multiprocessing::{GetTimeoutError, Pool};

#[test]
fn a_pending_task_is_not_ready_until_it_finishes() {
    let pool = Pool::new(1).unwrap();
    let (go, gate) = crossbeam_channel::bounded::<()>(0);
    let (started_tx, started) = crossbeam_channel::bounded::<()>(0);
    let handle = pool
        .apply_async(move || {
            started_tx.send(()).unwrap();
            gate.recv().unwrap();
            7
        })
        .unwrap();
    started.recv().unwrap();
    // The task is running and cannot finish before `go`: every answer must say "not yet".
    assert!(!handle.ready());
    assert_eq!(handle.successful(), None);
    assert!(!handle.wait_timeout(Duration::from_millis(20)));
    let queued = pool.map_async(|x: u32| x * 2, 0..3).unwrap();
    assert!(!queued.ready(), "queued behind the blocked task");
    assert_eq!(queued.successful(), None);
    let Err(GetTimeoutError::Timeout(handle)) = handle.get_timeout(Duration::from_millis(1)) else {
        panic!("the task waits for the gate, so it cannot be ready");
    };
    go.send(()).unwrap();
    assert!(handle.wait_timeout(Duration::from_secs(30)));
    assert!(handle.ready());
    assert_eq!(handle.successful(), Some(true));
    assert_eq!(handle.get(), Ok(7));
    queued.wait();
    assert!(queued.ready());
    assert_eq!(queued.get(), Ok(vec![0, 2, 4]));
}
