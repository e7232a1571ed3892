//! What the runner last saw of each exercise, so that `list` and `next` re-test only
//! the exercises edited since.
//!
//! The record, `work/.runner-state`, holds one line per exercise: its name, `pass` or
//! `fail`, and a fingerprint of the working copy and the test file at that moment. A
//! record whose fingerprint no longer matches is ignored, so an edit always leads to
//! a new test run. A working copy equal to its starter needs no record:
//! check-exercises proves every starter fails.

use super::course::Course;
use super::error::Error;
use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

/// The state of one exercise as far as the runner knows without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    Pass,
    Fail,
    /// Edited since the last run (or never run): only a test run tells.
    Unknown,
}

#[derive(Debug)]
pub(crate) struct States {
    path: PathBuf,
    records: BTreeMap<String, (bool, u64)>,
}

impl States {
    /// The record in the course's working folder (empty when there is none or it is
    /// garbled).
    pub(crate) fn load(course: &Course) -> States {
        let path = course.work_dir.join(".runner-state");
        let text = fs::read_to_string(&path).unwrap_or_default();
        let records = text
            .lines()
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                let name = words.next()?.to_string();
                let pass = match words.next()? {
                    "pass" => true,
                    "fail" => false,
                    _ => return None,
                };
                let print = u64::from_str_radix(words.next()?, 16).ok()?;
                Some((name, (pass, print)))
            })
            .collect();
        States { path, records }
    }

    pub(crate) fn known(
        &self,
        course: &Course,
        exercise: &str,
    ) -> Result<Known, Error> {
        let work = course.read(&course.work_file(exercise))?;
        if course
            .read(&course.starter(exercise))
            .is_ok_and(|s| s == work)
        {
            return Ok(Known::Fail);
        }
        let print = fingerprint(course, exercise)?;
        Ok(match self.records.get(exercise) {
            Some(&(true, p)) if p == print => Known::Pass,
            Some(&(false, p)) if p == print => Known::Fail,
            _ => Known::Unknown,
        })
    }

    /// Remembers a test run's result (and writes the record).
    pub(crate) fn record(
        &mut self,
        course: &Course,
        exercise: &str,
        pass: bool,
    ) -> Result<(), Error> {
        let print = fingerprint(course, exercise)?;
        self.records.insert(exercise.to_string(), (pass, print));
        self.save(course)
    }

    pub(crate) fn forget(
        &mut self,
        course: &Course,
        exercise: &str,
    ) -> Result<(), Error> {
        self.records.remove(exercise);
        self.save(course)
    }

    fn save(&self, course: &Course) -> Result<(), Error> {
        let text: String = self
            .records
            .iter()
            .map(|(name, (pass, print))| {
                let word = if *pass { "pass" } else { "fail" };
                format!("{name} {word} {print:016x}\n")
            })
            .collect();
        fs::write(&self.path, text).map_err(|source| Error::Io {
            what: "write".into(),
            path: course.show(&self.path),
            source,
        })
    }
}

/// A fingerprint of what decides the outcome: the working copy and the exercise's
/// tests. (std's hasher may change between Rust releases; then the records are
/// ignored and re-made.)
fn fingerprint(course: &Course, exercise: &str) -> Result<u64, Error> {
    let mut hasher = DefaultHasher::new();
    course.read(&course.work_file(exercise))?.hash(&mut hasher);
    course.read(&course.test_file(exercise))?.hash(&mut hasher);
    Ok(hasher.finish())
}
