//! Panics as values: catching a task's panic, and dropping what may panic while dropped.
//!
//! A panic payload is a `Box<dyn Any + Send>`, and a value's `Drop` may itself panic. Dropping
//! such a value in library code would let a second panic escape where the pool is cleaning up
//! (or abort the process, if it happens while a first panic unwinds), so every payload and
//! every unwanted task value is dropped here, under `catch_unwind`.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::panic_message;

/// The panic's message; the payload is dropped quietly.
pub(crate) fn take_message(payload: Box<dyn Any + Send>) -> String {
    let message = panic_message(&*payload);
    drop_quietly(payload);
    message
}

/// Drops `value`; if its `Drop` panics, that panic is caught and its payload dropped the same
/// way. A payload whose own `Drop` panics yet again is leaked rather than dropped: something
/// has to stop the chain, and a leak is the one outcome that cannot escape.
pub(crate) fn drop_quietly<T>(value: T) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| drop(value)))
        && let Err(again) = catch_unwind(AssertUnwindSafe(|| drop(payload)))
    {
        std::mem::forget(again);
    }
}

/// Drops every item of `values` one at a time, each with [`drop_quietly`], so one item whose
/// `Drop` panics neither stops the others from being dropped nor aborts the process.
pub(crate) fn drop_each<T>(values: impl IntoIterator<Item = T>) {
    for value in values {
        drop_quietly(value);
    }
}
