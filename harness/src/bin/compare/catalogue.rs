//! What is measured: every implementation (a Python script variant or a Rust workload) and the
//! rows of the table, each a Python implementation beside a Rust one.

use serde::{Deserialize, Serialize};

use crate::workloads::Sizes;

/// The groups of rows (`--only` selects them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Group {
    Sleep,
    Pool,
    Powers,
    Queue,
    Gil,
    Dask,
}

/// Which language an implementation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Side {
    Python,
    Rust,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Python => "Python",
            Side::Rust => "Rust",
        })
    }
}

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
    pub(crate) group: Group,
    /// What the table calls it.
    pub(crate) label: &'static str,
    pub(crate) spec: Spec,
}

impl Impl {
    pub(crate) fn side(&self) -> Side {
        match self.spec {
            Spec::Python { .. } => Side::Python,
            Spec::Rust { .. } => Side::Rust,
        }
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
    group: Group,
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

const fn rs(group: Group, label: &'static str, workload: &'static str) -> Impl {
    Impl {
        group,
        label,
        spec: Spec::Rust { workload },
    }
}

/// What a row measures; its label shows the size that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workload {
    Sleep,
    PoolOverhead,
    Powers,
    Queue1x1,
    Queue4x4,
    Gil1,
    Gil2,
    DaskSmall,
    DaskLarge,
}

impl Workload {
    /// The row's label at these sizes (`--quick` rows say how small they are).
    pub(crate) fn label(self, s: &Sizes) -> String {
        let square = |(side, chunk): (usize, usize)| format!("{side}² mean, {chunk}² chunks");
        match self {
            Workload::Sleep if s.sleep_scale == 1.0 => "cell 2: sleeps, 2 workers".to_string(),
            Workload::Sleep => format!("cell 2: sleeps × {}, 2 workers", s.sleep_scale),
            Workload::PoolOverhead => format!("pool overhead: {} trivial", count(s.pool_items)),
            Workload::Powers => format!(
                "cell 4: mean(randn({})**p)",
                power_of_ten(s.powers_len as u64)
            ),
            Workload::Queue1x1 => format!(
                "queue 1 producer/1 consumer, {} items",
                count(s.queue_items)
            ),
            Workload::Queue4x4 => {
                format!(
                    "queue 4 producers/4 consumers, {} items",
                    count(s.queue_items)
                )
            }
            Workload::Gil1 => format!("GIL: primes below {}, 1 thread", count(s.gil_limit)),
            Workload::Gil2 => format!("GIL: primes below {}, 2 threads", count(s.gil_limit)),
            Workload::DaskSmall => format!("dask: {}", square(s.dask_small)),
            Workload::DaskLarge => format!("dask: {}", square(s.dask_large)),
        }
    }
}

/// 1000 as "1k", 1000000 as "1M".
fn count(n: u64) -> String {
    match n {
        _ if n >= 1_000_000 && n.is_multiple_of(1_000_000) => format!("{}M", n / 1_000_000),
        _ if n >= 1_000 && n.is_multiple_of(1_000) => format!("{}k", n / 1_000),
        _ => n.to_string(),
    }
}

/// 100000000 as "1e8", as the notebook writes it.
fn power_of_ten(n: u64) -> String {
    match n.checked_ilog10() {
        Some(e) if 10u64.pow(e) == n => format!("1e{e}"),
        _ => n.to_string(),
    }
}

/// A figure the table cannot show in a cell, declared on the row it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    /// Each side's makespan against the minimum of the schedule the notebook's data allows.
    Makespan,
    /// The speed-up of each side from these one-thread implementations to this row's.
    SpeedupFrom { python: Impl, rust: Impl },
}

/// One row of the table: a workload, its Python side and its Rust side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) workload: Workload,
    pub(crate) python: Impl,
    pub(crate) rust: Impl,
    pub(crate) note: Option<Note>,
}

const fn row(workload: Workload, python: Impl, rust: Impl) -> Row {
    Row {
        workload,
        python,
        rust,
        note: None,
    }
}

impl Row {
    const fn with_note(mut self, note: Note) -> Row {
        self.note = Some(note);
        self
    }
}

use Needs::{Dask, Numpy, Stdlib};

const SLEEP_PY: Impl = py(
    Group::Sleep,
    "Pool(2).map",
    "sleep_pool.py",
    "pool_map",
    Stdlib,
);
const POOL_SEQ_PY: Impl = py(
    Group::Pool,
    "list comprehension",
    "pool_overhead.py",
    "sequential",
    Stdlib,
);
const POOL_MAP_PY: Impl = py(
    Group::Pool,
    "Pool(2).map",
    "pool_overhead.py",
    "pool_map",
    Stdlib,
);
const POOL_EXEC_PY: Impl = py(
    Group::Pool,
    "ProcessPoolExecutor(2).map",
    "pool_overhead.py",
    "executor",
    Stdlib,
);
const POWERS_PY: Impl = py(
    Group::Powers,
    "Pool(2).map, numpy",
    "powers.py",
    "pool_map",
    Numpy,
);
const QUEUE_1_PY: Impl = py(
    Group::Queue,
    "queue.Queue",
    "queue_threads.py",
    "1x1",
    Stdlib,
);
const QUEUE_4_PY: Impl = py(
    Group::Queue,
    "queue.Queue",
    "queue_threads.py",
    "4x4",
    Stdlib,
);
const GIL_1_PY: Impl = py(
    Group::Gil,
    "threading, 1 thread",
    "gil_threads.py",
    "1",
    Stdlib,
);
const GIL_1_RS: Impl = rs(Group::Gil, "std thread, 1 thread", "gil.threads_1");
const GIL_2_PY: Impl = py(
    Group::Gil,
    "threading, 2 threads",
    "gil_threads.py",
    "2",
    Stdlib,
);
const DASK_S_PY: Impl = py(
    Group::Dask,
    "dask.array",
    "dask_mean.py",
    "dask_small",
    Dask,
);
const NUMPY_S_PY: Impl = py(
    Group::Dask,
    "eager numpy",
    "dask_mean.py",
    "numpy_small",
    Numpy,
);
const DASK_L_PY: Impl = py(
    Group::Dask,
    "dask.array",
    "dask_mean.py",
    "dask_large",
    Dask,
);
const NUMPY_L_PY: Impl = py(
    Group::Dask,
    "eager numpy",
    "dask_mean.py",
    "numpy_large",
    Numpy,
);

/// Every row, in the order they are run and printed. Python and Rust alternate: each row's
/// Python side runs, then its Rust side (an implementation shared by two rows runs once).
pub(crate) const ROWS: &[Row] = &[
    row(
        Workload::Sleep,
        SLEEP_PY,
        rs(
            Group::Sleep,
            "std threads + crossbeam-channel",
            "sleep.threads_channel",
        ),
    )
    .with_note(Note::Makespan),
    row(
        Workload::Sleep,
        SLEEP_PY,
        rs(Group::Sleep, "rayon par_iter", "sleep.rayon"),
    )
    .with_note(Note::Makespan),
    row(
        Workload::Sleep,
        SLEEP_PY,
        rs(Group::Sleep, "multiprocessing::Pool", "sleep.ours_pool"),
    )
    .with_note(Note::Makespan),
    row(
        Workload::PoolOverhead,
        POOL_SEQ_PY,
        rs(Group::Pool, "sequential loop", "pool.sequential"),
    ),
    row(
        Workload::PoolOverhead,
        POOL_MAP_PY,
        rs(Group::Pool, "multiprocessing::Pool", "pool.ours_pool"),
    ),
    row(
        Workload::PoolOverhead,
        POOL_MAP_PY,
        rs(Group::Pool, "rayon par_iter", "pool.rayon"),
    ),
    row(
        Workload::PoolOverhead,
        POOL_EXEC_PY,
        rs(
            Group::Pool,
            "multiprocessing::ProcessPool",
            "pool.ours_process_pool",
        ),
    ),
    row(
        Workload::Powers,
        POWERS_PY,
        rs(Group::Powers, "rayon, streaming", "powers.rayon_stream"),
    ),
    row(
        Workload::Powers,
        POWERS_PY,
        rs(Group::Powers, "rayon, eager ndarray", "powers.rayon_eager"),
    ),
    row(
        Workload::Powers,
        POWERS_PY,
        rs(
            Group::Powers,
            "multiprocessing::Pool, streaming",
            "powers.ours_pool",
        ),
    ),
    row(
        Workload::Queue1x1,
        QUEUE_1_PY,
        rs(Group::Queue, "crossbeam-channel", "queue.crossbeam_1x1"),
    ),
    row(
        Workload::Queue1x1,
        QUEUE_1_PY,
        rs(Group::Queue, "std::sync::mpsc", "queue.mpsc_1x1"),
    ),
    row(
        Workload::Queue1x1,
        QUEUE_1_PY,
        rs(Group::Queue, "threading::Queue", "queue.ours_1x1"),
    ),
    row(
        Workload::Queue4x4,
        QUEUE_4_PY,
        rs(Group::Queue, "crossbeam-channel", "queue.crossbeam_4x4"),
    ),
    row(
        Workload::Queue4x4,
        QUEUE_4_PY,
        rs(Group::Queue, "threading::Queue", "queue.ours_4x4"),
    ),
    row(Workload::Gil1, GIL_1_PY, GIL_1_RS),
    row(
        Workload::Gil2,
        GIL_2_PY,
        rs(Group::Gil, "std scoped threads, 2 threads", "gil.threads_2"),
    )
    .with_note(Note::SpeedupFrom {
        python: GIL_1_PY,
        rust: GIL_1_RS,
    }),
    row(
        Workload::DaskSmall,
        DASK_S_PY,
        rs(Group::Dask, "lazyarray", "dask.small.lazyarray"),
    ),
    row(
        Workload::DaskSmall,
        DASK_S_PY,
        rs(Group::Dask, "rayon over chunks", "dask.small.rayon"),
    ),
    row(
        Workload::DaskSmall,
        NUMPY_S_PY,
        rs(Group::Dask, "eager ndarray", "dask.small.ndarray"),
    ),
    row(
        Workload::DaskLarge,
        DASK_L_PY,
        rs(Group::Dask, "lazyarray", "dask.large.lazyarray"),
    ),
    row(
        Workload::DaskLarge,
        DASK_L_PY,
        rs(Group::Dask, "rayon over chunks", "dask.large.rayon"),
    ),
    row(
        Workload::DaskLarge,
        NUMPY_L_PY,
        rs(Group::Dask, "eager ndarray", "dask.large.ndarray"),
    ),
];

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
    fn labels_name_the_sizes_that_ran() {
        let (full, quick) = (Sizes::FULL, Sizes::QUICK);
        assert_eq!(Workload::Powers.label(&full), "cell 4: mean(randn(1e8)**p)");
        assert_eq!(
            Workload::Powers.label(&quick),
            "cell 4: mean(randn(1e5)**p)"
        );
        assert_eq!(
            Workload::PoolOverhead.label(&full),
            "pool overhead: 100k trivial"
        );
        assert_eq!(Workload::Sleep.label(&full), "cell 2: sleeps, 2 workers");
        assert_eq!(
            Workload::Sleep.label(&quick),
            "cell 2: sleeps × 0.05, 2 workers"
        );
        assert_eq!(
            Workload::DaskLarge.label(&quick),
            "dask: 2000² mean, 100² chunks"
        );
        assert_eq!(count(1_234), "1234");
        assert_eq!(power_of_ten(1_500), "1500");
    }

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
            .filter(|i| i.group == Group::Sleep)
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
        assert_eq!(
            (order[0].side(), order[1].side()),
            (Side::Python, Side::Rust)
        );
    }
}
