//! `map` over borrowed data: the workers claim their chunks themselves and write each result
//! straight into its place in the output.
//!
//! This is the engine behind [`Pool::map`](crate::Pool::map) and
//! [`Pool::map_slice`](crate::Pool::map_slice). The caller allocates the output vector once and
//! sends one job per chunk; the jobs are all alike. A job that runs locks the shared [`Claims`]
//! and claims the next chunk: it cuts the chunk's `&mut [MaybeUninit<R>]` off the output's
//! spare capacity (plain safe slicing) and moves the chunk's items out of the input; then it
//! unlocks and runs the chunk, writing result `k` into slot `k`, as rayon's `collect` does.
//!
//! So chunk `k` is still items `[k * chunksize, (k + 1) * chunksize)`, run as one unit on one
//! worker (Python's semantics). Where the items wait between the claim and the run depends on
//! the input:
//!
//! - a slice ([`SliceInput`], `map_slice`): nowhere, the chunk is a sub-slice;
//! - an iterator ([`IterInput`], `map`): its items must leave it before the next chunk's can
//!   be taken, so they wait in a vector that goes back to the `Claims` once emptied, for the
//!   next claim to refill: a `map` allocates about one per worker.
//!
//! The workers cut the chunks, rather than the calling thread before they start, so that the
//! copying of the items is spread over the workers too.
//!
//! The caller waits until every job has been dropped (see `worker::ScopedJob`), then declares
//! the output initialised only if the claimed chunks cover it and each reported that it wrote
//! every one of its slots. The `unsafe` steps are that `set_len` and dropping the values of a
//! failed map, each argued where it happens.

use std::any::Any;
use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};

use crossbeam_channel::{Sender, unbounded};

use super::chunk::run_chunk;
use super::lock;
use super::worker::{Job, Latch, WaitOnDrop, scoped_job};
use crate::error::{MapError, TaskError, TaskErrorKind};
use crate::unwind::drop_quietly;

/// What one chunk did with its slots.
pub(crate) struct Written {
    start: usize,
    len: usize,
    /// Failed tasks, in index order. Empty means every slot of the chunk holds a value.
    /// Otherwise the chunk has already dropped the values it wrote: nothing is left to drop.
    errors: Vec<TaskError>,
}

/// Runs `f` on `items`, writing result `k` into `slots[k]`, with the loop every chunk runs
/// ([`run_chunk`]).
fn run_into_slots<T, R>(
    f: &(impl Fn(T) -> R + ?Sized),
    start: usize,
    items: impl Iterator<Item = T>,
    slots: &mut [MaybeUninit<R>],
) -> Written {
    // Never more items than slots (every chunk type has exactly as many; `take` makes sure).
    let items = items.take(slots.len());
    let (k, errors) = run_chunk(f, start, items, |k, value| {
        slots[k].write(value);
    });
    finish(start, slots, k, errors)
}

/// The end of a chunk: `k` items ran, and `errors` lists the failed ones in order. If any
/// failed, drops the values written, so that a failed chunk leaves nothing to drop.
fn finish<R>(
    start: usize,
    slots: &mut [MaybeUninit<R>],
    k: usize,
    mut errors: Vec<TaskError>,
) -> Written {
    let len = slots.len();
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
                // SAFETY: slot `i` was written by its task (which did not panic), and is
                // read only here, once; the caller never reads a failed chunk's slots.
                drop_quietly(unsafe { slot.assume_init_read() });
            }
        }
    }
    Written { start, len, errors }
}

/// Where the workers take their chunks from, under the claims lock: an iterator
/// ([`IterInput`]) or a slice ([`SliceInput`]).
pub(crate) trait Input<R>: Send {
    /// What the mapped function takes.
    type Item;
    /// A chunk of items taken out of the input, run by its worker outside the lock.
    type Chunk: Chunk<Self::Item, R>;
    /// Moves the next (at most `slots.len()`) items out of the input into a chunk whose
    /// results go to `slots`, refilling `spare` (an emptied chunk of an earlier job) if given.
    fn cut(&mut self, slots: &mut [MaybeUninit<R>], spare: Option<Self::Chunk>) -> Self::Chunk;
    /// Takes every item left out of the input, drops it, and counts it.
    fn count_rest(&mut self) -> usize;
}

/// A chunk a worker has claimed.
pub(crate) trait Chunk<T, R>: Send {
    /// The number of items in the chunk.
    fn len(&self) -> usize;
    /// Whether the emptied chunk is worth giving back for reuse (a vector is; a slice leaves
    /// nothing to reuse, and giving it back would only take the lock again).
    fn reusable(&self) -> bool {
        false
    }
    /// Runs `f` on every item, task `start + k` writing `slots[k]`, and leaves the chunk
    /// empty, ready for reuse.
    fn run(
        &mut self,
        f: &(impl Fn(T) -> R + ?Sized),
        start: usize,
        slots: &mut [MaybeUninit<R>],
    ) -> Written;
}

/// A slice as `map` input: each chunk is a sub-slice, nothing is copied.
pub(crate) struct SliceInput<'a, T>(pub(crate) &'a [T]);

impl<'a, T: Sync, R> Input<R> for SliceInput<'a, T> {
    type Item = &'a T;
    type Chunk = &'a [T];
    fn cut(&mut self, slots: &mut [MaybeUninit<R>], _empty: Option<&'a [T]>) -> &'a [T] {
        let (chunk, rest) = self.0.split_at(slots.len().min(self.0.len()));
        self.0 = rest;
        chunk
    }
    fn count_rest(&mut self) -> usize {
        std::mem::take(&mut self.0).len()
    }
}

impl<'a, T: Sync, R> Chunk<&'a T, R> for &'a [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn run(
        &mut self,
        f: &(impl Fn(&'a T) -> R + ?Sized),
        start: usize,
        slots: &mut [MaybeUninit<R>],
    ) -> Written {
        run_into_slots(f, start, std::mem::take(self).iter(), slots)
    }
}

/// An iterator as `map` input: a chunk's items are moved out of it while its worker holds
/// the lock (the next chunk's items come after them).
pub(crate) struct IterInput<I>(pub(crate) I);

impl<I, R> Input<R> for IterInput<I>
where
    I: Iterator + Send,
    I::Item: Send,
    R: Send,
{
    type Item = I::Item;
    type Chunk = Vec<I::Item>;
    fn cut(&mut self, slots: &mut [MaybeUninit<R>], spare: Option<Vec<I::Item>>) -> Vec<I::Item> {
        let mut buffer = spare.unwrap_or_else(|| Vec::with_capacity(slots.len()));
        buffer.extend(self.0.by_ref().take(slots.len()));
        buffer
    }
    fn count_rest(&mut self) -> usize {
        self.0.by_ref().count()
    }
}

impl<T: Send, R: Send> Chunk<T, R> for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn reusable(&self) -> bool {
        true
    }
    fn run(
        &mut self,
        f: &(impl Fn(T) -> R + ?Sized),
        start: usize,
        slots: &mut [MaybeUninit<R>],
    ) -> Written {
        run_into_slots(f, start, self.drain(..), slots)
    }
}

/// What the jobs of one `map` share, under one lock: the input and the output slots that no
/// job has claimed yet.
struct Claims<'s, In: Input<R>, R> {
    input: In,
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
    spare: Vec<In::Chunk>,
}

impl<'s, In: Input<R>, R> Claims<'s, In, R> {
    /// Claims the next chunk of at most `chunksize` items: its start index, its items and
    /// its output slots. `None` once the input is used up.
    fn claim(&mut self, chunksize: usize) -> Option<Claimed<'s, In::Chunk, R>> {
        let wanted = chunksize.min(self.slots.len());
        if wanted == 0 || self.ended {
            return None;
        }
        let (slots, rest) = std::mem::take(&mut self.slots).split_at_mut(wanted);
        self.slots = rest;
        let spare = self.spare.pop();
        // The input may be the caller's iterator, which may panic. Catch it here, so the lock
        // is not poisoned and the other jobs carry on; the caller raises it again later.
        let input = &mut self.input;
        let chunk = match catch_unwind(AssertUnwindSafe(|| input.cut(slots, spare))) {
            Ok(chunk) => chunk,
            Err(payload) => {
                self.panic = Some(payload);
                self.ended = true;
                return None;
            }
        };
        let n = chunk.len();
        if n < wanted {
            // Fewer items than its `size_hint` promised. The slots past `n` stay unclaimed
            // and unused: nothing is claimed after this.
            self.ended = true;
        }
        if n == 0 {
            self.spare.push(chunk);
            return None;
        }
        let (slots, _) = slots.split_at_mut(n);
        let start = self.next;
        self.next += n;
        self.claimed.push((start, n));
        Some(Claimed {
            start,
            chunk,
            slots,
        })
    }
}

/// A chunk a job has claimed: the index of its first item, its items, its output slots.
struct Claimed<'s, C, R> {
    start: usize,
    chunk: C,
    slots: &'s mut [MaybeUninit<R>],
}

/// How many times a job tries the claims lock, giving up its core in between, before it
/// sleeps on it.
const CLAIM_TRIES: usize = 200;

/// Locks the claims for a claim. A claim holds the lock only while it moves one chunk's items
/// (some microseconds for a large chunk of small items), so a job that finds it taken retries,
/// yielding its core, before it goes to sleep: putting a thread to sleep and waking it up
/// costs more than that wait.
fn lock_for_claim<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    for _ in 0..CLAIM_TRIES {
        match mutex.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => std::thread::yield_now(),
        }
    }
    lock(mutex)
}

/// `map` of `f` over the `len` items of `input` (an iterator or a slice). `base` is the index
/// of the first item (for error messages). Sends one job per chunk; each job claims the next
/// chunk when it runs (see the module doc). Returns the values of the items the input gave
/// (fewer than `len` if it ran out early).
///
/// If the input panics, the chunks already claimed finish, their values are dropped and the
/// panic goes on in the caller, as if the caller had run the iterator itself.
pub(crate) fn map_in_place<In, R, F>(
    sender: &Sender<Job>,
    f: &F,
    input: In,
    len: usize,
    chunksize: usize,
    base: usize,
) -> Result<Vec<R>, MapError>
where
    In: Input<R>,
    F: Fn(In::Item) -> R + Sync,
    R: Send,
{
    let mut out: Vec<R> = Vec::with_capacity(len);
    let (tx, rx) = unbounded::<Written>();
    let latch = Arc::new(Latch::new(0));
    let claims = Mutex::new(Claims {
        input,
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
                    let claimed = lock_for_claim(claims).claim(chunksize);
                    if let Some(Claimed {
                        start,
                        mut chunk,
                        slots,
                    }) = claimed
                    {
                        let written = chunk.run(f, base + start, slots);
                        if chunk.reusable() {
                            lock(claims).spare.push(chunk);
                        }
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
        mut input,
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
        match catch_unwind(AssertUnwindSafe(|| input.count_rest())) {
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
                // job is gone (we waited), so the values are ours to read, once.
                drop_quietly(unsafe { slot.assume_init_read() });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pool;

    /// An input that counts the chunks it had to allocate a new buffer for.
    struct CountingFresh<'c, In> {
        input: In,
        fresh: &'c mut usize,
    }

    impl<In: Input<R>, R> Input<R> for CountingFresh<'_, In> {
        type Item = In::Item;
        type Chunk = In::Chunk;
        fn cut(&mut self, slots: &mut [MaybeUninit<R>], spare: Option<Self::Chunk>) -> Self::Chunk {
            *self.fresh += usize::from(spare.is_none());
            self.input.cut(slots, spare)
        }
        fn count_rest(&mut self) -> usize {
            self.input.count_rest()
        }
    }

    #[test]
    fn a_map_allocates_at_most_one_buffer_per_worker() {
        for workers in [1, 2, 3] {
            let pool = Pool::new(workers).unwrap();
            let sender = pool.sender().unwrap();
            let mut fresh = 0;
            let input = CountingFresh {
                input: IterInput((0..1000u64).map(|x| [x; 4])),
                fresh: &mut fresh,
            };
            // 100 chunks of 10: a job takes a new buffer only when every buffer made so far
            // is held by a running job.
            let out = map_in_place(&sender, &|x: [u64; 4]| x[3] * 2, input, 1000, 10, 0).unwrap();
            assert_eq!(out, (0..1000).map(|x| x * 2).collect::<Vec<_>>());
            assert!(
                (1..=workers).contains(&fresh),
                "{workers} workers: {fresh} buffers"
            );
        }
    }
}
