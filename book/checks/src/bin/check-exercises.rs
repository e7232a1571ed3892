//! Proves the exercises are sound, like rustlings' `dev check`:
//!
//! 1. every exercise has a starter, a solution, a test file, and a book page giving its runner
//!    command, its hints and its solution;
//! 2. the starters compile (one build), and each starter **fails** its tests (a test failure, not
//!    a build error);
//! 3. each solution **passes** its tests (one build), and the crate's doctests pass;
//! 4. every file is rustfmt-clean and its lines fit the book's column (86 characters),
//!    and the solutions are clippy-clean with `-D warnings`;
//! 5. the runner builds its dependencies with the features `cargo test --workspace` builds them
//!    with, so that going from one to the other rebuilds none of them.
//!
//! It tests the pristine starters in `src/starter/`, never a learner's working copies in
//! `work/`, so a learner's progress does not change its verdict.
//!
//! Run from anywhere in the workspace: `cargo run -p book-checks --bin check-exercises`.
//! Exits with status 1 and a list of problems if any check fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

fn main() -> ExitCode {
    let checks = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let book = checks.parent().expect("book/").to_path_buf();
    let workspace = book.parent().expect("workspace root").to_path_buf();
    let exercises = book.join("exercises");
    let mut problems: Vec<String> = Vec::new();

    let names: Vec<String> = exercises::EXERCISES.map(String::from).to_vec();
    println!("check-exercises: {} exercises", names.len());
    problems.extend(check_test_files(&exercises, &names));
    problems.extend(check_files(&book, &exercises, &names));
    step("the runner's dependency features");
    problems.extend(check_features(&workspace));

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

    step("line lengths");
    for version in ["src/starter", "src/solution", "tests"] {
        for file in rust_files(&exercises.join(version)) {
            problems.extend(long_lines(&file));
        }
    }

    step("rustfmt and clippy");
    // The crate's own files only: a learner's working copies (`work/`) are theirs to format.
    let own_files = [
        rust_files(&exercises.join("src")),
        rust_files(&exercises.join("tests")),
    ];
    for file in own_files
        .concat()
        .into_iter()
        .chain([exercises.join("build.rs")])
    {
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

/// The runner's own test file; every other file in `tests/` is an exercise's.
const RUNNER_TESTS: &str = "runner";

/// Every file in `tests/` is an exercise listed in `exercises::EXERCISES` (or the runner's tests).
fn check_test_files(exercises: &Path, names: &[String]) -> Vec<String> {
    rust_files(&exercises.join("tests"))
        .iter()
        .filter_map(|path| path.file_stem()?.to_str().map(String::from))
        .filter(|stem| stem != RUNNER_TESTS && !names.contains(stem))
        .map(|stem| format!("tests/{stem}.rs is not in exercises::EXERCISES (src/lib.rs)"))
        .collect()
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
        if !exercises.join(format!("tests/{name}.rs")).exists() {
            problems.push(format!("{name}: no tests/{name}.rs"));
        }
        let command = format!("cargo run -p exercises -- run {name}");
        if !pages.contains(&command) {
            problems.push(format!("{name}: no page gives its command `{command}`"));
        }
        // Its own page shows the starter's signatures, the tests, a folded hint and the
        // solution.
        let page =
            fs::read_to_string(book.join(format!("src/exercises/{name}.md"))).unwrap_or_default();
        for part in [
            format!("src/starter/{name}.rs:task"),
            format!("tests/{name}.rs:tests"),
            format!("src/solution/{name}.rs:solution"),
            "<summary>Hint".to_string(),
        ] {
            if !page.contains(&part) {
                problems.push(format!("{name}: src/exercises/{name}.md has no `{part}`"));
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

/// The widest line the book's column shows whole at 1280 px (book/exercises/rustfmt.toml
/// formats code to it; comments are wrapped by hand).
const PAGE_WIDTH: usize = 86;

/// The lines of `file` wider than the book's column: the page would clip them.
fn long_lines(file: &Path) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.chars().count() > PAGE_WIDTH)
        .map(|(n, _)| {
            format!(
                "{}:{}: longer than {PAGE_WIDTH} characters (the page clips it)",
                file.display(),
                n + 1
            )
        })
        .collect()
}

/// The runner's two builds must resolve every registry dependency with the features
/// `cargo test --workspace` resolves it with; otherwise going from one to the other rebuilds it.
fn check_features(workspace: &Path) -> Vec<String> {
    let everything = ["--workspace", "-e", "normal,build,dev"];
    let runner_builds: [(&str, &[&str]); 2] = [
        (
            "`cargo run -p exercises`",
            &["-p", "exercises", "-e", "normal,build"],
        ),
        (
            "the runner's `cargo test`",
            &[
                "-p",
                "exercises",
                "--no-default-features",
                "--features",
                "learner",
                "-e",
                "normal,build,dev",
            ],
        ),
    ];
    let workspace_features = match feature_sets(workspace, &everything) {
        Ok(sets) => sets,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for (build, args) in runner_builds {
        let sets = match feature_sets(workspace, args) {
            Ok(sets) => sets,
            Err(e) => return vec![e],
        };
        for (package, features) in sets {
            let theirs = workspace_features.get(&package);
            if theirs != Some(&features) {
                problems.push(format!(
                    "{build} builds {package} with features [{features}], `cargo test \
                     --workspace` with [{}]: ask for the same in book/exercises/Cargo.toml",
                    theirs.map_or("", String::as_str)
                ));
            }
        }
    }
    if problems.is_empty() {
        println!("  the runner reuses the dependencies `cargo test --workspace` builds");
    }
    problems
}

/// Every registry package `cargo tree` resolves for `args`, with its features
/// (`"rayon v1.11.0"` → `"default"`); workspace members (`name vX (path)`) are left out.
fn feature_sets(workspace: &Path, args: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let mut tree = vec!["tree", "--prefix", "none", "-f", "{p}|{f}"];
    tree.extend(args);
    let out = cargo(workspace, &tree)?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (package, features) = line.trim_end_matches(" (*)").split_once('|')?;
            (!package.contains(" (")).then(|| (package.to_string(), features.to_string()))
        })
        .collect())
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
