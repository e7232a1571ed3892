//! What a run saves: everything its page shows, as JSON beside the Markdown, so the page (and
//! the book's figures) can be drawn again without measuring again.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Impl, Note, Row};
use crate::page::{secs, speed_ratio};
use crate::stats::{State, Stats, Summary};
use crate::workloads::Sizes;

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Data {
    /// The command, as a reader would type it again (no absolute paths).
    pub(crate) command: String,
    /// `YYYY-MM-DD HH:MM UTC`.
    pub(crate) date: String,
    pub(crate) reps: usize,
    /// `--quick`: tiny sizes, nothing measured.
    pub(crate) quick: bool,
    /// Workers on each side.
    pub(crate) workers: usize,
    /// `harness::machine::Machine`'s description.
    pub(crate) machine: String,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
    /// CPUs kept busy by other processes during the run, on average.
    pub(crate) others_busy: Option<f64>,
    /// The Python side: version, interpreter (relative to the workspace), packages.
    pub(crate) python: String,
    pub(crate) rows: Vec<RowData>,
    pub(crate) implementations: Vec<Summary>,
    pub(crate) notes: Vec<String>,
}

/// One row: the workload as labelled at the sizes that ran, its two implementations' keys, and
/// Python's median over Rust's (from the unrounded medians; none unless both sides ran cleanly).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RowData {
    pub(crate) workload: String,
    pub(crate) python: String,
    pub(crate) rust: String,
    pub(crate) ratio: Option<f64>,
}

impl Data {
    pub(crate) fn summary(&self, key: &str) -> Option<&Summary> {
        self.implementations.iter().find(|s| s.key == key)
    }

    pub(crate) fn read(path: &Path) -> Result<Data, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub(crate) fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serialises") + "\n"
    }
}

/// The rows as they ran, and the summaries of their implementations in run order.
pub(crate) fn rows_and_summaries(
    rows: &[Row],
    order: &[Impl],
    stats: &HashMap<String, Stats>,
    sizes: &Sizes,
) -> (Vec<RowData>, Vec<Summary>) {
    let summaries: Vec<Summary> = order
        .iter()
        .filter_map(|imp| stats.get(&imp.key()))
        .map(Stats::summary)
        .collect();
    let get = |imp: &Impl| summaries.iter().find(|s| s.key == imp.key());
    let rows = rows
        .iter()
        .map(|row| RowData {
            workload: row.workload.label(sizes),
            python: row.python.key(),
            rust: row.rust.key(),
            ratio: get(&row.python)
                .zip(get(&row.rust))
                .and_then(|(py, rs)| speed_ratio(py, rs)),
        })
        .collect();
    (rows, summaries)
}

/// The notes the catalogue declares on its rows, then sizes that disagree and failures.
/// At `--quick` sizes, every figure in a note says it is not a measurement.
pub(crate) fn notes(
    rows: &[Row],
    summaries: &[Summary],
    minimum_makespan: f64,
    quick: bool,
) -> Vec<String> {
    let get = |imp: &Impl| summaries.iter().find(|s| s.key == imp.key());
    let caveat = if quick {
        "QUICK SIZES, NOT A MEASUREMENT: "
    } else {
        ""
    };
    let mut notes = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for row in rows {
        match row.note {
            None => {}
            Some(Note::Makespan) => {
                for imp in [row.python, row.rust] {
                    if seen.contains(&imp.key()) {
                        continue;
                    }
                    seen.push(imp.key());
                    if let Some(m) = get(&imp).and_then(Summary::clean_median) {
                        notes.push(format!(
                            "{caveat}cell 2, {} {}: makespan {} = the schedule's minimum {} {:+.1} ms.",
                            imp.side(),
                            imp.label,
                            secs(m),
                            secs(minimum_makespan),
                            (m - minimum_makespan) * 1e3
                        ));
                    }
                }
            }
            Some(Note::SpeedupFrom { python, rust }) => {
                for (one, two) in [(python, row.python), (rust, row.rust)] {
                    let (Some(a), Some(b)) = (get(&one), get(&two)) else {
                        continue;
                    };
                    let (Some(t1), Some(t2), Some(b1), Some(b2)) =
                        (a.clean_median(), b.clean_median(), a.min_s, b.min_s)
                    else {
                        continue;
                    };
                    let cores = |s: &Summary| match (s.cores_median, s.cores_max) {
                        (Some(m), Some(best)) => format!("{m:.2} (at most {best:.2})"),
                        _ => "?".to_string(),
                    };
                    notes.push(format!(
                        "{caveat}{}: speed-up from {} to {} = {:.2}× from the medians ({} → {}), \
                         {:.2}× from the fastest runs; cores kept busy (CPU time / time, median) \
                         {} and {}.",
                        two.side(),
                        one.label,
                        two.label,
                        t1 / t2,
                        secs(t1),
                        secs(t2),
                        b1 / b2,
                        cores(a),
                        cores(b)
                    ));
                }
            }
        }
    }
    for row in rows {
        if let (Some(py), Some(rs)) = (get(&row.python), get(&row.rust))
            && let (Some(a), Some(b)) = (&py.size, &rs.size)
            && a != b
        {
            notes.push(format!(
                "SIZE MISMATCH in \"{}\": Python {a}, Rust {b}.",
                row.workload.label(&Sizes::new(quick))
            ));
        }
    }
    for s in summaries {
        match &s.state {
            State::Failed(why) => notes.push(format!("{} ({:?}) FAILED: {why}", s.label, s.group)),
            _ if s.failed_checks > 0 => notes.push(format!(
                "{} ({:?}): its own check FAILED in {} of {} runs.",
                s.label, s.group, s.failed_checks, s.runs
            )),
            _ => {}
        }
    }
    notes
}

/// A path as a page may show it: relative to the workspace when inside it, else its file name
/// (`/usr/bin/python3` is shown as `python3`). A page holds no path of the machine it ran on.
pub(crate) fn portable(path: &Path) -> String {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if path.is_relative() {
        return path.display().to_string();
    }
    for (p, root) in [
        (path.to_path_buf(), workspace.to_path_buf()),
        (canonical(path), canonical(workspace)),
    ] {
        if let Ok(inside) = p.strip_prefix(&root) {
            return inside.display().to_string();
        }
    }
    path.file_name().map_or_else(
        || "python3".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The command line as a page records it: absolute paths in it made portable.
pub(crate) fn command_line(args: &[String]) -> String {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if Path::new(a).is_absolute() {
                portable(Path::new(a))
            } else {
                a.clone()
            }
        })
        .collect();
    format!(
        "cargo run --release -p harness --bin compare -- {}",
        shown.join(" ")
    )
    .trim_end()
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_no_absolute_paths() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("parent");
        assert_eq!(
            portable(&workspace.join(".venv/bin/python")),
            ".venv/bin/python"
        );
        assert_eq!(portable(Path::new("/usr/bin/python3.11")), "python3.11");
        assert_eq!(portable(Path::new("python3")), "python3");
        let venv = workspace.join(".venv/bin/python").display().to_string();
        assert_eq!(
            command_line(&["--python".to_string(), venv, "--quick".to_string()]),
            "cargo run --release -p harness --bin compare -- --python .venv/bin/python --quick"
        );
    }
}
