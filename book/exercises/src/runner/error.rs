//! The runner's errors: each is one line that names the exercise and says what to do.

use super::command;
use std::fmt;
use std::io;

/// Why a command could not do its work (a failing exercise is not an error: it is an
/// outcome).
#[derive(Debug)]
pub(crate) enum Error {
    /// No exercise has this name, and it is no unique prefix of one.
    Unknown { name: String },
    /// The prefix matches several exercises.
    Ambiguous {
        name: String,
        matches: Vec<&'static str>,
    },
    /// The pristine starter the runner copies from is gone.
    MissingStarter { exercise: String, path: String },
    /// The learner's code does not compile; `culprits` are the working copies the
    /// errors point into (empty when they point elsewhere, e.g. into the exercise's
    /// tests).
    DoesNotBuild {
        exercise: String,
        culprits: Vec<String>,
        work_dir: String,
    },
    /// Reading or writing a file failed.
    Io {
        what: String,
        path: String,
        source: io::Error,
    },
    /// cargo could not be started.
    Cargo { source: io::Error },
    /// The exercise's page has no `<summary>Hint</summary>` block.
    NoHint { exercise: String, page: String },
    /// The file watcher could not start.
    Watch { reason: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unknown { name } => write!(
                f,
                "no exercise is called `{name}`: `{}` lists them all",
                command("list")
            ),
            Error::Ambiguous { name, matches } => write!(
                f,
                "`{name}` could be any of {}: give more of the name",
                matches.join(", ")
            ),
            Error::MissingStarter { exercise, path } => write!(
                f,
                "{exercise}: its starter {path} is missing; restore it with `git checkout -- {path}`"
            ),
            Error::DoesNotBuild {
                exercise,
                culprits,
                work_dir,
            } => match culprits.as_slice() {
                [] => write!(
                    f,
                    "{exercise} does not build: its tests need the names and signatures the \
                     starter has; fix {work_dir}/{exercise}.rs (errors above) or start again \
                     with `{}`",
                    command(&format!("reset {exercise}"))
                ),
                [one] if one == exercise => write!(
                    f,
                    "{exercise} does not build: fix the errors above in {work_dir}/{one}.rs, or \
                     start again with `{}`",
                    command(&format!("reset {one}"))
                ),
                [one, ..] => write!(
                    f,
                    "{exercise} cannot be tested while {} does not build: fix the errors above in \
                     {work_dir}/{one}.rs, or start it again with `{}`",
                    culprits.join(", "),
                    command(&format!("reset {one}"))
                ),
            },
            Error::Io { what, path, source } => {
                write!(f, "cannot {what} {path}: {source}")
            }
            Error::Cargo { source } => write!(
                f,
                "cannot run cargo ({source}): run the runner with `cargo run -p exercises`"
            ),
            Error::NoHint { exercise, page } => {
                write!(f, "{exercise}: its page {page} has no hint")
            }
            Error::Watch { reason } => write!(
                f,
                "cannot watch for saved files ({reason}): run `{}` after each save instead",
                super::RUNNER
            ),
        }
    }
}

impl std::error::Error for Error {}
