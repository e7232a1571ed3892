//! `map` over borrowed data, each result written straight into its place in the output.
//!
//! This is the fast path behind [`Pool::map`](crate::Pool::map). The output vector is
//! allocated once; its spare capacity is cut into one disjoint `&mut [MaybeUninit<R>]` per
//! chunk (plain safe slicing), and each chunk's job writes its results there from a worker
//! thread, as rayon's `collect` does. The caller waits until every job has been dropped (see
//! `worker::ScopedJob`), then declares the output initialised only if every chunk reported that
//! it wrote every one of its slots. That `set_len`, and dropping the values of a chunk whose
//! neighbours failed, are the only `unsafe` steps, each argued where it happens.

use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crossbeam_channel::{Sender, unbounded};

use super::worker::{Job, Latch, WaitOnDrop, scoped_job};
use crate::error::{MapError, TaskError, TaskErrorKind, panic_message};

/// What one chunk did with its slots.
struct Written {
    start: usize,
    len: usize,
    /// Failed tasks, in index order. Empty means every slot of the chunk holds a value.
    /// Otherwise the chunk has already dropped the values it wrote: nothing is left to drop.
    errors: Vec<TaskError>,
}

/// Runs `f` on `items`, writing result `k` into `slots[k]`; see the module doc.
fn run_chunk<T, R>(
    f: &(impl Fn(T) -> R + ?Sized),
    start: usize,
    items: impl Iterator<Item = T>,
    slots: &mut [MaybeUninit<R>],
) -> Written {
    let len = slots.len();
    let mut errors = Vec::new();
    // Never more items than slots (the chunk types used, `Vec` and slices, have exactly as
    // many; `take` makes sure).
    let mut items = items.take(len);
    // The position of the task about to run. One `catch_unwind` for the whole loop keeps it
    // tight; after a panic the loop resumes under a new one from the next item.
    let mut k = 0;
    loop {
        let finished = catch_unwind(AssertUnwindSafe(|| {
            for item in items.by_ref() {
                slots[k].write(f(item));
                k += 1;
            }
        }));
        match finished {
            Ok(()) => break,
            Err(payload) => {
                let kind = TaskErrorKind::Panicked(panic_message(&*payload));
                errors.push(TaskError::new(start + k, kind));
                k += 1;
            }
        }
    }
    if k < len {
        // Fewer items than slots: cannot happen with the chunk types used, but if it did, the
        // chunk must not claim its empty slots hold values.
        errors.push(TaskError::new(start + k, TaskErrorKind::Terminated));
    }
    if !errors.is_empty() {
        // The map will fail, so the values written are not wanted: drop them here, where we
        // know exactly which slots hold one (every slot but the failed tasks').
        let mut failed = errors.iter().map(|e| e.index() - start).peekable();
        for (i, slot) in slots[..k.min(len)].iter_mut().enumerate() {
            if failed.peek() == Some(&i) {
                failed.next();
            } else {
                // SAFETY: slot `i` was written above (its task did not panic), and is dropped
                // only here, once; the caller never reads a failed chunk's slots.
                unsafe { slot.assume_init_drop() };
            }
        }
    }
    Written { start, len, errors }
}

/// `map` of `f` over `len` items, which `cut` hands out as chunks: `cut(n)` gives the next
/// chunk of at most `n` items (a `Vec` cut from an iterator, or a sub-slice). `base` is the
/// index of the first item (for error messages). The chunks are cut and sent one at a time,
/// so workers start while later chunks are being cut. Returns the values of the items `cut`
/// gave (fewer than `len` if it ran out early).
pub(crate) fn map_in_place<C, R, F>(
    sender: &Sender<Job>,
    f: &F,
    mut cut: impl FnMut(usize) -> C,
    len: usize,
    chunksize: usize,
    base: usize,
) -> Result<Vec<R>, MapError>
where
    C: IntoIterator,
    C::IntoIter: ExactSizeIterator + Send,
    F: Fn(C::Item) -> R + Sync,
    R: Send,
{
    let mut out: Vec<R> = Vec::with_capacity(len);
    let (tx, rx) = unbounded::<Written>();
    let latch = Arc::new(Latch::new(0));
    let mut chunks = Vec::new(); // (start, len) of every chunk sent
    {
        // Declared before any job is sent, so it waits for them whatever happens next.
        let _wait = WaitOnDrop(Arc::clone(&latch));
        let mut spare: &mut [MaybeUninit<R>] = &mut out.spare_capacity_mut()[..len];
        let mut start = 0;
        while start < len {
            let chunk = cut(chunksize.min(len - start)).into_iter();
            let n = chunk.len().min(len - start);
            if n == 0 {
                break; // the input had fewer items than promised
            }
            let (slots, rest) = std::mem::take(&mut spare).split_at_mut(n);
            spare = rest;
            chunks.push((start, n));
            let tx = tx.clone();
            let first = base + start;
            latch.increment();
            let job = scoped_job(
                Box::new(move || {
                    let _ = tx.send(run_chunk(f, first, chunk, slots));
                }),
                &latch,
            );
            // If the queue is gone the job drops here, unrun; it then reports nothing and
            // below its tasks count as terminated.
            let _ = sender.send(job);
            start += n;
        }
    }
    drop(tx);

    let mut reports: Vec<Written> = rx.try_iter().collect();
    reports.sort_by_key(|w| w.start);
    let written: usize = chunks.iter().map(|c| c.1).sum();
    let mut first_error: Option<TaskError> = None;
    let mut failed = 0;
    for w in &reports {
        failed += w.errors.len();
        if first_error.is_none() {
            first_error = w.errors.first().cloned();
        }
    }
    // A chunk that never reported never ran (the pool was terminated): its tasks failed too.
    // Both lists are in start order and every report belongs to a chunk, so one merge walk
    // finds the missing chunks (a search of `reports` per chunk was quadratic in the chunk
    // count, on every call: ~5·10^9 steps for 100,000 items with chunk size 1).
    let mut reported = reports.iter().map(|w| w.start).peekable();
    let missing = chunks.iter().filter(|&&(start, _)| {
        let ran = reported.peek() == Some(&(base + start));
        if ran {
            reported.next();
        }
        !ran
    });
    for &(start, n) in missing {
        failed += n;
        let error = TaskError::new(base + start, TaskErrorKind::Terminated);
        if first_error
            .as_ref()
            .is_none_or(|e| error.index() < e.index())
        {
            first_error = Some(error);
        }
    }
    if let Some(error) = first_error {
        // Drop the values of the chunks that did succeed; the failed ones dropped their own.
        let spare = out.spare_capacity_mut();
        for w in reports.iter().filter(|w| w.errors.is_empty()) {
            let from = w.start - base;
            for slot in &mut spare[from..from + w.len] {
                // SAFETY: this chunk reported that it wrote every one of its slots, and its
                // job is gone (we waited), so the values are ours to drop, once.
                unsafe { slot.assume_init_drop() };
            }
        }
        return Err(MapError::Task { error, failed });
    }
    // SAFETY: every chunk sent reported, without errors, that it wrote all of its slots; the
    // chunks cover 0..written without gaps (each starts where the previous ended); and every
    // job has been dropped (we waited on the latch), so no worker still touches `out`.
    unsafe { out.set_len(written) };
    Ok(out)
}
