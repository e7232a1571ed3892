//! The runner's commands: `list`, `next`, `run`, `hint`, `reset`, `verify` (`watch`
//! has its own module).

use super::cargo_test::{self, Outcome, TestRun};
use super::course::Course;
use super::error::Error;
use super::pages;
use super::state::{Known, States};
use super::{RUNNER, command};
use exercises::EXERCISES;
use std::process::ExitCode;

/// Seeds the working copies that are missing and loads what the runner last saw.
pub(crate) fn prepare(course: &Course) -> Result<States, Error> {
    let seeded = course.seed()?;
    if seeded > 0 {
        println!(
            "Copied {seeded} starter(s) to {}/: edit your exercises there.",
            course.show(&course.work_dir)
        );
    }
    Ok(States::load(course))
}

/// `run NAME`: tests one exercise, showing cargo's output as it comes.
pub(crate) fn run(course: &Course, name: &str) -> Result<ExitCode, Error> {
    let exercise = course.resolve(name)?;
    let mut states = prepare(course)?;
    announce(course, exercise);
    let run = cargo_test::test(course, exercise, true)?;
    let passed = settle(course, &mut states, exercise, &run)?;
    if passed {
        println!("\n✓ {exercise} passes. Next: `{RUNNER}`");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(failed(course, exercise))
    }
}

/// `next` (and no command): skips the exercises that pass, then runs the first that
/// does not.
pub(crate) fn next(course: &Course) -> Result<ExitCode, Error> {
    let mut states = prepare(course)?;
    match first_unsolved(course, &mut states)? {
        None => {
            println!("\nAll {} exercises pass. Well done!", EXERCISES.len());
            Ok(ExitCode::SUCCESS)
        }
        Some(exercise) => Ok(failed(course, exercise)),
    }
}

/// Walks the exercises in order, printing a ✓ for each that passes, and stops at the
/// first that does not, with its test output shown; `None` when every exercise
/// passes.
pub(crate) fn first_unsolved(
    course: &Course,
    states: &mut States,
) -> Result<Option<&'static str>, Error> {
    for exercise in EXERCISES {
        let known = states.known(course, exercise)?;
        if known == Known::Pass {
            println!("✓ {exercise}");
            continue;
        }
        // A starter the learner has not touched fails: show its tests as they run. An
        // edited copy may pass: test it quietly, and show the output only if it
        // fails.
        let echo = known == Known::Fail;
        if echo {
            announce(course, exercise);
        }
        let run = cargo_test::test(course, exercise, echo)?;
        if settle(course, states, exercise, &run)? {
            println!("✓ {exercise}");
            continue;
        }
        if !echo {
            announce(course, exercise);
            print!("{}", run.output);
        }
        return Ok(Some(exercise));
    }
    Ok(None)
}

/// `verify`: tests every exercise, ignoring what the runner saw before; stops at the
/// first that fails.
pub(crate) fn verify(course: &Course) -> Result<ExitCode, Error> {
    let mut states = prepare(course)?;
    for (done, exercise) in EXERCISES.iter().enumerate() {
        let run = cargo_test::test(course, exercise, false)?;
        if settle(course, &mut states, exercise, &run)? {
            println!("✓ {exercise}");
            continue;
        }
        print!("{}", run.output);
        println!(
            "\nverify: {done} of {} exercises pass; {exercise} fails.",
            EXERCISES.len()
        );
        return Ok(failed(course, exercise));
    }
    println!("\nverify: all {} exercises pass.", EXERCISES.len());
    Ok(ExitCode::SUCCESS)
}

/// The state `list` shows for one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listed {
    Done,
    Todo,
    /// It (or another working copy) does not compile.
    Broken,
}

/// The state of each exercise in `exercises`: from the record when the working copy
/// is unchanged since the last run, from a quiet test run otherwise.
pub(crate) fn states_of(
    course: &Course,
    states: &mut States,
    exercises: &[&'static str],
) -> Result<Vec<Listed>, Error> {
    let mut listed = Vec::new();
    for exercise in exercises {
        let state = match states.known(course, exercise)? {
            Known::Pass => Listed::Done,
            Known::Fail => Listed::Todo,
            Known::Unknown => {
                eprintln!("testing {exercise} (edited since the last run)...");
                let run = cargo_test::test(course, exercise, false)?;
                match settle(course, states, exercise, &run) {
                    Ok(true) => Listed::Done,
                    Ok(false) => Listed::Todo,
                    Err(Error::DoesNotBuild { .. }) => Listed::Broken,
                    Err(other) => return Err(other),
                }
            }
        };
        listed.push(state);
    }
    Ok(listed)
}

/// `list`: every exercise with its state, and a progress bar.
pub(crate) fn list(course: &Course) -> Result<ExitCode, Error> {
    let mut states = prepare(course)?;
    let listed = states_of(course, &mut states, &EXERCISES)?;
    let current = listed.iter().position(|s| *s != Listed::Done);
    println!("Your exercises are in {}/\n", course.show(&course.work_dir));
    for (i, (exercise, state)) in EXERCISES.iter().zip(&listed).enumerate() {
        let page = std::fs::read_to_string(course.page(exercise)).unwrap_or_default();
        let title = pages::title(&page).unwrap_or_default();
        let mark = if Some(i) == current { "→" } else { " " };
        let state = match state {
            Listed::Done => "done",
            Listed::Todo => "todo",
            Listed::Broken => "does not build",
        };
        println!("{mark} {state:<5} {exercise:<20} {title}");
    }
    let done = listed.iter().filter(|s| **s == Listed::Done).count();
    println!("\n{}", progress_bar(done, EXERCISES.len(), 30));
    match current {
        Some(i) => println!("Next: {} (`{RUNNER}` runs it)", EXERCISES[i]),
        None => println!(
            "Every exercise passes: `{}` confirms it.",
            command("verify")
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `Progress: [######------] 5/15 done`.
pub(crate) fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!(
        "Progress: [{}{}] {done}/{total} done",
        "#".repeat(filled),
        "-".repeat(width - filled)
    )
}

/// `hint NAME`: the hints folded on the exercise's page.
pub(crate) fn hint(course: &Course, name: &str) -> Result<ExitCode, Error> {
    let exercise = course.resolve(name)?;
    let page = course.page(exercise);
    let text = String::from_utf8_lossy(&course.read(&page)?).into_owned();
    let hints = pages::hints(&text);
    if hints.is_empty() {
        return Err(Error::NoHint {
            exercise: exercise.to_string(),
            page: course.show(&page),
        });
    }
    println!("Hints for {exercise} (from {}):", course.show(&page));
    for hint in hints {
        println!("\n{hint}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `reset NAME`: the starter again, in place of the working copy.
pub(crate) fn reset(course: &Course, name: &str) -> Result<ExitCode, Error> {
    let exercise = course.resolve(name)?;
    let mut states = prepare(course)?;
    course.copy_starter(exercise)?;
    states.forget(course, exercise)?;
    println!(
        "{exercise}: {} is the starter again.",
        course.show(&course.work_file(exercise))
    );
    Ok(ExitCode::SUCCESS)
}

fn announce(course: &Course, exercise: &str) {
    println!(
        "Testing {exercise}: {}",
        course.show(&course.work_file(exercise))
    );
}

/// Records a test run; `Ok(true)` when it passed, `Ok(false)` when a test failed, the
/// `DoesNotBuild` error when it did not compile.
fn settle(
    course: &Course,
    states: &mut States,
    exercise: &str,
    run: &TestRun,
) -> Result<bool, Error> {
    match &run.outcome {
        Outcome::Pass => states.record(course, exercise, true).map(|()| true),
        Outcome::Fail => states.record(course, exercise, false).map(|()| false),
        Outcome::DoesNotBuild { culprits } => Err(Error::DoesNotBuild {
            exercise: exercise.to_string(),
            culprits: culprits.clone(),
            work_dir: course.show(&course.work_dir),
        }),
    }
}

/// What to do after a failing test run; exits with failure.
pub(crate) fn failed(course: &Course, exercise: &str) -> ExitCode {
    println!(
        "\n✗ {exercise}: its tests fail (above). Edit {} and run `{}` again, or `{}` for a hint.",
        course.show(&course.work_file(exercise)),
        command(&format!("run {exercise}")),
        command(&format!("hint {exercise}")),
    );
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bar_fills_in_proportion() {
        assert_eq!(progress_bar(0, 15, 10), "Progress: [----------] 0/15 done");
        assert_eq!(
            progress_bar(5, 15, 30),
            format!("Progress: [{}{}] 5/15 done", "#".repeat(10), "-".repeat(20))
        );
        assert_eq!(
            progress_bar(15, 15, 10),
            "Progress: [##########] 15/15 done"
        );
        assert_eq!(progress_bar(3, 0, 10), "Progress: [----------] 3/0 done");
    }
}
