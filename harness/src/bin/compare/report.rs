//! The tables: collected runs, medians, and the same table as text or as Markdown.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::catalogue::{Impl, Row};
use crate::measure::Run;
use crate::workloads::WORKERS;

/// Everything measured for one implementation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stats {
    pub(crate) imp: Impl,
    pub(crate) state: State,
    /// The workload's own timings, one per successful run.
    pub(crate) seconds: Vec<f64>,
    /// Spawn-to-exit times, one per successful run.
    pub(crate) walls: Vec<f64>,
    /// CPU times (user + system, whole tree), one per successful run.
    pub(crate) cpus: Vec<f64>,
    /// Cores kept busy in the timed region (CPU time / time), where the workload reports it.
    pub(crate) cores: Vec<f64>,
    /// Largest `ru_maxrss` over the runs, KiB.
    pub(crate) maxrss_kib: u64,
    /// Largest sampled sum of PSS over the tree, over the runs, KiB.
    pub(crate) tree_peak_kib: u64,
    pub(crate) size: Option<String>,
    pub(crate) value: Option<f64>,
    /// Runs whose own check failed.
    pub(crate) failed_checks: usize,
}

/// Why an implementation has no numbers, if it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    Measured,
    /// The Python side cannot run it (no interpreter, no numpy...).
    Skipped(String),
    /// A run failed (crashed, timed out, printed no result).
    Failed(String),
}

impl Stats {
    pub(crate) fn new(imp: Impl) -> Stats {
        Stats {
            imp,
            state: State::Measured,
            seconds: Vec::new(),
            walls: Vec::new(),
            cpus: Vec::new(),
            cores: Vec::new(),
            maxrss_kib: 0,
            tree_peak_kib: 0,
            size: None,
            value: None,
            failed_checks: 0,
        }
    }

    /// Should it run again? Not once it is known to be skipped or failing.
    pub(crate) fn wants_more(&self) -> bool {
        self.state == State::Measured
    }

    /// Folds one run in.
    pub(crate) fn record(&mut self, run: &Run) {
        let result = match &run.result {
            Ok(result) => result,
            Err(why) => {
                self.state = State::Failed(why.clone());
                return;
            }
        };
        let Some(seconds) = result.get("seconds").and_then(|v| v.as_f64()) else {
            self.state = State::Failed(format!("no seconds in {result}"));
            return;
        };
        self.seconds.push(seconds);
        self.walls.push(run.wall.as_secs_f64());
        self.cpus.push(run.cpu.as_secs_f64());
        if let Some(cpu) = result.get("cpu_seconds").and_then(|v| v.as_f64())
            && seconds > 0.0
        {
            self.cores.push(cpu / seconds);
        }
        self.maxrss_kib = self.maxrss_kib.max(run.maxrss_kib);
        self.tree_peak_kib = self.tree_peak_kib.max(run.tree_peak_kib);
        self.size = result
            .get("size")
            .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string));
        self.value = result.get("value").and_then(|v| v.as_f64());
        if result.get("ok").and_then(|v| v.as_bool()) != Some(true) {
            self.failed_checks += 1;
        }
    }

    pub(crate) fn median(&self) -> Option<f64> {
        median(&self.seconds)
    }

    /// The peak-memory figure of the table: the larger of the two lower bounds, KiB.
    pub(crate) fn peak_kib(&self) -> u64 {
        self.maxrss_kib.max(self.tree_peak_kib)
    }

    /// The time cell: the median, or why there is none.
    fn time_cell(&self) -> String {
        match (&self.state, self.median()) {
            (State::Skipped(why), _) => format!("skipped ({why})"),
            (State::Failed(_), _) => "FAILED".to_string(),
            (State::Measured, None) => "not run".to_string(),
            (State::Measured, Some(m)) if self.failed_checks > 0 => {
                format!("{} (CHECK FAILED)", secs(m))
            }
            (State::Measured, Some(m)) => secs(m),
        }
    }

    /// The table's peak-memory cell.
    fn memory_cell(&self) -> String {
        self.mib_cell(self.peak_kib())
    }

    /// `kib` in MiB once something was measured, else a dash: a memory figure is only
    /// meaningful if a run completed.
    fn mib_cell(&self, kib: u64) -> String {
        or_dash((!self.seconds.is_empty()).then(|| mib(kib)))
    }
}

/// The median of a sample (the mean of the middle two for an even count).
pub(crate) fn median(sample: &[f64]) -> Option<f64> {
    let mut sorted = sample.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

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

fn ratio(python: f64, rust: f64) -> String {
    let r = python / rust;
    if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
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

/// The main table: one row per (workload, Python implementation, Rust implementation).
pub(crate) fn summary(rows: &[Row], stats: &HashMap<String, Stats>) -> Table {
    let header = strings([
        "Workload",
        "Python",
        "Rust",
        "Python median",
        "Rust median",
        "Python / Rust",
        "Python peak",
        "Rust peak",
    ]);
    let rows = rows
        .iter()
        .filter_map(|row| {
            let (py, rs) = (stats.get(&row.python.key())?, stats.get(&row.rust.key())?);
            let speed = match (py.median(), rs.median(), rs.state == State::Measured) {
                (Some(p), Some(r), true) if r > 0.0 => Some(ratio(p, r)),
                _ => None,
            };
            Some(vec![
                row.workload.to_string(),
                row.python.label.to_string(),
                row.rust.label.to_string(),
                py.time_cell(),
                rs.time_cell(),
                or_dash(speed),
                py.memory_cell(),
                rs.memory_cell(),
            ])
        })
        .collect();
    Table { header, rows }
}

/// Every implementation with all its figures.
pub(crate) fn details(order: &[Impl], stats: &HashMap<String, Stats>) -> Table {
    let header = strings([
        "Side",
        "Implementation",
        "Group",
        "Size",
        "Runs",
        "Median",
        "Min",
        "Max",
        "Wall median",
        "CPU median",
        "Largest process",
        "Tree (sampled)",
        "Value",
    ]);
    let rows = order
        .iter()
        .filter_map(|imp| stats.get(&imp.key()))
        .map(|s| {
            let min = s.seconds.iter().copied().reduce(f64::min);
            let max = s.seconds.iter().copied().reduce(f64::max);
            let secs_or_dash = |v: Option<f64>| or_dash(v.map(secs));
            vec![
                if s.imp.is_python() { "Python" } else { "Rust" }.to_string(),
                s.imp.label.to_string(),
                s.imp.group.to_string(),
                or_dash(s.size.clone()),
                s.seconds.len().to_string(),
                s.time_cell(),
                secs_or_dash(min),
                secs_or_dash(max),
                secs_or_dash(median(&s.walls)),
                secs_or_dash(median(&s.cpus)),
                s.mib_cell(s.maxrss_kib),
                s.mib_cell(s.tree_peak_kib),
                or_dash(s.value.map(|v| format!("{v:.6}"))),
            ]
        })
        .collect();
    Table { header, rows }
}

/// Figures the table cannot show in a cell: makespans against the schedule, GIL speedups,
/// failures, and sizes that disagree.
pub(crate) fn notes(
    rows: &[Row],
    order: &[Impl],
    stats: &HashMap<String, Stats>,
    minimum_makespan: f64,
) -> Vec<String> {
    let mut notes = Vec::new();
    let get = |key: &str| stats.get(key).filter(|s| s.median().is_some());
    for imp in order.iter().filter(|i| i.group == "sleep") {
        if let Some(m) = get(&imp.key()).and_then(Stats::median) {
            let side = if imp.is_python() { "Python" } else { "Rust" };
            notes.push(format!(
                "cell 2, {side} {}: makespan {} = the schedule's minimum {} {:+.1} ms.",
                imp.label,
                secs(m),
                secs(minimum_makespan),
                (m - minimum_makespan) * 1e3
            ));
        }
    }
    for (side, one, two) in [
        ("Python", "gil_threads.py:1", "gil_threads.py:2"),
        ("Rust", "gil.threads_1", "gil.threads_2"),
    ] {
        let best = |s: &Stats| s.seconds.iter().copied().reduce(f64::min);
        if let (Some(one), Some(two)) = (get(one), get(two))
            && let (Some(t1), Some(t2), Some(b1), Some(b2)) =
                (one.median(), two.median(), best(one), best(two))
        {
            let cores =
                |s: &Stats| match (median(&s.cores), s.cores.iter().copied().reduce(f64::max)) {
                    (Some(m), Some(best)) => format!("{m:.2} (at most {best:.2})"),
                    _ => "?".to_string(),
                };
            notes.push(format!(
                "GIL: {side} speedup from 1 to 2 threads = {:.2}× from the medians ({} → {}), \
                 {:.2}× from the fastest runs; cores kept busy (CPU time / time, median) {} on 1 \
                 thread, {} on 2 threads.",
                t1 / t2,
                secs(t1),
                secs(t2),
                b1 / b2,
                cores(one),
                cores(two)
            ));
        }
    }
    for row in rows {
        if let (Some(py), Some(rs)) = (stats.get(&row.python.key()), stats.get(&row.rust.key()))
            && let (Some(a), Some(b)) = (&py.size, &rs.size)
            && a != b
        {
            notes.push(format!(
                "SIZE MISMATCH in \"{}\": Python {a}, Rust {b}.",
                row.workload
            ));
        }
    }
    for imp in order {
        let Some(s) = stats.get(&imp.key()) else {
            continue;
        };
        match &s.state {
            State::Failed(why) => {
                notes.push(format!("{} ({}) FAILED: {why}", imp.label, imp.group))
            }
            _ if s.failed_checks > 0 => notes.push(format!(
                "{} ({}): its own check FAILED in {} of {} runs.",
                imp.label,
                imp.group,
                s.failed_checks,
                s.seconds.len()
            )),
            _ => {}
        }
    }
    notes
}

/// The moment and the machine a run measured on, for the Markdown header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Moment {
    pub(crate) date: String,
    pub(crate) machine: harness::machine::Machine,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
    /// CPUs kept busy by other processes during the run, on average.
    pub(crate) others_busy: Option<f64>,
}

/// The whole Markdown page: heading, machine, both tables, notes and how it was measured.
pub(crate) struct Page<'a> {
    pub(crate) command: &'a str,
    pub(crate) reps: usize,
    pub(crate) quick: bool,
    pub(crate) python: &'a str,
    pub(crate) moment: &'a Moment,
    pub(crate) summary: &'a Table,
    pub(crate) details: &'a Table,
    pub(crate) notes: &'a [String],
}

impl Page<'_> {
    pub(crate) fn markdown(&self) -> String {
        let m = self.moment;
        let mut out = String::new();
        let _ = writeln!(out, "# Python and Rust, side by side\n");
        let _ = writeln!(
            out,
            "Measured by `{}`{} on {}, {} repetitions, both sides alternating, {WORKERS} workers on each side.\n",
            self.command,
            if self.quick {
                " (QUICK MODE: tiny sizes, not meaningful figures)"
            } else {
                ""
            },
            m.date,
            self.reps
        );
        let _ = writeln!(out, "- Machine: {}", m.machine);
        let _ = writeln!(
            out,
            "- Load average (1, 5, 15 min) before: {}; after: {}",
            m.load_before, m.load_after
        );
        if let Some(others) = m.others_busy {
            let _ = writeln!(
                out,
                "- Other processes kept {others:.2} CPUs busy on average during the run \
                 (`/proc/stat` busy time minus this command's own and its children's CPU time): \
                 the workloads had the rest."
            );
        }
        let _ = writeln!(out, "- Python: {}\n", self.python);
        out += "Times are medians of each workload's own timing (start-up, imports and worker start-up excluded). \
                `Python / Rust` above 1 means Rust is faster. Peak memory is that of the whole process tree: \
                the larger of the kernel's high-water mark for the largest single process (`wait4` `ru_maxrss`) \
                and the sum of proportional set sizes (PSS: shared pages split between the processes sharing \
                them) over the tree, sampled every 50 ms. Both are lower bounds of the true peak.\n\n";
        out += &self.summary.markdown();
        if !self.notes.is_empty() {
            out += "\n";
            for note in self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out += "\n## Every implementation\n\n";
        out += "`Wall median` is spawn to exit (interpreter or process start-up included); `CPU median` the \
                user + system time of the whole tree over that span (on a loaded machine it shows the \
                parallelism the wall clock hides). `Largest process` is \
                `ru_maxrss`; `Tree (sampled)` the largest sampled sum of PSS over the process tree.\n\n";
        out += &self.details.markdown();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_samples() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn units_follow_the_magnitude() {
        assert_eq!(secs(1.914), "1.91 s");
        assert_eq!(secs(0.0123), "12.3 ms");
        assert_eq!(secs(0.000045), "45 µs");
        assert_eq!(mib(2048), "2.0 MiB");
        assert_eq!(mib(819_200), "800 MiB");
        assert_eq!(ratio(10.0, 2.0), "5.00×");
        assert_eq!(ratio(100.0, 2.0), "50×");
    }

    fn stats(imp: Impl, state: State, seconds: &[f64]) -> Stats {
        let mut s = Stats::new(imp);
        s.state = state;
        s.seconds = seconds.to_vec();
        s.maxrss_kib = 10 * 1024;
        s
    }

    #[test]
    fn the_summary_never_shows_a_number_for_a_failed_or_skipped_row() {
        let rows: Vec<Row> = crate::catalogue::ROWS
            .iter()
            .filter(|r| r.python.group == "pool")
            .copied()
            .collect();
        let mut all = HashMap::new();
        for row in &rows {
            for imp in [row.python, row.rust] {
                let state = match imp.spec {
                    crate::catalogue::Spec::Rust { workload } if workload.contains("ours") => {
                        State::Failed("exit status: 101".to_string())
                    }
                    crate::catalogue::Spec::Python {
                        variant: "executor",
                        ..
                    } => State::Skipped("no Python".to_string()),
                    _ => State::Measured,
                };
                let seconds: &[f64] = if state == State::Measured {
                    &[0.2, 0.1, 0.3]
                } else {
                    &[]
                };
                all.insert(imp.key(), stats(imp, state, seconds));
            }
        }
        let table = summary(&rows, &all);
        let cells = |rust: &str| {
            table
                .rows
                .iter()
                .find(|r| r[2] == rust)
                .expect("row")
                .clone()
        };
        let rayon = cells("rayon par_iter");
        assert_eq!(
            rayon[3..],
            ["200.0 ms", "200.0 ms", "1.00×", "10 MiB", "10 MiB"]
        );
        let ours = cells("multiprocessing::Pool");
        assert_eq!(ours[3..], ["200.0 ms", "FAILED", "—", "10 MiB", "—"]);
        let process = cells("multiprocessing::ProcessPool");
        assert_eq!(
            process[3..],
            ["skipped (no Python)", "FAILED", "—", "—", "—"]
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
