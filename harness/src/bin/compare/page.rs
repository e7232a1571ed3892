//! Page rendering: a run's data as terminal tables and as the book's Markdown page.
//!
//! Everything here is a function of [`Data`], so a saved run renders again byte for byte.

use std::fmt::Write as _;

use crate::data::Data;
use crate::stats::{State, Summary};

/// What a quick run says wherever it shows a figure.
pub(crate) const QUICK_WARNING: &str = "QUICK MODE: tiny sizes, one repetition; the times, ratios and speed-ups below are not measurements.";

pub(crate) fn secs(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// A cell's text, or an em dash where there is no figure.
fn or_dash(cell: Option<String>) -> String {
    cell.unwrap_or_else(|| "—".to_string())
}

fn mib(kib: u64) -> String {
    let m = kib as f64 / 1024.0;
    if m >= 10.0 {
        format!("{m:.0} MiB")
    } else {
        format!("{m:.1} MiB")
    }
}

pub(crate) fn ratio(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
}

/// Python's median over Rust's, where both sides ran cleanly.
pub(crate) fn speed_ratio(python: &Summary, rust: &Summary) -> Option<f64> {
    match (python.clean_median(), rust.clean_median()) {
        (Some(p), Some(r)) if r > 0.0 => Some(p / r),
        _ => None,
    }
}

/// The time cell: the median, or why there is none.
fn time_cell(s: &Summary) -> String {
    match (&s.state, s.median_s) {
        (State::Skipped(why), _) => format!("skipped ({why})"),
        (State::Failed(_), _) => "FAILED".to_string(),
        (State::Measured, None) => "not run".to_string(),
        (State::Measured, Some(m)) if s.failed_checks > 0 => {
            format!("{} (CHECK FAILED)", secs(m))
        }
        (State::Measured, Some(m)) => secs(m),
    }
}

/// `kib` in MiB once something was measured, else a dash: a memory figure is only meaningful
/// if a run completed.
fn mib_cell(s: &Summary, kib: u64) -> String {
    or_dash((s.runs > 0).then(|| mib(kib)))
}

/// A table: a header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    /// Aligned columns for a terminal.
    pub(crate) fn text(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            padded.join("  ").trim_end().to_string() + "\n"
        };
        let mut out = line(&self.header);
        out += &line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
        for row in &self.rows {
            out += &line(row);
        }
        out
    }

    /// A GitHub-flavoured Markdown table.
    pub(crate) fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            format!(
                "| {} |\n",
                cells
                    .iter()
                    .map(|c| c.replace('|', "\\|"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        };
        let mut out = line(&self.header);
        out += &format!("|{}\n", "---|".repeat(self.header.len()));
        for row in &self.rows {
            out += &line(row);
        }
        out
    }
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The main table, narrow enough for the book's column (three columns; the widest words are
/// the implementations' names): one row per (workload, Python implementation, Rust
/// implementation), each side's median, and the ratio.
pub(crate) fn summary(data: &Data) -> Table {
    let ratio_header = if data.quick {
        "Python / Rust (not measured)"
    } else {
        "Python / Rust"
    };
    let header = strings(["Workload", "Python → Rust (medians)", ratio_header]);
    let rows = data
        .rows
        .iter()
        .filter_map(|row| {
            let (py, rs) = (data.summary(&row.python)?, data.summary(&row.rust)?);
            Some(vec![
                row.workload.clone(),
                format!(
                    "{} {} → {} {}",
                    py.label,
                    time_cell(py),
                    rs.label,
                    time_cell(rs)
                ),
                or_dash(row.ratio.map(ratio)),
            ])
        })
        .collect();
    Table { header, rows }
}

/// Every implementation with all its figures.
pub(crate) fn details(data: &Data) -> Table {
    let header = strings([
        "Side",
        "Implementation",
        "Size",
        "Runs",
        "Median",
        "Min",
        "Max",
        "Wall median",
        "CPU median",
        "Peak",
        "Largest process",
        "Tree (sampled)",
        "Value",
    ]);
    let rows = data
        .implementations
        .iter()
        .map(|s| {
            let secs_or_dash = |v: Option<f64>| or_dash(v.map(secs));
            vec![
                s.side.to_string(),
                s.label.clone(),
                or_dash(s.size.clone()),
                s.runs.to_string(),
                time_cell(s),
                secs_or_dash(s.min_s),
                secs_or_dash(s.max_s),
                secs_or_dash(s.wall_median_s),
                secs_or_dash(s.cpu_median_s),
                mib_cell(s, s.peak_kib()),
                mib_cell(s, s.largest_process_kib),
                mib_cell(s, s.tree_kib),
                or_dash(s.value.map(|v| format!("{v:.6}"))),
            ]
        })
        .collect();
    Table { header, rows }
}

/// What the terminal shows after a run: the warning of a quick run, the tables, the notes.
pub(crate) fn text(data: &Data) -> String {
    let mut out = String::new();
    if data.quick {
        let _ = writeln!(out, "{QUICK_WARNING}\n");
    }
    out += &summary(data).text();
    for note in &data.notes {
        let _ = writeln!(out, "- {note}");
    }
    let _ = writeln!(out, "\n{}", details(data).text());
    out
}

/// The Markdown page the book includes under its own heading: it starts with prose, not with a
/// heading, so the chapter keeps one H1.
pub(crate) fn markdown(data: &Data) -> String {
    let mut out = String::new();
    if data.quick {
        let _ = writeln!(out, "**{QUICK_WARNING}**\n");
    }
    let _ = writeln!(
        out,
        "Measured by `{}` on {}, {} repetitions, both sides alternating, {} workers on each side.\n",
        data.command, data.date, data.reps, data.workers
    );
    let _ = writeln!(out, "- Machine: {}", data.machine);
    let _ = writeln!(
        out,
        "- Load average (1, 5, 15 min) before: {}; after: {}",
        data.load_before, data.load_after
    );
    if let Some(others) = data.others_busy {
        let _ = writeln!(
            out,
            "- Other processes kept {others:.2} CPUs busy on average during the run \
             (`/proc/stat` busy time minus this command's own and its children's CPU time): \
             the workloads had the rest."
        );
    }
    let _ = writeln!(out, "- Python: {}\n", data.python);
    out += "Times are medians of each workload's own timing (start-up, imports and worker start-up \
            excluded). `Python / Rust` above 1 means Rust is faster.\n\n";
    out += &summary(data).markdown();
    if !data.notes.is_empty() {
        out += "\n";
        for note in &data.notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    out += "\n### Every implementation\n\n";
    out += "`Wall median` is spawn to exit (interpreter or process start-up included); `CPU median` \
            the user + system time of the whole tree over that span (on a loaded machine it shows \
            the parallelism the wall clock hides). `Peak` is the peak memory of the whole process \
            tree: the larger of `Largest process`, the kernel's high-water mark for the largest \
            single process (`wait4` `ru_maxrss`), and `Tree (sampled)`, the largest sum of \
            proportional set sizes (PSS: shared pages split between the processes sharing them) \
            over the tree, sampled every 50 ms. Both are lower bounds of the true peak.\n\n";
    out += &details(data).markdown();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Group, Side};
    use crate::data::RowData;

    #[test]
    fn units_follow_the_magnitude() {
        assert_eq!(secs(1.914), "1.91 s");
        assert_eq!(secs(0.0123), "12.3 ms");
        assert_eq!(secs(0.000045), "45 µs");
        assert_eq!(mib(2048), "2.0 MiB");
        assert_eq!(mib(819_200), "800 MiB");
        assert_eq!(ratio(5.0), "5.00×");
        assert_eq!(ratio(50.0), "50×");
    }

    fn summary_of(key: &str, side: Side, state: State, seconds: Option<f64>) -> Summary {
        Summary {
            key: key.to_string(),
            side,
            label: key.to_string(),
            group: Group::Pool,
            state,
            size: Some("100".to_string()),
            runs: usize::from(seconds.is_some()),
            median_s: seconds,
            min_s: seconds,
            max_s: seconds,
            wall_median_s: seconds,
            cpu_median_s: seconds,
            cores_median: None,
            cores_max: None,
            largest_process_kib: 10 * 1024,
            tree_kib: 1024,
            value: None,
            failed_checks: 0,
        }
    }

    pub(crate) fn data(quick: bool) -> Data {
        let row = |python: &str, rust: &str, ratio: Option<f64>| RowData {
            workload: "w".to_string(),
            python: python.to_string(),
            rust: rust.to_string(),
            ratio,
        };
        Data {
            command: "cargo run --release -p harness --bin compare".to_string(),
            date: "2026-12-04 03:00 UTC".to_string(),
            reps: 3,
            quick,
            workers: 2,
            machine: "a machine".to_string(),
            load_before: "0.1 0.2 0.3".to_string(),
            load_after: "0.4 0.5 0.6".to_string(),
            others_busy: None,
            python: "Python 3.11.7 (.venv/bin/python)".to_string(),
            rows: vec![
                row("py", "rayon", Some(2.0)),
                row("py", "ours", None),
                row("skipped", "ours", None),
            ],
            implementations: vec![
                summary_of("py", Side::Python, State::Measured, Some(0.2)),
                summary_of("rayon", Side::Rust, State::Measured, Some(0.1)),
                summary_of(
                    "ours",
                    Side::Rust,
                    State::Failed("exit status: 101".into()),
                    None,
                ),
                summary_of(
                    "skipped",
                    Side::Python,
                    State::Skipped("no Python".into()),
                    None,
                ),
            ],
            notes: Vec::new(),
        }
    }

    #[test]
    fn the_summary_never_shows_a_number_for_a_failed_or_skipped_row() {
        let table = summary(&data(false));
        assert_eq!(
            table.rows[0][1..],
            ["py 200.0 ms → rayon 100.0 ms", "2.00×"]
        );
        assert_eq!(table.rows[1][1..], ["py 200.0 ms → ours FAILED", "—"]);
        assert_eq!(
            table.rows[2][1..],
            ["skipped skipped (no Python) → ours FAILED", "—"]
        );
        let details = details(&data(false));
        assert_eq!(details.rows[0][9..12], ["10 MiB", "10 MiB", "1.0 MiB"]);
        assert_eq!(details.rows[2][9], "—");
    }

    #[test]
    fn no_ratio_unless_both_sides_ran_cleanly() {
        let d = data(false);
        let (py, rayon, ours) = (
            &d.implementations[0],
            &d.implementations[1],
            &d.implementations[2],
        );
        assert_eq!(speed_ratio(py, rayon), Some(2.0));
        assert_eq!(speed_ratio(py, ours), None);
        let mut failed_check = py.clone();
        failed_check.failed_checks = 1;
        assert_eq!(speed_ratio(&failed_check, rayon), None);
    }

    #[test]
    fn a_quick_page_says_its_figures_are_not_measurements_before_any_figure() {
        for page in [markdown(&data(true)), text(&data(true))] {
            let warning = page.find("not measurements").expect("warned");
            let first_figure = page.find("ms").expect("a figure");
            assert!(warning < first_figure, "{page}");
        }
        assert!(!markdown(&data(false)).contains("not measure"));
    }

    #[test]
    fn the_page_has_no_top_level_heading() {
        let page = markdown(&data(false));
        assert!(!page.starts_with('#'), "{page}");
        assert!(
            !page
                .lines()
                .any(|l| l.starts_with("# ") || l.starts_with("## ")),
            "{page}"
        );
    }

    #[test]
    fn the_books_comparison_table_is_rendered_from_its_data() {
        let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/src");
        let data = Data::read(&book.join("comparison-table.json")).expect("the saved run");
        let committed = std::fs::read_to_string(book.join("comparison-table.md")).expect("page");
        assert!(
            committed == markdown(&data),
            "book/src/comparison-table.md is stale: regenerate it with \
             `cargo run --release -p harness --bin compare -- --render book/src/comparison-table.json`"
        );
    }

    #[test]
    fn tables_align_and_escape() {
        let table = Table {
            header: strings(["a", "bb"]),
            rows: vec![strings(["ccc", "d|e"])],
        };
        assert_eq!(table.text(), "a    bb\n---  ---\nccc  d|e\n");
        assert_eq!(table.markdown(), "| a | bb |\n|---|---|\n| ccc | d\\|e |\n");
    }
}
