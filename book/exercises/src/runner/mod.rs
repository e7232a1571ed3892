//! What the runner's commands do; `main.rs` only parses the arguments.

mod cargo_test;
mod commands;
mod course;
mod error;
mod pages;
mod state;
mod watch;

pub(crate) use commands::{hint, list, next, reset, run, verify};
pub(crate) use course::Course;
pub(crate) use watch::watch;

/// How a learner runs the runner; every command the runner prints starts with it.
pub(crate) const RUNNER: &str = "cargo run -p exercises";

/// The runner's command for `args`, e.g.
/// `cargo run -p exercises -- run mp1_chunksize`.
pub(crate) fn command(args: &str) -> String {
    format!("{RUNNER} -- {args}")
}
