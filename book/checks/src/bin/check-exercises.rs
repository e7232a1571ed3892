//! Proves the exercises are sound, like rustlings' `dev check`:
//!
//! 1. every exercise has a starter, a solution, a test file, and a book page giving its command;
//! 2. the starters compile (one build), and each starter **fails** its tests (a test failure, not
//!    a build error);
//! 3. each solution **passes** its tests (one build), and the crate's doctests pass;
//! 4. every file is rustfmt-clean, and the solutions are clippy-clean with `-D warnings`.
//!
//! Run from anywhere in the workspace: `cargo run -p book-checks --bin check-exercises`.
//! Exits with status 1 and a list of problems if any check fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

fn main() -> ExitCode {
    let checks = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let book = checks.parent().expect("book/").to_path_buf();
    let workspace = book.parent().expect("workspace root").to_path_buf();
    let exercises = book.join("exercises");
    let mut problems: Vec<String> = Vec::new();

    let names = exercise_names(&exercises);
    println!("check-exercises: {} exercises", names.len());
    if names.len() < 12 {
        problems.push(format!(
            "only {} exercises, the course promises 12",
            names.len()
        ));
    }
    problems.extend(check_files(&book, &exercises, &names));

    // Starters: one build, then each test binary must fail.
    step("building the starters");
    if let Err(e) = cargo(&workspace, &test_args(true, &["--no-run"])) {
        problems.push(format!("the starters do not compile:\n{e}"));
    } else {
        for name in &names {
            let out = run_cargo(&workspace, &test_args(true, &["--test", name]));
            let stdout = String::from_utf8_lossy(&out.stdout);
            if out.status.success() {
                problems.push(format!("{name}: the starter already passes its tests"));
            } else if !stdout.contains("test result: FAILED") {
                problems.push(format!(
                    "{name}: the starter fails, but not in its tests:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            } else {
                println!("  {name}: starter fails its tests, as it should");
            }
        }
    }

    // Solutions: one build, then each test binary must pass.
    step("building the solutions");
    if let Err(e) = cargo(&workspace, &test_args(false, &["--no-run"])) {
        problems.push(format!("the solutions do not compile:\n{e}"));
    } else {
        for name in &names {
            match cargo(&workspace, &test_args(false, &["--test", name])) {
                Ok(_) => println!("  {name}: solution passes"),
                Err(e) => problems.push(format!("{name}: the solution fails its tests:\n{e}")),
            }
        }
        if let Err(e) = cargo(&workspace, &test_args(false, &["--doc"])) {
            problems.push(format!("the solutions' doctests fail:\n{e}"));
        }
    }

    step("rustfmt and clippy");
    for file in rust_files(&exercises) {
        let out = Command::new("rustfmt")
            .args(["--check", "--edition", "2024"])
            .arg(&file)
            .output();
        match out {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.push(format!(
                "{} is not rustfmt-clean:\n{}",
                file.display(),
                String::from_utf8_lossy(&out.stdout)
            )),
            Err(e) => problems.push(format!("cannot run rustfmt: {e}")),
        }
    }
    if let Err(e) = cargo(
        &workspace,
        &[
            "clippy",
            "-p",
            "exercises",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ) {
        problems.push(format!("the solutions are not clippy-clean:\n{e}"));
    }

    if problems.is_empty() {
        println!("check-exercises: all {} exercises OK", names.len());
        ExitCode::SUCCESS
    } else {
        eprintln!("check-exercises: {} problem(s)", problems.len());
        for problem in &problems {
            eprintln!("- {problem}");
        }
        ExitCode::FAILURE
    }
}

fn step(what: &str) {
    println!("check-exercises: {what}");
}

/// The exercises: one per file in `tests/`.
fn exercise_names(exercises: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(exercises.join("tests"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    name.strip_suffix(".rs").map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every exercise has its starter, its solution, its module, and a page giving its command.
fn check_files(book: &Path, exercises: &Path, names: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let lib = fs::read_to_string(exercises.join("src/lib.rs")).unwrap_or_default();
    let pages: String = rust_or_md_files(&book.join("src"), "md")
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect();
    for name in names {
        for version in ["starter", "solution"] {
            let file = exercises.join(format!("src/{version}/{name}.rs"));
            if !file.exists() {
                problems.push(format!("{name}: no {version} ({})", file.display()));
            }
        }
        if !lib.contains(&format!("pub mod {name};")) {
            problems.push(format!("{name}: no `pub mod {name};` in src/lib.rs"));
        }
        let command = format!("cargo test -p exercises --features starter --test {name}");
        if !pages.contains(&command) {
            problems.push(format!("{name}: no page gives its command `{command}`"));
        }
        // Its own page shows the starter, the tests and the solution.
        let page =
            fs::read_to_string(book.join(format!("src/exercises/{name}.md"))).unwrap_or_default();
        for part in [
            format!("src/starter/{name}.rs:starter"),
            format!("tests/{name}.rs:tests"),
            format!("src/solution/{name}.rs:solution"),
        ] {
            if !page.contains(&part) {
                problems.push(format!(
                    "{name}: src/exercises/{name}.md does not include {part}"
                ));
            }
        }
    }
    problems
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    rust_or_md_files(dir, "rs")
}

fn rust_or_md_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_or_md_files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The arguments of `cargo test -p exercises`, on the starters (`--features starter`) or the
/// solutions, followed by `extra`.
fn test_args<'a>(starter: bool, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["test", "-p", "exercises"];
    if starter {
        args.extend(["--features", "starter"]);
    }
    args.extend(extra);
    args
}

fn run_cargo(workspace: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(workspace)
        .output()
        .expect("cargo runs")
}

/// Runs cargo; `Err` holds the end of its output when it fails.
fn cargo(workspace: &Path, args: &[&str]) -> Result<Output, String> {
    let out = run_cargo(workspace, args);
    if out.status.success() {
        Ok(out)
    } else {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        Err(tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
    }
}
