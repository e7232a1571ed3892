//! `persist`: compute once, keep the chunks in memory, start later computes from them.

use std::sync::Arc;

use ndarray::ArrayD;

use crate::array::Array;
use crate::chunks;
use crate::compute::{self, ComputeOptions};
use crate::element::Element;
use crate::error::{ComputeError, TaskError};
use crate::graph::{Layer, TaskSpec};

impl<T: Element> Array<T> {
    /// Computes every chunk and returns an array made of them, held in memory: later
    /// operations start from these chunks instead of running the graph again (dask's
    /// `x.persist()`).
    ///
    /// ```
    /// let x = lazyarray::random::default_rng(3).normal(0.0, 1.0, [100, 100], [50, 50])?;
    /// let kept = x.persist()?;
    /// assert_eq!(kept.graph().len(), 4); // one task per chunk, reading memory
    /// assert_eq!(kept.compute()?, x.compute()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`compute`](Array::compute).
    pub fn persist(&self) -> Result<Array<T>, ComputeError> {
        self.persist_with(&ComputeOptions::new())
    }

    /// [`persist`](Array::persist) with options.
    ///
    /// # Errors
    /// As [`compute_with`](Array::compute_with).
    pub fn persist_with(&self, opts: &ComputeOptions) -> Result<Array<T>, ComputeError> {
        let graph = self.graph();
        let graph = if opts.get_fuse() { graph.fuse() } else { graph };
        let outs = compute::run(&graph, opts)?;
        let wrong_type = || ComputeError::Task {
            key: self.layer.name.clone(),
            error: TaskError::Internal("output chunk of the wrong type".into()),
        };
        let held: Vec<Arc<ArrayD<T>>> = outs
            .into_iter()
            .map(|c| c.downcast::<ArrayD<T>>().map_err(|_| wrong_type()))
            .collect::<Result<_, _>>()?;
        Ok(from_held(
            &self.layer.name,
            self.shape.clone(),
            self.chunks.clone(),
            held,
        ))
    }
}

/// An array whose block `i` is a copy of `held[i]`.
fn from_held<T: Element>(
    name: &str,
    shape: Vec<usize>,
    block_chunks: chunks::Chunks,
    held: Vec<Arc<ArrayD<T>>>,
) -> Array<T> {
    let numblocks = chunks::numblocks(&block_chunks);
    let sizes: Vec<usize> = held
        .iter()
        .map(|block| std::mem::size_of_val(block.as_slice_memory_order().unwrap_or(&[])))
        .collect();
    let grid = numblocks.clone();
    let layer = Layer::new(
        name,
        Vec::new(),
        numblocks.clone(),
        move |index| TaskSpec {
            inputs: Vec::new(),
            bytes: sizes.get(chunks::ravel(index, &grid)).copied().unwrap_or(0),
        },
        Arc::new(move |index, _| {
            let flat = chunks::ravel(index, &numblocks);
            let block = held
                .get(flat)
                .ok_or_else(|| TaskError::Internal(format!("no persisted chunk {flat}")))?;
            // The consumers own their inputs' copies; the persisted chunk stays for the next.
            Ok(Box::new(ArrayD::clone(block)))
        }),
    );
    Array::from_layer(layer, shape, block_chunks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;

    #[test]
    fn a_persisted_array_reads_its_chunks_without_running_the_graph_again() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let runs = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&runs);
        let x = crate::ones([6, 4], [4, 3]).unwrap().map_blocks(move |b| {
            r.fetch_add(1, Ordering::SeqCst);
            b.mapv(|v| v * 2.0)
        });
        let kept = x.persist().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 4);
        assert_eq!(kept.sum().compute_scalar().unwrap(), 48.0);
        assert_eq!(kept.compute().unwrap(), x.compute().unwrap());
        // Only the last compute, of `x` itself, ran the blocks again.
        assert_eq!(runs.load(Ordering::SeqCst), 8);
        assert_eq!(Graph::build(&kept.layer).len(), 4);
        assert_eq!(kept.chunks(), x.chunks());
    }
}
