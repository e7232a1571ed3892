//! Cell 21's compute as a task stream: one lane per worker over time, a bar per task coloured by
//! operation, drawn by lazyarray's own `diagnostics::profile_svg` (dask's `visualize(prof)`).
//! (The compute takes milliseconds, too short for a `ResourceProfiler`'s CPU and memory samples
//! to say anything, so the figure has none.)
//!
//! The records of one real compute of the notebook's `Y.mean()` on two workers are kept in
//! `book/checks/data/cell21_profile.tsv`, and the figure is drawn from that file, so the
//! committed picture does not change with the timing noise of each run:
//!
//! ```text
//! cargo run --release -p book-checks --example task_stream_svg -- record > book/checks/data/cell21_profile.tsv
//! cargo run -p book-checks --example task_stream_svg > book/src/lazy/task-stream.svg
//! ```

use lazyarray::diagnostics::{Profiler, TaskRecord, profile_svg};
use lazyarray::random::default_rng;
use lazyarray::{Array, ComputeOptions};
use std::time::Duration;

/// The committed records the figure is drawn from.
const DATA: &str = include_str!("../data/cell21_profile.tsv");

/// The notebook's `Y` (cell 17) and cell 21's `Y.mean()`.
fn cell21() -> Array<f64> {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .expect("a valid shape");
    y.mean()
}

/// Computes cell 21 on two workers under a `Profiler`, after one compute unrecorded (so the
/// figure shows the work, not the start of the program's threads).
fn record() -> Vec<TaskRecord> {
    let two = ComputeOptions::new().workers(2);
    cell21()
        .compute_scalar_with(&two)
        .expect("the mean computes");
    let prof = Profiler::new();
    prof.run(|| cell21().compute_scalar_with(&two))
        .expect("the mean computes");
    prof.results()
}

fn to_tsv(tasks: &[TaskRecord]) -> String {
    let mut out = String::from("id\tkey\tstart_us\tend_us\tworker\tbytes\n");
    for t in tasks {
        let (start, end) = (t.start.as_micros(), t.end.as_micros());
        out += &format!(
            "{}\t{}\t{start}\t{end}\t{}\t{}\n",
            t.id, t.key, t.worker, t.bytes
        );
    }
    out
}

fn parse(tsv: &str) -> Vec<TaskRecord> {
    let micros = |s: &str| Duration::from_micros(s.parse().expect("microseconds"));
    tsv.lines()
        .skip(1)
        .map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
            [id, key, start, end, worker, bytes] => TaskRecord {
                id: id.parse().expect("an id"),
                key: key.into(),
                start: micros(start),
                end: micros(end),
                worker: worker.parse().expect("a worker number"),
                bytes: bytes.parse().expect("a size"),
            },
            _ => panic!("not a line of a profile: {line:?}"),
        })
        .collect()
}

fn draw(tasks: &[TaskRecord]) -> String {
    profile_svg(tasks, &[]).expect("the profile has tasks on few enough workers")
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("record") {
        print!("{}", to_tsv(&record()));
    } else {
        print!("{}", draw(&parse(DATA)));
    }
}

// `cargo test` runs these tests (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    book_checks::figure::assert_up_to_date(
        include_str!("../../src/lazy/task-stream.svg"),
        &draw(&parse(DATA)),
        "book/src/lazy/task-stream.svg",
        "cargo run -p book-checks --example task_stream_svg",
    );
}

#[test]
fn the_records_are_one_compute_of_cell_21_on_two_workers() {
    let tasks = parse(DATA);
    let graph = cell21().graph();
    let mut recorded: Vec<(usize, &str)> = tasks.iter().map(|t| (t.id, t.key.as_str())).collect();
    recorded.sort();
    let expected: Vec<(usize, &str)> = graph.tasks().iter().map(|t| (t.id(), t.key())).collect();
    assert_eq!(
        recorded, expected,
        "every task of Y.mean()'s graph ran once"
    );
    assert!(tasks.iter().all(|t| t.worker < 2 && t.start <= t.end));
    for t in graph.tasks() {
        let start = tasks.iter().find(|r| r.id == t.id()).unwrap().start;
        for &d in t.deps() {
            let input_end = tasks.iter().find(|r| r.id == d).unwrap().end;
            assert!(
                input_end <= start,
                "{} started after its inputs ended",
                t.key()
            );
        }
    }
}

#[test]
fn a_profile_survives_its_file_format() {
    let profile = record();
    let again = parse(&to_tsv(&profile));
    assert_eq!(to_tsv(&again), to_tsv(&profile));
    assert_eq!(again.len(), cell21().graph().len());
}
