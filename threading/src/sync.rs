//! The synchronisation primitives the queue is built on, switchable to loom's model checker.
//!
//! A normal build uses `std::sync`. Built with `RUSTFLAGS="--cfg loom"`, the same names come from
//! [loom](https://docs.rs/loom), which runs `tests/loom.rs` under every interleaving of threads
//! (up to `LOOM_MAX_PREEMPTIONS` preemptions) and so checks the hand-written Mutex + Condvar
//! protocol in `core.rs` for lost wake-ups and deadlocks. Only the queue's code goes through this
//! module; everything else uses `std` directly.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicUsize, fence};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicUsize, fence};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Values kept per thread and per object: each thread gets its own `T` from
/// [`get_or_default`](PerThread::get_or_default), and [`iter`](PerThread::iter) visits every
/// thread's. The normal build uses the `thread_local` crate (a lookup by thread index, no lock);
/// loom gets a locked list instead, since it can only model its own primitives.
#[cfg(not(loom))]
#[derive(Debug, Default)]
pub(crate) struct PerThread<T: Send>(thread_local::ThreadLocal<T>);

#[cfg(not(loom))]
impl<T: Send + Sync + Default> PerThread<T> {
    /// This thread's value, created on first use.
    pub(crate) fn get_or_default(&self) -> &T {
        self.0.get_or_default()
    }

    /// Every thread's value. Sees every value whose creation happened before the call.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }
}

/// The loom version of [`PerThread`]: a list of (thread, value) pairs under a lock. The values
/// are `Arc`s, so a caller holds on to its own without holding the lock.
#[cfg(loom)]
#[derive(Debug, Default)]
pub(crate) struct PerThread<T>(Mutex<Vec<(loom::thread::ThreadId, Arc<T>)>>);

/// Under loom, a thread's value from [`PerThread`]: an `Arc` that borrows the `PerThread` in
/// name only, so that code using it reads the same as with the normal build's `&T`.
#[cfg(loom)]
pub(crate) struct Borrowed<'a, T>(Arc<T>, std::marker::PhantomData<&'a T>);

#[cfg(loom)]
impl<T> std::ops::Deref for Borrowed<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(loom)]
impl<T> std::fmt::Debug for Borrowed<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Borrowed")
    }
}

#[cfg(loom)]
impl<T: Default> PerThread<T> {
    pub(crate) fn get_or_default(&self) -> Borrowed<'_, T> {
        let me = loom::thread::current().id();
        let mut all = self.0.lock().unwrap();
        let value = match all.iter().find(|(id, _)| *id == me) {
            Some((_, value)) => value.clone(),
            None => {
                let value = Arc::new(T::default());
                all.push((me, value.clone()));
                value
            }
        };
        Borrowed(value, std::marker::PhantomData)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Arc<T>> {
        let all: Vec<Arc<T>> = self
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, v)| v.clone())
            .collect();
        all.into_iter()
    }
}

/// Locks `mutex`, first trying a few times with exponentially growing pauses (crossbeam's
/// `Backoff::spin`) before blocking in `lock`.
///
/// With eight threads on two cores, `std`'s `lock` soon sends a thread to sleep in the kernel;
/// after that every unlock is a system call to wake a sleeper, and the threads queue up behind
/// each other (a "lock convoy"). The queue's critical sections are a few dozen instructions,
/// so the lock is usually free again after a short pause, and the growing pauses keep the
/// waiting threads from hammering the lock's cache line meanwhile. Measured with
/// `cargo bench -p threading --bench queues`, this roughly halved the 4×4 times and did not
/// hurt one producer and one consumer; pausing with `yield_now` instead (crossbeam's
/// `snooze`) helped 4×4 as much but made one producer and one consumer twice as slow.
/// A poisoned lock is taken as it is: see `Core::lock`.
#[cfg(not(loom))]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    use std::sync::TryLockError;
    /// About 500 pauses in all (1 + 2 + ... + 64, then 64 each), a microsecond or two.
    const TRIES: usize = 12;
    let backoff = crossbeam_utils::Backoff::new();
    for try_number in 1..=TRIES {
        match mutex.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::Poisoned(e)) => return e.into_inner(),
            Err(TryLockError::WouldBlock) if try_number < TRIES => backoff.spin(),
            Err(TryLockError::WouldBlock) => {}
        }
    }
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Under loom, a plain `lock`: the tries above only change timing, which loom does not model.
#[cfg(loom)]
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Lets other threads run for a moment before a blocking call goes to sleep (see `core.rs`).
///
/// The normal build spins and then yields on crossbeam's `Backoff` schedule (the one
/// crossbeam-channel uses before it parks a thread), returning as soon as `ready()` says the
/// call may now succeed. Under loom the whole spin is one `yield_now`: loom explores every
/// interleaving at that point, and what matters for correctness is only that the lock is
/// released and taken again, which any number of iterations does the same way.
#[cfg(not(loom))]
pub(crate) fn spin_until(ready: impl Fn() -> bool) {
    let backoff = crossbeam_utils::Backoff::new();
    while !backoff.is_completed() {
        backoff.snooze();
        if ready() {
            return;
        }
    }
}

#[cfg(loom)]
pub(crate) fn spin_until(_ready: impl Fn() -> bool) {
    loom::thread::yield_now();
}

/// Waits, spinning and then yielding, until `ready()`: for conditions that hold again within
/// moments (see `Gate::settle`), where sleeping on a condition variable would cost more than it
/// saves.
#[cfg(not(loom))]
pub(crate) fn wait_until(ready: impl Fn() -> bool) {
    let backoff = crossbeam_utils::Backoff::new();
    // Once the backoff is completed, `snooze` yields every time.
    while !ready() {
        backoff.snooze();
    }
}

/// Under loom, a yield per check: loom then runs the threads that can make `ready` true.
#[cfg(loom)]
pub(crate) fn wait_until(ready: impl Fn() -> bool) {
    while !ready() {
        loom::thread::yield_now();
    }
}

/// Gives the other threads a few chances to run before a blocking call parks, returning as soon
/// as `ready()` (see `fifo.rs`).
///
/// Unlike [`spin_until`], this does not spin on the CPU first: it goes straight to
/// `yield_now`, a system call that takes a microsecond or so even when no other thread wants
/// the core. That is the point. A consumer that spins on an empty queue reads the cache lines
/// the producer is writing, pulls them to its own core on every check, and slows the producer
/// down, so it keeps finding the queue empty. A consumer that yields leaves the producer alone
/// for a microsecond, then finds a batch of items waiting and takes them without contention.
/// The same holds for a producer waiting on a full bounded queue. In a one-off experiment on
/// 2026-11-24 (`cargo bench -p threading --bench queues`, alternating runs of one binary with a
/// throw-away switch between spinning and yielding, not kept), yielding took the bounded queue
/// from 12 to 6 ms (one producer, one consumer) and from 17 to 12 ms (4×4).
#[cfg(not(loom))]
pub(crate) fn yield_until(ready: impl Fn() -> bool) {
    /// As many yields as crossbeam's `Backoff` makes before it reports it is completed.
    const YIELDS: usize = 4;
    for _ in 0..YIELDS {
        std::thread::yield_now();
        if ready() {
            return;
        }
    }
}

/// Under loom, one `yield_now`, as for [`spin_until`].
#[cfg(loom)]
pub(crate) fn yield_until(_ready: impl Fn() -> bool) {
    loom::thread::yield_now();
}
