//! Scaffolding the pool's test files share.
#![allow(dead_code)]

use std::thread;

use multiprocessing::{MapError, Pool};

/// Waits until a `terminate` running on another thread has set its flag, then lets the task
/// blocking the pool finish: `terminate` sets the flag before it closes the queue, so once a
/// submission is refused the flag is set.
pub(crate) fn release_once_terminated(pool: &Pool, release: &crossbeam_channel::Sender<()>) {
    while pool.apply_async(|| ()).is_ok() {
        thread::yield_now();
    }
    release.send(()).unwrap();
}

/// The first failed task and the number of failed tasks of a `map` that failed on its tasks.
pub(crate) fn task_failure(error: MapError) -> (multiprocessing::TaskError, usize) {
    match error {
        MapError::Task { error, failed } => (error, failed),
        other => panic!("expected a task error, got {other:?}"),
    }
}

/// Keeps the panics these tests cause on purpose out of the log: those whose message says "on
/// purpose", and those whose payload is a value of the test's own type
/// ([`DeliberatePayload`]); every other panic is reported as usual.
pub(crate) fn quiet_deliberate_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            if payload.is::<DeliberatePayload>() {
                return;
            }
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

/// A panic payload that is not a string, thrown on purpose with `std::panic::panic_any`; its
/// `Drop` panics too when `drop_panics` is set.
pub(crate) struct DeliberatePayload {
    pub(crate) drop_panics: bool,
}

impl Drop for DeliberatePayload {
    fn drop(&mut self) {
        if self.drop_panics {
            panic!("a panic payload's drop panics on purpose");
        }
    }
}
