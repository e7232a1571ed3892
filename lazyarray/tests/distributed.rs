//! The distributed scheduler against the local one: bit-identical results for 1, 2 and 3
//! processes × 1 and 2 workers, each "process" a thread of this test with its own timely
//! runtime, connected over loopback TCP on ports the kernel picked (listeners bound here and
//! handed over, so parallel test runs never collide).
#![cfg(feature = "distributed")]

use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lazyarray::distributed::{Cluster, Config, DistributedError, Plan, Report, execute};
use lazyarray::random::default_rng;
use lazyarray::{Array, Slice};
use ndarray::ArrayD;

/// Longest any test waits for its cluster before calling it a hang.
const WATCHDOG: Duration = Duration::from_secs(120);

type Outcome<R> = Result<Option<R>, DistributedError>;

/// Runs `work` on `processes` in-process "processes" of `workers` workers each; the outcome
/// of every process, in process order.
fn cluster<R, F>(processes: usize, workers: usize, work: F) -> Vec<Outcome<R>>
where
    R: Send + 'static,
    F: Fn(&mut Cluster) -> Outcome<R> + Send + Sync + Clone + 'static,
{
    let listeners: Vec<TcpListener> = (0..processes)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let addresses: Vec<String> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().to_string())
        .collect();
    let (tx, rx) = mpsc::channel();
    for (p, listener) in listeners.into_iter().enumerate() {
        let config = Config::cluster(processes, p, workers, addresses.clone())
            .unwrap()
            .with_listener(listener)
            .timeout(Duration::from_secs(30));
        let (tx, work) = (tx.clone(), work.clone());
        thread::spawn(move || {
            let _ = tx.send((p, execute(config, work)));
        });
    }
    drop(tx);
    let mut out: Vec<(usize, Outcome<R>)> = (0..processes)
        .map(|_| rx.recv_timeout(WATCHDOG).expect("the cluster hangs"))
        .collect();
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Computes `build()` on every shape of cluster and checks it equals the local compute, bit
/// for bit, on process 0, and that every other process gets `None`.
fn same_as_local(build: fn() -> Array) {
    let local = build().compute().unwrap();
    for processes in 1..=3 {
        for workers in 1..=2 {
            let outcomes = cluster(processes, workers, move |c: &mut Cluster| {
                c.compute(&build())
            });
            let errors: Vec<String> = outcomes
                .iter()
                .filter_map(|o| o.as_ref().err().map(|e| e.to_string()))
                .collect();
            assert!(errors.is_empty(), "{processes} x {workers}: {errors:?}");
            let mut outcomes = outcomes.into_iter();
            let first: Option<ArrayD<f64>> = outcomes.next().unwrap().unwrap();
            assert_eq!(first.as_ref(), Some(&local), "{processes} x {workers}");
            for (p, other) in outcomes.enumerate() {
                assert!(
                    matches!(other, Ok(None)),
                    "process {} of {processes} x {workers}: {other:?}",
                    p + 1
                );
            }
        }
    }
}

fn y() -> Array {
    default_rng(17)
        .normal(0.0, 1.0, [300, 200], [50, 40])
        .unwrap()
}

#[test]
fn mean_is_bit_identical() {
    same_as_local(|| y().mean());
}

#[test]
fn mean_axis_0_is_bit_identical() {
    same_as_local(|| y().mean_axis(0).unwrap());
}

#[test]
fn a_slice_then_a_reduction_is_bit_identical() {
    same_as_local(|| {
        y().slice(&[Slice::from(30..290).step_by(3), Slice::from(5..190)])
            .unwrap()
            .sum_axis(1)
            .unwrap()
    });
}

#[test]
fn the_sum_of_two_arrays_with_different_chunks_is_bit_identical() {
    same_as_local(|| {
        let a = default_rng(1)
            .normal(0.0, 1.0, [120, 90], [50, 40])
            .unwrap();
        let b = default_rng(2)
            .uniform(0.0, 1.0, [120, 90], [30, 45])
            .unwrap();
        (&a + &b).unwrap()
    });
}

/// The mean of 2 processes: what crosses the network is partial results only.
fn mean_report(processes: usize, workers: usize) -> Report {
    let outcomes = cluster(processes, workers, |c: &mut Cluster| {
        c.compute(&y().mean())?;
        Ok(c.report().cloned())
    });
    outcomes.into_iter().next().unwrap().unwrap().unwrap()
}

#[test]
fn only_partial_results_cross_between_processes_for_a_mean() {
    let r = mean_report(2, 1);
    let crossings: Vec<_> = r.between_processes().collect();
    assert!(!crossings.is_empty());
    for s in &crossings {
        let key = &r.keys()[s.task];
        assert!(key.starts_with("mean"), "{key} crossed");
        // A 0-d (sum, count) partial: far less than one 50x40 block of f64 (16000 bytes).
        assert!(s.bytes < 200, "{key}: {} bytes", s.bytes);
    }
    // Both processes ran tasks; the minimum is one partial result's message.
    assert!(r.tasks_per_worker().iter().all(|&n| n > 0), "{r:?}");
    let partial = crossings
        .iter()
        .filter(|s| r.keys()[s.task].starts_with("mean-c"))
        .map(|s| s.bytes)
        .min()
        .unwrap();
    assert_eq!(r.lower_bound_bytes_between_processes(), partial);
    assert!(r.bytes_between_processes() >= partial);
}

#[test]
fn what_crosses_is_what_the_plan_says() {
    // Cell 17's Y.mean(), as the book's figure draws it from the plan alone.
    let build = || {
        default_rng(0)
            .normal(0.0, 1.0, [1000, 1000], [100, 100])
            .unwrap()
            .mean()
    };
    let outcomes = cluster(2, 1, move |c: &mut Cluster| {
        c.compute(&build())?;
        Ok(c.report().cloned())
    });
    let report = outcomes.into_iter().next().unwrap().unwrap().unwrap();
    let graph = build().graph();
    let plan = Plan::new(&graph, 2);
    assert_eq!(report.worker_of(), plan.worker_of());
    let mut planned = Vec::new();
    for t in graph.tasks() {
        for &to in plan.send_to(t.id()) {
            planned.push((t.id(), plan.worker_of()[t.id()], to));
        }
    }
    let mut actual: Vec<_> = report
        .sent()
        .iter()
        .map(|s| (s.task, s.from, s.to))
        .collect();
    planned.sort_unstable();
    actual.sort_unstable();
    assert_eq!(actual, planned);
    assert_eq!(report.between_processes().count(), planned.len());
}

#[test]
fn a_panicking_task_is_an_error_with_its_key_on_every_process() {
    // Only the block holding the largest value panics, so only one process fails by itself:
    // the others learn it from the failing worker's message.
    let top = y().max().compute_scalar().unwrap();
    let outcomes = cluster(3, 1, move |c: &mut Cluster| {
        let x = y().map(move |v| {
            if v == top {
                panic!("the largest value");
            }
            v
        });
        c.compute(&x.sum())
    });
    for (p, o) in outcomes.iter().enumerate() {
        match o {
            Err(DistributedError::Task { key, error, .. }) => {
                assert!(key.starts_with("map-("), "process {p}: {key}");
                assert!(error.to_string().contains("the largest value"), "{error}");
            }
            other => panic!("process {p}: {other:?}"),
        }
    }
}

#[test]
fn a_missing_peer_is_connection_refused() {
    // Process 1 of 2, and nobody at process 0's address (a port bound, then closed).
    let free = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = free.local_addr().unwrap().to_string();
    drop(free);
    let config = Config::cluster(2, 1, 1, vec![address, "127.0.0.1:0".into()])
        .unwrap()
        .connect_timeout(Duration::from_millis(300));
    let err = execute(config, |c: &mut Cluster| c.compute(&y().mean())).unwrap_err();
    assert!(
        matches!(err, DistributedError::ConnectionRefused { process: 0, .. }),
        "{err:?}"
    );
}

#[test]
fn a_bad_hostfile_is_a_typed_error() {
    let dir = std::env::temp_dir().join(format!("lazyarray-hostfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let args = |path: &std::path::Path| {
        ["prog", "-n", "2", "-p", "0", "-h", path.to_str().unwrap()].map(String::from)
    };
    let missing = dir.join("missing.txt");
    let short = dir.join("short.txt");
    std::fs::write(&short, "127.0.0.1:4000\n").unwrap();
    let garbled = dir.join("garbled.txt");
    std::fs::write(&garbled, "127.0.0.1:4000\nnot an address\n").unwrap();
    for (path, reason) in [
        (&missing, "No such file"),
        (&short, "1 addresses for 2 processes"),
        (&garbled, "line 2: \"not an address\" is not host:port"),
    ] {
        match Config::from_args(args(path)) {
            Err(DistributedError::Hostfile { path: p, reason: r }) => {
                assert_eq!(&p, path);
                assert!(r.contains(reason), "{r}");
            }
            other => panic!("{path:?}: {other:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
