//! In Python, an exception in a pool task travels back to the caller of `map`, and
//! the pool keeps working. A panic in a Rust thread unwinds that thread: unless the
//! worker catches it, the worker is gone and `thread::scope` re-raises the panic.
//! Here every task yields exactly one outcome, even when it panics.

use std::any::Any;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::thread;

/// What a task that panicked leaves behind: its position in the input and the panic's
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskPanic {
    /// The task's position in the input.
    pub index: usize,
    /// The panic's message.
    pub message: String,
}

/// A working pool `map` (the worker-loop exercise's solution, in short): results in
/// input order. A panic in `f` is not caught here: it brings the whole call down.
pub fn map<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let len = items.len();
    let (job_tx, job_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded();
    for job in items.into_iter().enumerate() {
        job_tx.send(job).expect("the receiver is alive");
    }
    drop(job_tx);
    thread::scope(|scope| {
        for _ in 0..workers.get() {
            let (jobs, results, f) = (&job_rx, result_tx.clone(), &f);
            scope.spawn(move || {
                for (index, item) in jobs.iter() {
                    let _ = results.send((index, f(item)));
                }
            });
        }
    });
    drop(result_tx);
    let mut slots: Vec<Option<R>> = (0..len).map(|_| None).collect();
    for (index, result) in result_rx {
        slots[index] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("one result per job"))
        .collect()
}

// ANCHOR: solution
/// The message of a panic payload: `panic!("literal")` carries a `&'static str`,
/// `panic!("{x}")` a `String`; anything else (`std::panic::panic_any(42)`) has no
/// message.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        String::from("<panic payload is not a string>")
    }
}

/// Like [`map`], but a task that panics yields `Err(TaskPanic)` in its slot, and
/// every other task still yields its result.
pub fn map_catching<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<Result<R, TaskPanic>> {
    let indexed: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    map(workers, indexed, |(index, item)| {
        // `AssertUnwindSafe`: after a panic we never look at `f`'s state again
        // through this task.
        panic::catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|payload| {
            TaskPanic {
                index,
                message: panic_message(&*payload),
            }
        })
    })
}

/// Python's behaviour: every task runs to the end, then `map` returns all the
/// results, or one failure. Python reports the failure that happened first in time;
/// this reports the first in input order, which is the same on every run.
pub fn map_or_first_panic<T: Send, R: Send>(
    workers: NonZeroUsize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Result<Vec<R>, TaskPanic> {
    // Collecting an iterator of `Result`s stops at the first `Err`, in input order.
    map_catching(workers, items, f).into_iter().collect()
}
// ANCHOR_END: solution
