//! Culling a task graph. The task, its tests and hints are on the page
//! `book/src/exercises/la3_cull.md`.

use std::collections::{BTreeMap, BTreeSet};

/// A task's name: a label and a block index, like dask's `("mean_chunk-abc", 3, 0)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// What the task does.
    pub name: String,
    /// The block it computes.
    pub index: Vec<usize>,
}

impl Key {
    /// The key `(name, index…)`.
    pub fn new(name: impl Into<String>, index: &[usize]) -> Self {
        Key {
            name: name.into(),
            index: index.to_vec(),
        }
    }
}

/// A task graph reduced to its shape: each task's key and the keys of the tasks it
/// needs.
pub type Graph = BTreeMap<Key, Vec<Key>>;

/// How many tasks of `graph` have a name starting with `prefix`.
pub fn count(graph: &Graph, prefix: &str) -> usize {
    graph.keys().filter(|k| k.name.starts_with(prefix)).count()
}

// ANCHOR: builder
/// The graph of `Y.mean(axis=0)[0]` for `Y` cut into `row_blocks × col_blocks`
/// blocks, reduced along axis 0 as a tree with `split_every` (dask's default is 4).
/// Returns the graph and the output's key.
pub fn mean_axis0_index0(
    row_blocks: usize,
    col_blocks: usize,
    split_every: usize,
) -> (Graph, Key) {
    assert!(split_every >= 2 && row_blocks > 0 && col_blocks > 0);
    let mut graph = Graph::new();
    for j in 0..col_blocks {
        let mut level: Vec<Key> = (0..row_blocks)
            .map(|i| {
                let block = Key::new("normal", &[i, j]);
                graph.insert(block.clone(), vec![]);
                let partial = Key::new("mean-chunk", &[i, j]);
                graph.insert(partial.clone(), vec![block]);
                partial
            })
            .collect();
        let mut depth = 0;
        while level.len() > split_every {
            depth += 1;
            level = level
                .chunks(split_every)
                .enumerate()
                .map(|(g, group)| {
                    let key = Key::new(format!("mean-combine-{depth}"), &[g, j]);
                    graph.insert(key.clone(), group.to_vec());
                    key
                })
                .collect();
        }
        graph.insert(Key::new("mean-agg", &[j]), level);
    }
    // Element 0 of `mu` lies in its block 0.
    let output = Key::new("getitem", &[0]);
    graph.insert(output.clone(), vec![Key::new("mean-agg", &[0])]);
    (graph, output)
}
// ANCHOR_END: builder

// ANCHOR: task
/// Why a graph cannot be culled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CullError {
    /// An output, or a dependency of a kept task, is not in the graph.
    MissingKey(Key),
}

/// The part of `graph` that `outputs` need: the outputs and every task they depend
/// on, directly or through other tasks. Every kept task keeps its dependency list
/// unchanged.
pub fn cull(graph: &Graph, outputs: &[Key]) -> Result<Graph, CullError> {
    todo!()
}

// ANCHOR: dependents
/// For every task of `graph`, how many tasks of `graph` depend on it (0 for the
/// outputs). A scheduler can free a task's result once that many consumers have run.
///
/// A task listing the same input twice consumes it once.
pub fn dependents(graph: &Graph) -> BTreeMap<Key, usize> {
    todo!()
}
// ANCHOR_END: dependents
// ANCHOR_END: task
