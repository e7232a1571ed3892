//! The process-backed `ProcessPool`: real worker processes, including one killed by SIGKILL.
#![cfg(unix)]

use multiprocessing::{MapError, PoolError, ProcessPool, TaskErrorKind};

mod common;

// Workers of this test binary enter worker mode through the test this defines.
multiprocessing::enable_test_worker!();

fn square(x: u64) -> u64 {
    x * x
}

fn describe((name, n): (String, usize)) -> String {
    format!("{name} x{n} in process {}", std::process::id())
}

// ANCHOR: killing_task
/// Task 3 kills its own worker process with SIGKILL, mid-task, as the OOM killer or an
/// operator would; every other task doubles its input.
fn doubled_unless_killed(x: u32) -> u32 {
    if x == 3 {
        // SAFETY: sending a signal to our own process.
        unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
        unreachable!("SIGKILL cannot be caught");
    }
    x * 2
}
// ANCHOR_END: killing_task

/// Panics on odd input; it runs in a worker process, so it keeps that process's expected
/// panics out of the test log itself.
fn panics_on_odd(x: u32) -> u32 {
    common::quiet_deliberate_panics();
    assert!(x.is_multiple_of(2), "odd input {x}, on purpose");
    x
}

#[test]
fn map_runs_in_other_processes_in_order() {
    let pool = ProcessPool::new(2).unwrap();
    assert_eq!(
        pool.map(square, 0..20).unwrap(),
        (0..20).map(square).collect::<Vec<_>>()
    );
    let described = pool
        .map(describe, vec![("a".to_string(), 1), ("b".to_string(), 2)])
        .unwrap();
    for line in &described {
        let pid: u32 = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert_ne!(pid, std::process::id(), "tasks run in worker processes");
    }
    assert!(described[0].starts_with("a x1 in process"));
    assert_eq!(pool.apply(square, 12).unwrap(), 144);
}

// ANCHOR: killed
#[test]
fn a_worker_killed_by_sigkill_fails_only_its_task() {
    let pool = ProcessPool::new(2).unwrap();
    let outcomes = pool.map_each(doubled_unless_killed, 0..10).unwrap();
    assert_eq!(outcomes.len(), 10);
    for (i, outcome) in outcomes.iter().enumerate() {
        if i == 3 {
            let error = outcome.as_ref().unwrap_err();
            assert_eq!(error.index(), 3);
            let TaskErrorKind::WorkerDied(status) = error.kind() else {
                panic!("expected a dead worker, got {error}");
            };
            assert!(
                status.contains("SIGKILL") || status.contains("signal: 9"),
                "{status}"
            );
        } else {
            assert_eq!(outcome, &Ok(i as u32 * 2));
        }
    }
    // map reports it as the first failed task...
    let err = pool.map(doubled_unless_killed, 0..5).unwrap_err();
    assert!(
        matches!(&err, MapError::Task { error, failed: 1 } if error.index() == 3),
        "{err}"
    );
    // ...and the pool, with its replaced workers, keeps working.
    assert_eq!(
        pool.map(square, 0..50).unwrap(),
        (0..50).map(square).collect::<Vec<_>>()
    );
}
// ANCHOR_END: killed

#[test]
fn a_panicking_task_keeps_its_worker() {
    let pool = ProcessPool::new(1).unwrap();
    let pid_before = pool.map(describe, [("x".to_string(), 0)]).unwrap();
    let outcomes = pool.map_each(panics_on_odd, 0..4).unwrap();
    assert_eq!(outcomes[0], Ok(0));
    assert_eq!(
        outcomes[1].as_ref().unwrap_err().panic_message(),
        Some("odd input 1, on purpose")
    );
    assert_eq!(outcomes[2], Ok(2));
    assert_eq!(
        outcomes[3].as_ref().unwrap_err().panic_message(),
        Some("odd input 3, on purpose")
    );
    // A panic is caught inside the worker: the same process serves the next task.
    assert_eq!(
        pool.map(describe, [("x".to_string(), 0)]).unwrap(),
        pid_before
    );
}

#[test]
fn bad_input_gives_typed_errors() {
    assert!(matches!(ProcessPool::new(0), Err(PoolError::ZeroWorkers)));
    let pool = ProcessPool::new(1).unwrap();
    // JSON cannot carry a NaN: a transport error for that task only.
    fn halve(x: f64) -> f64 {
        x / 2.0
    }
    let outcomes = pool.map_each(halve, [1.0, f64::NAN, 4.0]).unwrap();
    assert_eq!(outcomes[0], Ok(0.5));
    assert!(matches!(
        outcomes[1].as_ref().unwrap_err().kind(),
        TaskErrorKind::Transport(_)
    ));
    assert_eq!(outcomes[2], Ok(2.0));
}

fn identity(x: f64) -> f64 {
    x
}

#[test]
fn floats_cross_the_pipe_bit_for_bit() {
    let pool = ProcessPool::new(1).unwrap();
    let floats: Vec<f64> = (1..2000u64)
        .map(|i| f64::from_bits(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 2))
        .chain([0.1 + 0.2, 1e-300, f64::MAX, f64::MIN_POSITIVE, -0.0])
        .filter(|x| x.is_finite())
        .collect();
    let back = pool.map(identity, floats.clone()).unwrap();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&back), bits(&floats));
}

#[test]
fn many_submitters_share_one_process_pool() {
    let pool = ProcessPool::new(2).unwrap();
    let totals: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4u64)
            .map(|k| {
                let pool = &pool;
                s.spawn(move || {
                    pool.map(square, (0..100).map(|x| x + k))
                        .unwrap()
                        .iter()
                        .sum()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (k, total) in totals.into_iter().enumerate() {
        assert_eq!(total, (0..100).map(|x| square(x + k as u64)).sum::<u64>());
    }
}

/// Reads the worker's stdin to its end.
fn reads_stdin(_: u32) -> usize {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).unwrap();
    text.len()
}

/// The file behind the worker's stdout, as (device, inode).
fn stdout_file(_: u32) -> (u64, u64) {
    file_of_fd(1)
}

fn file_of_fd(fd: i32) -> (u64, u64) {
    // SAFETY: `fstat` writes into the zeroed struct we own.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::fstat(fd, &mut stat) }, 0);
    (stat.st_dev as u64, stat.st_ino as u64)
}

#[test]
fn a_tasks_stdin_reads_eof_and_its_stdout_is_the_parents() {
    let pool = std::sync::Arc::new(ProcessPool::new(1).unwrap());
    let inner = std::sync::Arc::clone(&pool);
    let (done_tx, done) = crossbeam_channel::bounded(1);
    // A watchdog: a task blocked on stdin becomes a failed `recv_timeout`.
    std::thread::spawn(move || done_tx.send(inner.apply(reads_stdin, 0)).unwrap());
    let read = done
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("a task reading stdin never finished");
    assert_eq!(read, Ok(0));
    assert_eq!(pool.apply(stdout_file, 0), Ok(file_of_fd(1)));
}

/// Set in the environment of the helper below, which plays a parent that gets killed.
const DOOMED: &str = "MULTIPROCESSING_TEST_DOOMED_PARENT";

/// Prints its worker's pid (on the parent's stdout, which is the worker's), then waits for
/// ever.
fn announce_then_wait(_: u32) -> u32 {
    println!("worker {} waits", std::process::id());
    loop {
        std::thread::park();
    }
}

/// Does nothing in a normal run; started by the test below, it is a parent whose worker is in
/// a task that never ends.
#[test]
fn helper_doomed_parent() {
    if std::env::var_os(DOOMED).is_none() {
        return;
    }
    let pool = ProcessPool::new(1).unwrap();
    let _ = pool.apply(announce_then_wait, 0);
}

/// Whether process `pid` has ended (gone, or a zombie nobody reaped yet).
fn ended(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) if std::path::Path::new("/proc/self/stat").exists() => true,
        // No /proc: ask the kernel whether the pid still exists.
        // SAFETY: signal 0 only checks that the process exists.
        Err(_) => (unsafe { libc::kill(pid, 0) }) != 0,
    }
}

#[test]
fn workers_end_when_their_parent_is_killed() {
    use std::io::BufRead;
    let mut parent = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "helper_doomed_parent",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DOOMED, "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(parent.stdout.take().unwrap()).lines();
    let pid: i32 = lines
        .find_map(|line| {
            let line = line.ok()?;
            // The harness may print the test's name first, on the same line.
            let (_, rest) = line.split_once("worker ")?;
            rest.strip_suffix(" waits")?.parse().ok()
        })
        .expect("the helper's worker announced itself");
    assert!(!ended(pid), "the worker is in its task");
    parent.kill().unwrap(); // SIGKILL: the parent cannot clean up
    parent.wait().unwrap();
    // The worker notices through its lifeline; the deadline only turns a worker left behind
    // into a failure.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !ended(pid) {
        assert!(
            std::time::Instant::now() < deadline,
            "worker {pid} outlived its parent"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
