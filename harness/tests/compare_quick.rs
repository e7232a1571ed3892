//! Runs `compare --quick` so the comparison command cannot rot: tiny sizes, one repetition.
//!
//! The Python side runs only if an interpreter is found (the workspace's `.venv`, or
//! `$COMPARE_PYTHON`, or `python3`); the tests pass without it. The full run is not part of
//! `cargo test`: it is `cargo run --release -p harness --bin compare`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn compare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_compare"))
        .args(args)
        .output()
        .expect("compare runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("{name}-{}.md", std::process::id()))
}

/// The main table's row for `workload` and the Rust implementation `rust`: its Python side
/// (`label time`), the Rust time, and the ratio.
fn row<'a>(table: &'a str, workload: &str, rust: &str) -> [&'a str; 3] {
    let arrow = format!(" → {rust} ");
    table
        .lines()
        .map(|l| {
            let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
            inner.split(" | ").map(str::trim).collect::<Vec<_>>()
        })
        .find(|cells| cells.len() == 3 && cells[0] == workload && cells[1].contains(&arrow))
        .map(|cells| {
            let (python, rust_time) = cells[1].split_once(&arrow).expect("found above");
            [python, rust_time, cells[2]]
        })
        .unwrap_or_else(|| panic!("no row {workload} / {rust} in\n{table}"))
}

/// The details table's peak-memory cell for the Rust implementation `rust`.
fn rust_peak<'a>(table: &'a str, rust: &str) -> &'a str {
    table
        .lines()
        .map(|l| l.split(" | ").map(str::trim).collect::<Vec<_>>())
        .find(|cells| cells.len() == 13 && cells[0] == "| Rust" && cells[1] == rust)
        .map(|cells| cells[9])
        .unwrap_or_else(|| panic!("no details of {rust} in\n{table}"))
}

#[test]
fn quick_run_measures_every_rust_row_and_writes_markdown() {
    let path = temp_file("compare-quick");
    let out = compare(&[
        "--quick",
        "--markdown",
        path.to_str().expect("utf-8 temp dir"),
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "compare --quick failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let page = std::fs::read_to_string(&path).expect("the Markdown file is written");
    let _ = std::fs::remove_file(&path);
    let json = path.with_extension("json");
    let data = std::fs::read_to_string(&json).expect("the data is written beside it");
    let _ = std::fs::remove_file(&json);
    assert!(data.contains("\"quick\": true"), "{data}");

    // The page says when, where and how, and that quick figures are not measurements, before
    // any figure.
    assert!(page.starts_with("**QUICK MODE"), "{page}");
    assert!(
        !page.contains(env!("CARGO_MANIFEST_DIR")),
        "an absolute path in\n{page}"
    );
    assert!(
        page.contains("- Machine: ") && page.contains("logical CPU"),
        "{page}"
    );
    assert!(
        page.contains("| Workload | Python → Rust (medians) | Python / Rust (not measured) |"),
        "{page}"
    );

    // Every yardstick row has a measured Rust time (a number with a unit), and a peak memory.
    for (workload, rust) in [
        (
            "cell 2: sleeps × 0.05, 2 workers",
            "std threads + crossbeam-channel",
        ),
        ("cell 2: sleeps × 0.05, 2 workers", "rayon par_iter"),
        ("pool overhead: 1k trivial", "rayon par_iter"),
        ("pool overhead: 1k trivial", "sequential loop"),
        ("cell 4: mean(randn(1e5)**p)", "rayon, streaming"),
        ("cell 4: mean(randn(1e5)**p)", "rayon, eager ndarray"),
        (
            "queue 1 producer/1 consumer, 10k items",
            "crossbeam-channel",
        ),
        ("queue 1 producer/1 consumer, 10k items", "std::sync::mpsc"),
        (
            "queue 4 producers/4 consumers, 10k items",
            "crossbeam-channel",
        ),
        (
            "GIL: primes below 2k, 2 threads",
            "std scoped threads, 2 threads",
        ),
        ("dask: 100² mean, 10² chunks", "eager ndarray"),
        ("dask: 2000² mean, 100² chunks", "rayon over chunks"),
        // Our crates.
        ("cell 2: sleeps × 0.05, 2 workers", "multiprocessing::Pool"),
        ("pool overhead: 1k trivial", "multiprocessing::Pool"),
        ("pool overhead: 1k trivial", "multiprocessing::ProcessPool"),
        (
            "cell 4: mean(randn(1e5)**p)",
            "multiprocessing::Pool, streaming",
        ),
        ("queue 1 producer/1 consumer, 10k items", "threading::Queue"),
        (
            "queue 4 producers/4 consumers, 10k items",
            "threading::Queue",
        ),
        ("dask: 100² mean, 10² chunks", "lazyarray"),
        ("dask: 2000² mean, 100² chunks", "lazyarray"),
    ] {
        let cells = row(&page, workload, rust);
        let time = cells[1];
        assert!(
            ["µs", "ms", " s"].iter().any(|unit| time.ends_with(unit)) && !time.contains("FAILED"),
            "{workload} / {rust}: {time:?}"
        );
        let peak = rust_peak(&page, rust);
        assert!(peak.ends_with("MiB"), "{workload} / {rust}: peak {peak:?}");
    }

    // Where Python runs, its side is measured too; with numpy and dask (the documented venv),
    // every Python row is.
    let python_cell = |workload: &str, rust: &str| row(&page, workload, rust)[0].to_string();
    let measured = |cell: &str| ["µs", "ms", " s"].iter().any(|unit| cell.ends_with(unit));
    if stderr.contains("compare: using Python") {
        for (workload, rust) in [
            ("cell 2: sleeps × 0.05, 2 workers", "rayon par_iter"),
            ("pool overhead: 1k trivial", "multiprocessing::ProcessPool"),
            ("cell 4: mean(randn(1e5)**p)", "rayon, streaming"),
            (
                "queue 4 producers/4 consumers, 10k items",
                "crossbeam-channel",
            ),
            ("GIL: primes below 2k, 1 thread", "std thread, 1 thread"),
            ("dask: 2000² mean, 100² chunks", "rayon over chunks"),
            ("dask: 2000² mean, 100² chunks", "eager ndarray"),
        ] {
            let cell = python_cell(workload, rust);
            assert!(measured(&cell), "{workload}: Python {cell:?}\n{stderr}");
        }
    } else if stderr.contains("Python side skipped") {
        assert_eq!(
            python_cell(
                "queue 1 producer/1 consumer, 10k items",
                "crossbeam-channel"
            ),
            "queue.Queue skipped (no Python)"
        );
    } else {
        // Python without numpy or dask: the standard-library rows still run.
        assert!(
            measured(&python_cell(
                "queue 1 producer/1 consumer, 10k items",
                "crossbeam-channel"
            )),
            "{page}"
        );
        assert!(stderr.contains("Set up once with"), "{stderr}");
    }

    // The makespan note compares against the schedule's minimum (1.9 s × 0.05 in quick mode),
    // and says that it is no measurement.
    let makespan = stdout
        .lines()
        .find(|l| l.contains("the schedule's minimum 95.0 ms"))
        .unwrap_or_else(|| panic!("no makespan note in\n{stdout}"));
    assert!(
        makespan.starts_with("- QUICK SIZES, NOT A MEASUREMENT: "),
        "{makespan}"
    );
    assert!(stdout.starts_with("QUICK MODE"), "{stdout}");
}

#[test]
fn without_python_the_command_says_so_and_runs_the_rust_side() {
    let out = compare(&[
        "--quick",
        "--only",
        "pool,gil",
        "--python",
        "/nonexistent/python3",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("Python side skipped"), "{stderr}");
    assert!(
        stderr.contains("pip install -r harness/python/requirements.txt"),
        "{stderr}"
    );
    assert!(stdout.contains("skipped (no Python)"), "{stdout}");
    let rayon = stdout
        .lines()
        .find(|l| l.contains("Pool(2).map") && l.contains("rayon par_iter"));
    let rayon = rayon.unwrap_or_else(|| panic!("no rayon row in\n{stdout}"));
    assert!(rayon.contains("µs") || rayon.contains("ms"), "{rayon}");
    assert!(
        !stdout.contains("queue.Queue"),
        "--only pool,gil ran the queue rows:\n{stdout}"
    );
}

#[test]
fn the_hidden_workload_argument_prints_one_result_line() {
    let out = compare(&["--workload", "queue.crossbeam_4x4", "--quick"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .expect("a RESULT line");
    assert!(
        line.contains("\"ok\":true") && line.contains("\"size\":\"10000\""),
        "{line}"
    );

    let out = compare(&["--workload", "no.such.workload"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown workload"));
}
