//! Chunks of `map_async`, `imap` and `imap_unordered`: how they cut their input, run a piece on
//! a worker and report back exactly once. (`map` itself claims its chunks in `scoped.rs`.)

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use crossbeam_channel::Sender;

use super::callbacks::Delivery;
use super::lock;
use crate::error::{MapError, TaskError, TaskErrorKind};
use crate::unwind::{drop_each, take_message};

// ANCHOR: default_chunksize
/// Python's rule for `Pool.map`'s default chunk size: `ceil(len / (4 * workers))`, at least 1.
///
/// Four chunks per worker is a compromise: few enough that sending a chunk costs little next to
/// running it, enough that a worker that finishes early finds more work.
///
/// ```
/// use multiprocessing::default_chunksize;
/// assert_eq!(default_chunksize(8, 2), 1); // the notebook: one item per chunk
/// assert_eq!(default_chunksize(1_000_000, 2), 125_000);
/// assert_eq!(default_chunksize(9, 2), 2);
/// assert_eq!(default_chunksize(0, 2), 1);
/// ```
pub fn default_chunksize(len: usize, workers: usize) -> usize {
    // Saturating: for more than `usize::MAX / 4` workers the divisor only grows, and the
    // answer is 1 either way.
    len.div_ceil(workers.max(1).saturating_mul(4)).max(1)
}
// ANCHOR_END: default_chunksize

/// Runs `f` on each item, handing the result of the item at position `k` (from 0) to
/// `put(k, value)`, and returns how many items ran and the failed tasks in order (task
/// `start + k` for the item at position `k`). A panicking task costs only its own result
/// (Python loses the rest of its chunk; we keep it).
///
/// This is the one loop every chunk of every call runs. Fast path: one `catch_unwind` around
/// the whole loop rather than one per item, so the loop stays tight for trivial functions.
/// After a panic the loop starts again under a new `catch_unwind` from the next item (the
/// iterator lives outside the closure).
// ANCHOR: run_chunk
pub(crate) fn run_chunk<T, R>(
    f: &(impl Fn(T) -> R + ?Sized),
    start: usize,
    mut items: impl Iterator<Item = T>,
    mut put: impl FnMut(usize, R),
) -> (usize, Vec<TaskError>) {
    let mut errors = Vec::new();
    // The position of the task about to run.
    let mut k = 0;
    loop {
        let finished = catch_unwind(AssertUnwindSafe(|| {
            for item in items.by_ref() {
                put(k, f(item));
                k += 1;
            }
        }));
        match finished {
            Ok(()) => break,
            Err(payload) => {
                // `f` panicked before `k` moved on: `k` is the failed task. Its payload is
                // dropped quietly: a payload whose `Drop` panics is still this task's panic.
                let kind = TaskErrorKind::Panicked(take_message(payload));
                errors.push(TaskError::new(start + k, kind));
                k += 1;
            }
        }
    }
    (k, errors)
}
// ANCHOR_END: run_chunk

/// What one chunk gave: the values of the tasks that returned, and an error for each that did
/// not. When `errors` is empty, `values[i]` belongs to task `start + i`.
#[derive(Debug)]
pub(crate) struct ChunkOutcome<R> {
    pub(crate) start: usize,
    pub(crate) len: usize,
    pub(crate) values: Vec<R>,
    pub(crate) errors: Vec<TaskError>,
}

impl<R> ChunkOutcome<R> {
    /// Runs `f` on every item (see [`run_chunk`]).
    ///
    /// `capacity` is the room to reserve for values: `map_async` asks the first chunk for room
    /// for every task's value, so that the chunks that follow are appended to it in place.
    pub(crate) fn run<T>(
        f: &(impl Fn(T) -> R + ?Sized),
        start: usize,
        items: Vec<T>,
        capacity: usize,
    ) -> Self {
        let len = items.len();
        let mut values = Vec::with_capacity(capacity.max(len));
        let (_, errors) = run_chunk(f, start, items.into_iter(), |_, value| values.push(value));
        ChunkOutcome {
            start,
            len,
            values,
            errors,
        }
    }

    /// The outcome of a chunk that never ran: every task says the pool was terminated.
    pub(crate) fn terminated(start: usize, len: usize) -> Self {
        ChunkOutcome {
            start,
            len,
            values: Vec::new(),
            errors: (start..start + len)
                .map(|i| TaskError::new(i, TaskErrorKind::Terminated))
                .collect(),
        }
    }

    /// One outcome per task, in task order.
    pub(crate) fn into_results(mut self) -> impl Iterator<Item = Result<R, TaskError>> {
        let mut values = std::mem::take(&mut self.values).into_iter();
        let mut errors = std::mem::take(&mut self.errors).into_iter().peekable();
        (self.start..self.start + self.len).map(move |i| match errors.peek() {
            Some(e) if e.index() == i => Err(errors.next().expect("peeked")),
            _ => Ok(values.next().expect("one value per task that did not fail")),
        })
    }
}

impl<R> Drop for ChunkOutcome<R> {
    /// An outcome nobody collected (an `imap` dropped early, a failed `map_async`): its
    /// values are dropped one at a time, so one whose `Drop` panics cannot escape into the
    /// pool or abort the process.
    fn drop(&mut self) {
        drop_each(std::mem::take(&mut self.values));
    }
}

/// Puts every chunk's values in input order, or reports the first failed task (by index) once
/// every chunk is in, like Python's `map`.
pub(crate) fn assemble<R>(
    outcomes: impl IntoIterator<Item = ChunkOutcome<R>>,
    len: usize,
) -> Result<Vec<R>, MapError> {
    let mut by_start = BTreeMap::new();
    let mut first: Option<TaskError> = None;
    let mut failed = 0;
    for outcome in outcomes {
        failed += outcome.errors.len();
        for e in &outcome.errors {
            if first.as_ref().is_none_or(|f| e.index() < f.index()) {
                first = Some(e.clone());
            }
        }
        by_start.insert(outcome.start, outcome);
    }
    if let Some(error) = first {
        return Err(MapError::Task { error, failed });
    }
    let mut chunks = by_start.into_values();
    // The first chunk's vector has room for everything (see `ChunkOutcome::run`).
    let mut values = chunks
        .next()
        .map_or_else(Vec::new, |mut first| std::mem::take(&mut first.values));
    for mut outcome in chunks {
        debug_assert_eq!(outcome.start, values.len());
        values.append(&mut outcome.values);
    }
    // Each chunk reports exactly once (see `Reporter`), so nothing can be missing; if that
    // invariant ever broke, say so rather than return a short vector.
    if values.len() != len {
        let error = TaskError::new(values.len(), TaskErrorKind::Terminated);
        drop_each(values);
        return Err(MapError::Task { error, failed: 1 });
    }
    Ok(values)
}

/// Where a chunk's outcome goes: a channel (`imap`, `imap_unordered`) or a gatherer that builds the whole
/// result when the last chunk is in (`map_async`).
pub(crate) enum Sink<R: Send + 'static> {
    Channel(Sender<ChunkOutcome<R>>),
    Gather(Arc<Gather<R>>),
}

/// Collects `map_async`'s chunks; the last one to arrive delivers the assembled result.
pub(crate) struct Gather<R: Send + 'static> {
    state: Mutex<Gathered<R>>,
    len: usize,
}

/// The chunks in so far, how many are still to come, and where the result goes.
struct Gathered<R: Send + 'static> {
    outcomes: Vec<ChunkOutcome<R>>,
    missing: usize,
    done: Option<Delivery<Vec<R>>>,
}

impl<R: Send + 'static> Gather<R> {
    pub(crate) fn new(chunks: usize, len: usize, done: Delivery<Vec<R>>) -> Self {
        if chunks == 0 {
            done.deliver(Ok(Vec::new()));
            return Gather {
                state: Mutex::new(Gathered {
                    outcomes: Vec::new(),
                    missing: 0,
                    done: None,
                }),
                len,
            };
        }
        Gather {
            state: Mutex::new(Gathered {
                outcomes: Vec::with_capacity(chunks),
                missing: chunks,
                done: Some(done),
            }),
            len,
        }
    }

    fn deliver(&self, outcome: ChunkOutcome<R>) {
        let mut state = lock(&self.state);
        state.outcomes.push(outcome);
        state.missing -= 1;
        if state.missing == 0 {
            let outcomes = std::mem::take(&mut state.outcomes);
            let done = state.done.take();
            drop(state);
            let result = assemble(outcomes, self.len).map_err(|e| match e {
                MapError::Task { error, .. } => error,
                MapError::Submit(_) => unreachable!("assemble reports only task errors"),
            });
            if let Some(done) = done {
                done.deliver(result);
            }
        }
    }
}

/// Reports a chunk's outcome exactly once: when it ran, or, if the job is dropped without
/// running (the pool was terminated), from `Drop` with every task marked terminated.
pub(crate) struct Reporter<R: Send + 'static> {
    sink: Sink<R>,
    start: usize,
    len: usize,
    sent: bool,
}

impl<R: Send + 'static> Reporter<R> {
    pub(crate) fn new(sink: Sink<R>, start: usize, len: usize) -> Self {
        Reporter {
            sink,
            start,
            len,
            sent: false,
        }
    }

    pub(crate) fn report(mut self, outcome: ChunkOutcome<R>) {
        self.sent = true;
        self.deliver(outcome);
    }

    fn deliver(&self, outcome: ChunkOutcome<R>) {
        match &self.sink {
            // The receiver may be gone (an `IMap` dropped early): its results are not wanted.
            Sink::Channel(tx) => {
                let _ = tx.send(outcome);
            }
            Sink::Gather(g) => g.deliver(outcome),
        }
    }
}

impl<R: Send + 'static> Drop for Reporter<R> {
    fn drop(&mut self) {
        if !self.sent {
            self.deliver(ChunkOutcome::terminated(self.start, self.len));
        }
    }
}

/// Cuts `items` into chunks of `chunksize`, each with its start index, straight from the
/// iterator (no intermediate vector of all items).
pub(crate) fn split<T>(
    items: impl IntoIterator<Item = T>,
    chunksize: usize,
) -> Vec<(usize, Vec<T>)> {
    let mut items = items.into_iter();
    let mut chunks = Vec::with_capacity(items.size_hint().0.div_ceil(chunksize));
    let mut start = 0;
    loop {
        let chunk: Vec<T> = items.by_ref().take(chunksize).collect();
        if chunk.is_empty() {
            return chunks;
        }
        let len = chunk.len();
        chunks.push((start, chunk));
        start += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn into_results_interleaves_errors() {
        let outcome = ChunkOutcome::run(
            &|x: i32| {
                assert!(x != 2, "two");
                x * 10
            },
            5,
            vec![1, 2, 3],
            3,
        );
        let results: Vec<_> = outcome.into_results().collect();
        assert_eq!(results[0], Ok(10));
        assert_eq!(results[1].as_ref().unwrap_err().index(), 6);
        assert_eq!(
            results[1].as_ref().unwrap_err().panic_message(),
            Some("two")
        );
        assert_eq!(results[2], Ok(30));
    }

    #[test]
    fn split_keeps_order_and_starts() {
        let chunks = split(0..7, 3);
        assert_eq!(
            chunks,
            vec![(0, vec![0, 1, 2]), (3, vec![3, 4, 5]), (6, vec![6])]
        );
    }
}
