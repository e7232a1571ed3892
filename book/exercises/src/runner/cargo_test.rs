//! Runs one exercise's tests on the learner's working copy, and reads what happened.
//!
//! The command is
//! `cargo test -p exercises --no-default-features --features learner --test <exercise>`:
//! `learner` builds the working copies, and leaving the default `runner` feature out
//! keeps the runner's own binary out of the build (it is running). cargo ends a
//! failing run with its own hint, "to rerun pass `-p exercises --test <exercise>`",
//! which drops the features and would test the reference solution; the runner removes
//! that line and prints its own command.

use super::course::{Course, WORK_DIR_VAR};
use super::error::Error;
use exercises::EXERCISES;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::Path;
use std::process::Command;

/// What one exercise's test run showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every test passes.
    Pass,
    /// It builds, and a test fails (or the test binary dies).
    Fail,
    /// The learner's code does not compile; `culprits` are the exercises whose
    /// working copies the compiler's errors point into.
    DoesNotBuild { culprits: Vec<String> },
}

/// One test run: its outcome and what cargo printed (stdout and stderr in order,
/// cargo's rerun hint removed).
#[derive(Debug)]
pub(crate) struct TestRun {
    pub(crate) outcome: Outcome,
    pub(crate) output: String,
}

/// Tests `exercise` on the working copy; with `echo`, shows cargo's output as it
/// comes.
pub(crate) fn test(
    course: &Course,
    exercise: &str,
    echo: bool,
) -> Result<TestRun, Error> {
    let color = echo && io::stdout().is_terminal();
    let color = if color { "always" } else { "never" };
    let mut cmd = Command::new(&course.cargo);
    cmd.args(["test", "-p", "exercises", "--no-default-features"])
        .args([
            "--features",
            "learner",
            "--test",
            exercise,
            "--color",
            color,
        ])
        .args(["--", "--color", color])
        .env(WORK_DIR_VAR, &course.work_dir)
        .current_dir(&course.workspace);
    // One pipe for both streams keeps cargo's lines and the tests' lines in the order
    // they came.
    let (reader, writer) = io::pipe().map_err(|source| Error::Cargo { source })?;
    let writer_too = writer
        .try_clone()
        .map_err(|source| Error::Cargo { source })?;
    cmd.stdout(writer).stderr(writer_too);
    let mut child = cmd.spawn().map_err(|source| Error::Cargo { source })?;
    // The Command holds the pipe's write ends: drop them, or reading never sees the
    // end.
    drop(cmd);
    let mut output = String::new();
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => return Err(Error::Cargo { source }),
        }
        let text = String::from_utf8_lossy(&line);
        if is_cargo_rerun_hint(&text) {
            continue;
        }
        if echo {
            print!("{text}");
            let _ = io::stdout().flush();
        }
        output.push_str(&text);
    }
    let status = child.wait().map_err(|source| Error::Cargo { source })?;
    let outcome = classify(status.success(), &output, &course.work_dir);
    Ok(TestRun { outcome, output })
}

/// cargo's "error: test failed, to rerun pass `-p exercises --test …`": it omits
/// `--features`.
fn is_cargo_rerun_hint(line: &str) -> bool {
    line.contains("to rerun pass")
}

/// Reads the outcome from cargo's exit status and output.
fn classify(success: bool, output: &str, work_dir: &Path) -> Outcome {
    if success {
        return Outcome::Pass;
    }
    if !output.contains("could not compile") {
        return Outcome::Fail;
    }
    let mut culprits: Vec<String> = Vec::new();
    for line in output.lines() {
        let Some(location) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        // `--> /path/to/work/mp1_chunksize.rs:12:5`
        let file = location.split(':').next().unwrap_or_default();
        let file = Path::new(file);
        let in_work_dir = file.parent().is_some_and(|dir| same_dir(dir, work_dir));
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if in_work_dir
            && EXERCISES.contains(&stem)
            && !culprits.iter().any(|c| c == stem)
        {
            culprits.push(stem.to_string());
        }
    }
    Outcome::DoesNotBuild { culprits }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || a.canonicalize()
            .ok()
            .zip(b.canonicalize().ok())
            .is_some_and(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_rerun_hint_is_recognised() {
        assert!(is_cargo_rerun_hint(
            "error: test failed, to rerun pass `-p exercises --test mp1_chunksize`\n"
        ));
        assert!(!is_cargo_rerun_hint(
            "test result: FAILED. 1 passed; 4 failed\n"
        ));
    }

    #[test]
    fn outcomes_are_read_from_status_and_output() {
        let work = Path::new("/w/book/exercises/work");
        assert_eq!(classify(true, "", work), Outcome::Pass);
        assert_eq!(
            classify(false, "test result: FAILED. 0 passed; 3 failed", work),
            Outcome::Fail
        );
        let errors = "error[E0308]: mismatched types\n  --> /w/book/exercises/work/mp3_imap.rs:4:5\n\
                      error[E0425]: cannot find value\n  --> /w/book/exercises/work/mp3_imap.rs:9:1\n\
                      \x20 --> /w/book/exercises/work/la1_chunks.rs:2:2\n\
                      \x20 --> book/exercises/tests/mp1_chunksize.rs:2:2\n\
                      error: could not compile `exercises` (lib) due to 3 previous errors\n";
        assert_eq!(
            classify(false, errors, work),
            Outcome::DoesNotBuild {
                culprits: vec!["mp3_imap".into(), "la1_chunks".into()]
            }
        );
        let in_tests = "  --> book/exercises/tests/mp1_chunksize.rs:2:2\nerror: could not compile `exercises` (test \"mp1_chunksize\")\n";
        assert_eq!(
            classify(false, in_tests, work),
            Outcome::DoesNotBuild { culprits: vec![] }
        );
    }
}
