//! `compute_many`, `store` and `persist` run one graph: a task that several results need runs
//! once, counted through a callback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use lazyarray::diagnostics::{Callback, TaskInfo};
use lazyarray::{
    ComputeOptions, StoreError, Target, WriteError, compute_many_with, graph_many, store_with,
};
use ndarray::{ArrayD, IxDyn};

/// Counts the runs of every task key.
#[derive(Default)]
struct Runs(Mutex<HashMap<String, usize>>);

impl Callback for Runs {
    fn pretask(&self, task: &TaskInfo<'_>) {
        *self
            .0
            .lock()
            .unwrap()
            .entry(task.key.to_string())
            .or_default() += 1;
    }
}

impl Runs {
    fn of(&self, prefix: &str) -> Vec<usize> {
        let runs = self.0.lock().unwrap();
        let mut v: Vec<usize> = runs
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, &n)| n)
            .collect();
        v.sort_unstable();
        v
    }
    fn total(&self) -> usize {
        self.0.lock().unwrap().values().sum()
    }
}

fn source() -> lazyarray::Array {
    lazyarray::random::default_rng(7)
        .normal(0.0, 1.0, [30, 20], [7, 6])
        .unwrap()
}

fn zeros(shape: &[usize]) -> Arc<Mutex<ArrayD<f64>>> {
    Arc::new(Mutex::new(ArrayD::zeros(IxDyn(shape))))
}

#[test]
fn compute_many_runs_shared_tasks_once() {
    let x = source(); // 5 x 4 = 20 blocks
    let (sum, max, doubled) = (x.sum(), x.max(), &x * 2.0);
    let runs = Arc::new(Runs::default());
    let opts = ComputeOptions::new().workers(3).callback(runs.clone());
    let got = compute_many_with(&[&sum, &max, &doubled], &opts).unwrap();

    // Every `normal` block ran exactly once, though three results read it.
    assert_eq!(runs.of("normal-"), vec![1; 20]);
    let union = graph_many(&[&sum, &max, &doubled]).len();
    assert_eq!(runs.total(), union);
    assert_eq!(
        union,
        sum.graph().len() + max.graph().len() + doubled.graph().len() - 2 * 20
    );
    // The same values as three separate computes.
    assert_eq!(got[0], sum.compute().unwrap());
    assert_eq!(got[1], max.compute().unwrap());
    assert_eq!(got[2], doubled.compute().unwrap());
}

#[test]
fn store_writes_two_arrays_from_one_graph() {
    let x = source();
    let y = (&x + 1.0).rechunk([10, 10]).unwrap();
    let (tx, ty) = (zeros(&[30, 20]), zeros(&[30, 20]));
    let runs = Arc::new(Runs::default());
    let opts = ComputeOptions::new().workers(2).callback(runs.clone());
    store_with(&[(&x, tx.clone()), (&y, ty.clone())], &opts).unwrap();
    assert_eq!(runs.of("normal-"), vec![1; 20]);
    assert_eq!(runs.of("store").len(), 20 + 6, "one store task per block");
    assert_eq!(*tx.lock().unwrap(), x.compute().unwrap());
    assert_eq!(*ty.lock().unwrap(), y.compute().unwrap());
}

#[test]
fn store_refuses_a_target_of_another_shape_before_running() {
    let x = source();
    let runs = Arc::new(Runs::default());
    let opts = ComputeOptions::new().callback(runs.clone());
    let err = store_with(&[(&x, zeros(&[30, 20])), (&x, zeros(&[20, 30]))], &opts).unwrap_err();
    assert!(
        matches!(&err, StoreError::Shape { target: 1, target_shape, .. } if target_shape == &[20, 30]),
        "{err}"
    );
    assert_eq!(runs.total(), 0);
    assert!(err.written().is_empty());
}

/// A target that fails on one block and records the others.
struct FailsAt(Vec<usize>, AtomicUsize);

impl Target<f64> for FailsAt {
    fn shape(&self) -> Vec<usize> {
        vec![30, 20]
    }
    fn write_block(&self, index: &[usize], _: &[usize], _: &ArrayD<f64>) -> Result<(), WriteError> {
        if index == self.0.as_slice() {
            return Err("disk full".into());
        }
        self.1.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn a_failing_target_names_the_chunk_and_the_chunks_written() {
    let x = source();
    let target = Arc::new(FailsAt(vec![2, 1], AtomicUsize::new(0)));
    let opts = ComputeOptions::new().workers(2);
    let err = store_with(&[(&x, target.clone())], &opts).unwrap_err();
    let StoreError::Write {
        target: 0,
        chunk,
        source,
        written,
    } = &err
    else {
        panic!("not a write error: {err}");
    };
    assert_eq!(chunk, &[2, 1]);
    assert_eq!(source.to_string(), "disk full");
    // Exactly the blocks the target accepted are reported, the failing one not among them.
    assert_eq!(written.len(), target.1.load(Ordering::SeqCst));
    assert!(written.iter().all(|(t, c)| *t == 0 && c != &[2, 1]));
    assert!(err.to_string().contains("chunk [2, 1]"), "{err}");
}

#[test]
fn a_failing_task_is_a_compute_error_with_what_was_written() {
    let x = lazyarray::ones([8], 2).unwrap().map(|v| {
        assert!(v < 0.0, "no");
        v
    });
    let err = store_with(&[(&x, zeros(&[8]))], &ComputeOptions::new().workers(1)).unwrap_err();
    assert!(matches!(err, StoreError::Compute { .. }), "{err}");
    assert!(err.written().is_empty());
}
