//! The three layers of a tree reduction (dask's `reduction`): a partial result per input block
//! ([`chunk_layer`]), partials merged a group at a time until few are left ([`combine_layer`],
//! as many times as needed), and the last merge that finishes them ([`aggregate_layer`]).
//!
//! Partials keep every axis: a reduced axis has length 1 in each partial block, a kept axis the
//! length of the input's block. So a combine task merges partial arrays of one shape element
//! by element, and the aggregate drops the reduced axes (or keeps them at length 1 for
//! `keepdims`).

use std::any::Any;
use std::sync::Arc;

use ndarray::{ArrayD, IxDyn, Zip};

use super::reducers::Reducer;
use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, Chunks, Offsets};
use crate::element::Element;
use crate::error::TaskError;
use crate::graph::{Layer, TaskSpec};

/// Which axes a reduction removes and how many partials a combine merges along each.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Per axis of the input: reduced or kept.
    pub(crate) reduced: Vec<bool>,
    /// Partials a combine task merges along each reduced axis.
    pub(crate) group: usize,
    /// The reduced axes stay, at length 1.
    pub(crate) keepdims: bool,
}

impl Plan {
    /// The plan for reducing `axes` (valid, distinct) of an `ndim`-dimensional array.
    ///
    /// dask's rule for the group size: with `k` reduced axes, each groups
    /// `split_every^(1/k)` blocks (at least 2), so a combine task merges about `split_every`.
    pub(crate) fn new(ndim: usize, axes: &[usize], split_every: usize, keepdims: bool) -> Plan {
        let reduced: Vec<bool> = (0..ndim).map(|a| axes.contains(&a)).collect();
        let k = axes.len();
        let group = if k == 0 {
            split_every
        } else {
            // The epsilon keeps exact roots exact (64^(1/3) = 3.9999...).
            ((split_every as f64).powf(1.0 / k as f64) + 1e-9).floor() as usize
        };
        Plan {
            reduced,
            group: group.max(2),
            keepdims,
        }
    }

    /// The grid of partial blocks after one more combine.
    pub(crate) fn combined(&self, counts: &[usize]) -> Vec<usize> {
        counts
            .iter()
            .zip(&self.reduced)
            .map(|(&n, &r)| if r { n.div_ceil(self.group).max(1) } else { n })
            .collect()
    }

    /// Whether the aggregate would merge more than a group along some reduced axis.
    pub(crate) fn needs_combine(&self, counts: &[usize]) -> bool {
        counts
            .iter()
            .zip(&self.reduced)
            .any(|(&n, &r)| r && n > self.group)
    }

    /// The result's shape.
    pub(crate) fn out_shape(&self, shape: &[usize]) -> Vec<usize> {
        self.out_axes(shape, |_| 1)
    }

    /// The result's chunks.
    pub(crate) fn out_chunks(&self, chunks: &Chunks) -> Chunks {
        self.out_axes(chunks, |_| vec![1])
    }

    /// `per_axis` without the reduced axes, or with `one(..)` there for `keepdims`.
    fn out_axes<X: Clone>(&self, per_axis: &[X], one: impl Fn(&X) -> X) -> Vec<X> {
        per_axis
            .iter()
            .zip(&self.reduced)
            .filter(|(_, r)| self.keepdims || !**r)
            .map(|(x, &r)| if r { one(x) } else { x.clone() })
            .collect()
    }

    /// The partial block's shape at `index` (any grid): kept axes as the input's blocks,
    /// reduced axes 1.
    fn partial_shape(&self, in_chunks: &Chunks, index: &[usize]) -> Vec<usize> {
        (0..self.reduced.len())
            .map(|a| {
                if self.reduced[a] {
                    1
                } else {
                    in_chunks[a][index[a]]
                }
            })
            .collect()
    }
}

/// Layer 1: the partial of every input block.
pub(crate) fn chunk_layer<T: Element, R: Reducer<T>>(
    name: &str,
    x: &Array<T>,
    reducer: &Arc<R>,
    plan: &Plan,
) -> Arc<Layer> {
    let numblocks = x.numblocks();
    let spec = {
        let (plan, chunks, numblocks) = (plan.clone(), x.chunks.clone(), numblocks.clone());
        move |index: &[usize]| TaskSpec {
            bytes: bytes_of::<R::Partial>(&plan.partial_shape(&chunks, index)),
            inputs: vec![(0, chunks::ravel(index, &numblocks))],
        }
    };
    let (r, offsets, shape) = (
        Arc::clone(reducer),
        Offsets::new(&x.chunks),
        x.shape.clone(),
    );
    let reduced = plan.reduced.clone();
    Layer::new(
        format!("{name}-chunk"),
        vec![Arc::clone(&x.layer)],
        numblocks,
        spec,
        Arc::new(move |index, ins| {
            let block: &ArrayD<T> = input(ins, 0)?;
            let offset = offsets.start(index);
            Ok(Box::new(block_partial(
                &*r, block, &reduced, &offset, &shape,
            )?))
        }),
    )
}

/// Layer 2: merges groups of partials along the reduced axes; returns the layer and its grid.
pub(crate) fn combine_layer<T: Element, R: Reducer<T>>(
    name: &str,
    partials: Arc<Layer>,
    counts: &[usize],
    in_chunks: &Chunks,
    reducer: &Arc<R>,
    plan: &Plan,
) -> (Arc<Layer>, Vec<usize>) {
    let new_counts = plan.combined(counts);
    let spec = {
        let (plan, in_chunks, counts) = (plan.clone(), in_chunks.clone(), counts.to_vec());
        move |index: &[usize]| TaskSpec {
            bytes: bytes_of::<R::Partial>(&plan.partial_shape(&in_chunks, index)),
            inputs: group_inputs(&counts, &plan.reduced, plan.group, index),
        }
    };
    let r = Arc::clone(reducer);
    let layer = Layer::new(
        format!("{name}-combine"),
        vec![partials],
        new_counts.clone(),
        spec,
        Arc::new(move |_, ins| Ok(Box::new(merge_all(&*r, ins)?))),
    );
    (layer, new_counts)
}

/// Layer 3: merges what is left along the reduced axes and finishes every position.
pub(crate) fn aggregate_layer<T: Element, R: Reducer<T>>(
    name: &str,
    partials: Arc<Layer>,
    counts: &[usize],
    out_chunks: &Chunks,
    reducer: &Arc<R>,
    plan: &Plan,
) -> Arc<Layer> {
    // An output block index with the reduced axes at 0, in the partials' grid.
    let full_index = {
        let plan = plan.clone();
        move |out: &[usize]| -> Vec<usize> {
            let mut kept = out.iter();
            plan.reduced
                .iter()
                .map(|&r| {
                    let at = if r && !plan.keepdims {
                        None
                    } else {
                        kept.next().copied()
                    };
                    if r { 0 } else { at.unwrap_or(0) }
                })
                .collect()
        }
    };
    let spec = {
        let (plan, out_chunks, counts) = (plan.clone(), out_chunks.clone(), counts.to_vec());
        move |index: &[usize]| TaskSpec {
            bytes: bytes_of::<R::Out>(&chunks::block_shape(&out_chunks, index)),
            inputs: group_inputs(&counts, &plan.reduced, usize::MAX, &full_index(index)),
        }
    };
    let (r, out_c) = (Arc::clone(reducer), out_chunks.clone());
    Layer::new(
        name,
        vec![partials],
        chunks::numblocks(out_chunks),
        spec,
        Arc::new(move |index, ins| {
            let merged = merge_all(&*r, ins)?;
            let values = merged
                .iter()
                .map(|&p| r.finish(p))
                .collect::<Result<Vec<_>, _>>()?;
            let shape = chunks::block_shape(&out_c, index);
            ArrayD::from_shape_vec(IxDyn(&shape), values)
                .map(|a| Box::new(a) as _)
                .map_err(|e| TaskError::Internal(e.to_string()))
        }),
    )
}

/// The inputs of the task at `index` that merges `size` partials along every reduced axis of
/// a grid of `counts`: block `j` reads old blocks `j*size .. (j+1)*size` there.
fn group_inputs(
    counts: &[usize],
    reduced: &[bool],
    size: usize,
    index: &[usize],
) -> Vec<(usize, usize)> {
    let ranges: Vec<(usize, usize)> = (0..counts.len())
        .map(|a| {
            if reduced[a] {
                let lo = index[a].saturating_mul(size).min(counts[a]);
                (lo, lo.saturating_add(size).min(counts[a]))
            } else {
                (index[a], index[a] + 1)
            }
        })
        .collect();
    let lens: Vec<usize> = ranges.iter().map(|(a, b)| b - a).collect();
    chunks::block_indices(&lens)
        .into_iter()
        .map(|rel| {
            let old: Vec<usize> = rel.iter().zip(&ranges).map(|(r, (a, _))| r + a).collect();
            (0, chunks::ravel(&old, counts))
        })
        .collect()
}

/// Merges the partial arrays `ins` (all of one shape) element by element.
fn merge_all<T: Element, R: Reducer<T>>(
    r: &R,
    ins: &[&(dyn Any + Send + Sync)],
) -> Result<ArrayD<R::Partial>, TaskError> {
    let mut acc: ArrayD<R::Partial> = input::<ArrayD<R::Partial>>(ins, 0)?.clone();
    for k in 1..ins.len() {
        let next: &ArrayD<R::Partial> = input(ins, k)?;
        Zip::from(&mut acc)
            .and(next)
            .for_each(|a, &b| *a = r.merge(*a, b));
    }
    Ok(acc)
}

/// The partial of one block at `offset` of an array of `shape`: the reduced axes are moved
/// last and flattened into lanes, one lane per kept position.
fn block_partial<T: Element, R: Reducer<T>>(
    r: &R,
    block: &ArrayD<T>,
    reduced: &[bool],
    offset: &[usize],
    shape: &[usize],
) -> Result<ArrayD<R::Partial>, TaskError> {
    let ndim = block.ndim();
    let kept: Vec<usize> = (0..ndim).filter(|&a| !reduced[a]).collect();
    let red: Vec<usize> = (0..ndim).filter(|&a| reduced[a]).collect();
    let order: Vec<usize> = kept.iter().chain(&red).copied().collect();
    let permuted = block.view().permuted_axes(IxDyn(&order));
    let standard = permuted.as_standard_layout();
    let lane_len: usize = red.iter().map(|&a| block.shape()[a]).product();
    let lanes: usize = kept.iter().map(|&a| block.shape()[a]).product();
    let block_red: Vec<usize> = red.iter().map(|&a| block.shape()[a]).collect();
    let global_red: Vec<usize> = red.iter().map(|&a| shape[a]).collect();
    let offset_red: Vec<usize> = red.iter().map(|&a| offset[a]).collect();
    // The position along the reduced axes of the whole array (for argmin/argmax).
    let pos = |k: usize| {
        let local = chunks::unravel(k, &block_red);
        let g: Vec<usize> = local.iter().zip(&offset_red).map(|(l, o)| l + o).collect();
        chunks::ravel(&g, &global_red)
    };
    let data = standard.as_slice().unwrap_or(&[]);
    let partials: Vec<R::Partial> = (0..lanes)
        .map(|l| {
            let lane = if lane_len == 0 {
                &[][..]
            } else {
                &data[l * lane_len..(l + 1) * lane_len]
            };
            r.lane(lane, &pos)
        })
        .collect();
    let partial_shape: Vec<usize> = (0..ndim)
        .map(|a| if reduced[a] { 1 } else { block.shape()[a] })
        .collect();
    // Lanes are in row-major order of the kept axes, which is the row-major order of
    // `partial_shape` since the reduced axes there have length 1.
    ArrayD::from_shape_vec(IxDyn(&partial_shape), partials)
        .map_err(|e| TaskError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_size_follows_dask() {
        // One axis: split_every itself; two axes: its square root; never below 2.
        assert_eq!(Plan::new(2, &[0], 4, false).group, 4);
        assert_eq!(Plan::new(2, &[0, 1], 4, false).group, 2);
        assert_eq!(Plan::new(3, &[0, 1, 2], 64, false).group, 4);
        assert_eq!(Plan::new(3, &[0, 1, 2], 4, false).group, 2);
    }

    #[test]
    fn combines_shrink_only_reduced_axes_until_a_group_is_left() {
        let plan = Plan::new(2, &[0], 4, false);
        let mut counts = vec![17, 3];
        let mut rounds = 0;
        while plan.needs_combine(&counts) {
            counts = plan.combined(&counts);
            rounds += 1;
        }
        // 17 -> 5 -> 2 blocks along axis 0; axis 1 untouched.
        assert_eq!((rounds, counts), (2, vec![2, 3]));
    }

    #[test]
    fn group_inputs_cover_each_old_block_once() {
        let counts = [5, 2];
        let reduced = [true, false];
        let mut seen = vec![0; 10];
        for j in 0..2 {
            for col in 0..2 {
                for (dep, flat) in group_inputs(&counts, &reduced, 4, &[j, col]) {
                    assert_eq!(dep, 0);
                    seen[flat] += 1;
                }
            }
        }
        assert_eq!(seen, vec![1; 10]);
        // The second group along axis 0 holds only the fifth row of blocks.
        assert_eq!(group_inputs(&counts, &reduced, 4, &[1, 1]), vec![(0, 9)]);
    }

    #[test]
    fn out_shape_and_chunks_drop_or_keep_reduced_axes() {
        let chunks: Chunks = vec![vec![2, 2], vec![3], vec![1, 1, 1]];
        let plan = Plan::new(3, &[0, 2], 4, false);
        assert_eq!(plan.out_shape(&[4, 3, 3]), vec![3]);
        assert_eq!(plan.out_chunks(&chunks), vec![vec![3]]);
        let keep = Plan::new(3, &[0, 2], 4, true);
        assert_eq!(keep.out_shape(&[4, 3, 3]), vec![1, 3, 1]);
        assert_eq!(keep.out_chunks(&chunks), vec![vec![1], vec![3], vec![1]]);
    }

    #[test]
    fn block_partial_reduces_lanes_with_global_positions() {
        use super::super::reducers::{ArgExtreme, Sum};
        // A 2x3 block at offset (2, 3) of a 4x6 array, reduced along axis 1.
        let block = ndarray::arr2(&[[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]]).into_dyn();
        let sums = block_partial(
            &Sum { skip_nan: false },
            &block,
            &[false, true],
            &[2, 3],
            &[4, 6],
        )
        .unwrap();
        assert_eq!(sums, ndarray::arr2(&[[8.0], [14.0]]).into_dyn());
        let arg = ArgExtreme {
            max: true,
            op: "argmax",
        };
        let best = block_partial(&arg, &block, &[false, true], &[2, 3], &[4, 6]).unwrap();
        // Positions along axis 1 of the whole array: 3 + local index.
        assert_eq!(best[[0, 0]], Some((5.0, 4)));
        assert_eq!(best[[1, 0]], Some((7.0, 3)));
    }
}
