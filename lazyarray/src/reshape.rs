//! New shapes for the same elements in row-major order: `reshape`, `ravel`, `squeeze`,
//! `expand_dims`.
//!
//! `reshape` follows dask's rule: an output block must be the reshape of one input block, so
//! where axes merge or split, the trailing axes of each group are made whole and the leading
//! axis is rechunked to boundaries that both shapes can cut at.

use ndarray::{Axis, IxDyn};

use crate::array::Array;
use crate::chunks::{self, Chunks};
use crate::element::Element;
use crate::error::{AxisError, ShapeError, TaskError};
use crate::reduce::normalize_axis;

/// Consecutive axes of the old shape and of the new one with the same number of elements.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// Splits two shapes of the same non-zero size into the smallest groups of consecutive axes
/// with equal products; leftover axes of length 1 form a last group.
fn groups(old: &[usize], new: &[usize]) -> Vec<Group> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() && j < new.len() {
        let (si, sj) = (i, j);
        let (mut p, mut q) = (old[i], new[j]);
        i += 1;
        j += 1;
        while p != q {
            // Both shapes have the same product, so the smaller side has axes left.
            if p < q {
                p *= old[i];
                i += 1;
            } else {
                q *= new[j];
                j += 1;
            }
        }
        out.push(Group {
            old: si..i,
            new: sj..j,
        });
    }
    if i < old.len() || j < new.len() {
        out.push(Group {
            old: i..old.len(),
            new: j..new.len(),
        });
    }
    out
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl<T: Element> Array<T> {
    /// The same elements, in row-major order, in a new shape (dask's `reshape`).
    ///
    /// Where the shapes keep an axis, its chunks stay. Where axes merge or split, the
    /// trailing axes of the group become one block and the leading one is rechunked to
    /// boundaries both shapes can cut at, so that every output block is one input block
    /// reshaped (dask rechunks the same way).
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 24.0, 1.0, 5).unwrap();
    /// let y = x.reshape([4, 6]).unwrap();
    /// assert_eq!(y.chunks(), &[vec![1, 1, 1, 1], vec![6]]);
    /// assert_eq!(y.compute().unwrap(), ndarray::Array::range(0.0, 24.0, 1.0)
    ///     .into_shape_with_order((4, 6)).unwrap().into_dyn());
    /// assert_eq!(y.reshape([24]).unwrap().compute().unwrap(), x.compute().unwrap());
    /// ```
    ///
    /// # Errors
    /// [`ShapeError`] if the new shape holds another number of elements.
    pub fn reshape(&self, shape: impl AsRef<[usize]>) -> Result<Array<T>, ShapeError> {
        let new = shape.as_ref().to_vec();
        let size = new.iter().try_fold(1usize, |n, &s| n.checked_mul(s));
        if size != Some(self.len()) {
            return Err(ShapeError {
                op: "reshape",
                left: self.shape.clone(),
                right: new,
            });
        }
        if new == self.shape {
            return Ok(self.clone());
        }
        let in_ndim = self.ndim();
        if self.is_empty() {
            // No elements: one empty block, reading any block of the input.
            let chunks: Chunks = new.iter().map(|&n| vec![n]).collect();
            return Ok(self.one_block_each(
                "reshape",
                new.clone(),
                chunks,
                move |_| vec![0; in_ndim],
                move |_, _| Ok(ndarray::ArrayD::from_elem(IxDyn(&new), T::default())),
            ));
        }
        let mut in_chunks = self.chunks.clone();
        let mut out_chunks: Chunks = vec![Vec::new(); new.len()];
        // Per group: (its leading old axis, its leading new axis), when it has both.
        let mut leads: Vec<(usize, usize)> = Vec::new();
        for g in groups(&self.shape, &new) {
            for a in g.old.clone().skip(1) {
                in_chunks[a] = vec![self.shape[a]];
            }
            for a in g.new.clone().skip(1) {
                out_chunks[a] = vec![new[a]];
            }
            let (Some(i0), Some(j0)) = (g.old.clone().next(), g.new.clone().next()) else {
                // Axes of length 1 on one side only: one block each.
                for a in g.new {
                    out_chunks[a] = vec![1];
                }
                for a in g.old {
                    in_chunks[a] = vec![1];
                }
                continue;
            };
            let p_in: usize = self.shape[g.old.start + 1..g.old.end].iter().product();
            let p_out: usize = new[g.new.start + 1..g.new.end].iter().product();
            let lcm = p_in / gcd(p_in, p_out) * p_out;
            // Old block boundaries along the leading axis, rounded down to a multiple of
            // `step`, where the flat position is a multiple of both trailing products.
            let step = lcm / p_in;
            let mut cuts: Vec<usize> = chunks::offsets(&self.chunks[i0])
                .into_iter()
                .map(|b| b / step * step)
                .collect();
            cuts.dedup();
            in_chunks[i0] = cuts.windows(2).map(|w| w[1] - w[0]).collect();
            out_chunks[j0] = cuts
                .windows(2)
                .map(|w| (w[1] - w[0]) * p_in / p_out)
                .collect();
            leads.push((i0, j0));
        }
        let source = self.rechunk_to(in_chunks);
        let block_chunks = out_chunks.clone();
        Ok(source.one_block_each(
            "reshape",
            new.clone(),
            out_chunks,
            move |index| {
                let mut src = vec![0; in_ndim];
                for &(i0, j0) in &leads {
                    src[i0] = index[j0];
                }
                src
            },
            move |index, block| {
                let shape = chunks::block_shape(&block_chunks, index);
                block
                    .as_standard_layout()
                    .into_owned()
                    .into_shape_with_order(IxDyn(&shape))
                    .map_err(|e| TaskError::Internal(e.to_string()))
            },
        ))
    }

    /// The elements as a 1-d array, in row-major order (NumPy's `ravel`).
    ///
    /// ```
    /// let x = lazyarray::ones([3, 4], 2).unwrap();
    /// assert_eq!(x.ravel().shape(), &[12]);
    /// ```
    pub fn ravel(&self) -> Array<T> {
        match self.reshape([self.len()]) {
            Ok(a) => a,
            Err(_) => unreachable!("a 1-d shape of the same length"),
        }
    }

    /// Removes axes of length 1: the given ones, or every one if `axes` is empty (NumPy's
    /// `squeeze`). Chunks along the other axes stay.
    ///
    /// ```
    /// let x = lazyarray::ones([1, 3, 1], 2).unwrap();
    /// assert_eq!(x.squeeze(&[]).unwrap().shape(), &[3]);
    /// assert_eq!(x.squeeze(&[-1]).unwrap().shape(), &[1, 3]);
    /// assert!(x.squeeze(&[1]).is_err());
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] for an axis out of range or not of length 1 ([`AxisError::NotLengthOne`]).
    pub fn squeeze(&self, axes: &[isize]) -> Result<Array<T>, AxisError> {
        let ndim = self.ndim();
        let mut drop = vec![false; ndim];
        if axes.is_empty() {
            for (a, d) in drop.iter_mut().enumerate() {
                *d = self.shape[a] == 1;
            }
        }
        for &a in axes {
            let a = normalize_axis(a, ndim)?;
            if self.shape[a] != 1 {
                return Err(AxisError::NotLengthOne {
                    axis: a,
                    len: self.shape[a],
                });
            }
            drop[a] = true;
        }
        let kept: Vec<usize> = (0..ndim).filter(|&a| !drop[a]).collect();
        let shape = kept.iter().map(|&a| self.shape[a]).collect();
        let chunks = kept.iter().map(|&a| self.chunks[a].clone()).collect();
        let block_shape = {
            let kept = kept.clone();
            move |b: &ndarray::ArrayD<T>| -> Vec<usize> {
                kept.iter().map(|&a| b.shape()[a]).collect()
            }
        };
        Ok(self.one_block_each(
            "squeeze",
            shape,
            chunks,
            move |index| {
                let mut src = vec![0; ndim];
                for (k, &a) in kept.iter().enumerate() {
                    src[a] = index[k];
                }
                src
            },
            move |_, b| {
                b.as_standard_layout()
                    .into_owned()
                    .into_shape_with_order(IxDyn(&block_shape(b)))
                    .map_err(|e| TaskError::Internal(e.to_string()))
            },
        ))
    }

    /// A new axis of length 1 at `axis` of the result (NumPy's `expand_dims`; negative counts
    /// from the end of the result).
    ///
    /// ```
    /// let x = lazyarray::ones([3, 4], 2).unwrap();
    /// assert_eq!(x.expand_dims(0).unwrap().shape(), &[1, 3, 4]);
    /// assert_eq!(x.expand_dims(-1).unwrap().chunks(), &[vec![2, 1], vec![2, 2], vec![1]]);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] for an axis out of range of the result.
    pub fn expand_dims(&self, axis: isize) -> Result<Array<T>, AxisError> {
        let ndim = self.ndim();
        let axis = normalize_axis(axis, ndim + 1)?;
        let mut shape = self.shape.clone();
        shape.insert(axis, 1);
        let mut chunks = self.chunks.clone();
        chunks.insert(axis, vec![1]);
        Ok(self.one_block_each(
            "expand_dims",
            shape,
            chunks,
            move |index| {
                let mut src = index.to_vec();
                src.remove(axis);
                src
            },
            move |_, b| Ok(b.view().insert_axis(Axis(axis)).to_owned()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_pair_axes_with_equal_products() {
        let g =
            |o: &[usize], n: &[usize]| -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
                groups(o, n).into_iter().map(|g| (g.old, g.new)).collect()
            };
        assert_eq!(g(&[4, 6], &[24]), vec![(0..2, 0..1)]);
        assert_eq!(g(&[24], &[4, 6]), vec![(0..1, 0..2)]);
        assert_eq!(g(&[2, 3, 4], &[6, 4]), vec![(0..2, 0..1), (2..3, 1..2)]);
        assert_eq!(g(&[4, 6], &[3, 8]), vec![(0..2, 0..2)]);
        assert_eq!(g(&[1, 4], &[4, 1]), vec![(0..2, 0..1), (2..2, 1..2)]);
        assert_eq!(g(&[], &[1, 1]), vec![(0..0, 0..2)]);
    }

    #[test]
    fn a_merge_keeps_the_leading_chunks_and_a_split_rounds_them() {
        let x = crate::zeros([4, 6], [3, 2]).unwrap();
        // (4, 6) -> (24): axis 1 whole, axis 0 keeps (3, 1): blocks of 18 and 6.
        assert_eq!(x.reshape([24]).unwrap().chunks(), &[vec![18, 6]]);
        // (24) in 5s -> (4, 6): boundaries 0, 5, 10, 15, 20, 24 rounded to multiples of 6.
        let y = crate::zeros([24], 5).unwrap().reshape([4, 6]).unwrap();
        assert_eq!(y.chunks(), &[vec![1, 1, 1, 1], vec![6]]);
    }
}
