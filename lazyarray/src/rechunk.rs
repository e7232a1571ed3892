//! `rechunk`: the same array cut differently.

use std::sync::Arc;

use ndarray::{ArrayD, IxDyn, SliceInfoElem};

use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, ChunkSpec, Chunks};
use crate::element::Element;
use crate::error::{ChunkError, TaskError};
use crate::graph::{Layer, TaskSpec};

impl<T: Element> Array<T> {
    /// The same values in new chunks (dask's `rechunk`). Each new block reads only the old
    /// blocks it overlaps.
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 10.0, 1.0, 3).unwrap();
    /// let y = x.rechunk(5).unwrap();
    /// assert_eq!(y.chunks(), &[vec![5, 5]]);
    /// assert_eq!(y.compute().unwrap(), x.compute().unwrap());
    /// ```
    ///
    /// # Errors
    /// [`ChunkError`] if the new chunks do not fit the shape.
    pub fn rechunk(&self, chunks: impl Into<ChunkSpec>) -> Result<Array<T>, ChunkError> {
        let new = chunks::normalize(&self.shape, &chunks.into())?;
        Ok(self.rechunk_to(new))
    }

    pub(crate) fn rechunk_to(&self, new: Chunks) -> Array<T> {
        if new == self.chunks {
            return self.clone();
        }
        // One prefix sum per axis for each side, shared by every task.
        let old_offsets = Arc::new(chunks::Offsets::new(&self.chunks));
        let new_offsets = Arc::new(chunks::Offsets::new(&new));
        let old_numblocks = chunks::numblocks(&self.chunks);
        let ndim = self.ndim();
        // Per axis, the range of old blocks that overlap new block `index`.
        let overlaps = {
            let (old_offsets, new_offsets, new) = (
                Arc::clone(&old_offsets),
                Arc::clone(&new_offsets),
                new.clone(),
            );
            move |index: &[usize]| -> Vec<(usize, usize)> {
                (0..ndim)
                    .map(|axis| {
                        let start = new_offsets.axis(axis)[index[axis]];
                        overlapping(old_offsets.axis(axis), start, new[axis][index[axis]])
                    })
                    .collect()
            }
        };
        let overlaps = Arc::new(overlaps);
        let spec = {
            let (overlaps, new) = (Arc::clone(&overlaps), new.clone());
            move |index: &[usize]| {
                let ranges = overlaps(index);
                let counts: Vec<usize> = ranges.iter().map(|(a, b)| b - a).collect();
                let inputs = chunks::block_indices(&counts)
                    .into_iter()
                    .map(|rel| {
                        let old: Vec<usize> =
                            rel.iter().zip(&ranges).map(|(r, (a, _))| r + a).collect();
                        (0, chunks::ravel(&old, &old_numblocks))
                    })
                    .collect();
                TaskSpec {
                    bytes: bytes_of::<T>(&chunks::block_shape(&new, index)),
                    inputs,
                }
            }
        };
        let new_chunks = new.clone();
        let layer = Layer::new(
            "rechunk",
            vec![Arc::clone(&self.layer)],
            chunks::numblocks(&new),
            spec,
            Arc::new(move |index, ins| {
                let start = new_offsets.start(index);
                let shape = chunks::block_shape(&new_chunks, index);
                let ranges = overlaps(index);
                let counts: Vec<usize> = ranges.iter().map(|(a, b)| b - a).collect();
                let mut out = ArrayD::<T>::from_elem(IxDyn(&shape), T::default());
                for (k, rel) in chunks::block_indices(&counts).into_iter().enumerate() {
                    let old: Vec<usize> =
                        rel.iter().zip(&ranges).map(|(r, (a, _))| r + a).collect();
                    let old_start = old_offsets.start(&old);
                    let block: &ArrayD<T> = input(ins, k)?;
                    // The overlap, in global coordinates, then relative to each block.
                    let mut src = Vec::with_capacity(shape.len());
                    let mut dst = Vec::with_capacity(shape.len());
                    for axis in 0..shape.len() {
                        let lo = start[axis].max(old_start[axis]);
                        let hi =
                            (start[axis] + shape[axis]).min(old_start[axis] + block.shape()[axis]);
                        src.push(SliceInfoElem::from(
                            lo - old_start[axis]..hi - old_start[axis],
                        ));
                        dst.push(SliceInfoElem::from(lo - start[axis]..hi - start[axis]));
                    }
                    out.slice_mut(dst.as_slice())
                        .assign(&block.slice(src.as_slice()));
                }
                Ok::<_, TaskError>(Box::new(out) as _)
            }),
        );
        Array::from_layer(layer, self.shape.clone(), new)
    }
}

/// The old blocks `[first, last)` (by their `offsets`) that overlap `[start, start + len)`;
/// an empty range still reads the block holding `start`, so zero-length blocks have an input.
fn overlapping(offsets: &[usize], start: usize, len: usize) -> (usize, usize) {
    let nblocks = offsets.len() - 1;
    let first = chunks::block_containing(offsets, start);
    let mut last = first + 1;
    while last < nblocks && offsets[last] < start + len {
        last += 1;
    }
    (first, last)
}

/// Chunks that refine both `a` and `b` (the union of their block boundaries), per axis: what
/// two arrays are rechunked to before an elementwise operation (dask's `unify_chunks`).
pub(crate) fn common_chunks(a: &Chunks, b: &Chunks) -> Chunks {
    a.iter()
        .zip(b)
        .map(|(ca, cb)| {
            if ca == cb {
                return ca.clone();
            }
            let mut cuts: Vec<usize> = chunks::offsets(ca);
            cuts.extend(chunks::offsets(cb));
            cuts.sort_unstable();
            cuts.dedup();
            // An empty axis keeps one empty block: every axis has at least one.
            if cuts.len() < 2 {
                return vec![0];
            }
            cuts.windows(2).map(|w| w[1] - w[0]).collect()
        })
        .collect()
}
