//! The exercise runner, in the tradition of rustlings: `cargo run -p exercises` runs
//! the first exercise you have not solved yet and shows its failing tests;
//! `cargo run -p exercises -- help` lists the other commands.
//!
//! You edit your own copies of the starters, in `book/exercises/work/` (git-ignored,
//! seeded from `src/starter/` the first time the runner runs); the runner tests them
//! with the crate's `learner` feature. The pristine starters stay untouched, so your
//! progress never changes what `cargo test --workspace` or the book's checks see.

mod runner;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The course's exercises: run, check and reset your working copies.
#[derive(Debug, Parser)]
#[command(
    name = "exercises",
    bin_name = "cargo run -p exercises --",
    after_help = "With no command, runs the next exercise you have not solved (like `next`)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Every exercise with its state, and a progress bar.
    List,
    /// Run the first exercise you have not solved and show its failing tests.
    Next,
    /// Run one exercise's tests on your copy of it.
    Run {
        /// The exercise, e.g. `mp1_chunksize` (or a unique prefix: `mp1`).
        name: String,
    },
    /// Show the hints for one exercise.
    Hint {
        /// The exercise, e.g. `mp1_chunksize` (or a unique prefix: `mp1`).
        name: String,
    },
    /// Re-run the current exercise whenever you save a file; move on when it passes.
    Watch,
    /// Put the starter back in place of your copy of one exercise.
    Reset {
        /// The exercise, e.g. `mp1_chunksize` (or a unique prefix: `mp1`).
        name: String,
    },
    /// Test every exercise; succeeds only when every one passes.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let course = runner::Course::from_env();
    let result = match cli.command {
        None | Some(Command::Next) => runner::next(&course),
        Some(Command::List) => runner::list(&course),
        Some(Command::Run { name }) => runner::run(&course, &name),
        Some(Command::Hint { name }) => runner::hint(&course, &name),
        Some(Command::Watch) => runner::watch(&course),
        Some(Command::Reset { name }) => runner::reset(&course, &name),
        Some(Command::Verify) => runner::verify(&course),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
