//! Where the diagnostics read the time: the system's monotonic clock, or a fake one for tests.
//!
//! The progress bar and the resource profiler each run a background thread that wakes at a fixed
//! interval. With the system clock that thread sleeps for real. With a [`FakeClock`] it sleeps in
//! *virtual* time: it wakes only when a test calls [`FakeClock::advance`], and `advance` returns
//! only after every thread it woke has done its work and gone back to sleep. So a test decides
//! exactly which frames are drawn, with no sleeping and no races.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A clock the diagnostics read: [`Clock::system`] (the default) or a [`FakeClock`].
///
/// Cheap to clone; clones read the same time.
#[derive(Clone, Debug)]
pub struct Clock(Kind);

#[derive(Clone, Debug)]
enum Kind {
    System(Instant),
    Fake(FakeClock),
}

impl Clock {
    /// The monotonic system clock, reading zero now.
    pub fn system() -> Clock {
        Clock(Kind::System(Instant::now()))
    }

    /// Time since this clock's origin.
    pub fn now(&self) -> Duration {
        match &self.0 {
            Kind::System(origin) => origin.elapsed(),
            Kind::Fake(fake) => fake.now(),
        }
    }

    /// A way to sleep on this clock that [`Sleeper::stop`] can interrupt. Call it on the thread
    /// that spawns the sleeping thread, *before* spawning (see [`FakeClock::advance`]).
    pub(crate) fn sleeper(&self) -> Arc<Sleeper> {
        if let Kind::Fake(fake) = &self.0 {
            fake.lock().running += 1;
        }
        Arc::new(Sleeper {
            clock: self.clone(),
            stopped: AtomicBool::new(false),
            lock: Mutex::new(()),
            wake: Condvar::new(),
        })
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl From<FakeClock> for Clock {
    fn from(fake: FakeClock) -> Self {
        Clock(Kind::Fake(fake))
    }
}

/// A clock that moves only when told to, so tests of timed output are exact.
///
/// It starts at zero. Cheap to clone; clones share the time.
///
/// ```
/// use lazyarray::diagnostics::{Clock, FakeClock};
/// use std::time::Duration;
///
/// let fake = FakeClock::new();
/// let clock = Clock::from(fake.clone());
/// fake.advance(Duration::from_millis(250));
/// assert_eq!(clock.now(), Duration::from_millis(250));
/// ```
#[derive(Clone, Default)]
pub struct FakeClock {
    shared: Arc<FakeShared>,
}

#[derive(Default)]
struct FakeShared {
    state: Mutex<FakeState>,
    changed: Condvar,
}

#[derive(Default)]
struct FakeState {
    now: Duration,
    /// Background threads that are awake (doing work), not waiting for a deadline.
    running: usize,
    /// Deadlines of the threads that are asleep.
    sleeping: Vec<Duration>,
}

impl fmt::Debug for FakeClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeClock")
            .field("now", &self.now())
            .finish()
    }
}

impl FakeClock {
    /// A fake clock reading zero.
    pub fn new() -> Self {
        FakeClock::default()
    }

    /// The fake time.
    pub fn now(&self) -> Duration {
        self.lock().now
    }

    /// Moves time forward by `by` (stopping at `Duration::MAX`), then waits until every
    /// background thread whose wake-up time has come has run and gone back to sleep (or ended).
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.now = state.now.saturating_add(by);
        self.shared.changed.notify_all();
        while state.running > 0 || state.sleeping.iter().any(|&d| d <= state.now) {
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    fn lock(&self) -> MutexGuard<'_, FakeState> {
        // The state is a few counters that are never left half-updated: recover from poison.
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Lets one background thread sleep until a time on a [`Clock`], and lets its owner wake it for
/// good with [`Sleeper::stop`].
pub(crate) struct Sleeper {
    clock: Clock,
    stopped: AtomicBool,
    // For the system clock: what `sleep_until` waits on, so `stop` interrupts a sleep at once.
    lock: Mutex<()>,
    wake: Condvar,
}

impl fmt::Debug for Sleeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleeper")
            .field("stopped", &self.stopped.load(Ordering::Relaxed))
            .finish()
    }
}

impl Sleeper {
    /// Sleeps until the clock reads `deadline`; `false` (at once) if stopped.
    ///
    /// Every background thread leaves through a `false` from here, which is what tells a
    /// [`FakeClock`] that the thread is no longer running.
    pub(crate) fn sleep_until(&self, deadline: Duration) -> bool {
        match &self.clock.0 {
            Kind::System(origin) => {
                let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if self.stopped.load(Ordering::Acquire) {
                        return false;
                    }
                    let now = origin.elapsed();
                    if now >= deadline {
                        return true;
                    }
                    guard = self
                        .wake
                        .wait_timeout(guard, deadline - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
            Kind::Fake(fake) => {
                let mut state = fake.lock();
                state.running -= 1;
                state.sleeping.push(deadline);
                fake.shared.changed.notify_all();
                while !self.stopped.load(Ordering::Acquire) && state.now < deadline {
                    state = fake
                        .shared
                        .changed
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                }
                if let Some(i) = state.sleeping.iter().position(|&d| d == deadline) {
                    state.sleeping.swap_remove(i);
                }
                let awake = !self.stopped.load(Ordering::Acquire);
                if awake {
                    state.running += 1;
                }
                fake.shared.changed.notify_all();
                awake
            }
        }
    }

    /// Wakes the sleeping thread for good: its current and every later `sleep_until` return
    /// `false`.
    pub(crate) fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        // Take the lock the sleeper checks the flag under, so the wake-up cannot fall between
        // its check and its wait.
        match &self.clock.0 {
            Kind::System(_) => {
                let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
                self.wake.notify_all();
            }
            Kind::Fake(fake) => {
                let _state = fake.lock();
                fake.shared.changed.notify_all();
            }
        }
    }
}

/// A background thread that sleeps on a [`Clock`]; [`Ticker::stop`] (or dropping it) wakes it
/// for good and joins it.
pub(crate) struct Ticker {
    sleeper: Arc<Sleeper>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl fmt::Debug for Ticker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ticker")
            .field("sleeper", &self.sleeper)
            .finish_non_exhaustive()
    }
}

impl Ticker {
    /// Spawns thread `name` running `body`, which must sleep only through the [`Sleeper`] it is
    /// given and return once a `sleep_until` returns `false`.
    pub(crate) fn spawn(
        clock: &Clock,
        name: &str,
        body: impl FnOnce(&Sleeper) + Send + 'static,
    ) -> Ticker {
        let sleeper = clock.sleeper();
        let theirs = Arc::clone(&sleeper);
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || body(&theirs));
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(_) => {
                // No thread: the diagnostic loses its periodic work, not its start and finish.
                // Tell a fake clock that the thread announced by `sleeper()` will never sleep.
                sleeper.stop();
                sleeper.sleep_until(Duration::ZERO);
                None
            }
        };
        Ticker { sleeper, thread }
    }

    /// Wakes the thread for good and waits for it to end.
    pub(crate) fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.sleeper.stop();
        if let Some(thread) = self.thread.take() {
            // The threads only read the time, format and write; if one panicked there is
            // nothing to clean up, and a diagnostic must not fail the compute it watches.
            let _ = thread.join();
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The first point of the grid `started + k * dt` (k ≥ 1) after `started + elapsed`: where a
/// periodic thread sleeps next. A late wake-up thereby skips the ticks it missed instead of
/// catching up with a burst of them.
pub(crate) fn next_tick(started: Duration, elapsed: Duration, dt: Duration) -> Duration {
    let steps = elapsed.as_nanos() / dt.as_nanos().max(1) + 1;
    u32::try_from(steps)
        .ok()
        .and_then(|steps| dt.checked_mul(steps))
        .and_then(|offset| started.checked_add(offset))
        .unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_tick_is_the_first_grid_point_after_now() {
        let ms = Duration::from_millis;
        assert_eq!(next_tick(ms(0), ms(0), ms(100)), ms(100));
        assert_eq!(next_tick(ms(0), ms(100), ms(100)), ms(200));
        assert_eq!(next_tick(ms(50), ms(350), ms(100)), ms(450));
        assert_eq!(
            next_tick(ms(0), Duration::MAX, Duration::from_nanos(1)),
            Duration::MAX
        );
    }

    #[test]
    fn a_stopped_sleeper_never_sleeps_again() {
        let fake = FakeClock::new();
        let sleeper = Clock::from(fake.clone()).sleeper();
        sleeper.stop();
        assert!(!sleeper.sleep_until(Duration::from_secs(1)));
        // The announced thread has left: advancing does not wait for it.
        fake.advance(Duration::from_secs(2));
        assert_eq!(fake.now(), Duration::from_secs(2));
    }
}
