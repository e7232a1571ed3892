//! A loom model of the bounded queue from the threading chapter (the design of `queue.Queue`: one
//! lock, a `not_empty` and a `not_full` condition). loom runs the test under every interleaving
//! of its threads (up to a bound on preemptions) and fails on a broken assertion or a deadlock.
//! The other tests prove the model can fail: a queue that signals the wrong condition deadlocks,
//! and loom finds the interleaving where it does.

// ANCHOR: queue
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;
use std::collections::VecDeque;

/// The bounded queue, on loom's `Mutex` and `Condvar` instead of `std::sync`'s.
struct BoundedQueue {
    items: Mutex<VecDeque<u32>>,
    not_empty: Condvar,
    not_full: Condvar,
    maxsize: usize,
    /// Which condition `put` signals: `not_empty` is right; the bug signals `not_full`.
    buggy: bool,
}

impl BoundedQueue {
    fn new(maxsize: usize, buggy: bool) -> Self {
        BoundedQueue {
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            maxsize,
            buggy,
        }
    }

    fn put(&self, item: u32) {
        let mut items = self.items.lock().unwrap();
        while items.len() >= self.maxsize {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        if self.buggy {
            self.not_full.notify_one();
        } else {
            self.not_empty.notify_one();
        }
    }

    fn get(&self) -> u32 {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                self.not_full.notify_one();
                return item;
            }
            items = self.not_empty.wait(items).unwrap();
        }
    }
}
// ANCHOR_END: queue

// ANCHOR: model
/// One producer puts 1, 2, 3 into a queue that holds one item; the consumer must get them in
/// order, whatever the interleaving. A lost wake-up shows up as a deadlock loom reports.
fn producer_consumer(buggy: bool) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(move || {
        let queue = Arc::new(BoundedQueue::new(1, buggy));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || (1..=3).for_each(|i| queue.put(i)))
        };
        let got: Vec<u32> = (0..3).map(|_| queue.get()).collect();
        producer.join().unwrap();
        assert_eq!(got, [1, 2, 3]);
    });
}

#[test]
fn every_interleaving_delivers_every_item_in_order() {
    producer_consumer(false);
}
// ANCHOR_END: model

/// The buggy queue's model. loom reports a deadlock by panicking inside its scheduler, which
/// aborts the process, so this runs in a child process started by the test below.
#[test]
#[ignore = "run in a child process by loom_finds_the_lost_wake_up"]
fn buggy_queue_model() {
    producer_consumer(true);
}

#[test]
fn loom_finds_the_lost_wake_up() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "buggy_queue_model",
            "--ignored",
            // Uncaptured, loom's panic message reaches stderr before the process aborts.
            "--nocapture",
        ])
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the buggy queue passed its model");
    assert!(
        stderr.contains("deadlock"),
        "loom did not report a deadlock:\n{stderr}"
    );
}
