//! The command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::catalogue::Group;

/// The notebook's workloads in Python and in Rust, side by side.
#[derive(Debug, Clone, PartialEq, Parser)]
#[command(
    name = "compare",
    after_help = "Python set-up, once, from the workspace root:\n  \
                  python3 -m venv .venv && .venv/bin/pip install -r harness/python/requirements.txt"
)]
pub(crate) struct Args {
    /// Tiny sizes and one repetition (what `cargo test` runs): checks the command, measures nothing.
    #[arg(long)]
    pub(crate) quick: bool,
    /// Repetitions of each implementation [default: 3; 1 with --quick].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    reps: Option<u32>,
    /// Also write the table as Markdown to PATH (overwriting it), its data beside it as
    /// PATH with a .json extension.
    #[arg(long, value_name = "PATH")]
    pub(crate) markdown: Option<PathBuf>,
    /// Measure nothing: write the Markdown page again from the data a run saved (a .json).
    #[arg(long, value_name = "JSON", conflicts_with_all = ["quick", "markdown", "only"])]
    pub(crate) render: Option<PathBuf>,
    /// The Python interpreter [default: $COMPARE_PYTHON, else the workspace's .venv/bin/python
    /// if it exists, else python3].
    #[arg(long, value_name = "PATH")]
    pub(crate) python: Option<PathBuf>,
    /// Run the Rust side only.
    #[arg(long)]
    pub(crate) no_python: bool,
    /// Only these groups (comma-separated).
    #[arg(long, value_name = "GROUPS", value_delimiter = ',')]
    pub(crate) only: Vec<Group>,
    /// Kill a run after this many seconds [default: 600; 60 with --quick].
    #[arg(long, value_name = "SECS")]
    timeout: Option<u64>,
    /// Internal: run one Rust workload in this process and print its `RESULT` line.
    #[arg(long, value_name = "NAME", hide = true)]
    pub(crate) workload: Option<String>,
}

impl Args {
    pub(crate) fn reps(&self) -> usize {
        self.reps
            .map_or(if self.quick { 1 } else { 3 }, |n| n as usize)
    }

    pub(crate) fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.unwrap_or(if self.quick { 60 } else { 600 }))
    }

    /// Is `group` selected by `--only` (every group is, without it)?
    pub(crate) fn wants(&self, group: Group) -> bool {
        self.only.is_empty() || self.only.contains(&group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("compare").chain(line.split_whitespace()))
    }

    #[test]
    fn defaults_and_quick() {
        let full = parse("").expect("valid");
        assert_eq!(
            (full.quick, full.reps(), full.timeout().as_secs()),
            (false, 3, 600)
        );
        assert!(full.wants(Group::Dask));
        let quick = parse("--quick --markdown out.md --only pool,gil").expect("valid");
        assert_eq!((quick.quick, quick.reps()), (true, 1));
        assert_eq!(quick.markdown, Some(PathBuf::from("out.md")));
        assert_eq!(quick.only, [Group::Pool, Group::Gil]);
        assert!(quick.wants(Group::Gil) && !quick.wants(Group::Queue));
    }

    #[test]
    fn the_hidden_workload_argument() {
        let args = parse("--workload pool.rayon --quick").expect("valid");
        assert_eq!(args.workload.as_deref(), Some("pool.rayon"));
        assert!(args.quick);
    }

    #[test]
    fn bad_arguments_are_errors() {
        for (line, says) in [
            ("--reps 0", "0"),
            ("--reps", "a value is required"),
            ("--only nope", "nope"),
            ("--frobnicate", "frobnicate"),
            ("--render x.json --quick", "cannot be used with"),
        ] {
            let message = parse(line).unwrap_err().to_string();
            assert!(message.contains(says), "{line}: {message}");
        }
    }
}
