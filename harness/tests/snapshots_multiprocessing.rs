//! Snapshots of the Multiprocessing section (cells 1–4) run with `Settings::small(seed)`.
//!
//! Cells 2 and 4 print from two worker threads at once, so lines whose events happen at the
//! same moment (two workers starting together) may come in either order from run to run. The
//! snapshots therefore hold a canonical form: the printed lines sorted, then the cell's value.
//! The order itself is judged by the replay's schedule rule, not here; these tests also check
//! the one order every run must keep (an item's "Waiting" line before its "DONE" line).

use harness::cells::{Outcome, Output, Section, Settings, sections};

const SEED: u64 = 2026;

fn section(settings: &Settings) -> Box<dyn Section> {
    sections(settings)
        .into_iter()
        .find(|s| s.title() == "Multiprocessing")
        .expect("the Multiprocessing section exists")
}

/// Runs `cell` after its setup cells; returns (printed text, outcome).
fn run(cell: u32) -> (String, Outcome) {
    let mut section = section(&Settings::small(SEED));
    for setup in section.setup_for(cell) {
        let quiet = Output::new();
        assert_eq!(section.run(setup, &quiet), Outcome::Ran(None));
        assert_eq!(quiet.text(), "", "cell {setup} only defines things");
    }
    let out = Output::new();
    let outcome = section.run(cell, &out);
    (out.text(), outcome)
}

/// The sorted lines, a blank line, then the value: the same on every run.
fn canonical(text: &str, outcome: &Outcome) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    let value = match outcome {
        Outcome::Ran(Some(value)) => value.to_string(),
        other => format!("{other:?}"),
    };
    format!("{}\n\n{value}\n", lines.join("\n"))
}

#[test]
fn cells_1_and_3_print_nothing_and_return_nothing() {
    let mut section = section(&Settings::small(SEED));
    for cell in [1, 3] {
        let out = Output::new();
        assert_eq!(section.run(cell, &out), Outcome::Ran(None));
        assert_eq!(out.text(), "");
    }
}

#[test]
fn cell_2_sleep_workers() {
    let (text, outcome) = run(2);
    for name in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        let waiting = text.find(&format!(" Processs {name}\tWaiting")).unwrap();
        let done = text.find(&format!(" Process {name}\tDONE")).unwrap();
        assert!(waiting < done, "{name} finished before it started:\n{text}");
    }
    insta::assert_snapshot!("cell_2_sorted_lines_and_value", canonical(&text, &outcome));
}

#[test]
fn cell_4_powers_of_random_arrays() {
    let (text, outcome) = run(4);
    // Seeded: the same means on every run, whichever worker draws first.
    assert_eq!(run(4).1, outcome);
    insta::assert_snapshot!("cell_4_sorted_lines_and_value", canonical(&text, &outcome));
}

#[test]
fn cell_2_needs_cell_1() {
    let mut section = section(&Settings::small(SEED));
    assert!(matches!(section.run(2, &Output::new()), Outcome::Failed(_)));
}
