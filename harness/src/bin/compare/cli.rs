//! The command line.

use std::path::PathBuf;
use std::time::Duration;

use crate::catalogue::GROUPS;

pub(crate) const USAGE: &str = "\
compare: the notebook's workloads in Python and in Rust, side by side.

usage: cargo run --release -p harness --bin compare -- [OPTIONS]

options:
  --quick            tiny sizes and one repetition (what `cargo test` runs)
  --reps N           repetitions of each implementation (default 3; 1 with --quick)
  --markdown PATH    also write the table as Markdown, with the date and the machine
  --python PATH      the Python interpreter (default: $COMPARE_PYTHON, else .venv/bin/python
                     of the workspace if it exists, else python3)
  --no-python        run the Rust side only
  --only GROUPS      comma-separated: sleep, pool, powers, queue, gil, dask
  --timeout SECS     kill a run after this long (default 600; 60 with --quick)
  -h, --help         this text

Python set-up, once, from the workspace root:
  python3 -m venv .venv && .venv/bin/pip install -r harness/python/requirements.txt
";

/// What to do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Command {
    /// Measure and print the table.
    Compare(Options),
    /// Internal: run one Rust workload in this process and print its `RESULT` line.
    Workload {
        name: String,
        quick: bool,
    },
    Help,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Options {
    pub(crate) quick: bool,
    pub(crate) reps: usize,
    pub(crate) markdown: Option<PathBuf>,
    pub(crate) python: Option<PathBuf>,
    pub(crate) no_python: bool,
    pub(crate) only: Option<Vec<String>>,
    pub(crate) timeout: Duration,
}

pub(crate) fn parse(args: &[String]) -> Result<Command, String> {
    let mut quick = false;
    let mut reps = None;
    let mut markdown = None;
    let mut python = None;
    let mut no_python = false;
    let mut only = None;
    let mut timeout = None;
    let mut workload = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--quick" => quick = true,
            "--no-python" => no_python = true,
            "--reps" => {
                let n: usize = value("--reps")?
                    .parse()
                    .map_err(|e| format!("--reps: {e}"))?;
                if n == 0 {
                    return Err("--reps must be at least 1".to_string());
                }
                reps = Some(n);
            }
            "--markdown" => markdown = Some(PathBuf::from(value("--markdown")?)),
            "--python" => python = Some(PathBuf::from(value("--python")?)),
            "--only" => {
                let groups: Vec<String> = value("--only")?
                    .split(',')
                    .map(|g| g.trim().to_string())
                    .collect();
                if let Some(bad) = groups.iter().find(|g| !GROUPS.contains(&g.as_str())) {
                    return Err(format!(
                        "--only: unknown group {bad:?}; known: {}",
                        GROUPS.join(", ")
                    ));
                }
                only = Some(groups);
            }
            "--timeout" => {
                let secs: u64 = value("--timeout")?
                    .parse()
                    .map_err(|e| format!("--timeout: {e}"))?;
                timeout = Some(Duration::from_secs(secs));
            }
            "--workload" => workload = Some(value("--workload")?),
            "-h" | "--help" => return Ok(Command::Help),
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    if let Some(name) = workload {
        return Ok(Command::Workload { name, quick });
    }
    Ok(Command::Compare(Options {
        quick,
        reps: reps.unwrap_or(if quick { 1 } else { 3 }),
        markdown,
        python,
        no_python,
        only,
        timeout: timeout.unwrap_or(Duration::from_secs(if quick { 60 } else { 600 })),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn defaults_and_quick() {
        let Ok(Command::Compare(full)) = parse(&[]) else {
            panic!()
        };
        assert_eq!(
            (full.quick, full.reps, full.timeout.as_secs()),
            (false, 3, 600)
        );
        let Ok(Command::Compare(quick)) = parse(&args("--quick --markdown out.md --only pool,gil"))
        else {
            panic!()
        };
        assert_eq!((quick.quick, quick.reps), (true, 1));
        assert_eq!(quick.markdown, Some(PathBuf::from("out.md")));
        assert_eq!(
            quick.only,
            Some(vec!["pool".to_string(), "gil".to_string()])
        );
    }

    #[test]
    fn the_hidden_workload_argument() {
        assert_eq!(
            parse(&args("--workload pool.rayon --quick")),
            Ok(Command::Workload {
                name: "pool.rayon".to_string(),
                quick: true
            })
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(parse(&args("--reps 0")).unwrap_err().contains("at least 1"));
        assert!(
            parse(&args("--reps"))
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse(&args("--only nope"))
                .unwrap_err()
                .contains("unknown group")
        );
        assert!(
            parse(&args("--frobnicate"))
                .unwrap_err()
                .contains("unknown argument")
        );
    }
}
