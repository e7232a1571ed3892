//! Runs one implementation in a child process and measures it from outside.
//!
//! Both languages are measured the same way, because both run as child processes:
//!
//! - **time**: the workload times itself and prints it (`seconds`); we also keep the wall-clock
//!   time from spawn to exit, which adds interpreter or process start-up, imports and worker
//!   start-up.
//! - **peak memory of the process tree**, from two lower bounds of the true peak:
//!   1. `wait4(2)`'s `ru_maxrss` for the child: the kernel's exact high-water mark of resident
//!      memory, for the child itself or any descendant it waited for, whichever is largest.
//!      It is per process, not a sum: two pool workers holding 800 MB each count 800 MB.
//!   2. the sum of the proportional set size (`Pss` in `/proc/PID/smaps_rollup`: resident
//!      memory, with each page shared by k processes counted 1/k in each, so forked workers'
//!      shared pages are not counted twice) of the child and all its descendants, sampled every
//!      [`SAMPLE_EVERY`]; it catches pool workers that are alive together, but can miss a peak
//!      shorter than the interval. (Where `smaps_rollup` cannot be read, the process's RSS is
//!      used.)
//!
//!   The table shows the larger of the two.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How often the process tree's memory is sampled.
pub(crate) const SAMPLE_EVERY: Duration = Duration::from_millis(50);

/// How often the child is polled for exit.
const POLL_EVERY: Duration = Duration::from_millis(5);

/// What one child run produced.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// The child's `RESULT` line, parsed; or why there is none.
    pub(crate) result: Result<serde_json::Value, String>,
    /// Spawn to exit.
    pub(crate) wall: Duration,
    /// CPU time (user + system) of the child and the descendants it reaped, from `wait4`.
    pub(crate) cpu: Duration,
    /// `ru_maxrss` from `wait4`, in KiB: the largest single process of the tree.
    pub(crate) maxrss_kib: u64,
    /// The largest sampled sum of PSS over the tree, in KiB.
    pub(crate) tree_peak_kib: u64,
}

impl Run {
    /// The better lower bound of the tree's peak resident memory, in KiB.
    pub(crate) fn peak_kib(&self) -> u64 {
        self.maxrss_kib.max(self.tree_peak_kib)
    }
}

/// Spawns `command`, samples its tree's memory until it exits, reaps it with `wait4`, and
/// parses the last `RESULT {json}` line of its stdout. Kills the tree after `timeout`.
pub(crate) fn run(mut command: Command, timeout: Duration) -> Run {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Run {
                result: Err(format!("could not start {:?}: {e}", command.get_program())),
                wall: start.elapsed(),
                cpu: Duration::ZERO,
                maxrss_kib: 0,
                tree_peak_kib: 0,
            };
        }
    };
    let pid = child.id() as libc::pid_t;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let mut tree_peak_kib = 0;
    let mut next_sample = Instant::now();
    let mut timed_out = false;
    let (status, usage) = loop {
        if let Some(reaped) = try_wait4(pid) {
            break reaped;
        }
        if Instant::now() >= next_sample {
            tree_peak_kib = tree_peak_kib.max(tree_pss_kib(pid));
            next_sample += SAMPLE_EVERY;
        }
        if !timed_out && start.elapsed() > timeout {
            timed_out = true;
            kill_tree(pid);
        }
        thread::sleep(POLL_EVERY);
    };
    let wall = start.elapsed();
    // The child is reaped: `Child` must not wait for it again (it doesn't on drop).
    drop(child);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();

    let result = if timed_out {
        Err(format!("timed out after {} s", timeout.as_secs()))
    } else {
        parse_result(&stdout, status, &stderr)
    };
    Run {
        result,
        wall,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
        maxrss_kib: maxrss_kib(&usage),
        tree_peak_kib,
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// `wait4(pid, WNOHANG)`: the exit status and resource usage once the child has exited.
fn try_wait4(pid: libc::pid_t) -> Option<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `status` and `usage` are valid, writable, and live for the call; `pid` is our
    // own child, which nothing else reaps (std's `Child` only waits when asked to).
    let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
    (reaped == pid).then_some((status, usage))
}

/// Linux reports `ru_maxrss` in KiB, macOS in bytes.
fn maxrss_kib(usage: &libc::rusage) -> u64 {
    let raw = usage.ru_maxrss.max(0) as u64;
    if cfg!(target_os = "macos") {
        raw / 1024
    } else {
        raw
    }
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

fn parse_result(stdout: &str, status: i32, stderr: &str) -> Result<serde_json::Value, String> {
    let exited_ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let line = stdout.lines().rev().find_map(|l| l.strip_prefix("RESULT "));
    match (exited_ok, line) {
        (true, Some(line)) => {
            serde_json::from_str(line).map_err(|e| format!("bad RESULT line ({e}): {line}"))
        }
        (true, None) => Err("no RESULT line".to_string()),
        (false, _) => {
            let how = if libc::WIFSIGNALED(status) {
                format!("killed by signal {}", libc::WTERMSIG(status))
            } else {
                format!("exit status {}", libc::WEXITSTATUS(status))
            };
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            Err(format!("{how}: {}", last.trim()))
        }
    }
}

/// Every process on the machine, as pid → (parent pid, resident KiB), from `/proc/*/stat`.
fn processes() -> HashMap<i32, (i32, u64)> {
    let page_kib = page_size() / 1024;
    let mut table = HashMap::new();
    let Ok(entries) = fs::read_dir("/proc") else {
        return table;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The command name (field 2) is in parentheses and may hold spaces: split after it.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        // Fields after the name start at field 3 (state); ppid is field 4, rss field 24.
        let (Some(ppid), Some(rss)) = (fields.get(1), fields.get(21)) else {
            continue;
        };
        if let (Ok(ppid), Ok(rss)) = (ppid.parse(), rss.parse::<u64>()) {
            table.insert(pid, (ppid, rss * page_kib));
        }
    }
    table
}

/// The pids of `root` and all its descendants.
fn tree(root: i32, table: &HashMap<i32, (i32, u64)>) -> Vec<i32> {
    let mut members = vec![root];
    let mut i = 0;
    while i < members.len() {
        let parent = members[i];
        members.extend(
            table
                .iter()
                .filter(|(_, (ppid, _))| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    members
}

/// The summed proportional set size of `root` and its descendants, in KiB.
pub(crate) fn tree_pss_kib(root: i32) -> u64 {
    let table = processes();
    tree(root, &table)
        .iter()
        .filter_map(|pid| Some(pss_kib(*pid).unwrap_or(table.get(pid)?.1)))
        .sum()
}

/// A process's `Pss` from `/proc/PID/smaps_rollup`, in KiB.
fn pss_kib(pid: i32) -> Option<u64> {
    let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = rollup.lines().find_map(|l| l.strip_prefix("Pss:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

fn kill_tree(root: i32) {
    let table = processes();
    for pid in tree(root, &table) {
        // SAFETY: kill(2) has no memory-safety preconditions; these are our descendants.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
}

fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 { size as u64 } else { 4096 }
}

/// How busy the machine's CPUs were, and how much of that was this command and its children:
/// the difference of two snapshots gives the load *other* processes put on the machine while
/// the figures were taken.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuSnapshot {
    at: Instant,
    /// Busy time of all CPUs (`/proc/stat`: user, nice, system, irq, softirq, steal).
    machine_busy: Option<Duration>,
    /// This process and every child it has waited for (`getrusage` SELF + CHILDREN).
    ours: Duration,
}

impl CpuSnapshot {
    pub(crate) fn now() -> CpuSnapshot {
        CpuSnapshot {
            at: Instant::now(),
            machine_busy: machine_busy(),
            ours: own_cpu(),
        }
    }

    /// The average number of CPUs other processes kept busy between `self` and `later`.
    pub(crate) fn others_busy_until(&self, later: &CpuSnapshot) -> Option<f64> {
        let busy = later.machine_busy?.checked_sub(self.machine_busy?)?;
        let ours = later.ours.saturating_sub(self.ours);
        let wall = later.at.duration_since(self.at).as_secs_f64();
        (wall > 0.0).then(|| (busy.as_secs_f64() - ours.as_secs_f64()).max(0.0) / wall)
    }
}

fn machine_busy() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal …: everything but idle and iowait.
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| fields.get(i))
        .sum();
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (ticks > 0).then(|| Duration::from_secs_f64(busy as f64 / ticks as f64))
}

fn own_cpu() -> Duration {
    [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN]
        .into_iter()
        .map(|who| {
            // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: `usage` is valid and writable for the call.
            if unsafe { libc::getrusage(who, &mut usage) } == 0 {
                timeval(usage.ru_utime) + timeval(usage.ru_stime)
            } else {
                Duration::ZERO
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_that_holds_memory_shows_it_and_its_result_is_parsed() {
        // A shell that allocates ~64 MB in a string and prints a RESULT line.
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x} >/dev/null; echo 'RESULT {\"ok\": true}'",
        ]);
        let run = run(cmd, Duration::from_secs(60));
        assert_eq!(run.result, Ok(serde_json::json!({"ok": true})));
        assert!(run.peak_kib() > 60 * 1024, "peak {} KiB", run.peak_kib());
    }

    #[test]
    fn a_failing_child_reports_its_exit_status_and_last_error_line() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'something broke' >&2; exit 3"]);
        let run = run(cmd, Duration::from_secs(60));
        assert_eq!(
            run.result,
            Err("exit status 3: something broke".to_string())
        );
    }

    #[test]
    fn the_load_of_other_processes_is_never_negative() {
        let before = CpuSnapshot::now();
        // Our own busy work (a child) is not counted as other processes' load.
        let _ = run(Command::new("true"), Duration::from_secs(10));
        let others = before.others_busy_until(&CpuSnapshot::now());
        if std::path::Path::new("/proc/stat").exists() {
            let others = others.expect("measured");
            assert!(others >= 0.0, "{others}");
        }
    }

    #[test]
    fn a_missing_program_is_an_error_not_a_panic() {
        let run = run(Command::new("/nonexistent/program"), Duration::from_secs(1));
        assert!(run.result.unwrap_err().contains("could not start"));
    }
}
