//! Statistics: the runs of one implementation folded in, and their summary (medians, extremes,
//! peaks), which is what a page shows and what a run saves.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Group, Impl, Side};
use crate::measure::Run;

/// Everything measured for one implementation so far.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// The summary a page shows.
    pub(crate) fn summary(&self) -> Summary {
        let min = |v: &[f64]| v.iter().copied().reduce(f64::min);
        let max = |v: &[f64]| v.iter().copied().reduce(f64::max);
        Summary {
            key: self.imp.key(),
            side: self.imp.side(),
            label: self.imp.label.to_string(),
            group: self.imp.group,
            state: self.state.clone(),
            size: self.size.clone(),
            runs: self.seconds.len(),
            median_s: median(&self.seconds),
            min_s: min(&self.seconds),
            max_s: max(&self.seconds),
            wall_median_s: median(&self.walls),
            cpu_median_s: median(&self.cpus),
            cores_median: median(&self.cores),
            cores_max: max(&self.cores),
            largest_process_kib: self.maxrss_kib,
            tree_kib: self.tree_peak_kib,
            value: self.value,
            failed_checks: self.failed_checks,
        }
    }
}

/// One implementation's figures: what a run saves (as JSON) and a page renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Summary {
    /// The implementation's key (see `Impl::key`).
    pub(crate) key: String,
    pub(crate) side: Side,
    pub(crate) label: String,
    pub(crate) group: Group,
    pub(crate) state: State,
    pub(crate) size: Option<String>,
    /// Successful runs.
    pub(crate) runs: usize,
    /// The workload's own timing: median, fastest and slowest run, seconds.
    pub(crate) median_s: Option<f64>,
    pub(crate) min_s: Option<f64>,
    pub(crate) max_s: Option<f64>,
    /// Spawn to exit, median, seconds.
    pub(crate) wall_median_s: Option<f64>,
    /// CPU time of the whole tree, median, seconds.
    pub(crate) cpu_median_s: Option<f64>,
    /// Cores kept busy in the timed region (CPU time / time), where the workload reports it.
    pub(crate) cores_median: Option<f64>,
    pub(crate) cores_max: Option<f64>,
    /// `ru_maxrss`, the largest single process, KiB.
    pub(crate) largest_process_kib: u64,
    /// The largest sampled sum of PSS over the process tree, KiB.
    pub(crate) tree_kib: u64,
    pub(crate) value: Option<f64>,
    /// Runs whose own check failed.
    pub(crate) failed_checks: usize,
}

impl Summary {
    /// The median, only when every run completed and passed its check.
    pub(crate) fn clean_median(&self) -> Option<f64> {
        self.median_s
            .filter(|_| self.state == State::Measured && self.failed_checks == 0)
    }

    /// The peak-memory figure of the table: the larger of the two lower bounds, KiB.
    pub(crate) fn peak_kib(&self) -> u64 {
        self.largest_process_kib.max(self.tree_kib)
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
    fn a_failed_check_leaves_no_clean_median() {
        let imp = crate::catalogue::ROWS[0].rust;
        let mut stats = Stats::new(imp);
        stats.seconds = vec![0.3, 0.1, 0.2];
        let summary = stats.summary();
        assert_eq!(
            (summary.median_s, summary.min_s, summary.max_s),
            (Some(0.2), Some(0.1), Some(0.3))
        );
        assert_eq!(summary.clean_median(), Some(0.2));
        stats.failed_checks = 1;
        assert_eq!(stats.summary().clean_median(), None);
    }
}
