//! `map` over borrowed data: the workers claim their chunks themselves and write each result
//! straight into its place in the output.
//!
//! This is the engine behind [`Pool::map`](crate::Pool::map) and
//! [`Pool::map_slice`](crate::Pool::map_slice). The caller allocates the output vector once and
//! sends one job per chunk; the jobs are all alike. A job that runs locks the shared [`Claims`]
//! and claims the next chunk: it moves the chunk's items out of the input (an iterator's items
//! into a vector, or a sub-slice of a slice) and cuts the chunk's `&mut [MaybeUninit<R>]` off the
//! output's spare capacity (plain safe slicing); then it unlocks and runs the chunk, writing
//! result `k` into slot `k`, as rayon's `collect` does.
//!
//! So chunk `k` is still items `[k * chunksize, (k + 1) * chunksize)`, run as one unit on one
//! worker (Python's semantics); what moved is the copying of the items, which happens on the
//! workers, overlapped with the other workers' mapping, instead of on the calling thread before
//! the workers can start. An emptied vector goes back to the `Claims` and the next claim refills
//! it, so a `map` allocates about one buffer per worker, which stays warm in the cache.
//!
//! The caller waits until every job has been dropped (see `worker::ScopedJob`), then declares
//! the output initialised only if the claimed chunks cover it and each reported that it wrote
//! every one of its slots. That `set_len`, and dropping the values of a chunk whose neighbours
//! failed, are the only `unsafe` steps, each argued where it happens.

use std::any::Any;
use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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

/// A chunk a worker has claimed: a vector of items moved out of an iterator, or a sub-slice of
/// borrowed data.
pub(crate) trait Chunk: Send {
    /// What the mapped function takes.
    type Item;
    /// The number of items in the chunk.
    fn len(&self) -> usize;
    /// Moves every item out, leaving the chunk empty (a vector keeps its memory, for reuse).
    fn take_items(&mut self) -> impl Iterator<Item = Self::Item>;
}

impl<T: Send> Chunk for Vec<T> {
    type Item = T;
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn take_items(&mut self) -> impl Iterator<Item = T> {
        self.drain(..)
    }
}

impl<'a, T: Sync> Chunk for &'a [T] {
    type Item = &'a T;
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn take_items(&mut self) -> impl Iterator<Item = &'a T> {
        std::mem::take(self).iter()
    }
}

/// What the jobs of one `map` share, under one lock: the input and the output slots that no
/// job has claimed yet.
struct Claims<'s, C, R, Cut> {
    /// `cut(n, spare)` moves the next (at most) `n` items of the input into a chunk, refilling
    /// `spare`, an emptied chunk given back by an earlier job, if there is one.
    cut: Cut,
    /// The output slots of the items not claimed yet.
    slots: &'s mut [MaybeUninit<R>],
    /// `(start, len)` of every chunk claimed, in claim order, which is input order.
    claimed: Vec<(usize, usize)>,
    /// The index of the next item to claim.
    next: usize,
    /// The input gave fewer items than asked (or panicked): there is nothing more to claim.
    ended: bool,
    /// The input's panic, raised again on the caller's thread.
    panic: Option<Box<dyn Any + Send>>,
    /// Emptied chunks, for the next claims to refill.
    spare: Vec<C>,
}

impl<'s, C, R, Cut> Claims<'s, C, R, Cut>
where
    C: Chunk,
    Cut: FnMut(usize, Option<C>) -> C,
{
    /// Claims the next chunk of at most `chunksize` items: its start index, its items and
    /// its output slots. `None` once the input is used up.
    fn claim(&mut self, chunksize: usize) -> Option<(usize, C, &'s mut [MaybeUninit<R>])> {
        let wanted = chunksize.min(self.slots.len());
        if wanted == 0 || self.ended {
            return None;
        }
        let spare = self.spare.pop();
        // The input is the caller's iterator: it may panic. Catch it here, so the lock is not
        // poisoned and the other jobs carry on; the caller raises it again once they are done.
        let cut = &mut self.cut;
        let chunk = match catch_unwind(AssertUnwindSafe(|| cut(wanted, spare))) {
            Ok(chunk) => chunk,
            Err(payload) => {
                self.panic = Some(payload);
                self.ended = true;
                return None;
            }
        };
        let n = chunk.len().min(wanted);
        if n < wanted {
            self.ended = true; // fewer items than its `size_hint` promised
        }
        if n == 0 {
            self.spare.push(chunk);
            return None;
        }
        let (slots, rest) = std::mem::take(&mut self.slots).split_at_mut(n);
        self.slots = rest;
        let start = self.next;
        self.next += n;
        self.claimed.push((start, n));
        Some((start, chunk, slots))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `map` of `f` over `len` items, which `cut` hands out as chunks (see [`Claims::cut`]: a
/// `Vec` filled from an iterator, or a sub-slice). `base` is the index of the first item (for
/// error messages). Sends one job per chunk; each job claims the next chunk when it runs (see
/// the module doc). Returns the values of the items `cut` gave (fewer than `len` if it ran out
/// early).
///
/// If `cut` panics, the chunks already claimed finish, their values are dropped and the panic
/// goes on in the caller, as if the caller had run the iterator itself.
pub(crate) fn map_in_place<C, R, F>(
    sender: &Sender<Job>,
    f: &F,
    cut: impl FnMut(usize, Option<C>) -> C + Send,
    len: usize,
    chunksize: usize,
    base: usize,
) -> Result<Vec<R>, MapError>
where
    C: Chunk,
    F: Fn(C::Item) -> R + Sync,
    R: Send,
{
    let mut out: Vec<R> = Vec::with_capacity(len);
    let (tx, rx) = unbounded::<Written>();
    let latch = Arc::new(Latch::new(0));
    let claims = Mutex::new(Claims {
        cut,
        slots: &mut out.spare_capacity_mut()[..len],
        claimed: Vec::new(),
        next: 0,
        ended: false,
        panic: None,
        spare: Vec::new(),
    });
    {
        // Declared before any job is sent, so it waits for them whatever happens next.
        let _wait = WaitOnDrop(Arc::clone(&latch));
        let claims = &claims;
        for _ in 0..len.div_ceil(chunksize) {
            let tx = tx.clone();
            latch.increment();
            let job = scoped_job(
                Box::new(move || {
                    let claimed = lock(claims).claim(chunksize);
                    if let Some((start, mut chunk, slots)) = claimed {
                        let written = run_chunk(f, base + start, chunk.take_items(), slots);
                        lock(claims).spare.push(chunk);
                        let _ = tx.send(written);
                    }
                }),
                &latch,
            );
            // If the queue is gone the job drops here, unrun: it claims nothing, and below the
            // items nobody claimed count as terminated tasks.
            let _ = sender.send(job);
        }
    }
    drop(tx);
    // Every job is gone: the claims (and the borrow of `out` in them) are ours again.
    let Claims {
        mut cut,
        claimed,
        next,
        ended,
        mut panic,
        ..
    } = claims.into_inner().unwrap_or_else(PoisonError::into_inner);

    let mut reports: Vec<Written> = rx.try_iter().collect();
    reports.sort_by_key(|w| w.start);
    let mut first_error: Option<TaskError> = None;
    let mut failed = 0;
    for w in &reports {
        failed += w.errors.len();
        if first_error.is_none() {
            first_error = w.errors.first().cloned();
        }
    }
    // A claimed chunk that never reported was cut short by a panic outside its tasks (a
    // value's destructor): its tasks failed too. Both lists are in start order and every
    // report belongs to a claimed chunk, so one merge walk finds the missing ones.
    let mut reported = reports.iter().map(|w| w.start).peekable();
    let missing = claimed.iter().filter(|&&(start, _)| {
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
    // Items nobody claimed: their jobs were dropped unrun (the pool was terminated). Count
    // them (this runs the rest of the input here); each is a failed task, after every claimed
    // one.
    if panic.is_none() && !ended && next < len {
        match catch_unwind(AssertUnwindSafe(|| count_rest(&mut cut, chunksize))) {
            Ok(0) => {}
            Ok(left) => {
                failed += left;
                let error = TaskError::new(base + next, TaskErrorKind::Terminated);
                first_error.get_or_insert(error);
            }
            Err(payload) => panic = Some(payload),
        }
    }
    if panic.is_some() || first_error.is_some() {
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
    }
    if let Some(payload) = panic {
        resume_unwind(payload);
    }
    if let Some(error) = first_error {
        return Err(MapError::Task { error, failed });
    }
    // SAFETY: the claimed chunks cover 0..next without gaps (each claim starts where the
    // previous one ended); every one of them reported, without errors, that it wrote all of
    // its slots (a missing report would have set `first_error`); and every job has been
    // dropped (we waited on the latch), so no worker still touches `out`.
    unsafe { out.set_len(next) };
    Ok(out)
}

/// Counts (and drops) the items that `cut` still has.
fn count_rest<C: Chunk>(cut: &mut impl FnMut(usize, Option<C>) -> C, chunksize: usize) -> usize {
    let mut count = 0;
    let mut spare = None;
    loop {
        let mut chunk = cut(chunksize, spare.take());
        let n = chunk.len();
        chunk.take_items().for_each(drop);
        count += n;
        if n < chunksize {
            return count;
        }
        spare = Some(chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pool;

    #[test]
    fn a_map_allocates_at_most_one_buffer_per_worker() {
        for workers in [1, 2, 3] {
            let pool = Pool::new(workers).unwrap();
            let sender = pool.sender().unwrap();
            let mut items = 0..1000u32;
            let mut fresh = 0;
            let cut = |n, buffer: Option<Vec<u32>>| {
                fresh += usize::from(buffer.is_none());
                super::super::cut_vec(&mut items, n, buffer)
            };
            // 100 chunks of 10: a job takes a fresh buffer only when every buffer made so far
            // is held by a running job.
            let out = map_in_place(&sender, &|x: u32| x * 2, cut, 1000, 10, 0).unwrap();
            assert_eq!(out, (0..1000).map(|x| x * 2).collect::<Vec<_>>());
            assert!(
                (1..=workers).contains(&fresh),
                "{workers} workers: {fresh} buffers"
            );
        }
    }
}
