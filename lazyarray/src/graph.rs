//! The task graph: layers of tasks (one task per output chunk), flattened and culled for compute.
//!
//! An [`Array`](crate::Array) holds one [`Layer`]: the tasks that make its chunks, each naming the
//! chunks of earlier layers it reads. Nothing runs when an array is built. [`Graph::build`] walks
//! back from the chunks a compute needs, so tasks nobody needs are never listed (dask's
//! "culling"), and numbers the tasks depth first: the order in which running them keeps the
//! fewest chunks alive.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::TaskError;

/// A chunk or a partial result, as it travels between tasks.
pub(crate) type Chunk = Box<dyn Any + Send + Sync>;

// ANCHOR: layer
/// How a layer computes the block at `index` from its input chunks.
pub(crate) type LayerFn =
    Arc<dyn Fn(&[usize], &[&(dyn Any + Send + Sync)]) -> Result<Chunk, TaskError> + Send + Sync>;

/// What the task making block `index` of a layer reads, and how big its output is: asked for
/// only when a graph is built, so a layer of 2^40 blocks costs nothing until a compute culls
/// it down to the blocks it needs.
pub(crate) type SpecFn = Arc<dyn Fn(&[usize]) -> TaskSpec + Send + Sync>;

/// One task of a layer: which chunks it reads and how big its output is.
#[derive(Debug, Clone)]
pub(crate) struct TaskSpec {
    /// `(position in the layer's deps, flat block number in that layer)` for every input.
    pub(crate) inputs: Vec<(usize, usize)>,
    /// Bytes of the output chunk.
    pub(crate) bytes: usize,
}

/// The tasks that make one array's chunks (dask's `HighLevelGraph` layer): one task per block
/// of a grid of `numblocks`, described by `spec` and run by `run`.
pub(crate) struct Layer {
    pub(crate) name: String,
    id: u64,
    pub(crate) deps: Vec<Arc<Layer>>,
    /// Blocks along every axis; the tasks are numbered in row-major block order.
    pub(crate) numblocks: Vec<usize>,
    pub(crate) spec: SpecFn,
    pub(crate) run: LayerFn,
}
// ANCHOR_END: layer

impl fmt::Debug for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Layer")
            .field("name", &self.name)
            .field("numblocks", &self.numblocks)
            .field(
                "deps",
                &self.deps.iter().map(|d| &d.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Drop for Layer {
    /// Drops a long chain of layers (`y = &y + 1.0` a million times) with a loop instead of
    /// one nested `drop` per layer, which would overflow the stack: every dependency this
    /// layer holds the last reference to is emptied of its own dependencies first.
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.deps);
        while let Some(dep) = pending.pop() {
            if let Some(mut layer) = Arc::into_inner(dep) {
                pending.append(&mut layer.deps);
            }
        }
    }
}

static NEXT_LAYER: AtomicU64 = AtomicU64::new(0);

impl Layer {
    pub(crate) fn new(
        name: impl Into<String>,
        deps: Vec<Arc<Layer>>,
        numblocks: Vec<usize>,
        spec: impl Fn(&[usize]) -> TaskSpec + Send + Sync + 'static,
        run: LayerFn,
    ) -> Arc<Layer> {
        Arc::new(Layer {
            name: name.into(),
            id: NEXT_LAYER.fetch_add(1, Ordering::Relaxed),
            deps,
            numblocks,
            spec: Arc::new(spec),
            run,
        })
    }

    /// How many tasks (blocks); saturates, as no graph that large could be built anyway.
    pub(crate) fn len(&self) -> usize {
        self.numblocks
            .iter()
            .try_fold(1usize, |n, &b| n.checked_mul(b))
            .unwrap_or(usize::MAX)
    }

    /// The block index of task `flat`.
    pub(crate) fn index(&self, flat: usize) -> Vec<usize> {
        crate::chunks::unravel(flat, &self.numblocks)
    }

    /// The task that makes block number `flat`.
    pub(crate) fn task(&self, flat: usize) -> TaskSpec {
        (self.spec)(&self.index(flat))
    }
}

// ANCHOR: task
/// One task of a [`Graph`]: a key, the tasks it reads, and the size of what it makes.
#[derive(Clone)]
pub struct Task {
    id: usize,
    key: String,
    name: String,
    deps: Vec<usize>,
    bytes: usize,
    /// The most bytes the task itself holds at once: `bytes`, or more for a fused chain.
    peak_bytes: usize,
    /// What to run: `(layer, block)` steps, each feeding its output to the next. One step,
    /// unless linear chains were fused ([`Graph::fuse`]).
    steps: Vec<(Arc<Layer>, usize)>,
}
// ANCHOR_END: task

impl fmt::Debug for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Task")
            .field("id", &self.id)
            .field("key", &self.key)
            .field("deps", &self.deps)
            .field("bytes", &self.bytes)
            .finish()
    }
}

impl Task {
    /// Position in [`Graph::tasks`]; also the task's priority (smaller runs first).
    pub fn id(&self) -> usize {
        self.id
    }
    /// The key people read, like dask's: `normal-(0, 3)`.
    pub fn key(&self) -> &str {
        &self.key
    }
    /// The layer's name, the key without the block index: `normal`, `mean-chunk`.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Ids of the tasks whose chunks this task reads (all smaller than its own id).
    pub fn deps(&self) -> &[usize] {
        &self.deps
    }
    /// Bytes of the chunk this task outputs, known before anything runs.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The most bytes this task itself holds at once while it runs, not counting its inputs:
    /// [`bytes`](Task::bytes) for an ordinary task; for a fused chain, the largest of its first
    /// step's output and any two consecutive steps' outputs (step `k + 1` runs while step `k`'s
    /// output is alive).
    pub fn peak_bytes(&self) -> usize {
        self.peak_bytes
    }

    pub(crate) fn run(&self, inputs: &[&(dyn Any + Send + Sync)]) -> Result<Chunk, TaskError> {
        let mut steps = self.steps.iter();
        let Some((layer, block)) = steps.next() else {
            return Err(TaskError::Internal(format!(
                "task {} has nothing to run",
                self.key
            )));
        };
        let mut out = (layer.run)(&layer.index(*block), inputs)?;
        for (layer, block) in steps {
            out = (layer.run)(&layer.index(*block), &[&*out])?;
        }
        Ok(out)
    }
}

// ANCHOR: graph
/// The tasks one compute runs: culled (only what the output needs) and in priority order.
#[derive(Debug, Clone)]
pub struct Graph {
    tasks: Vec<Task>,
    outputs: Vec<usize>,
}
// ANCHOR_END: graph

impl Graph {
    /// The graph that computes every block of `layer`.
    pub(crate) fn build(layer: &Arc<Layer>) -> Graph {
        let blocks: Vec<usize> = (0..layer.len()).collect();
        Graph::build_blocks(layer, &blocks)
    }

    /// The graph that computes blocks `blocks` of `layer`: a depth-first post-order walk from
    /// each output, so a chunk's producers get ids just below its consumer.
    pub(crate) fn build_blocks(layer: &Arc<Layer>, blocks: &[usize]) -> Graph {
        let roots: Vec<(Arc<Layer>, usize)> =
            blocks.iter().map(|&b| (Arc::clone(layer), b)).collect();
        Graph::build_roots(&roots)
    }

    /// The graph that computes blocks of several layers at once (`compute_many`, `store`):
    /// a task that two roots need is listed, and run, once.
    pub(crate) fn build_roots(roots: &[(Arc<Layer>, usize)]) -> Graph {
        let mut ids: HashMap<(u64, usize), usize> = HashMap::new();
        let mut tasks: Vec<Task> = Vec::new();
        let mut labels = Labels::default();
        let mut outputs = Vec::with_capacity(roots.len());
        for (layer, block) in roots {
            let block = *block;
            // Explicit stack: (layer, block, its task, next input to visit).
            let first = layer.task(block);
            let mut stack: Vec<(Arc<Layer>, usize, TaskSpec, usize)> =
                vec![(Arc::clone(layer), block, first, 0)];
            while let Some((l, b, spec, next)) = stack.pop() {
                if ids.contains_key(&(l.id, b)) {
                    continue;
                }
                if next < spec.inputs.len() {
                    let (dep, dep_block) = spec.inputs[next];
                    let dep_layer = Arc::clone(&l.deps[dep]);
                    stack.push((l, b, spec, next + 1));
                    if !ids.contains_key(&(dep_layer.id, dep_block)) {
                        let dep_spec = dep_layer.task(dep_block);
                        stack.push((dep_layer, dep_block, dep_spec, 0));
                    }
                    continue;
                }
                let deps = spec
                    .inputs
                    .iter()
                    .map(|&(d, db)| ids[&(l.deps[d].id, db)])
                    .collect();
                let id = tasks.len();
                let name = labels.label(&l);
                tasks.push(Task {
                    id,
                    key: format!("{name}-{}", fmt_tuple(&l.index(b))),
                    name,
                    deps,
                    bytes: spec.bytes,
                    peak_bytes: spec.bytes,
                    steps: vec![(Arc::clone(&l), b)],
                });
                ids.insert((l.id, b), id);
            }
            outputs.push(ids[&(layer.id, block)]);
        }
        Graph { tasks, outputs }
    }

    /// The same computation with linear chains fused: a task whose only input is a chunk that
    /// nobody else reads (and that is not an output) absorbs its producer, like dask's
    /// `fuse_linear`. Fewer tasks and no hand-over between them; the chain's intermediate chunk
    /// lives only inside the fused task. The fused task keeps its last step's key and bytes.
    ///
    /// ```
    /// let y = lazyarray::random::default_rng(1).normal(0.0, 1.0, [1000, 1000], [100, 100]).unwrap();
    /// let g = y.mean_axis(0).unwrap().at(0).unwrap().graph();
    /// assert_eq!(g.len(), 25);
    /// // normal + mean-chunk fuse (10 tasks), and so do the final mean and the index.
    /// assert_eq!(g.fuse().summary(), "14 tasks: mean-chunk 10, mean-combine 3, getitem 1");
    /// ```
    pub fn fuse(&self) -> Graph {
        let consumers = self.consumers();
        let mut is_output = vec![false; self.tasks.len()];
        for &o in &self.outputs {
            is_output[o] = true;
        }
        // absorbed[i]: task i is merged into its only consumer.
        let absorbed: Vec<bool> = (0..self.tasks.len())
            .map(|i| {
                !is_output[i]
                    && consumers[i].len() == 1
                    && self.tasks[consumers[i][0]].deps.len() == 1
            })
            .collect();
        let mut new_id = vec![usize::MAX; self.tasks.len()];
        let mut tasks: Vec<Task> = Vec::new();
        for t in &self.tasks {
            if absorbed[t.id] {
                continue;
            }
            // Walk up the chain of absorbed producers, then run it from the top.
            let mut chain = vec![t.id];
            let mut head = t.id;
            while let [only] = self.tasks[head].deps[..] {
                if !absorbed[only] {
                    break;
                }
                chain.push(only);
                head = only;
            }
            chain.reverse();
            let steps = chain
                .iter()
                .flat_map(|&i| self.tasks[i].steps.iter().cloned())
                .collect();
            let sizes: Vec<usize> = chain.iter().map(|&i| self.tasks[i].bytes).collect();
            let peak_bytes = sizes
                .windows(2)
                .map(|w| w[0] + w[1])
                .chain(sizes.first().copied())
                .max()
                .unwrap_or(t.bytes);
            let id = tasks.len();
            tasks.push(Task {
                id,
                key: t.key.clone(),
                name: t.name.clone(),
                deps: self.tasks[head].deps.iter().map(|&d| new_id[d]).collect(),
                bytes: t.bytes,
                peak_bytes,
                steps,
            });
            new_id[t.id] = id;
        }
        Graph {
            outputs: self.outputs.iter().map(|&o| new_id[o]).collect(),
            tasks,
        }
    }

    /// How many tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// No tasks (an empty array).
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Every task, in priority order; a task's position is its [`Task::id`].
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// The ids of the output chunks, in the array's row-major block order.
    pub fn outputs(&self) -> &[usize] {
        &self.outputs
    }

    /// A short text summary: tasks per layer, in order of first appearance.
    ///
    /// ```
    /// let y = lazyarray::random::default_rng(1).normal(0.0, 1.0, [4, 4], [2, 2]).unwrap();
    /// let mu = y.mean_axis(0).unwrap();
    /// assert_eq!(mu.graph().summary(), "10 tasks: normal 4, mean-chunk 4, mean 2");
    /// ```
    pub fn summary(&self) -> String {
        let mut order: Vec<(String, usize)> = Vec::new();
        for t in &self.tasks {
            match order.iter_mut().find(|(n, _)| *n == t.name) {
                Some((_, c)) => *c += 1,
                None => order.push((t.name.clone(), 1)),
            }
        }
        let parts: Vec<String> = order.iter().map(|(n, c)| format!("{n} {c}")).collect();
        format!("{} tasks: {}", self.tasks.len(), parts.join(", "))
    }

    /// The ids of the tasks that read each task's chunk (outputs are kept to the end by the
    /// scheduler's `Lifetimes`, not counted here).
    pub(crate) fn consumers(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.tasks.len()];
        for t in &self.tasks {
            for &d in &t.deps {
                out[d].push(t.id);
            }
        }
        out
    }
}

/// Gives each layer met in a graph a readable, unique label: its name, then `name#1`, `name#2`, ...
#[derive(Default)]
struct Labels {
    by_layer: HashMap<u64, String>,
    used: HashMap<String, usize>,
}

impl Labels {
    fn label(&mut self, layer: &Layer) -> String {
        if let Some(l) = self.by_layer.get(&layer.id) {
            return l.clone();
        }
        let n = self.used.entry(layer.name.clone()).or_insert(0);
        let label = if *n == 0 {
            layer.name.clone()
        } else {
            format!("{}#{n}", layer.name)
        };
        *n += 1;
        self.by_layer.insert(layer.id, label.clone());
        label
    }
}

/// A Python tuple of sizes or of a block index: `(1000, 1000)`, `(2,)`, `()`.
pub(crate) fn fmt_tuple(v: &[usize]) -> String {
    match v {
        [x] => format!("({x},)"),
        _ => {
            let parts: Vec<String> = v.iter().map(usize::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}
