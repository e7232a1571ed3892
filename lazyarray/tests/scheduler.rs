//! The schedulers: callbacks for every task, failures as errors, chunks freed early.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use lazyarray::diagnostics::{Callback, TaskInfo};
use lazyarray::random::default_rng;
use lazyarray::{ComputeError, ComputeOptions, Scheduler, TaskError, ones};

/// Counts every hook and tracks the bytes alive by the scheduler's own rule.
#[derive(Default)]
struct Counter {
    starts: AtomicUsize,
    announced: AtomicUsize,
    pre: AtomicUsize,
    post: AtomicUsize,
    finishes: Mutex<Vec<bool>>,
    keys: Mutex<Vec<String>>,
    workers: Mutex<Vec<usize>>,
}

impl Callback for Counter {
    fn start(&self, tasks: usize) {
        self.starts.fetch_add(1, Ordering::SeqCst);
        self.announced.store(tasks, Ordering::SeqCst);
    }
    fn pretask(&self, task: &TaskInfo<'_>) {
        self.pre.fetch_add(1, Ordering::SeqCst);
        self.workers.lock().unwrap().push(task.worker);
    }
    fn posttask(&self, task: &TaskInfo<'_>, _bytes: usize) {
        self.post.fetch_add(1, Ordering::SeqCst);
        self.keys.lock().unwrap().push(task.key.to_string());
    }
    fn finish(&self, ok: bool) {
        self.finishes.lock().unwrap().push(ok);
    }
}

// ANCHOR: options
fn opts(sched: Scheduler, workers: usize, cb: &Arc<Counter>) -> ComputeOptions {
    let o = ComputeOptions::new()
        .scheduler(sched)
        .callback(Arc::clone(cb) as Arc<dyn Callback>);
    if sched == Scheduler::Parallel {
        o.workers(workers)
    } else {
        o
    }
}
// ANCHOR_END: options

#[test]
fn every_task_gets_exactly_one_pre_and_post() {
    for (sched, workers) in [
        (Scheduler::Synchronous, 1),
        (Scheduler::Parallel, 1),
        (Scheduler::Parallel, 3),
        (Scheduler::Parallel, 8),
    ] {
        let y = default_rng(9)
            .normal(0.0, 1.0, [300, 200], [50, 70])
            .unwrap();
        let z = (&y + &y.rechunk([100, 100]).unwrap())
            .unwrap()
            .var_axis(0, 1)
            .unwrap();
        let cb = Arc::new(Counter::default());
        let got = z.compute_with(&opts(sched, workers, &cb)).unwrap();
        let n = z.graph().len();
        assert_eq!(cb.starts.load(Ordering::SeqCst), 1);
        assert_eq!(cb.announced.load(Ordering::SeqCst), n);
        assert_eq!(cb.pre.load(Ordering::SeqCst), n);
        assert_eq!(cb.post.load(Ordering::SeqCst), n);
        assert_eq!(*cb.finishes.lock().unwrap(), vec![true]);
        let mut keys = cb.keys.lock().unwrap().clone();
        keys.sort();
        let mut want: Vec<String> = z
            .graph()
            .tasks()
            .iter()
            .map(|t| t.key().to_string())
            .collect();
        want.sort();
        assert_eq!(keys, want, "each key exactly once");
        assert!(cb.workers.lock().unwrap().iter().all(|&w| w < workers));
        // Same answer as the synchronous scheduler.
        let sync = z
            .compute_with(&ComputeOptions::new().scheduler(Scheduler::Synchronous))
            .unwrap();
        assert_eq!(got, sync);
    }
}

// ANCHOR: synchronous_order
#[test]
fn synchronous_runs_in_id_order() {
    let y = default_rng(1)
        .normal(0.0, 1.0, [40, 40], [10, 10])
        .unwrap()
        .mean();
    let cb = Arc::new(Counter::default());
    y.compute_with(&opts(Scheduler::Synchronous, 1, &cb))
        .unwrap();
    let want: Vec<String> = y
        .graph()
        .tasks()
        .iter()
        .map(|t| t.key().to_string())
        .collect();
    assert_eq!(*cb.keys.lock().unwrap(), want);
}
// ANCHOR_END: synchronous_order

#[test]
fn a_panicking_task_is_an_error_and_finish_says_so() {
    for sched in [Scheduler::Synchronous, Scheduler::Parallel] {
        let x = ones([100], 10)
            .unwrap()
            .map(|v| if v > 0.0 { panic!("boom at {v}") } else { v });
        let cb = Arc::new(Counter::default());
        let err = x.sum().compute_with(&opts(sched, 2, &cb)).unwrap_err();
        match &err {
            ComputeError::Task {
                key,
                error: TaskError::Panicked(msg),
            } => {
                assert!(key.starts_with("map-("), "{key}");
                assert_eq!(msg, "boom at 1");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("boom at 1"));
        assert_eq!(*cb.finishes.lock().unwrap(), vec![false]);
        assert!(cb.post.load(Ordering::SeqCst) < cb.announced.load(Ordering::SeqCst));
    }
}

#[test]
fn map_blocks_changing_shape_is_a_typed_error() {
    let x = ones([10], 5)
        .unwrap()
        .map_blocks(|b| b.slice(ndarray::s![..2]).to_owned().into_dyn());
    let err = x.compute().unwrap_err();
    assert!(
        matches!(
            err,
            ComputeError::Task { error: TaskError::BlockShape { ref expected, ref got }, .. }
                if expected == &[5] && got == &[2]
        ),
        "{err:?}"
    );
}

#[test]
fn zero_workers_and_not_scalar_are_errors() {
    let x = ones([10], 5).unwrap();
    let err = x
        .compute_with(&ComputeOptions::new().workers(0))
        .unwrap_err();
    assert!(matches!(err, ComputeError::ZeroWorkers(0)), "{err:?}");
    let err = x.compute_scalar().unwrap_err();
    assert_eq!(
        err.to_string(),
        "compute_scalar needs a 0-d array, this one has shape [10]"
    );
}

#[test]
fn memory_limit_refuses_a_graph_that_is_too_big() {
    let x = ones([1000, 1000], [100, 100]).unwrap();
    let err = x
        .compute_with(&ComputeOptions::new().memory_limit(1000))
        .unwrap_err();
    assert!(matches!(err, ComputeError::MemoryLimit(_)), "{err:?}");
    // A generous limit runs.
    let s = x
        .sum()
        .compute_scalar_with(&ComputeOptions::new().memory_limit(1 << 30))
        .unwrap();
    assert_eq!(s, 1e6);
}

/// Tracks the bytes of chunks alive if each is freed after its last consumer: the rule the
/// schedulers promise. The peak must stay near a few chunks per worker for a reduction.
#[test]
fn reductions_keep_few_chunks_alive() {
    let chunk = 100 * 100 * 8;
    let y = default_rng(1)
        .normal(0.0, 1.0, [2000, 2000], [100, 100])
        .unwrap();
    for (sched, workers) in [
        (Scheduler::Synchronous, 1),
        (Scheduler::Parallel, 2),
        (Scheduler::Parallel, 4),
    ] {
        let mem = Arc::new(lazyarray::diagnostics::ChunkMemory::new(&y.mean().graph()));
        let o = ComputeOptions::new()
            .scheduler(sched)
            .workers(workers)
            .callback(mem.clone());
        y.mean().compute_scalar_with(&o).unwrap();
        // 400 chunks of 80 kB = 32 MB in all; alive at once: about one chunk per worker.
        assert!(
            mem.peak_bytes() <= 2 * workers * chunk + 64 * 1024,
            "{} with {workers}",
            mem.peak_bytes()
        );
        assert!(mem.peak_bytes() >= chunk);
    }
}

/// Many tiny tasks on more workers than cores, repeated: every task runs exactly once and the
/// result is exact (integers in f64), whatever the interleaving.
#[test]
fn stress_many_tiny_tasks() {
    let n = 3000;
    let x = lazyarray::arange(0.0, n as f64, 1.0, 1).unwrap();
    let y = (&(&x * 2.0) + &x.rechunk(7).unwrap()).unwrap().sum();
    let tasks = y.graph().len();
    for round in 0..5 {
        let cb = Arc::new(Counter::default());
        let got = y
            .compute_scalar_with(&opts(Scheduler::Parallel, 8, &cb))
            .unwrap();
        assert_eq!(got, 3.0 * (n * (n - 1) / 2) as f64, "round {round}");
        assert_eq!(cb.pre.load(Ordering::SeqCst), tasks);
        assert_eq!(cb.post.load(Ordering::SeqCst), tasks);
        let mut keys = cb.keys.lock().unwrap().clone();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), tasks);
    }
}

/// A callback that panics in `posttask` of one task.
struct PanicsOnce;

impl Callback for PanicsOnce {
    fn posttask(&self, task: &TaskInfo<'_>, _bytes: usize) {
        if task.id == 3 {
            panic!("diagnostic bug");
        }
    }
}

#[test]
fn a_panicking_callback_fails_the_compute_without_hanging() {
    for sched in [Scheduler::Synchronous, Scheduler::Parallel] {
        let x = ones([100], 10).unwrap().sum();
        let o = ComputeOptions::new()
            .scheduler(sched)
            .workers(3)
            .callback(Arc::new(PanicsOnce));
        let err = x.compute_with(&o).unwrap_err();
        assert!(err.to_string().contains("diagnostic bug"), "{err}");
    }
}

/// Two tasks that can only both finish if they run at the same time: each waits (with a
/// generous timeout as a failure guard, not as synchronisation) until both have started.
#[test]
fn parallel_scheduler_runs_independent_tasks_at_once() {
    use std::sync::Condvar;
    use std::time::Duration;
    let started = Arc::new((Mutex::new(0usize), Condvar::new()));
    let s = Arc::clone(&started);
    let x = ones([2], 1).unwrap().map(move |v| {
        let (count, cv) = &*s;
        let mut n = count.lock().unwrap();
        *n += 1;
        cv.notify_all();
        let (n, timeout) = cv
            .wait_timeout_while(n, Duration::from_secs(20), |n| *n < 2)
            .unwrap();
        // 1.0 only if the other task started while this one was running.
        if timeout.timed_out() && *n < 2 {
            0.0
        } else {
            v
        }
    });
    let got = x
        .sum()
        .compute_scalar_with(&ComputeOptions::new().workers(2))
        .unwrap();
    assert_eq!(got, 2.0, "the two tasks did not overlap");
}
