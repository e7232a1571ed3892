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

use harness::cells::Settings;
use harness::notebook::Notebook;
use harness::replay::{Options, replay};

const USAGE: &str = "usage: harness [--check] [--cell K] [--seed N] [--small]";

fn parse_args() -> Result<(Options, bool), String> {
    let mut options = Options {
        settings: Settings::notebook(),
        only_cell: None,
        live: true,
    };
    let mut check = false;
    let mut seed = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = args.next().ok_or(format!("{name} needs a number"))?;
            value
                .parse()
                .map_err(|_| format!("{name} needs a number, not {value:?}"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--cell" => {
                let k = number("--cell")?;
                options.only_cell = Some(u32::try_from(k).map_err(|_| format!("no cell {k}"))?);
            }
            "--seed" => seed = Some(number("--seed")?),
            "--small" => options.settings = Settings::small(0),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if seed.is_some() {
        options.settings.seed = seed;
    }
    Ok((options, check))
}

fn main() -> ExitCode {
    let (options, check) = match parse_args() {
        Ok(parsed) => parsed,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("harness: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
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
    if check && matching < judged {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
