//! Blocking behaviour: timeouts give up after their time (and not before), blocked calls
//! proceed when another thread acts, and shutdown wakes every blocked caller.

use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use threading::{
    GetTimeoutError, LifoQueue, PriorityQueue, PutError, PutTimeoutError, Queue, ShutDown,
};

const SHORT: Duration = Duration::from_millis(50);
/// Long enough never to be reached in a passing test; only a hang would.
const PATIENCE: Duration = Duration::from_secs(30);

#[test]
fn handles_are_send_sync_clone() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<Queue<String>>();
    assert_shareable::<LifoQueue<Vec<u8>>>();
    assert_shareable::<PriorityQueue<(u8, String)>>();
}

#[test]
fn get_timeout_on_empty_queue_gives_up_after_the_timeout() {
    let q: Queue<u8> = Queue::new();
    let started = Instant::now();
    assert_eq!(q.get_timeout(SHORT), Err(GetTimeoutError::Empty));
    assert!(
        started.elapsed() >= SHORT,
        "returned early: {:?}",
        started.elapsed()
    );
}

#[test]
fn put_timeout_on_full_queue_gives_up_and_hands_the_item_back() {
    let q = Queue::with_maxsize(1);
    q.put("first").unwrap();
    let started = Instant::now();
    assert_eq!(
        q.put_timeout("second", SHORT),
        Err(PutTimeoutError::Full("second"))
    );
    assert!(
        started.elapsed() >= SHORT,
        "returned early: {:?}",
        started.elapsed()
    );
    assert_eq!(q.qsize(), 1);
}

#[test]
fn huge_timeouts_do_not_overflow() {
    let q = Queue::new();
    q.put(1).unwrap();
    assert_eq!(q.get_timeout(Duration::MAX), Ok(1));
    assert_eq!(q.put_timeout(2, Duration::MAX), Ok(()));
}

#[test]
fn get_timeout_returns_an_item_put_while_waiting() {
    let q = Queue::new();
    let ready = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            ready.wait();
            q.put(42).unwrap();
        });
        ready.wait();
        assert_eq!(q.get_timeout(PATIENCE), Ok(42));
    });
}

#[test]
fn put_timeout_goes_through_when_room_is_made() {
    let q = Queue::with_maxsize(1);
    q.put(1).unwrap();
    let ready = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            ready.wait();
            assert_eq!(q.get(), Ok(1));
        });
        ready.wait();
        assert_eq!(q.put_timeout(2, PATIENCE), Ok(()));
    });
    assert_eq!(q.get_nowait(), Ok(2));
}

/// Many getters (blocking and with a timeout) on an empty queue and many putters on a full one:
/// one shutdown wakes them all. The barrier only makes every thread reach its call before the
/// shutdown is likely; whether a thread was already asleep or arrives just after, the answer
/// must be the same (the loom models check the asleep case exhaustively).
#[test]
fn shutdown_wakes_every_blocked_caller() {
    let empty: Queue<u32> = Queue::new();
    let full: Queue<u32> = Queue::with_maxsize(1);
    full.put(0).unwrap();
    let joiner_q: Queue<u32> = Queue::new();
    joiner_q.put(0).unwrap(); // one unfinished task: join blocks until shutdown_immediate
    const EACH: usize = 4;
    let ready = Barrier::new(4 * EACH + 1);
    thread::scope(|s| {
        let getters: Vec<_> = (0..EACH)
            .map(|_| {
                s.spawn(|| {
                    ready.wait();
                    empty.get()
                })
            })
            .collect();
        let timed_getters: Vec<_> = (0..EACH)
            .map(|_| {
                s.spawn(|| {
                    ready.wait();
                    empty.get_timeout(PATIENCE)
                })
            })
            .collect();
        let putters: Vec<_> = (0..EACH as u32)
            .map(|i| {
                let (full, ready) = (&full, &ready);
                s.spawn(move || {
                    ready.wait();
                    full.put(i)
                })
            })
            .collect();
        let joiners: Vec<_> = (0..EACH)
            .map(|_| {
                s.spawn(|| {
                    ready.wait();
                    joiner_q.join();
                })
            })
            .collect();
        ready.wait();
        empty.shutdown();
        full.shutdown();
        assert_eq!(joiner_q.shutdown_immediate(), [0]);

        for g in getters {
            assert_eq!(g.join().unwrap(), Err(ShutDown));
        }
        for g in timed_getters {
            assert_eq!(g.join().unwrap(), Err(GetTimeoutError::ShutDown));
        }
        let mut returned: Vec<u32> = putters
            .into_iter()
            .map(|p| p.join().unwrap().map_err(PutError::into_inner).unwrap_err())
            .collect();
        returned.sort();
        assert_eq!(returned, [0, 1, 2, 3], "every putter got its item back");
        for j in joiners {
            j.join().unwrap();
        }
    });
    // Python 3.13: a plain shutdown still lets gets drain the queue.
    assert_eq!(full.get(), Ok(0));
    assert_eq!(full.get(), Err(ShutDown));
    assert_eq!(joiner_q.unfinished_tasks(), 0);
}

#[test]
fn usable_through_an_arc_and_from_std_threads() {
    let q = std::sync::Arc::new(PriorityQueue::new());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let q = std::sync::Arc::clone(&q);
            thread::spawn(move || q.put(3 - i).unwrap())
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let out: Vec<i32> = std::iter::from_fn(|| q.get_nowait().ok()).collect();
    assert_eq!(out, [0, 1, 2, 3]);
}

#[test]
fn simple_queue_get_waits_for_a_put_and_get_timeout_gives_up() {
    let q = threading::SimpleQueue::new();
    let started = Instant::now();
    assert_eq!(q.get_timeout(SHORT), Err(threading::Empty));
    assert!(started.elapsed() >= SHORT, "returned early");
    let barrier = Barrier::new(2);
    thread::scope(|s| {
        let getter = s.spawn(|| {
            barrier.wait();
            q.get()
        });
        barrier.wait();
        q.put(42);
        assert_eq!(getter.join().unwrap(), 42);
    });
}
