//! `watch`: runs the current exercise (the first that does not pass), then again each
//! time a working copy is saved, moving on as exercises pass.

use super::commands::{failed, first_unsolved, prepare};
use super::course::Course;
use super::error::Error;
use exercises::EXERCISES;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long a burst of file events may last and still count as one save (editors
/// write a file in several steps: a temporary file, a rename, a metadata change).
const SAVE_BURST: Duration = Duration::from_millis(200);

pub(crate) fn watch(course: &Course) -> Result<ExitCode, Error> {
    let mut states = prepare(course)?;
    let (tx, rx) = mpsc::channel();
    let watch_error = |e: notify::Error| Error::Watch {
        reason: e.to_string(),
    };
    let mut watcher = notify::recommended_watcher(tx).map_err(watch_error)?;
    watcher
        .watch(&course.work_dir, RecursiveMode::NonRecursive)
        .map_err(watch_error)?;
    loop {
        match first_unsolved(course, &mut states) {
            Ok(None) => {
                println!("\nAll {} exercises pass. Well done!", EXERCISES.len());
                return Ok(ExitCode::SUCCESS);
            }
            Ok(Some(exercise)) => {
                failed(course, exercise);
            }
            // Code that does not compile is a step on the way: say so and keep
            // watching.
            Err(e @ Error::DoesNotBuild { .. }) => eprintln!("error: {e}"),
            Err(other) => return Err(other),
        }
        println!(
            "\nWatching {}/: save a file to test again (Ctrl-C stops).",
            course.show(&course.work_dir)
        );
        wait_for_save(&rx, &course.work_dir)?;
        println!("\n{}\n", "-".repeat(60));
    }
}

/// Blocks until a `.rs` file in `work_dir` is saved, then lets the rest of that
/// save's burst of events pass.
fn wait_for_save(
    rx: &Receiver<notify::Result<Event>>,
    work_dir: &Path,
) -> Result<(), Error> {
    let disconnected = || Error::Watch {
        reason: "the file watcher stopped".into(),
    };
    loop {
        let event = rx.recv().map_err(|_| disconnected())?;
        if is_save(&event, work_dir) {
            break;
        }
    }
    loop {
        match rx.recv_timeout(SAVE_BURST) {
            Ok(_) => continue,
            Err(RecvTimeoutError::Timeout) => return Ok(()),
            Err(RecvTimeoutError::Disconnected) => return Err(disconnected()),
        }
    }
}

/// A change to a learner's `.rs` file (not to the runner's own record, which it
/// writes itself).
fn is_save(event: &notify::Result<Event>, work_dir: &Path) -> bool {
    let Ok(event) = event else {
        return false;
    };
    let changes = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_));
    changes
        && event.paths.iter().any(|path| {
            path.extension().is_some_and(|e| e == "rs")
                && path.parent().is_some_and(|dir| dir == work_dir)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
    use std::path::PathBuf;

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn only_saved_rust_files_in_the_working_folder_count() {
        let work = Path::new("/w/work");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert!(is_save(&event(write, "/w/work/mp1_chunksize.rs"), work));
        let create = EventKind::Create(CreateKind::File);
        assert!(is_save(&event(create, "/w/work/mp1_chunksize.rs"), work));
        assert!(!is_save(&event(write, "/w/work/.runner-state"), work));
        assert!(!is_save(
            &event(write, "/w/work/mp1_chunksize.rs.swp"),
            work
        ));
        assert!(!is_save(
            &event(write, "/w/elsewhere/mp1_chunksize.rs"),
            work
        ));
        let remove = EventKind::Remove(RemoveKind::File);
        assert!(!is_save(&event(remove, "/w/work/mp1_chunksize.rs"), work));
        assert!(!is_save(&Err(notify::Error::generic("lost")), work));
    }
}
