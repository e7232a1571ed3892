//! `mu = Y.mean(axis=0)` on a 10 × 10 grid of blocks builds hundreds of tasks, but
//! `mu[0]` needs only the first column of blocks. Before running a graph, dask
//! *culls* it: it keeps the tasks the requested outputs depend on, directly or not,
//! and drops the rest. The same walk over the graph also tells a scheduler how many
//! consumers each result has, so it can free a chunk as soon as its last consumer has
//! run.
//!
//! The graph (only keys and dependencies: culling needs nothing else) and the builder
//! for `Y.mean(axis=0)[0]` are given. You write `cull` and `dependents`.

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

/// Why a graph cannot be culled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CullError {
    /// An output, or a dependency of a kept task, is not in the graph.
    MissingKey(Key),
}

// ANCHOR: solution
/// The part of `graph` that `outputs` need: the outputs and every task they depend
/// on, directly or through other tasks. Every kept task keeps its dependency list
/// unchanged.
pub fn cull(graph: &Graph, outputs: &[Key]) -> Result<Graph, CullError> {
    let mut kept = Graph::new();
    // An explicit stack rather than recursion: real graphs can be deeper than the
    // call stack.
    let mut to_visit: Vec<&Key> = outputs.iter().collect();
    while let Some(key) = to_visit.pop() {
        if kept.contains_key(key) {
            continue;
        }
        let deps = graph
            .get(key)
            .ok_or_else(|| CullError::MissingKey(key.clone()))?;
        to_visit.extend(deps);
        kept.insert(key.clone(), deps.clone());
    }
    Ok(kept)
}

/// For every task of `graph`, how many tasks of `graph` depend on it (0 for the
/// outputs). A scheduler can free a task's result once that many consumers have run.
pub fn dependents(graph: &Graph) -> BTreeMap<Key, usize> {
    let mut counts: BTreeMap<Key, usize> =
        graph.keys().map(|k| (k.clone(), 0)).collect();
    for deps in graph.values() {
        // A task listing the same input twice consumes it once.
        for dep in deps.iter().collect::<BTreeSet<_>>() {
            *counts.entry(dep.clone()).or_insert(0) += 1;
        }
    }
    counts
}
// ANCHOR_END: solution
