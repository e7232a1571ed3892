//! The Rust version of every notebook cell, one module per notebook section.
//!
//! A [`Section`] holds the state that the notebook keeps in its global namespace (the pool's
//! data, the queue `q`, the array `Y`), so its cells run in order like the notebook's do.
//! Each cell writes what Python would print to an [`Output`] and returns the value Jupyter would
//! show as `Out[n]` (an [`Outcome`]); the [`crate::replay`] compares both with the notebook.

mod dask;
mod multiprocessing;
mod threading;

use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::Value;

/// How big and how repeatable a replay is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Length of each random array in cell 4 (the notebook's `np.random.randn(100000000)`).
    pub randn_len: usize,
    /// Seed for every random number a cell draws; `None` draws from the OS, like numpy does.
    pub seed: Option<u64>,
    /// Where the output shows time (the progress bar), use a fake clock so that the output is
    /// the same on every run. Snapshot tests set it; the replay does not.
    pub fake_clock: bool,
}

impl Settings {
    /// The notebook's own sizes and fresh random numbers: what `cargo run --release` uses.
    pub fn notebook() -> Self {
        Settings {
            randn_len: 100_000_000,
            seed: None,
            fake_clock: false,
        }
    }

    /// Small sizes, a fixed seed and a fake clock, for snapshot tests in debug builds.
    pub fn small(seed: u64) -> Self {
        Settings {
            randn_len: 100_000,
            seed: Some(seed),
            fake_clock: true,
        }
    }
}

/// Where a cell prints: a thread-safe text buffer, optionally echoed live to stdout.
///
/// Cheap to clone; every clone appends to the same buffer, so worker threads can print to it the
/// way `mp_worker` prints from Python's worker processes.
#[derive(Clone, Default)]
pub struct Output {
    inner: Arc<Mutex<String>>,
    echo: bool,
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Output")
            .field("bytes", &self.text().len())
            .field("echo", &self.echo)
            .finish()
    }
}

impl Output {
    /// A buffer that only collects.
    pub fn new() -> Self {
        Output::default()
    }

    /// A buffer that also writes everything to stdout as it arrives (the replay uses this so the
    /// reader sees cell 2's workers interleave in real time).
    pub fn echoing() -> Self {
        Output {
            inner: Arc::default(),
            echo: true,
        }
    }

    /// Appends `text` as it is (no newline added): for `\r`-redrawn progress bars.
    pub fn print(&self, text: &str) {
        // A poisoned buffer only means another printer panicked mid-append; the text is still
        // worth keeping, so recover the guard rather than losing the output.
        let mut buffer = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        buffer.push_str(text);
        if self.echo {
            let mut stdout = std::io::stdout().lock();
            // Echoing is a courtesy: a closed stdout must not fail the cell.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
    }

    /// Appends `line` and a newline, like Python's `print`.
    pub fn println(&self, line: &str) {
        self.print(&format!("{line}\n"));
    }

    /// Everything printed so far.
    pub fn text(&self) -> String {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A [`Write`] adapter, for code that prints through `std::io::Write` (a progress bar).
    pub fn writer(&self) -> OutputWriter {
        OutputWriter(self.clone())
    }
}

/// [`Output`] as a [`Write`]; see [`Output::writer`].
#[derive(Debug, Clone)]
pub struct OutputWriter(Output);

impl Write for OutputWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.print(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What running one cell gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The cell ran; what it printed is in the [`Output`], and this is its `Out[n]` value.
    Ran(Option<Value>),
    /// The crate this cell needs is not built yet: the replay says so and counts the cell as not
    /// matching.
    NotBuilt(String),
    /// The cell's Rust code returned an error (its message).
    Failed(String),
}

/// One notebook section (Multiprocessing, Threading, Dask) and the state its cells share.
pub trait Section: fmt::Debug {
    /// The section's title, as in the notebook's heading.
    fn title(&self) -> &'static str;

    /// The notebook cells this section replays, in notebook order.
    fn cells(&self) -> &'static [u32];

    /// Cells that must run first, quietly, when `cell` is run alone (`--cell K`). By default
    /// every earlier cell of the section, as if the notebook were run top to bottom.
    fn setup_for(&self, cell: u32) -> Vec<u32> {
        self.cells().iter().copied().filter(|&c| c < cell).collect()
    }

    /// Runs one cell, printing to `out`.
    fn run(&mut self, cell: u32, out: &Output) -> Outcome;
}

/// Every section, in notebook order, each with fresh state.
pub fn sections(settings: &Settings) -> Vec<Box<dyn Section>> {
    vec![
        multiprocessing::section(settings),
        threading::section(settings),
        dask::section(settings),
    ]
}
