//! `ProgressBar`: dask's `with ProgressBar():` as a guard (or a closure).
//!
//! Drawn by hand rather than with indicatif: indicatif draws to terminals (it hides the bar when
//! stdout is not one, and repaints with cursor escape codes, rate-limited on the real clock),
//! while dask's bar is plain `\r`-redrawn text that must appear in a notebook cell, a pipe or a
//! test buffer, frame for frame, with a fake clock. The drawing is one `format!`.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::callback::{Callback, Registered, TaskInfo};
use super::clock::{Clock, Sleeper, Ticker, next_tick};

/// A text progress bar for computations, like `dask.diagnostics.ProgressBar`.
///
/// While a compute runs, a background thread redraws, every `dt` (0.1 s), the frame
///
/// ```text
/// [#############                           ] | 33% Completed |  0.3s
/// ```
///
/// each starting with `\r` so a terminal overwrites it in place; when the compute finishes it
/// draws a last frame (full, or where it stopped if a task failed) and a newline. The bar and the
/// percentage are `finished tasks / all tasks`, truncated, never rounded up: 100% means done.
/// Nothing is printed if the compute took less than `minimum` (default zero).
///
/// A `ProgressBar` is a cheap handle (clones share one bar). Show it for every compute in a scope
/// with [`ProgressBar::register`] — the Rust spelling of `with ProgressBar():` — or around one
/// closure with [`ProgressBar::run`]. It is also a plain [`Callback`], so it can be driven by hand:
///
/// ```
/// use lazyarray::diagnostics::{Callback, FakeClock, ProgressBar, TaskInfo};
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
///
/// let clock = FakeClock::new();
/// let text = Arc::new(Mutex::new(Vec::new()));
/// let bar = ProgressBar::new().clock(clock.clone()).out(SharedBuf(text.clone()));
///
/// bar.start(2);
/// clock.advance(Duration::from_millis(100)); // the drawing thread wakes once
/// let task = TaskInfo { id: 0, key: "sum-0", worker: 0 };
/// bar.pretask(&task);
/// bar.posttask(&task, 8);
/// clock.advance(Duration::from_millis(100)); // and once more
/// bar.finish(true);
///
/// let text = String::from_utf8(text.lock().unwrap().clone()).unwrap();
/// assert_eq!(
///     text,
///     format!(
///         "\r[{:40}] | 0% Completed |  0.1s\r[{:40}] | 50% Completed |  0.2s\r[{}] | 100% Completed |  0.2s\n",
///         "", "#".repeat(20), "#".repeat(40),
///     ),
/// );
/// # struct SharedBuf(Arc<Mutex<Vec<u8>>>);
/// # impl std::io::Write for SharedBuf {
/// #     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().unwrap().write(b) }
/// #     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
/// # }
/// ```
///
/// One bar follows one compute at a time; computes started from two threads at once while one bar
/// is registered would share its counts.
#[derive(Clone)]
pub struct ProgressBar {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    /// The compute in progress: its drawing thread.
    run: Mutex<Option<Ticker>>,
}

/// What the drawing thread and the callbacks share.
struct Shared {
    config: Config,
    out: Mutex<Box<dyn Write + Send>>,
    /// Tasks in the current compute, and how many have finished.
    total: AtomicUsize,
    done: AtomicUsize,
    /// When the current compute started, on `clock`.
    started: Mutex<Duration>,
}

#[derive(Clone)]
struct Config {
    width: usize,
    dt: Duration,
    minimum: Duration,
    clock: Clock,
}

impl fmt::Debug for ProgressBar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.inner.shared;
        f.debug_struct("ProgressBar")
            .field("width", &s.config.width)
            .field("dt", &s.config.dt)
            .field("minimum", &s.config.minimum)
            .field("done", &s.done.load(Ordering::Relaxed))
            .field("total", &s.total.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Default for ProgressBar {
    fn default() -> Self {
        ProgressBar::new()
    }
}

impl ProgressBar {
    /// A bar 40 characters wide, redrawn every 0.1 s, shown whatever the compute's length,
    /// printed to stdout, timed by the system clock: dask's defaults.
    pub fn new() -> Self {
        let config = Config {
            width: 40,
            dt: Duration::from_millis(100),
            minimum: Duration::ZERO,
            clock: Clock::system(),
        };
        ProgressBar::build(config, Box::new(io::stdout()))
    }

    fn build(config: Config, out: Box<dyn Write + Send>) -> Self {
        ProgressBar {
            inner: Arc::new(Inner {
                shared: Arc::new(Shared {
                    config,
                    out: Mutex::new(out),
                    total: AtomicUsize::new(0),
                    done: AtomicUsize::new(0),
                    started: Mutex::new(Duration::ZERO),
                }),
                run: Mutex::new(None),
            }),
        }
    }

    // The builder methods make a new bar from this one's settings: a bar is a shared handle,
    // so its settings are fixed once it is shared.
    fn with(self, change: impl FnOnce(&mut Config)) -> Self {
        let s = &self.inner.shared;
        let mut config = s.config.clone();
        change(&mut config);
        let out = std::mem::replace(&mut *lock(&s.out), Box::new(io::sink()));
        ProgressBar::build(config, out)
    }

    /// The bar's width in characters (dask's `width`, default 40), at most
    /// [`MAX_WIDTH`](ProgressBar::MAX_WIDTH): a wider one is drawn that wide.
    pub fn width(self, width: usize) -> Self {
        self.with(|c| c.width = width.min(Self::MAX_WIDTH))
    }

    /// The widest bar drawn, in characters: far wider than any terminal, small enough that a
    /// frame is always a small allocation.
    pub const MAX_WIDTH: usize = 1000;

    /// How often the frame is redrawn while work remains (dask's `dt`, default 0.1 s).
    /// A zero interval is taken as 1 ms.
    pub fn dt(self, dt: Duration) -> Self {
        self.with(|c| c.dt = dt.max(Duration::from_millis(1)))
    }

    /// Print nothing for a compute shorter than this (dask's `minimum`, default zero).
    pub fn minimum(self, minimum: Duration) -> Self {
        self.with(|c| c.minimum = minimum)
    }

    /// The clock that times the compute: a [`FakeClock`](super::FakeClock) makes the output exact
    /// in tests.
    pub fn clock(self, clock: impl Into<Clock>) -> Self {
        let clock = clock.into();
        self.with(|c| c.clock = clock)
    }

    /// Where the frames go (default stdout): any `Write`, e.g. a file, a `Vec<u8>` behind a
    /// mutex, a notebook cell's output. It need not be a terminal.
    pub fn out(self, out: impl Write + Send + 'static) -> Self {
        let config = self.inner.shared.config.clone();
        ProgressBar::build(config, Box::new(out))
    }

    /// Shows this bar for every compute until the returned guard is dropped, like
    /// `with ProgressBar():`. Dropping the guard also stops a drawing thread that is still
    /// running (a compute that never called `finish`).
    pub fn register(&self) -> ProgressGuard {
        Registered::new(self, ProgressBar::stop)
    }

    /// Runs `f` with this bar registered, and returns what `f` returns.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        Registered::run(self, ProgressBar::stop, f)
    }

    /// Stops the drawing thread of the current compute, if any, and waits for it.
    fn stop(&self) {
        let ticker = lock(&self.inner.run).take();
        if let Some(ticker) = ticker {
            ticker.stop();
        }
    }
}

impl Callback for ProgressBar {
    fn start(&self, tasks: usize) {
        self.stop();
        let s = &self.inner.shared;
        s.total.store(tasks, Ordering::Release);
        s.done.store(0, Ordering::Release);
        let started = s.config.clock.now();
        *lock(&s.started) = started;

        let shared = Arc::clone(s);
        let ticker = Ticker::spawn(&s.config.clock, "progress-bar", move |sleeper| {
            shared.redraw_loop(started, sleeper)
        });
        *lock(&self.inner.run) = Some(ticker);
    }

    fn posttask(&self, _task: &TaskInfo<'_>, _bytes: usize) {
        self.inner.shared.done.fetch_add(1, Ordering::AcqRel);
    }

    fn finish(&self, ok: bool) {
        self.stop();
        let s = &self.inner.shared;
        let elapsed = s.config.clock.now().saturating_sub(*lock(&s.started));
        if elapsed < s.config.minimum {
            return;
        }
        let (done, total) = s.counts();
        let mut text = if ok {
            s.frame(1, 1, elapsed)
        } else if done < total {
            s.frame(done, total, elapsed)
        } else {
            String::new()
        };
        text.push('\n');
        s.write(&text);
    }
}

impl Shared {
    fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Acquire),
            self.total.load(Ordering::Acquire),
        )
    }

    /// The drawing thread: redraw on a fixed grid of `dt` steps from `started`, while work
    /// remains, once the compute has lasted longer than `minimum`.
    fn redraw_loop(&self, started: Duration, sleeper: &Sleeper) {
        let mut next = started;
        while sleeper.sleep_until(next) {
            let elapsed = self.config.clock.now().saturating_sub(started);
            let (done, total) = self.counts();
            if elapsed > self.config.minimum && done < total {
                self.write(&self.frame(done, total, elapsed));
            }
            next = next_tick(started, elapsed, self.config.dt);
        }
    }

    fn frame(&self, done: usize, total: usize, elapsed: Duration) -> String {
        frame(self.config.width, done, total, elapsed)
    }

    fn write(&self, text: &str) {
        let mut out = lock(&self.out);
        // A closed or failing output must not fail the compute the bar is watching.
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

/// One frame: `\r[<bar>] | NN% Completed | <elapsed>`. `done / total` is truncated, in exact
/// integer arithmetic (no task count makes 99.99…% print as 100%); no tasks is 0%.
fn frame(width: usize, done: usize, total: usize, elapsed: Duration) -> String {
    let (filled, percent) = if total == 0 {
        (0, 0)
    } else {
        let done = done.min(total) as u128;
        (
            (width as u128 * done / total as u128) as usize,
            100 * done / total as u128,
        )
    };
    format!(
        "\r[{:<width$}] | {percent}% Completed | {}",
        "#".repeat(filled),
        format_time(elapsed),
    )
}

/// Elapsed time as dask's `format_time` wrote it: `{:4.1f}s`, then `{:2.0f}min {:4.1f}s`,
/// then `{:2.0f}hr {:2.0f}min {:4.1f}s`.
///
/// ```
/// use lazyarray::diagnostics::format_time;
/// use std::time::Duration;
///
/// assert_eq!(format_time(Duration::from_millis(200)), " 0.2s");
/// assert_eq!(format_time(Duration::from_secs_f64(75.25)), " 1min 15.2s");
/// assert_eq!(format_time(Duration::from_secs(2 * 3600 + 5 * 60 + 7)), " 2hr  5min  7.0s");
/// ```
pub fn format_time(elapsed: Duration) -> String {
    let t = elapsed.as_secs_f64();
    // Python's divmod on floats: the remainder first, then the whole minutes and hours.
    let s = t % 60.0;
    let m = ((t - s) / 60.0).round();
    let h = (m / 60.0).floor();
    let m = m - 60.0 * h;
    if h > 0.0 {
        format!("{h:2.0}hr {m:2.0}min {s:4.1}s")
    } else if m > 0.0 {
        format!("{m:2.0}min {s:4.1}s")
    } else {
        format!("{s:4.1}s")
    }
}

/// Keeps a [`ProgressBar`] registered; see [`ProgressBar::register`].
pub type ProgressGuard = Registered<ProgressBar>;

fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Everything behind these mutexes stays consistent between statements (a counter, a time,
    // a writer), so a panic elsewhere is no reason to lose the bar.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_truncate() {
        let t = Duration::from_millis(300);
        assert_eq!(
            frame(40, 1, 3, t),
            format!("\r[{:<40}] | 33% Completed |  0.3s", "#".repeat(13))
        );
        assert_eq!(
            frame(40, 2, 3, t),
            format!("\r[{:<40}] | 66% Completed |  0.3s", "#".repeat(26))
        );
        // 29/100 is 28.999… in floating point; the exact arithmetic says 29.
        assert!(frame(40, 29, 100, t).contains("| 29% Completed"));
        assert!(frame(40, 999, 1000, t).contains("| 99% Completed"));
        assert!(frame(40, 0, 0, t).contains("| 0% Completed"));
    }

    #[test]
    fn format_time_like_dask() {
        let f = |s: f64| format_time(Duration::from_secs_f64(s));
        assert_eq!(f(0.0), " 0.0s");
        assert_eq!(f(0.04), " 0.0s");
        assert_eq!(f(9.96), "10.0s");
        assert_eq!(f(59.9), "59.9s");
        assert_eq!(f(60.0), " 1min  0.0s");
        assert_eq!(f(61.5), " 1min  1.5s");
        assert_eq!(f(3599.0), "59min 59.0s");
        assert_eq!(f(3600.0), " 1hr  0min  0.0s");
        assert_eq!(f(90061.0), "25hr  1min  1.0s");
    }
}
