//! Where the exercises live: the pristine starters, the learner's working copies, the
//! pages.

use super::error::Error;
use exercises::EXERCISES;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// The environment variable that moves the working copies (the runner's tests use a
/// temporary folder); build.rs reads the same variable, and the runner passes it to
/// every cargo it runs.
pub(crate) const WORK_DIR_VAR: &str = "EXERCISES_WORK_DIR";

/// The exercises crate, its workspace, and the folder of the learner's working
/// copies.
#[derive(Debug, Clone)]
pub(crate) struct Course {
    /// The workspace root: cargo runs there, and printed paths are relative to it.
    pub(crate) workspace: PathBuf,
    /// `book/exercises/`.
    pub(crate) crate_dir: PathBuf,
    /// The working copies, `book/exercises/work/` unless `EXERCISES_WORK_DIR` says
    /// otherwise.
    pub(crate) work_dir: PathBuf,
    /// The cargo that runs the tests: the one that started the runner, when it did.
    pub(crate) cargo: OsString,
}

impl Course {
    /// The course this runner was built in.
    pub(crate) fn from_env() -> Course {
        let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        // Absolute, so that build.rs (which runs in the crate's folder) reads it the
        // same way.
        let work_dir = std::env::var_os(WORK_DIR_VAR)
            .map(PathBuf::from)
            .and_then(|dir| std::path::absolute(dir).ok())
            .unwrap_or_else(|| crate_dir.join("work"));
        Course::new(crate_dir, work_dir)
    }

    pub(crate) fn new(crate_dir: PathBuf, work_dir: PathBuf) -> Course {
        let workspace = crate_dir
            .parent()
            .and_then(Path::parent)
            .map_or_else(|| crate_dir.clone(), Path::to_path_buf);
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Course {
            workspace,
            crate_dir,
            work_dir,
            cargo,
        }
    }

    /// The exercise called `name`, or the only one whose name starts with it (`mp1`).
    pub(crate) fn resolve(&self, name: &str) -> Result<&'static str, Error> {
        if let Some(exact) = EXERCISES.iter().find(|e| **e == name) {
            return Ok(exact);
        }
        let matches: Vec<&'static str> = EXERCISES
            .iter()
            .copied()
            .filter(|e| !name.is_empty() && e.starts_with(name))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::Unknown {
                name: name.to_string(),
            }),
            _ => Err(Error::Ambiguous {
                name: name.to_string(),
                matches,
            }),
        }
    }

    pub(crate) fn starter(&self, exercise: &str) -> PathBuf {
        self.crate_dir.join(format!("src/starter/{exercise}.rs"))
    }

    pub(crate) fn work_file(&self, exercise: &str) -> PathBuf {
        self.work_dir.join(format!("{exercise}.rs"))
    }

    pub(crate) fn test_file(&self, exercise: &str) -> PathBuf {
        self.crate_dir.join(format!("tests/{exercise}.rs"))
    }

    pub(crate) fn page(&self, exercise: &str) -> PathBuf {
        self.crate_dir
            .join(format!("../src/exercises/{exercise}.md"))
    }

    /// `path` as the learner types it: relative to the workspace root when it is
    /// inside.
    pub(crate) fn show(&self, path: &Path) -> String {
        let path = normalise(path);
        path.strip_prefix(&self.workspace)
            .unwrap_or(&path)
            .display()
            .to_string()
    }

    /// Copies the starter of every exercise that has no working copy yet; returns how
    /// many.
    pub(crate) fn seed(&self) -> Result<usize, Error> {
        fs::create_dir_all(&self.work_dir).map_err(|source| Error::Io {
            what: "create the folder".into(),
            path: self.show(&self.work_dir),
            source,
        })?;
        let mut seeded = 0;
        for exercise in EXERCISES {
            if !self.work_file(exercise).exists() {
                self.copy_starter(exercise)?;
                seeded += 1;
            }
        }
        Ok(seeded)
    }

    /// Overwrites the working copy of `exercise` with its starter.
    pub(crate) fn copy_starter(&self, exercise: &str) -> Result<(), Error> {
        let starter = self.starter(exercise);
        let text = fs::read(&starter).map_err(|_| Error::MissingStarter {
            exercise: exercise.to_string(),
            path: self.show(&starter),
        })?;
        let work = self.work_file(exercise);
        fs::write(&work, text).map_err(|source| Error::Io {
            what: "write".into(),
            path: self.show(&work),
            source,
        })
    }

    /// Reads a file the runner needs.
    pub(crate) fn read(&self, path: &Path) -> Result<Vec<u8>, Error> {
        fs::read(path).map_err(|source| Error::Io {
            what: "read".into(),
            path: self.show(path),
            source,
        })
    }
}

/// `a/b/../c` as `a/c`, so that the page paths print without `..`.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        Course::new("/w/book/exercises".into(), "/w/book/exercises/work".into())
    }

    #[test]
    fn names_resolve_exactly_or_by_unique_prefix() {
        let c = course();
        assert_eq!(c.resolve("mp1_chunksize").unwrap(), "mp1_chunksize");
        assert_eq!(c.resolve("la3").unwrap(), "la3_cull");
        assert!(matches!(c.resolve("mp"), Err(Error::Ambiguous { .. })));
        assert!(matches!(c.resolve(""), Err(Error::Unknown { .. })));
        let unknown = c.resolve("mp9_nothing").unwrap_err().to_string();
        assert_eq!(
            unknown,
            "no exercise is called `mp9_nothing`: `cargo run -p exercises -- list` lists them all"
        );
    }

    #[test]
    fn paths_print_relative_to_the_workspace() {
        let c = course();
        assert_eq!(
            c.show(&c.work_file("mp1_chunksize")),
            "book/exercises/work/mp1_chunksize.rs"
        );
        assert_eq!(
            c.show(&c.page("la1_chunks")),
            "book/src/exercises/la1_chunks.md"
        );
        assert_eq!(c.show(Path::new("/elsewhere/x.rs")), "/elsewhere/x.rs");
    }

    #[test]
    fn a_missing_starter_is_named_with_what_to_do() {
        let dir = std::env::temp_dir()
            .join(format!("runner-no-starters-{}", std::process::id()));
        let c = Course::new(dir.join("book/exercises"), dir.join("work"));
        let err = c.seed().unwrap_err().to_string();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(
            err,
            "mp1_chunksize: its starter book/exercises/src/starter/mp1_chunksize.rs is missing; \
             restore it with `git checkout -- book/exercises/src/starter/mp1_chunksize.rs`"
        );
    }
}
