//! `compute_many`: several arrays from one graph (dask's `dask.compute(a, b)`).

use std::sync::Arc;

use ndarray::ArrayD;

use crate::array::Array;
use crate::compute::{self, ComputeOptions};
use crate::element::Element;
use crate::error::ComputeError;
use crate::graph::{Graph, Layer};

/// Computes several arrays in one graph: a task that two of them need runs once.
///
/// `dask.compute(a.sum(), a.mean())` generates `a` once; so does this:
///
/// ```
/// let a = lazyarray::arange(0.0, 8.0, 1.0, 2)?;
/// let (sum, mean) = (a.sum(), a.mean());
/// let both = lazyarray::compute_many(&[&sum, &mean])?;
/// assert_eq!((both[0].sum(), both[1].sum()), (28.0, 3.5));
/// // One graph: the 4 blocks of `a` are listed once, not once per result.
/// let shared = lazyarray::graph_many(&[&sum, &mean]);
/// assert_eq!(shared.len(), sum.graph().len() + mean.graph().len() - 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`Array::compute`].
pub fn compute_many<T: Element>(arrays: &[&Array<T>]) -> Result<Vec<ArrayD<T>>, ComputeError> {
    compute_many_with(arrays, &ComputeOptions::new())
}

/// [`compute_many`] with options.
///
/// # Errors
/// As [`Array::compute_with`].
pub fn compute_many_with<T: Element>(
    arrays: &[&Array<T>],
    opts: &ComputeOptions,
) -> Result<Vec<ArrayD<T>>, ComputeError> {
    let graph = graph_many(arrays);
    let graph = if opts.get_fuse() { graph.fuse() } else { graph };
    let mut outs = compute::run(&graph, opts)?.into_iter();
    arrays
        .iter()
        .map(|a| a.assemble(outs.by_ref().take(a.layer.len()).collect()))
        .collect()
}

/// The one graph that [`compute_many`] runs: every block of every array, shared tasks once.
pub fn graph_many<T: Element>(arrays: &[&Array<T>]) -> Graph {
    Graph::build_roots(&roots(arrays.iter().map(|a| &a.layer)))
}

/// Every block of each layer, in order: the roots of a graph.
pub(crate) fn roots<'a>(layers: impl Iterator<Item = &'a Arc<Layer>>) -> Vec<(Arc<Layer>, usize)> {
    layers
        .flat_map(|l| (0..l.len()).map(move |b| (Arc::clone(l), b)))
        .collect()
}
