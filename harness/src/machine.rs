//! The machine and the moment a measurement ran on, for the header of a generated page.
//!
//! Both page writers use it: `compare` (the book's comparison table) and `bench-page` (each
//! crate's `BENCHMARKS.md`). The facts come from `/proc` on Linux; where a file is missing
//! (another system, a sandbox) the fact reads "unknown" rather than failing the run.
//!
//! ```
//! let machine = harness::machine::Machine::from_proc(
//!     "processor\t: 0\nmodel name\t: Example CPU\nprocessor\t: 1\nmodel name\t: Example CPU\n",
//!     "MemTotal:       8048576 kB\n",
//!     "6.1.0\n",
//!     2,
//! );
//! assert_eq!(
//!     machine.describe(),
//!     "Example CPU (2 logical CPUs in /proc/cpuinfo, 2 available to this process), 7.7 GiB RAM, Linux 6.1.0"
//! );
//! assert_eq!(harness::machine::load_from("0.52 0.58 0.59 1/467 12345\n"), "0.52 0.58 0.59");
//! ```

use std::fmt;

/// What a reader needs to judge a figure: the processor, how many of its CPUs the run could
/// use, the memory and the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// The CPU model name, or "unknown".
    pub cpu: String,
    /// Logical CPUs listed in `/proc/cpuinfo` (0 when it is missing).
    pub logical_cpus: usize,
    /// CPUs this process may run on (`std::thread::available_parallelism`).
    pub available_cpus: usize,
    /// Total memory, e.g. "7.7 GiB", or "unknown".
    pub memory: String,
    /// The kernel release, or "unknown".
    pub kernel: String,
}

impl Machine {
    /// The machine this process runs on.
    pub fn probe() -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        Machine::from_proc(
            &read("/proc/cpuinfo"),
            &read("/proc/meminfo"),
            &read("/proc/sys/kernel/osrelease"),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
        )
    }

    /// The facts from the text of `/proc/cpuinfo`, `/proc/meminfo` and
    /// `/proc/sys/kernel/osrelease` (empty text where a file is missing).
    pub fn from_proc(cpuinfo: &str, meminfo: &str, osrelease: &str, available: usize) -> Machine {
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")
                    .and_then(|r| r.split_once(':'))
                    .map(|(_, m)| m.trim().to_string())
            })
            .unwrap_or_else(unknown);
        let logical_cpus = cpuinfo
            .lines()
            .filter(|l| l.starts_with("processor"))
            .count();
        let memory = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or_else(unknown, |kib| {
                format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0)
            });
        let kernel = match osrelease.trim() {
            "" => unknown(),
            release => release.to_string(),
        };
        Machine {
            cpu,
            logical_cpus,
            available_cpus: available,
            memory,
            kernel,
        }
    }

    /// One line: model, CPUs, memory, kernel.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.logical_cpus == 1 { "" } else { "s" };
        write!(
            f,
            "{} ({} logical CPU{plural} in /proc/cpuinfo, {} available to this process), {} RAM, Linux {}",
            self.cpu, self.logical_cpus, self.available_cpus, self.memory, self.kernel
        )
    }
}

fn unknown() -> String {
    "unknown".to_string()
}

/// The 1, 5 and 15 minute load averages now, from `/proc/loadavg` ("unknown" without it).
pub fn load_average() -> String {
    load_from(&std::fs::read_to_string("/proc/loadavg").unwrap_or_default())
}

/// The first three fields of the text of `/proc/loadavg`.
pub fn load_from(loadavg: &str) -> String {
    let fields: Vec<&str> = loadavg.split_whitespace().take(3).collect();
    if fields.len() == 3 {
        fields.join(" ")
    } else {
        unknown()
    }
}

/// The time now as `YYYY-MM-DD HH:MM UTC`.
pub fn utc_now() -> String {
    utc_minute(jiff::Timestamp::now())
}

/// `time` as `YYYY-MM-DD HH:MM UTC`.
pub fn utc_minute(time: jiff::Timestamp) -> String {
    time.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_read_unknown() {
        let machine = Machine::from_proc("", "", "", 4);
        assert_eq!(
            machine.describe(),
            "unknown (0 logical CPUs in /proc/cpuinfo, 4 available to this process), unknown RAM, Linux unknown"
        );
        assert_eq!(load_from(""), "unknown");
    }

    #[test]
    fn dates_are_civil_utc() {
        let leap_day = jiff::Timestamp::from_second(1_709_210_096).expect("in range");
        assert_eq!(utc_minute(leap_day), "2024-02-29 12:34 UTC");
        let now = utc_now();
        assert_eq!(now.len(), "2026-11-24 17:05 UTC".len(), "{now}");
    }
}
