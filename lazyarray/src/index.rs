//! Indexing, slicing and transposing: each output block reads exactly one input block.

use std::ops::{Range, RangeFrom, RangeFull, RangeTo};
use std::sync::Arc;

use ndarray::{Axis, IxDyn, SliceInfoElem};

use crate::array::Array;
use crate::chunks::{self, Chunks};
use crate::element::Element;
use crate::error::{AxisError, IndexError};

/// A range with a step along one axis, like Python's `start:stop:step`; a negative step walks
/// backwards (`Slice::full().step_by(-1)` reverses an axis).
///
/// ```
/// use lazyarray::Slice;
/// let x = lazyarray::arange(0.0, 10.0, 1.0, 3).unwrap();
/// let y = x.slice(&[Slice::from(1..8).step_by(3)]).unwrap();
/// assert_eq!(y.compute().unwrap().as_slice().unwrap(), &[1.0, 4.0, 7.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    /// First index (`None`: the first for a positive step, the last for a negative one;
    /// negative counts from the end, like Python).
    pub start: Option<isize>,
    /// One past the last index (`None`: the end; negative counts from the end).
    pub stop: Option<isize>,
    /// Distance between taken indices.
    pub step: isize,
}

impl Slice {
    /// `start:stop:step`.
    pub fn new(start: isize, stop: Option<isize>, step: isize) -> Slice {
        Slice {
            start: Some(start),
            stop,
            step,
        }
    }
    /// The same range, taking every `step`-th index.
    pub fn step_by(self, step: isize) -> Slice {
        Slice { step, ..self }
    }
    /// The whole axis (`:`).
    pub fn full() -> Slice {
        Slice {
            start: None,
            stop: None,
            step: 1,
        }
    }
}

fn isize_of(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

impl From<Range<usize>> for Slice {
    fn from(r: Range<usize>) -> Slice {
        Slice::new(isize_of(r.start), Some(isize_of(r.end)), 1)
    }
}
impl From<RangeFrom<usize>> for Slice {
    fn from(r: RangeFrom<usize>) -> Slice {
        Slice::new(isize_of(r.start), None, 1)
    }
}
impl From<RangeTo<usize>> for Slice {
    fn from(r: RangeTo<usize>) -> Slice {
        Slice {
            start: None,
            stop: Some(isize_of(r.end)),
            step: 1,
        }
    }
}
impl From<RangeFull> for Slice {
    fn from(_: RangeFull) -> Slice {
        Slice::full()
    }
}

/// What one output block of a slice reads along one axis: (input block, local start, local
/// end, step), in ndarray's terms.
type Pick = (usize, isize, isize, isize);

/// The blocks a positive-step slice reads along one axis, and the output chunk sizes.
fn forward_picks(s: &Slice, len: usize, offsets: &[usize]) -> (Vec<Pick>, Vec<usize>) {
    let step = s.step.unsigned_abs();
    let start = clamp(s.start.unwrap_or(0), len);
    let stop = clamp(s.stop.unwrap_or(isize_of(len)), len);
    let (mut picks, mut sizes) = (Vec::new(), Vec::new());
    for b in 0..offsets.len() - 1 {
        let (lo, hi) = (offsets[b].max(start), offsets[b + 1].min(stop));
        if lo >= hi {
            continue;
        }
        // First taken index at or after `lo`.
        let first = start + (lo - start).div_ceil(step) * step;
        if first >= hi {
            continue;
        }
        sizes.push((hi - first).div_ceil(step));
        picks.push((
            b,
            isize_of(first - offsets[b]),
            isize_of(hi - offsets[b]),
            s.step,
        ));
    }
    (picks, sizes)
}

/// The blocks a negative-step slice reads, last block first, and the output chunk sizes.
fn backward_picks(s: &Slice, len: usize, offsets: &[usize]) -> (Vec<Pick>, Vec<usize>) {
    let step = s.step.unsigned_abs();
    let len_i = isize_of(len);
    // Python: bounds in -1..=len-1, where -1 means "before the first element".
    let bound = |i: isize| {
        if i < 0 {
            (i + len_i).max(-1)
        } else {
            i.min(len_i - 1)
        }
    };
    let start = s.start.map_or(len_i - 1, bound);
    let stop = s.stop.map_or(-1, bound);
    let (mut picks, mut sizes) = (Vec::new(), Vec::new());
    if start <= stop {
        return (picks, sizes);
    }
    let (start, lowest) = (start.unsigned_abs(), (stop + 1).unsigned_abs());
    for b in (0..offsets.len() - 1).rev() {
        if offsets[b + 1] == 0 {
            continue;
        }
        let hi = start.min(offsets[b + 1] - 1);
        let lo = lowest.max(offsets[b]);
        if hi < lo {
            continue;
        }
        // Largest taken index at or below `hi`.
        let Some(first) = start.checked_sub((start - hi).div_ceil(step) * step) else {
            continue;
        };
        if first < lo {
            continue;
        }
        sizes.push((first - lo) / step + 1);
        picks.push((
            b,
            isize_of(lo - offsets[b]),
            isize_of(first - offsets[b] + 1),
            s.step,
        ));
    }
    (picks, sizes)
}

/// Python's clamping of a slice bound into `0..=len`.
fn clamp(i: isize, len: usize) -> usize {
    let len_i = isize_of(len);
    let i = if i < 0 {
        (i + len_i).max(0)
    } else {
        i.min(len_i)
    };
    usize::try_from(i).unwrap_or(0)
}

impl<T: Element> Array<T> {
    /// Element `index` of `axis`: the axis disappears (the notebook's `mu[0]`). Negative
    /// indices count from the end. Only the block holding `index` is computed.
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 10.0, 1.0, 4).unwrap();
    /// assert_eq!(x.index_axis(0, -1).unwrap().compute_scalar().unwrap(), 9.0);
    /// assert!(x.index_axis(0, 10).is_err());
    /// ```
    ///
    /// # Errors
    /// [`IndexError`] if the axis or the index is out of range.
    pub fn index_axis(&self, axis: usize, index: isize) -> Result<Array<T>, IndexError> {
        let ndim = self.ndim();
        if axis >= ndim {
            return Err(AxisError::OutOfRange { axis, ndim }.into());
        }
        let len = self.shape[axis];
        let i = if index < 0 {
            index + isize_of(len)
        } else {
            index
        };
        let i = usize::try_from(i)
            .ok()
            .filter(|&i| i < len)
            .ok_or(IndexError::OutOfBounds { index, axis, len })?;
        let offsets = chunks::offsets(&self.chunks[axis]);
        let block = chunks::block_containing(&offsets, i);
        let local = i - offsets[block];
        let out_chunks: Chunks = (0..ndim)
            .filter(|&a| a != axis)
            .map(|a| self.chunks[a].clone())
            .collect();
        let shape = (0..ndim)
            .filter(|&a| a != axis)
            .map(|a| self.shape[a])
            .collect();
        let source = move |index: &[usize]| {
            let mut src = index.to_vec();
            src.insert(axis, block);
            src
        };
        Ok(
            self.one_block_each("getitem", shape, out_chunks, source, move |_, b| {
                Ok(b.index_axis(Axis(axis), local).to_owned())
            }),
        )
    }

    /// `self[index]` along the first axis, like Python's `mu[0]`.
    ///
    /// # Errors
    /// [`IndexError`] if the array is 0-d or the index is out of range.
    pub fn at(&self, index: isize) -> Result<Array<T>, IndexError> {
        self.index_axis(0, index)
    }

    /// Slices every axis with a range and a step, as Python does (missing trailing axes are
    /// taken whole; a negative step walks backwards).
    ///
    /// ```
    /// use lazyarray::Slice;
    /// let x = lazyarray::arange(0.0, 10.0, 1.0, 4).unwrap();
    /// let back = x.slice(&[Slice::full().step_by(-3)]).unwrap(); // x[::-3]
    /// assert_eq!(back.compute().unwrap().as_slice().unwrap(), &[9.0, 6.0, 3.0, 0.0]);
    /// let mid = x.slice(&[Slice::new(7, Some(1), -2)]).unwrap(); // x[7:1:-2]
    /// assert_eq!(mid.compute().unwrap().as_slice().unwrap(), &[7.0, 5.0, 3.0]);
    /// ```
    /// Each block of the result is the part of one input block that the slice keeps, so the
    /// result's chunks follow the input's.
    ///
    /// # Errors
    /// [`IndexError`] for more slices than axes or a zero step.
    pub fn slice(&self, slices: &[Slice]) -> Result<Array<T>, IndexError> {
        let ndim = self.ndim();
        if slices.len() > ndim {
            return Err(IndexError::TooManySlices {
                given: slices.len(),
                ndim,
            });
        }
        // Per axis and per output block: (input block, local start, local end, step) as
        // ndarray reads them (a negative step starts at `end - 1` and walks down to `start`).
        let mut picks: Vec<Vec<Pick>> = Vec::with_capacity(ndim);
        let mut out_chunks: Chunks = Vec::with_capacity(ndim);
        let mut out_shape = Vec::with_capacity(ndim);
        for axis in 0..ndim {
            let s = slices.get(axis).copied().unwrap_or_else(Slice::full);
            if s.step == 0 {
                return Err(IndexError::Step { axis, step: s.step });
            }
            let len = self.shape[axis];
            let offsets = chunks::offsets(&self.chunks[axis]);
            let (mut axis_picks, mut sizes) = if s.step > 0 {
                forward_picks(&s, len, &offsets)
            } else {
                backward_picks(&s, len, &offsets)
            };
            let total: usize = sizes.iter().sum();
            if sizes.is_empty() {
                // An empty selection: one empty block reading block 0.
                axis_picks.push((0, 0, 0, 1));
                sizes.push(0);
            }
            out_shape.push(total);
            out_chunks.push(sizes);
            picks.push(axis_picks);
        }
        let picks = Arc::new(picks);
        let source = {
            let picks = Arc::clone(&picks);
            move |index: &[usize]| -> Vec<usize> {
                index
                    .iter()
                    .enumerate()
                    .map(|(a, &i)| picks[a][i].0)
                    .collect()
            }
        };
        Ok(
            self.one_block_each("getitem", out_shape, out_chunks, source, move |index, b| {
                let info: Vec<SliceInfoElem> = index
                    .iter()
                    .enumerate()
                    .map(|(a, &i)| {
                        let (_, start, end, step) = picks[a][i];
                        SliceInfoElem::Slice {
                            start,
                            end: Some(end),
                            step,
                        }
                    })
                    .collect();
                Ok(b.slice(info.as_slice()).to_owned())
            }),
        )
    }

    /// Reverses the axes (`.T` in NumPy).
    pub fn t(&self) -> Array<T> {
        let axes: Vec<usize> = (0..self.ndim()).rev().collect();
        match self.transpose(&axes) {
            Ok(a) => a,
            Err(_) => unreachable!("a reversal is a permutation"),
        }
    }

    /// Permutes the axes: axis `k` of the result is axis `axes[k]` of `self`.
    ///
    /// ```
    /// let x = lazyarray::zeros([2, 3, 4], [1, 2, 3]).unwrap();
    /// let y = x.transpose(&[2, 0, 1]).unwrap();
    /// assert_eq!(y.shape(), &[4, 2, 3]);
    /// assert_eq!(y.chunksize(), vec![3, 1, 2]);
    /// ```
    ///
    /// # Errors
    /// [`AxisError::NotAPermutation`] unless `axes` holds every axis once.
    pub fn transpose(&self, axes: &[usize]) -> Result<Array<T>, AxisError> {
        let ndim = self.ndim();
        // `ndim` axes, each in range and none twice: a permutation.
        let mut seen = vec![false; ndim];
        let permutes = axes.len() == ndim
            && axes
                .iter()
                .all(|&a| a < ndim && !std::mem::replace(&mut seen[a], true));
        if !permutes {
            return Err(AxisError::NotAPermutation {
                axes: axes.to_vec(),
                ndim,
            });
        }
        let out_chunks: Chunks = axes.iter().map(|&a| self.chunks[a].clone()).collect();
        let perm = axes.to_vec();
        let source = {
            let perm = perm.clone();
            move |index: &[usize]| {
                let mut src = vec![0; ndim];
                for (k, &a) in perm.iter().enumerate() {
                    src[a] = index[k];
                }
                src
            }
        };
        let shape = axes.iter().map(|&a| self.shape[a]).collect();
        Ok(
            self.one_block_each("transpose", shape, out_chunks, source, move |_, b| {
                let p = b.view().permuted_axes(IxDyn(&perm));
                Ok(p.as_standard_layout().into_owned())
            }),
        )
    }
}
