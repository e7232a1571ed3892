//! What is measured: every implementation (a Python script variant or a Rust workload) and the
//! rows of the table, each a Python implementation beside a Rust one.

/// What a Python script needs beyond the standard library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    Stdlib,
    Numpy,
    Dask,
}

/// How to run one implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spec {
    /// `python harness/python/<script> --variant <variant>`.
    Python {
        script: &'static str,
        variant: &'static str,
        needs: Needs,
    },
    /// `compare --workload <name>`: see `workloads::RUST_WORKLOADS`.
    Rust { workload: &'static str },
}

/// One implementation of one workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Impl {
    /// The group it belongs to (`--only` filters on it).
    pub(crate) group: &'static str,
    /// What the table calls it.
    pub(crate) label: &'static str,
    pub(crate) spec: Spec,
}

impl Impl {
    pub(crate) fn is_python(&self) -> bool {
        matches!(self.spec, Spec::Python { .. })
    }

    /// A unique key: the script and variant, or the Rust workload's name.
    pub(crate) fn key(&self) -> String {
        match self.spec {
            Spec::Python {
                script, variant, ..
            } => format!("{script}:{variant}"),
            Spec::Rust { workload } => workload.to_string(),
        }
    }
}

const fn py(
    group: &'static str,
    label: &'static str,
    script: &'static str,
    variant: &'static str,
    needs: Needs,
) -> Impl {
    Impl {
        group,
        label,
        spec: Spec::Python {
            script,
            variant,
            needs,
        },
    }
}

const fn rs(group: &'static str, label: &'static str, workload: &'static str) -> Impl {
    Impl {
        group,
        label,
        spec: Spec::Rust { workload },
    }
}

/// One row of the table: a workload, its Python side and its Rust side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) workload: &'static str,
    pub(crate) python: Impl,
    pub(crate) rust: Impl,
}

const fn row(workload: &'static str, python: Impl, rust: Impl) -> Row {
    Row {
        workload,
        python,
        rust,
    }
}

use Needs::{Dask, Numpy, Stdlib};

const SLEEP_PY: Impl = py("sleep", "Pool(2).map", "sleep_pool.py", "pool_map", Stdlib);
const POOL_SEQ_PY: Impl = py(
    "pool",
    "list comprehension",
    "pool_overhead.py",
    "sequential",
    Stdlib,
);
const POOL_MAP_PY: Impl = py(
    "pool",
    "Pool(2).map",
    "pool_overhead.py",
    "pool_map",
    Stdlib,
);
const POOL_EXEC_PY: Impl = py(
    "pool",
    "ProcessPoolExecutor(2).map",
    "pool_overhead.py",
    "executor",
    Stdlib,
);
const POWERS_PY: Impl = py(
    "powers",
    "Pool(2).map, numpy",
    "powers.py",
    "pool_map",
    Numpy,
);
const QUEUE_1_PY: Impl = py("queue", "queue.Queue", "queue_threads.py", "1x1", Stdlib);
const QUEUE_4_PY: Impl = py("queue", "queue.Queue", "queue_threads.py", "4x4", Stdlib);
const GIL_1_PY: Impl = py("gil", "threading, 1 thread", "gil_threads.py", "1", Stdlib);
const GIL_2_PY: Impl = py("gil", "threading, 2 threads", "gil_threads.py", "2", Stdlib);
const DASK_S_PY: Impl = py("dask", "dask.array", "dask_mean.py", "dask_small", Dask);
const NUMPY_S_PY: Impl = py("dask", "eager numpy", "dask_mean.py", "numpy_small", Numpy);
const DASK_L_PY: Impl = py("dask", "dask.array", "dask_mean.py", "dask_large", Dask);
const NUMPY_L_PY: Impl = py("dask", "eager numpy", "dask_mean.py", "numpy_large", Numpy);

/// Every row, in the order they are run and printed. Python and Rust alternate: each row's
/// Python side runs, then its Rust side (an implementation shared by two rows runs once).
pub(crate) const ROWS: &[Row] = &[
    row(
        "cell 2: sleeps, 2 workers",
        SLEEP_PY,
        rs(
            "sleep",
            "std threads + crossbeam-channel",
            "sleep.threads_channel",
        ),
    ),
    row(
        "cell 2: sleeps, 2 workers",
        SLEEP_PY,
        rs("sleep", "rayon par_iter", "sleep.rayon"),
    ),
    row(
        "cell 2: sleeps, 2 workers",
        SLEEP_PY,
        rs("sleep", "multiprocessing::Pool", "sleep.ours_pool"),
    ),
    row(
        "pool overhead: 100k trivial",
        POOL_SEQ_PY,
        rs("pool", "sequential loop", "pool.sequential"),
    ),
    row(
        "pool overhead: 100k trivial",
        POOL_MAP_PY,
        rs("pool", "multiprocessing::Pool", "pool.ours_pool"),
    ),
    row(
        "pool overhead: 100k trivial",
        POOL_MAP_PY,
        rs("pool", "rayon par_iter", "pool.rayon"),
    ),
    row(
        "pool overhead: 100k trivial",
        POOL_EXEC_PY,
        rs(
            "pool",
            "multiprocessing::ProcessPool",
            "pool.ours_process_pool",
        ),
    ),
    row(
        "cell 4: mean(randn(1e8)**p)",
        POWERS_PY,
        rs("powers", "rayon, streaming", "powers.rayon_stream"),
    ),
    row(
        "cell 4: mean(randn(1e8)**p)",
        POWERS_PY,
        rs("powers", "rayon, eager ndarray", "powers.rayon_eager"),
    ),
    row(
        "cell 4: mean(randn(1e8)**p)",
        POWERS_PY,
        rs(
            "powers",
            "multiprocessing::Pool, streaming",
            "powers.ours_pool",
        ),
    ),
    row(
        "queue 1 producer/1 consumer",
        QUEUE_1_PY,
        rs("queue", "crossbeam-channel", "queue.crossbeam_1x1"),
    ),
    row(
        "queue 1 producer/1 consumer",
        QUEUE_1_PY,
        rs("queue", "std::sync::mpsc", "queue.mpsc_1x1"),
    ),
    row(
        "queue 1 producer/1 consumer",
        QUEUE_1_PY,
        rs("queue", "threading::Queue", "queue.ours_1x1"),
    ),
    row(
        "queue 4 producers/4 consumers",
        QUEUE_4_PY,
        rs("queue", "crossbeam-channel", "queue.crossbeam_4x4"),
    ),
    row(
        "queue 4 producers/4 consumers",
        QUEUE_4_PY,
        rs("queue", "threading::Queue", "queue.ours_4x4"),
    ),
    row(
        "GIL: CPU-bound, 1 thread",
        GIL_1_PY,
        rs("gil", "std thread, 1 thread", "gil.threads_1"),
    ),
    row(
        "GIL: CPU-bound, 2 threads",
        GIL_2_PY,
        rs("gil", "std scoped threads, 2 threads", "gil.threads_2"),
    ),
    row(
        "dask: 1000² mean, 100² chunks",
        DASK_S_PY,
        rs("dask", "lazyarray", "dask.small.lazyarray"),
    ),
    row(
        "dask: 1000² mean, 100² chunks",
        DASK_S_PY,
        rs("dask", "rayon over chunks", "dask.small.rayon"),
    ),
    row(
        "dask: 1000² mean, 100² chunks",
        NUMPY_S_PY,
        rs("dask", "eager ndarray", "dask.small.ndarray"),
    ),
    row(
        "dask: 20000² mean, 1000² chunks",
        DASK_L_PY,
        rs("dask", "lazyarray", "dask.large.lazyarray"),
    ),
    row(
        "dask: 20000² mean, 1000² chunks",
        DASK_L_PY,
        rs("dask", "rayon over chunks", "dask.large.rayon"),
    ),
    row(
        "dask: 20000² mean, 1000² chunks",
        NUMPY_L_PY,
        rs("dask", "eager ndarray", "dask.large.ndarray"),
    ),
];

/// The groups `--only` accepts.
pub(crate) const GROUPS: &[&str] = &["sleep", "pool", "powers", "queue", "gil", "dask"];

/// The implementations to run, each once, in row order (Python, then Rust, row by row).
pub(crate) fn run_order(rows: &[Row]) -> Vec<Impl> {
    let mut order: Vec<Impl> = Vec::new();
    for row in rows {
        for imp in [row.python, row.rust] {
            if !order.iter().any(|seen| seen.key() == imp.key()) {
                order.push(imp);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workloads;

    #[test]
    fn every_rust_row_names_a_workload_and_every_workload_has_a_row() {
        let order = run_order(ROWS);
        for imp in &order {
            if let Spec::Rust { workload } = imp.spec {
                assert!(
                    workloads::find(workload).is_some(),
                    "no workload {workload}"
                );
            }
            assert!(GROUPS.contains(&imp.group), "unknown group {}", imp.group);
        }
        for name in workloads::names() {
            assert!(
                order.iter().any(|imp| imp.key() == name),
                "{name} is in no row"
            );
        }
    }

    #[test]
    fn every_python_script_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
        for imp in run_order(ROWS) {
            if let Spec::Python { script, .. } = imp.spec {
                assert!(dir.join(script).is_file(), "missing {script}");
            }
        }
    }

    #[test]
    fn shared_implementations_run_once_and_sides_alternate() {
        let order = run_order(ROWS);
        let sleep: Vec<String> = order
            .iter()
            .filter(|i| i.group == "sleep")
            .map(Impl::key)
            .collect();
        assert_eq!(
            sleep,
            [
                "sleep_pool.py:pool_map",
                "sleep.threads_channel",
                "sleep.rayon",
                "sleep.ours_pool"
            ]
        );
        assert!(order[0].is_python() && !order[1].is_python());
    }
}
