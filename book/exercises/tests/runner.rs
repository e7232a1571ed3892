//! The runner, driven as a learner drives it, on a temporary working folder (the real
//! `book/exercises/work/` is never touched). One test walks one learner's path, so
//! that the learner build happens in one folder, and only three exercises' tests are
//! compiled.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn runner(work: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exercises"))
        .args(args)
        .env("EXERCISES_WORK_DIR", work)
        .output()
        .expect("the runner starts")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a command the runner printed (it starts with `cargo`), from the workspace
/// root.
fn run_printed(work: &Path, printed: &str) -> Output {
    let mut words = printed.split_whitespace();
    assert_eq!(words.next(), Some("cargo"), "{printed}");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(words)
        .env("EXERCISES_WORK_DIR", work)
        .current_dir(Path::new(CRATE).join("../.."))
        .output()
        .expect("cargo starts")
}

/// A child process that is stopped when the test ends, even when it fails.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn file(dir: &str, exercise: &str) -> PathBuf {
    Path::new(CRATE).join(format!("{dir}/{exercise}.rs"))
}

#[test]
fn a_learner_works_through_an_exercise() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("runner-work");
    let _ = fs::remove_dir_all(&work);
    let mp1 = work.join("mp1_chunksize.rs");
    let starter = fs::read(file("src/starter", "mp1_chunksize")).unwrap();
    let solution = fs::read(file("src/solution", "mp1_chunksize")).unwrap();

    // The first command seeds every working copy; `reset` restores one.
    let out = runner(&work, &["reset", "mp1_chunksize"]);
    assert!(out.status.success(), "{}", text(&out));
    let seeded = fs::read_dir(&work)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "rs")
        })
        .count();
    assert_eq!(seeded, 15);
    fs::write(&mp1, "// my attempt\n").unwrap();
    let out = runner(&work, &["reset", "mp1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        fs::read(&mp1).unwrap(),
        starter,
        "reset restores the starter"
    );

    // An unknown name: one line, exit code 1.
    let out = runner(&work, &["run", "mp9_nothing"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: no exercise is called `mp9_nothing`"),
        "{err}"
    );

    // The starter fails; the runner prints its own rerun command, not cargo's.
    let out = runner(&work, &["run", "mp1_chunksize"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("test result: FAILED"), "{shown}");
    assert!(!shown.contains("to rerun pass"), "{shown}");
    let printed = "cargo run -p exercises -- run mp1_chunksize";
    assert!(shown.contains(&format!("`{printed}`")), "{shown}");

    // The printed command tests the learner's file: it fails on the starter (the
    // reference solution would pass), and passes once the learner's file is right.
    let out = run_printed(&work, printed);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    fs::write(&mp1, &solution).unwrap();
    let out = run_printed(&work, printed);
    assert!(out.status.success(), "{}", text(&out));

    // A solved exercise is listed as done, even with no record of the run that solved
    // it.
    fs::remove_file(work.join(".runner-state")).unwrap();
    let out = runner(&work, &["list"]);
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    let line = |name: &str| {
        shown
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("mp1_chunksize").contains("done"), "{shown}");
    assert!(line("mp2_worker_loop").contains("todo"), "{shown}");
    assert!(line("mp2_worker_loop").starts_with('→'), "{shown}");
    assert!(shown.contains("] 1/15 done"), "{shown}");

    // `verify` fails while an exercise is unsolved, and says which.
    let out = runner(&work, &["verify"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("verify: 1 of 15 exercises pass; mp2_worker_loop fails."),
        "{shown}"
    );

    // `watch` runs the current exercise, then again each time a file is saved:
    // solving mp2 moves it on to mp3.
    let mut watch = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_exercises"))
            .arg("watch")
            .env("EXERCISES_WORK_DIR", &work)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the runner starts"),
    );
    let (tx, rx) = mpsc::channel();
    let stdout = watch.0.stdout.take().expect("piped");
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Reads lines up to one containing `needle`; a watchdog turns a hang into a
    // failure.
    let read_until = |needle: &str| {
        let mut seen = String::new();
        loop {
            match rx.recv_timeout(Duration::from_secs(300)) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(needle) {
                        return seen;
                    }
                }
                Err(_) => panic!("watch printed no `{needle}`:\n{seen}"),
            }
        }
    };
    let first = read_until("Watching");
    assert!(first.contains("✗ mp2_worker_loop"), "{first}");
    let solved = fs::read(file("src/solution", "mp2_worker_loop")).unwrap();
    fs::write(work.join("mp2_worker_loop.rs"), solved).unwrap();
    let after_save = read_until("Watching");
    assert!(after_save.contains("✓ mp2_worker_loop"), "{after_save}");
    assert!(after_save.contains("✗ mp3_imap"), "{after_save}");
    drop(watch);

    // Code that does not compile: a one-line message naming the file, exit code 1.
    fs::write(&mp1, "pub fn broken( {\n").unwrap();
    let out = runner(&work, &["run", "mp1_chunksize"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(
            "error: mp1_chunksize does not build: fix the errors above in "
        ) && last.contains("mp1_chunksize.rs"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let _ = fs::remove_dir_all(&work);
}
