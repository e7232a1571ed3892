//! The synchronisation primitives the queues are built on, switchable to loom's model checker,
//! and the short waits they make before sleeping.
//!
//! A normal build uses `std::sync`. Built with `RUSTFLAGS="--cfg loom"`, the same names come from
//! [loom](https://docs.rs/loom), which runs the models in `tests/loom.rs` and `src/ledger.rs`
//! under every interleaving of threads (up to `LOOM_MAX_PREEMPTIONS` preemptions), and so
//! checks the hand-written protocols for lost wake-ups and deadlocks. Only the queues' code
//! goes through this module; everything else uses `std` directly.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Locks `mutex`, first trying a few times with exponentially growing pauses (crossbeam's
/// `Backoff::spin`) before blocking in `lock`.
///
/// With eight threads on two cores, `std`'s `lock` soon sends a thread to sleep in the kernel;
/// after that every unlock is a system call to wake a sleeper, and the threads queue up behind
/// each other (a "lock convoy"). The critical sections of `locked.rs` are a few dozen
/// instructions, so the lock is usually free again after a short pause, and the growing pauses
/// keep the waiting threads from hammering the lock's cache line meanwhile. Pausing with
/// `yield_now` instead (crossbeam's `snooze`) makes one producer and one consumer slower.
/// A poisoned lock is taken as it is: see `Locked::lock`.
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

/// Spins, then yields, on crossbeam's `Backoff` schedule (the one crossbeam-channel uses before
/// it parks a thread) for a few microseconds at most, returning early once `ready()`. It gives
/// up whether or not `ready()` ever held: the caller checks again, and sleeps if it must (see
/// `locked.rs`).
///
/// Under loom the whole spin is one `yield_now`: loom explores every interleaving at that point,
/// and what matters for correctness is only that the caller checks again afterwards.
#[cfg(not(loom))]
pub(crate) fn spin_briefly(ready: impl Fn() -> bool) {
    let backoff = crossbeam_utils::Backoff::new();
    while !backoff.is_completed() {
        backoff.snooze();
        if ready() {
            return;
        }
    }
}

#[cfg(loom)]
pub(crate) fn spin_briefly(_ready: impl Fn() -> bool) {
    loom::thread::yield_now();
}

/// Yields the CPU a few times, returning early once `ready()`; like [`spin_briefly`], it gives
/// up whether or not `ready()` ever held, and the caller checks again (see `fifo.rs`).
///
/// It does not spin on the CPU first: `yield_now` is a system call that takes a microsecond or
/// so even when no other thread wants the core, and that is the point. A consumer that spins
/// on an empty queue reads the cache lines the producer is writing, pulls them to its own core
/// on every check, and slows the producer down, so it keeps finding the queue empty. A consumer
/// that yields leaves the producer alone for a moment, then finds a batch of items waiting and
/// takes them without contention. The same holds for a producer waiting on a full queue.
#[cfg(not(loom))]
pub(crate) fn yield_briefly(ready: impl Fn() -> bool) {
    /// As many yields as crossbeam's `Backoff` makes before it reports it is completed.
    const YIELDS: usize = 4;
    for _ in 0..YIELDS {
        std::thread::yield_now();
        if ready() {
            return;
        }
    }
}

/// Under loom, nothing: loom can switch threads at every atomic operation anyway, and a
/// `yield_now` there would make it run the other threads first, so that the models in
/// `ledger.rs` would never see a put that goes to sleep.
#[cfg(loom)]
pub(crate) fn yield_briefly(_ready: impl Fn() -> bool) {}

/// Waits, spinning and then yielding, until `ready()`: for conditions that hold again within
/// moments (an item a put has been admitted for and is about to send), where sleeping on a
/// condition variable would cost more than it saves. Unlike the two above, it does not give up.
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
