//! `Thread`: Python's `threading.Thread(target=…)` with a result.

use std::any::Any;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// Numbers default names like Python does: `Thread-1`, `Thread-2`, …
static THREAD_COUNTER: AtomicUsize = AtomicUsize::new(1);

type Target<T> = Box<dyn FnOnce() -> T + Send + 'static>;

/// A thread that runs `target` once started: Python's `threading.Thread(target=work)`.
///
/// Unlike Python's, [`join`](Thread::join) returns what `target` returned, and a panic in
/// `target` comes back as [`JoinError::Panicked`] instead of being printed and forgotten.
///
/// ```
/// use threading::Thread;
///
/// let mut t = Thread::new(|| (1..=10).sum::<u32>()).with_name("summer");
/// assert_eq!(t.name(), "summer");
/// assert!(!t.is_alive()); // not started yet
/// t.start().unwrap();
/// assert_eq!(t.join().unwrap(), 55);
/// ```
///
/// Dropping a started `Thread` without joining it lets the OS thread run on, detached (as
/// `std::thread::JoinHandle` does); unlike Python, the program does not wait for it at exit.
///
/// `Thread` owns its target, so the target may only borrow `'static` data: share with
/// [`Arc`](std::sync::Arc) or a cloned [`Queue`](crate::Queue) handle. To borrow local data
/// instead, use scoped threads ([`std::thread::scope`]), which Python has no equivalent of:
///
/// ```
/// let data = vec![1, 2, 3, 4];
/// let (left, right) = data.split_at(2);
/// let (a, b) = std::thread::scope(|s| {
///     let a = s.spawn(|| left.iter().sum::<i32>());
///     let b = s.spawn(|| right.iter().sum::<i32>());
///     (a.join().unwrap(), b.join().unwrap())
/// }); // every scoped thread has finished here, so `data` may be borrowed
/// assert_eq!((a, b), (3, 7));
/// ```
pub struct Thread<T> {
    name: String,
    target: Option<Target<T>>,
    handle: Option<JoinHandle<T>>,
}

impl<T: Send + 'static> Thread<T> {
    /// A thread that will run `target`, named `Thread-N` (Python's default), not yet started.
    pub fn new<F>(target: F) -> Self
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let n = THREAD_COUNTER.fetch_add(1, Ordering::Relaxed);
        Thread {
            name: format!("Thread-{n}"),
            target: Some(Box::new(target)),
            handle: None,
        }
    }

    /// Gives the thread a name (Python's `Thread(name=…)`); the OS thread gets it too, so it
    /// shows in panic messages and debuggers.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The thread's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Starts running the target on a new OS thread (Python's `t.start()`).
    ///
    /// Errors if the thread was already started (Python raises `RuntimeError`), if its name
    /// contains a NUL character (which an OS thread name cannot hold; the thread stays
    /// unstarted), or if the OS refuses to create a thread.
    ///
    /// ```
    /// use threading::{StartError, Thread};
    ///
    /// let mut t = Thread::new(|| ()).with_name("bad\0name");
    /// assert!(matches!(t.start(), Err(StartError::NulInName)));
    /// assert!(!t.is_alive());
    /// ```
    pub fn start(&mut self) -> Result<(), StartError> {
        if self.target.is_none() {
            return Err(StartError::AlreadyStarted);
        }
        // `std` panics on such a name; refuse it before taking the target.
        if self.name.contains('\0') {
            return Err(StartError::NulInName);
        }
        let target = self.target.take().ok_or(StartError::AlreadyStarted)?;
        let handle = std::thread::Builder::new()
            .name(self.name.clone())
            .spawn(target)
            .map_err(StartError::Spawn)?;
        self.handle = Some(handle);
        Ok(())
    }

    /// Whether the thread has started and its target has not returned yet (Python's
    /// `t.is_alive()`).
    pub fn is_alive(&self) -> bool {
        self.handle.as_ref().is_some_and(|h| !h.is_finished())
    }

    /// Waits for the target to finish and returns its result (Python's `t.join()`, which
    /// returns `None`).
    ///
    /// Errors with [`JoinError::NotStarted`] if [`start`](Self::start) was never called, or
    /// [`JoinError::Panicked`] if the target panicked.
    ///
    /// ```
    /// let mut t = threading::Thread::new(|| -> u8 { panic!("boom") });
    /// t.start().unwrap();
    /// let err = t.join().unwrap_err();
    /// assert_eq!(err.panic_message(), Some("boom"));
    /// ```
    pub fn join(self) -> Result<T, JoinError> {
        let handle = self.handle.ok_or(JoinError::NotStarted)?;
        handle.join().map_err(JoinError::Panicked)
    }
}

impl<T> fmt::Debug for Thread<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match (&self.target, &self.handle) {
            (Some(_), _) => "initial",
            (None, Some(h)) if !h.is_finished() => "started",
            _ => "stopped",
        };
        f.debug_struct("Thread")
            .field("name", &self.name)
            .field("state", &state)
            .finish()
    }
}

/// [`Thread::start`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The thread was started before; a thread runs its target once.
    AlreadyStarted,
    /// The thread's name contains a NUL character, which an OS thread name cannot hold.
    NulInName,
    /// The operating system could not create the thread.
    Spawn(io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::AlreadyStarted => f.write_str("threads can only be started once"),
            StartError::NulInName => f.write_str("a thread name cannot contain a NUL character"),
            StartError::Spawn(e) => write!(f, "failed to spawn a thread: {e}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Spawn(e) => Some(e),
            StartError::AlreadyStarted | StartError::NulInName => None,
        }
    }
}

/// [`Thread::join`] failed.
#[non_exhaustive]
pub enum JoinError {
    /// The thread was never started.
    NotStarted,
    /// The target panicked; this is the panic's payload (pass it to
    /// [`std::panic::resume_unwind`] to re-raise it).
    Panicked(Box<dyn Any + Send + 'static>),
}

impl JoinError {
    /// The panic's message, when the target panicked with a string (as `panic!("…")` does).
    pub fn panic_message(&self) -> Option<&str> {
        match self {
            JoinError::Panicked(payload) => payload
                .downcast_ref::<&'static str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str)),
            JoinError::NotStarted => None,
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::NotStarted => f.write_str("NotStarted"),
            JoinError::Panicked(_) => match self.panic_message() {
                Some(message) => f.debug_tuple("Panicked").field(&message).finish(),
                None => f.write_str("Panicked(..)"),
            },
        }
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.panic_message()) {
            (JoinError::NotStarted, _) => f.write_str("joining a thread that was never started"),
            (JoinError::Panicked(_), Some(message)) => write!(f, "the thread panicked: {message}"),
            (JoinError::Panicked(_), None) => f.write_str("the thread panicked"),
        }
    }
}

impl std::error::Error for JoinError {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn default_names_count_up() {
        let a = Thread::new(|| ());
        let b = Thread::new(|| ());
        let na: usize = a.name().strip_prefix("Thread-").unwrap().parse().unwrap();
        let nb: usize = b.name().strip_prefix("Thread-").unwrap().parse().unwrap();
        assert!(nb > na);
    }

    #[test]
    fn start_twice_and_join_unstarted_are_errors() {
        let mut t = Thread::new(|| 7);
        t.start().unwrap();
        assert!(matches!(t.start(), Err(StartError::AlreadyStarted)));
        assert_eq!(t.join().unwrap(), 7);
        let never = Thread::new(|| 7);
        assert!(matches!(never.join(), Err(JoinError::NotStarted)));
    }

    /// `is_alive` is false before `start`, true while the target runs, and false again once
    /// it has returned, before anyone joins.
    #[test]
    fn is_alive_follows_the_target() {
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let mut t = Thread::new(move || go_rx.recv().is_ok());
        assert!(!t.is_alive(), "not started yet");
        t.start().unwrap();
        assert!(t.is_alive(), "blocked on the channel, so still running");
        go_tx.send(()).unwrap();
        // The target returns at once now; nothing signals that moment, so watch for it, with
        // a watchdog that turns "never" into a failure.
        let watchdog = std::time::Instant::now();
        while t.is_alive() {
            assert!(
                watchdog.elapsed() < std::time::Duration::from_secs(30),
                "still alive long after its target returned"
            );
            std::thread::yield_now();
        }
        assert!(t.join().unwrap());
    }

    #[test]
    fn a_name_with_nul_is_refused_and_the_thread_can_still_be_named_and_started() {
        let mut t = Thread::new(|| 5).with_name("a\0b");
        let err = t.start().unwrap_err();
        assert!(matches!(err, StartError::NulInName));
        assert_eq!(
            err.to_string(),
            "a thread name cannot contain a NUL character"
        );
        assert!(!t.is_alive());
        let mut t = t.with_name("ab");
        t.start().unwrap();
        assert_eq!(t.join().unwrap(), 5);
    }

    #[test]
    fn panics_come_back_typed_with_their_message() {
        let mut t = Thread::new(|| -> () { panic!("worker {} failed", 3) }).with_name("w");
        t.start().unwrap();
        let err = t.join().unwrap_err();
        assert_eq!(err.panic_message(), Some("worker 3 failed"));
        assert_eq!(err.to_string(), "the thread panicked: worker 3 failed");
        assert_eq!(format!("{err:?}"), "Panicked(\"worker 3 failed\")");
    }

    #[test]
    fn the_os_thread_has_the_name() {
        let mut t =
            Thread::new(|| std::thread::current().name().map(str::to_owned)).with_name("n1");
        t.start().unwrap();
        assert_eq!(t.join().unwrap().as_deref(), Some("n1"));
    }
}
