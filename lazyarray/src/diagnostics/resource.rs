//! `ResourceProfiler` (memory and CPU over time) and `PeakMemory` (the most memory a compute
//! used), both read from `/proc/self` on Linux.
//!
//! The notebook's lesson here is that a lazy, chunked reduction keeps memory bounded where an
//! eager array does not; these are the instruments that show it.

use std::fmt;
use std::fs;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::callback::{Callback, Registered, nothing_to_stop};
use super::clock::{Clock, Ticker, next_tick};

/// What the process uses right now, from `/proc/self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Resident memory (`VmRSS`), in bytes.
    pub rss_bytes: u64,
    /// The most resident memory since the process started or since the last
    /// [`reset_peak`] (`VmHWM`), in bytes.
    pub peak_rss_bytes: u64,
    /// CPU time used by all the process's threads (user + system).
    pub cpu_time: Duration,
}

/// Reads the process's memory and CPU time. Errors off Linux (no `/proc/self`).
pub fn usage() -> io::Result<Usage> {
    let status = fs::read_to_string("/proc/self/status")?;
    let kib = |field: &str| -> io::Result<u64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|k| k * 1024)
            .ok_or_else(|| io::Error::other(format!("no {field} in /proc/self/status")))
    };
    let stat = fs::read_to_string("/proc/self/stat")?;
    // Fields after the command name (which is in parentheses and may hold spaces): utime and
    // stime are the 12th and 13th of them, in clock ticks. The kernel reports them in USER_HZ,
    // which is 100 on every Linux architecture we run on.
    const USER_HZ: u64 = 100;
    let after_name = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| io::Error::other("unreadable /proc/self/stat"))?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| -> io::Result<u64> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| io::Error::other("unreadable /proc/self/stat"))
    };
    let cpu_ticks = ticks(11)? + ticks(12)?;
    Ok(Usage {
        rss_bytes: kib("VmRSS:")?,
        peak_rss_bytes: kib("VmHWM:")?,
        cpu_time: Duration::from_millis(cpu_ticks * 1000 / USER_HZ),
    })
}

/// Resets the process's peak-memory mark (`VmHWM`) to its current memory, so that a later
/// [`usage`] reports the peak since now. Errors off Linux, or where `/proc/self/clear_refs`
/// cannot be written.
pub fn reset_peak() -> io::Result<()> {
    // "5" resets the peak RSS (Linux 4.0 and later; see proc(5)).
    fs::write("/proc/self/clear_refs", "5")
}

/// One sample of a [`ResourceProfiler`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResourceSample {
    /// When it was taken, on the profiler's clock.
    pub time: Duration,
    /// Resident memory, in bytes.
    pub rss_bytes: u64,
    /// CPU use since the previous sample, in percent of one core (200 is two busy cores);
    /// zero for a compute's first sample.
    pub cpu_percent: f64,
}

/// Samples the process's memory and CPU every `dt` while a compute runs (dask's
/// `ResourceProfiler`), from a background thread that is joined when the compute finishes.
///
/// It also samples once at the start and once at the end of every compute, so even a short
/// compute gives two samples. Off Linux there is nothing to read and it records nothing.
///
/// ```
/// use lazyarray::diagnostics::{Callback, ResourceProfiler};
/// use std::time::Duration;
///
/// let rprof = ResourceProfiler::new().dt(Duration::from_millis(10));
/// rprof.start(1);
/// let data = vec![1u8; 1 << 20];
/// rprof.finish(true);
/// # drop(data);
/// let samples = rprof.results();
/// # if cfg!(target_os = "linux") {
/// assert!(samples.len() >= 2);
/// assert!(samples.iter().all(|s| s.rss_bytes > 0));
/// # }
/// ```
#[derive(Clone)]
pub struct ResourceProfiler {
    inner: Arc<Inner>,
}

struct Inner {
    dt: Duration,
    clock: Clock,
    shared: Arc<Mutex<Samples>>,
    run: Mutex<Option<Ticker>>,
}

#[derive(Default)]
struct Samples {
    samples: Vec<ResourceSample>,
    /// The previous reading of this compute (time, cpu time), for the CPU percentage.
    last: Option<(Duration, Duration)>,
}

impl fmt::Debug for ResourceProfiler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceProfiler")
            .field("dt", &self.inner.dt)
            .field("samples", &lock(&self.inner.shared).samples.len())
            .finish()
    }
}

impl Default for ResourceProfiler {
    fn default() -> Self {
        ResourceProfiler::new()
    }
}

impl ResourceProfiler {
    /// A profiler sampling every 0.1 s on the system clock.
    pub fn new() -> Self {
        ResourceProfiler::build(Duration::from_millis(100), Clock::system())
    }

    fn build(dt: Duration, clock: Clock) -> Self {
        ResourceProfiler {
            inner: Arc::new(Inner {
                dt: dt.max(Duration::from_millis(1)),
                clock,
                shared: Arc::default(),
                run: Mutex::new(None),
            }),
        }
    }

    /// The sampling interval (at least 1 ms).
    pub fn dt(self, dt: Duration) -> Self {
        ResourceProfiler::build(dt, self.inner.clock.clone())
    }

    /// The clock the samples are timed on (a [`FakeClock`](super::FakeClock) in tests).
    pub fn clock(self, clock: impl Into<Clock>) -> Self {
        ResourceProfiler::build(self.inner.dt, clock.into())
    }

    /// Samples every compute until the returned guard is dropped; dropping it also stops a
    /// sampling thread that is still running.
    pub fn register(&self) -> ResourceGuard {
        Registered::new(self, ResourceProfiler::stop)
    }

    /// Runs `f` with this profiler registered, and returns what `f` returns.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        Registered::run(self, ResourceProfiler::stop, f)
    }

    /// The samples so far, oldest first.
    pub fn results(&self) -> Vec<ResourceSample> {
        lock(&self.inner.shared).samples.clone()
    }

    /// The largest resident memory among the samples, in bytes (zero without samples).
    pub fn max_rss_bytes(&self) -> u64 {
        self.results()
            .iter()
            .map(|s| s.rss_bytes)
            .max()
            .unwrap_or(0)
    }

    /// Forgets every sample.
    pub fn clear(&self) {
        lock(&self.inner.shared).samples.clear();
    }

    fn stop(&self) {
        let ticker = lock(&self.inner.run).take();
        if let Some(ticker) = ticker {
            ticker.stop();
        }
    }
}

fn sample(clock: &Clock, samples: &Mutex<Samples>) {
    let Ok(now) = usage() else { return };
    let time = clock.now();
    let mut s = lock(samples);
    let cpu_percent = match s.last {
        Some((t0, cpu0)) if time > t0 => {
            100.0 * now.cpu_time.saturating_sub(cpu0).as_secs_f64() / (time - t0).as_secs_f64()
        }
        _ => 0.0,
    };
    s.last = Some((time, now.cpu_time));
    s.samples.push(ResourceSample {
        time,
        rss_bytes: now.rss_bytes,
        cpu_percent,
    });
}

impl Callback for ResourceProfiler {
    fn start(&self, _tasks: usize) {
        self.stop();
        let inner = &self.inner;
        lock(&inner.shared).last = None;
        sample(&inner.clock, &inner.shared);

        let (clock, shared, dt) = (inner.clock.clone(), Arc::clone(&inner.shared), inner.dt);
        let started = clock.now();
        let ticker = Ticker::spawn(&inner.clock, "resource-profiler", move |sleeper| {
            let mut next = started + dt;
            while sleeper.sleep_until(next) {
                sample(&clock, &shared);
                next = next_tick(started, clock.now().saturating_sub(started), dt);
            }
        });
        *lock(&inner.run) = Some(ticker);
    }

    fn finish(&self, _ok: bool) {
        self.stop();
        sample(&self.inner.clock, &self.inner.shared);
    }
}

/// Keeps a [`ResourceProfiler`] registered; see [`ResourceProfiler::register`].
pub type ResourceGuard = Registered<ResourceProfiler>;

/// The most memory the process held during each compute: the exact peak, from the kernel's
/// high-water mark, not a sample.
///
/// At `start` it resets the mark ([`reset_peak`]) and notes the memory in use; at `finish` it
/// reads the mark. The mark is per process, so the figure includes whatever other threads
/// allocated meanwhile; measure alone. Where the mark cannot be reset, the figure is the peak
/// since the process started — still an upper bound — and [`MemoryPeak::exact`] says so.
///
/// ```standalone_crate
/// // (A process of its own: the peak mark is per process, and other examples run alongside.)
/// use lazyarray::diagnostics::{Callback, PeakMemory};
///
/// let peak = PeakMemory::new();
/// peak.start(1);
/// let big = std::hint::black_box(vec![1u8; 64 << 20]); // 64 MiB, every page written
/// drop(big);
/// peak.finish(true);
/// # if cfg!(target_os = "linux") {
/// let report = peak.last().unwrap();
/// assert!(report.increase_bytes() >= 60 << 20, "{report:?}");
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct PeakMemory {
    state: Arc<Mutex<PeakState>>,
}

#[derive(Debug, Default)]
struct PeakState {
    current: Option<(u64, bool)>,
    reports: Vec<MemoryPeak>,
}

/// What [`PeakMemory`] measured for one compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryPeak {
    /// Resident memory when the compute started, in bytes.
    pub start_bytes: u64,
    /// The most resident memory during the compute, in bytes.
    pub peak_bytes: u64,
    /// Whether the peak is this compute's own (the mark was reset at its start) rather than
    /// the process's since it began.
    pub exact: bool,
}

impl MemoryPeak {
    /// How much more memory the compute held at its peak than at its start.
    pub fn increase_bytes(&self) -> u64 {
        self.peak_bytes.saturating_sub(self.start_bytes)
    }
}

impl PeakMemory {
    /// A peak-memory meter with no reports.
    pub fn new() -> Self {
        PeakMemory::default()
    }

    /// Measures every compute until the returned guard is dropped.
    pub fn register(&self) -> Registered<PeakMemory> {
        Registered::new(self, nothing_to_stop)
    }

    /// Runs `f` with this meter registered, and returns what `f` returns.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        Registered::run(self, nothing_to_stop, f)
    }

    /// One report per finished compute, oldest first (empty off Linux).
    pub fn reports(&self) -> Vec<MemoryPeak> {
        lock(&self.state).reports.clone()
    }

    /// The last finished compute's report.
    pub fn last(&self) -> Option<MemoryPeak> {
        lock(&self.state).reports.last().copied()
    }
}

impl Callback for PeakMemory {
    fn start(&self, _tasks: usize) {
        let exact = reset_peak().is_ok();
        let current = usage().ok().map(|u| (u.rss_bytes, exact));
        lock(&self.state).current = current;
    }

    fn finish(&self, _ok: bool) {
        let mut state = lock(&self.state);
        if let (Some((start_bytes, exact)), Ok(now)) = (state.current.take(), usage()) {
            state.reports.push(MemoryPeak {
                start_bytes,
                peak_bytes: now.peak_rss_bytes.max(start_bytes),
                exact,
            });
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Samples and reports are pushed whole; a panic elsewhere leaves them consistent.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
