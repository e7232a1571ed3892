//! `Y.mean()` on a chunked array does not gather every chunk in one place. Dask
//! builds a tree: each chunk becomes a small partial result (sum and count), partials
//! are combined `split_every` at a time (4 by default), level after level, and a last
//! task aggregates what is left into the mean. Memory stays small and the tree's
//! levels run in parallel.
//!
//! The task graph model below is given: keys, tasks, and a sequential `compute`. You
//! write the graph builder for `mean`.

use std::collections::{BTreeMap, HashMap};

/// A task's name: a label and a block index, like dask's `("mean_chunk-abc", 3)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// What the task does (and which reduction level it belongs to).
    pub name: String,
    /// Its position among the tasks with the same name.
    pub index: usize,
}

impl Key {
    /// The key `(name, index)`.
    pub fn new(name: impl Into<String>, index: usize) -> Self {
        Key {
            name: name.into(),
            index,
        }
    }
}

/// One node of the task graph: what to compute, and from which other tasks' results.
#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    /// A chunk of data. (In dask, a call that creates it; here its values keep the
    /// model small.)
    Chunk(Vec<f64>),
    /// The partial result of one chunk: its sum and its count.
    Partial(Key),
    /// Adds up the partial results of its inputs into one partial result.
    Combine(Vec<Key>),
    /// Adds up the partial results of its inputs and divides the sum by the count:
    /// the mean.
    Aggregate(Vec<Key>),
}

/// The result of one task.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A chunk's values.
    Chunk(Vec<f64>),
    /// A sum and a count.
    Partial {
        /// Sum of the values.
        sum: f64,
        /// How many values.
        count: usize,
    },
    /// A final number.
    Scalar(f64),
}

/// A task graph: every task by its key. Nothing runs until [`Graph::compute`].
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The tasks, by key.
    pub tasks: BTreeMap<Key, Task>,
}

/// Why a graph cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// A task depends on a key that is not in the graph.
    MissingKey(Key),
    /// A task received a value of the wrong kind (say, a chunk where a partial was
    /// expected).
    WrongInput(Key),
}

impl Graph {
    /// A graph holding one `Chunk` task per chunk, named `(name, 0)`, `(name, 1)`, …;
    /// returns the graph and the chunks' keys in order.
    pub fn from_chunks(name: &str, chunks: Vec<Vec<f64>>) -> (Graph, Vec<Key>) {
        let mut graph = Graph::default();
        let keys = chunks
            .into_iter()
            .enumerate()
            .map(|(i, chunk)| {
                let key = Key::new(name, i);
                graph.tasks.insert(key.clone(), Task::Chunk(chunk));
                key
            })
            .collect();
        (graph, keys)
    }

    /// How many tasks have a name starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.tasks
            .keys()
            .filter(|k| k.name.starts_with(prefix))
            .count()
    }

    /// Computes `key`'s value, running each task it needs once, in dependency order.
    pub fn compute(&self, key: &Key) -> Result<Value, GraphError> {
        self.compute_memo(key, &mut HashMap::new())
    }

    fn compute_memo(
        &self,
        key: &Key,
        done: &mut HashMap<Key, Value>,
    ) -> Result<Value, GraphError> {
        if let Some(value) = done.get(key) {
            return Ok(value.clone());
        }
        let task = self
            .tasks
            .get(key)
            .ok_or_else(|| GraphError::MissingKey(key.clone()))?;
        let value = match task {
            Task::Chunk(values) => Value::Chunk(values.clone()),
            Task::Partial(input) => match self.compute_memo(input, done)? {
                Value::Chunk(values) => Value::Partial {
                    sum: values.iter().sum(),
                    count: values.len(),
                },
                _ => return Err(GraphError::WrongInput(key.clone())),
            },
            Task::Combine(inputs) | Task::Aggregate(inputs) => {
                let (mut sum, mut count) = (0.0, 0);
                for input in inputs {
                    match self.compute_memo(input, done)? {
                        Value::Partial { sum: s, count: c } => {
                            sum += s;
                            count += c;
                        }
                        _ => return Err(GraphError::WrongInput(key.clone())),
                    }
                }
                if matches!(task, Task::Combine(_)) {
                    Value::Partial { sum, count }
                } else {
                    Value::Scalar(sum / count as f64)
                }
            }
        };
        done.insert(key.clone(), value.clone());
        Ok(value)
    }
}

/// Why a reduction cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReductionError {
    /// `split_every` must be at least 2, or the tree never gets smaller.
    SplitEveryTooSmall(usize),
    /// The mean of no chunks is undefined.
    NoChunks,
}

// ANCHOR: solution
/// Adds to `graph` the tasks of the mean of the chunks `chunks` and returns the key
/// of the final task. Names: `("mean-chunk", i)` for chunk `i`'s partial;
/// `("mean-combine-1", g)` for the first combine level, `("mean-combine-2", g)` for
/// the next, …; `("mean-agg", 0)` at the top.
///
/// While more than `split_every` partials remain, they are combined in consecutive
/// groups of `split_every` (the last group may be smaller); then one aggregate takes
/// what is left. So 10 chunks with `split_every = 4` give 10 partials, 3 combines and
/// 1 aggregate, like dask.
pub fn mean(
    graph: &mut Graph,
    chunks: &[Key],
    split_every: usize,
) -> Result<Key, ReductionError> {
    if split_every < 2 {
        return Err(ReductionError::SplitEveryTooSmall(split_every));
    }
    if chunks.is_empty() {
        return Err(ReductionError::NoChunks);
    }
    let mut level: Vec<Key> = chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let key = Key::new("mean-chunk", i);
            graph
                .tasks
                .insert(key.clone(), Task::Partial(chunk.clone()));
            key
        })
        .collect();
    let mut depth = 0;
    while level.len() > split_every {
        depth += 1;
        level = level
            .chunks(split_every)
            .enumerate()
            .map(|(g, group)| {
                let key = Key::new(format!("mean-combine-{depth}"), g);
                graph
                    .tasks
                    .insert(key.clone(), Task::Combine(group.to_vec()));
                key
            })
            .collect();
    }
    let top = Key::new("mean-agg", 0);
    graph.tasks.insert(top.clone(), Task::Aggregate(level));
    Ok(top)
}
// ANCHOR_END: solution
