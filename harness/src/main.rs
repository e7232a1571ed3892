//! `cargo run --release`: replays the notebook in Rust and checks every output cell.
//!
//! ```text
//! cargo run --release                      # the whole notebook, at the notebook's sizes
//! cargo run --release -- --check           # exit 1 unless every output cell matches
//! cargo run --release -- --cell 4 --check  # one cell (and, quietly, the cells it needs)
//! cargo run --release -- --seed 7          # repeatable random numbers
//! cargo run --release -- --small           # the test suite's small sizes
//! ```

use std::process::ExitCode;

use clap::Parser;
use harness::cells::Settings;
use harness::notebook::Notebook;
use harness::replay::{Options, replay};

/// Replays the notebook in Rust, cell by cell, and judges every output against the notebook's.
#[derive(Debug, Parser)]
#[command(name = "harness")]
struct Args {
    /// Exit with a failure unless every output cell matches.
    #[arg(long)]
    check: bool,
    /// Replay one cell (after quietly running the cells it needs).
    #[arg(long, value_name = "K")]
    cell: Option<u32>,
    /// Seed the random numbers, for a repeatable run.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// The test suite's small sizes instead of the notebook's.
    #[arg(long)]
    small: bool,
}

impl Args {
    fn options(&self) -> Options {
        let mut settings = if self.small {
            Settings::small(0)
        } else {
            Settings::notebook()
        };
        if self.seed.is_some() {
            settings.seed = self.seed;
        }
        Options {
            settings,
            only_cell: self.cell,
            live: true,
        }
    }
}

fn main() -> ExitCode {
    // When this binary is re-run as a `ProcessPool` worker, serve tasks and exit here.
    multiprocessing::worker_entry();
    let args = Args::parse();
    let options = args.options();
    let notebook = Notebook::fixture();
    // Not `stdout().lock()`: cells print from worker threads through `Output::echoing`, which
    // takes the lock line by line; holding it here for the whole replay would deadlock them.
    let mut stdout = std::io::stdout();
    let report = match replay(&notebook, &options, &mut stdout) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("harness: cannot write the replay: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (matching, judged) = report.score();
    if args.check && matching < judged {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
