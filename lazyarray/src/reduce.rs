//! Reductions as tree reductions: a partial result per chunk, combined `split_every` at a
//! time, then finished (dask's `reduction` with `chunk`, `combine` and `aggregate`).
//!
//! Partial results are small records per kept position: a sum and a count for `mean`; a count,
//! a mean and a sum of squared deviations for `var`, merged with Chan et al.'s formula (exact
//! for any grouping, and stable where the textbook `E[x²] − E[x]²` is not).

use std::sync::Arc;

use ndarray::{ArrayD, IxDyn, Zip};

use crate::array::{Array, input};
use crate::chunks::{self, Chunks};
use crate::element::{Element, Float};
use crate::error::{AxisError, TaskError};
use crate::graph::{Layer, TaskSpec};

/// dask's default `split_every`: how many partial results one combine task merges.
pub const SPLIT_EVERY: usize = 4;

/// The axes of a reduction: one (`0`), several (`[0, 2]`).
pub trait IntoAxes {
    /// The axes as a list.
    fn into_axes(self) -> Vec<usize>;
}

impl IntoAxes for usize {
    fn into_axes(self) -> Vec<usize> {
        vec![self]
    }
}

impl<const N: usize> IntoAxes for [usize; N] {
    fn into_axes(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoAxes for &[usize] {
    fn into_axes(self) -> Vec<usize> {
        self.to_vec()
    }
}

impl IntoAxes for Vec<usize> {
    fn into_axes(self) -> Vec<usize> {
        self
    }
}

/// A reduction, for [`Array::reduction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reduction {
    /// The sum.
    Sum,
    /// The arithmetic mean (NaN over no elements).
    Mean,
    /// The variance with `ddof` delta degrees of freedom (divides by `n - ddof`; NaN when
    /// `n <= ddof`).
    Var {
        /// Delta degrees of freedom (0: population variance, 1: sample variance).
        ddof: usize,
    },
    /// The standard deviation, the square root of `Var`.
    Std {
        /// Delta degrees of freedom.
        ddof: usize,
    },
    /// The smallest element (NaN if any element is NaN, or over no elements).
    Min,
    /// The largest element (NaN if any element is NaN, or over no elements).
    Max,
}

/// How a reduction folds values: per lane (a contiguous run of reduced values), merging two
/// partials, and finishing one.
trait Reducer<T: Element>: Send + Sync + 'static {
    type Partial: Copy + Send + Sync + 'static;
    type Out: Element;
    /// The partial of `xs`; `pos(k)` is the index (along the reduced axes, flattened) of `xs[k]`.
    fn lane(&self, xs: &[T], pos: &dyn Fn(usize) -> usize) -> Self::Partial;
    fn merge(&self, a: Self::Partial, b: Self::Partial) -> Self::Partial;
    fn finish(&self, p: Self::Partial) -> Self::Out;
}

/// Sum with pairwise summation (NumPy's method): error grows like log n, not n.
fn pairwise_sum<T: Float>(xs: &[T]) -> T {
    if xs.len() <= 256 {
        let mut acc = [T::zero(); 8];
        let mut it = xs.chunks_exact(8);
        for c in &mut it {
            for k in 0..8 {
                acc[k] += c[k];
            }
        }
        let rest = it.remainder().iter().fold(T::zero(), |s, &x| s + x);
        ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + rest
    } else {
        let mid = xs.len() / 2;
        pairwise_sum(&xs[..mid]) + pairwise_sum(&xs[mid..])
    }
}

struct SumR;
impl<T: Float> Reducer<T> for SumR {
    type Partial = T;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> T {
        pairwise_sum(xs)
    }
    fn merge(&self, a: T, b: T) -> T {
        a + b
    }
    fn finish(&self, p: T) -> T {
        p
    }
}

struct MeanR;
impl<T: Float> Reducer<T> for MeanR {
    type Partial = (T, usize);
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> (T, usize) {
        (pairwise_sum(xs), xs.len())
    }
    fn merge(&self, a: (T, usize), b: (T, usize)) -> (T, usize) {
        (a.0 + b.0, a.1 + b.1)
    }
    fn finish(&self, (sum, n): (T, usize)) -> T {
        if n == 0 {
            T::nan()
        } else {
            sum / T::from_f64(n as f64)
        }
    }
}

/// Count, mean and sum of squared deviations from the mean.
#[derive(Debug, Clone, Copy)]
struct Moments<T> {
    n: usize,
    mean: T,
    m2: T,
}

struct VarR {
    ddof: usize,
    sqrt: bool,
}
impl<T: Float> Reducer<T> for VarR {
    type Partial = Moments<T>;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> Moments<T> {
        if xs.is_empty() {
            return Moments {
                n: 0,
                mean: T::zero(),
                m2: T::zero(),
            };
        }
        // Two passes over a lane: the mean, then the squared deviations from it.
        let mean = pairwise_sum(xs) / T::from_f64(xs.len() as f64);
        let mut acc = [T::zero(); 4];
        let mut it = xs.chunks_exact(4);
        for c in &mut it {
            for k in 0..4 {
                let d = c[k] - mean;
                acc[k] += d * d;
            }
        }
        let rest = it
            .remainder()
            .iter()
            .fold(T::zero(), |s, &x| s + (x - mean) * (x - mean));
        Moments {
            n: xs.len(),
            mean,
            m2: (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest,
        }
    }
    fn merge(&self, a: Moments<T>, b: Moments<T>) -> Moments<T> {
        // Chan, Golub & LeVeque (1979): combine two groups' moments exactly.
        if a.n == 0 {
            return b;
        }
        if b.n == 0 {
            return a;
        }
        let n = a.n + b.n;
        let (na, nb, nt) = (
            T::from_f64(a.n as f64),
            T::from_f64(b.n as f64),
            T::from_f64(n as f64),
        );
        let delta = b.mean - a.mean;
        Moments {
            n,
            mean: a.mean + delta * nb / nt,
            m2: a.m2 + b.m2 + delta * delta * na * nb / nt,
        }
    }
    fn finish(&self, p: Moments<T>) -> T {
        if p.n <= self.ddof {
            return T::nan();
        }
        let var = p.m2 / T::from_f64((p.n - self.ddof) as f64);
        if self.sqrt { var.sqrt() } else { var }
    }
}

struct ExtremeR {
    max: bool,
}
impl<T: Float> Reducer<T> for ExtremeR {
    type Partial = Option<T>;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> Option<T> {
        xs.iter().fold(None, |acc, &x| self.merge(acc, Some(x)))
    }
    fn merge(&self, a: Option<T>, b: Option<T>) -> Option<T> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) if a.is_nan() || b.is_nan() => Some(T::nan()),
            (Some(a), Some(b)) => Some(if (b > a) == self.max { b } else { a }),
        }
    }
    fn finish(&self, p: Option<T>) -> T {
        p.unwrap_or_else(T::nan)
    }
}

struct ArgR {
    max: bool,
}
impl<T: Float> Reducer<T> for ArgR {
    type Partial = Option<(T, usize)>;
    type Out = i64;
    fn lane(&self, xs: &[T], pos: &dyn Fn(usize) -> usize) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for (k, &x) in xs.iter().enumerate() {
            best = self.merge(best, Some((x, k)));
        }
        best.map(|(v, k)| (v, pos(k)))
    }
    fn merge(&self, a: Option<(T, usize)>, b: Option<(T, usize)>) -> Option<(T, usize)> {
        // Like NumPy: the first NaN wins; among equal values the smaller index wins.
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => {
                let b_better = match (a.0.is_nan(), b.0.is_nan()) {
                    (true, true) => b.1 < a.1,
                    (true, false) => false,
                    (false, true) => true,
                    _ if a.0 == b.0 => b.1 < a.1,
                    _ => (b.0 > a.0) == self.max,
                };
                Some(if b_better { b } else { a })
            }
        }
    }
    fn finish(&self, p: Option<(T, usize)>) -> i64 {
        p.map_or(-1, |(_, k)| i64::try_from(k).unwrap_or(i64::MAX))
    }
}

fn check_axes(axes: &[usize], ndim: usize) -> Result<(), AxisError> {
    for (k, &a) in axes.iter().enumerate() {
        if a >= ndim {
            return Err(AxisError::OutOfRange { axis: a, ndim });
        }
        if axes[..k].contains(&a) {
            return Err(AxisError::Repeated { axis: a });
        }
    }
    Ok(())
}

impl<T: Float> Array<T> {
    /// The sum of all elements, as a 0-d array.
    ///
    /// ```
    /// let x = lazyarray::arange(1.0, 101.0, 1.0, 7).unwrap();
    /// assert_eq!(x.sum().compute_scalar().unwrap(), 5050.0);
    /// ```
    pub fn sum(&self) -> Array<T> {
        self.all_axes(Reduction::Sum)
    }
    /// The mean of all elements, as a 0-d array.
    pub fn mean(&self) -> Array<T> {
        self.all_axes(Reduction::Mean)
    }
    /// The variance of all elements (`ddof` as NumPy's).
    pub fn var(&self, ddof: usize) -> Array<T> {
        self.all_axes(Reduction::Var { ddof })
    }
    /// The standard deviation of all elements.
    pub fn std(&self, ddof: usize) -> Array<T> {
        self.all_axes(Reduction::Std { ddof })
    }
    /// The smallest element.
    pub fn min(&self) -> Array<T> {
        self.all_axes(Reduction::Min)
    }
    /// The largest element.
    pub fn max(&self) -> Array<T> {
        self.all_axes(Reduction::Max)
    }

    fn all_axes(&self, op: Reduction) -> Array<T> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        match self.reduction(op, &axes, SPLIT_EVERY) {
            Ok(a) => a,
            // Every axis exists and none repeats, and SPLIT_EVERY >= 2.
            Err(_) => unreachable!("all axes are valid"),
        }
    }

    /// The sum over `axes` (they disappear from the shape).
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn sum_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Sum, &axes.into_axes(), SPLIT_EVERY)
    }
    /// The mean over `axes`: the notebook's `Y.mean(axis=0)` is `y.mean_axis(0)`.
    ///
    /// ```
    /// let y = lazyarray::random::default_rng(0).normal(0.0, 1.0, [1000, 1000], [100, 100]).unwrap();
    /// let mu = y.mean_axis(0).unwrap();
    /// assert_eq!(mu.to_string(), "lazyarray<mean, shape=(1000,), dtype=float64, chunksize=(100,)>");
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn mean_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Mean, &axes.into_axes(), SPLIT_EVERY)
    }
    /// The variance over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn var_axis(&self, axes: impl IntoAxes, ddof: usize) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Var { ddof }, &axes.into_axes(), SPLIT_EVERY)
    }
    /// The standard deviation over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn std_axis(&self, axes: impl IntoAxes, ddof: usize) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Std { ddof }, &axes.into_axes(), SPLIT_EVERY)
    }
    /// The smallest element over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn min_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Min, &axes.into_axes(), SPLIT_EVERY)
    }
    /// The largest element over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn max_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduction(Reduction::Max, &axes.into_axes(), SPLIT_EVERY)
    }

    /// The flat (row-major) index of the smallest element; the first NaN if there is one.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr2(&[[3.0, 1.0], [0.5, 9.0]]), 1).unwrap();
    /// assert_eq!(x.argmin().compute_scalar().unwrap(), 2);
    /// assert_eq!(x.argmax_axis(1).unwrap().compute().unwrap().as_slice().unwrap(), &[0, 1]);
    /// ```
    pub fn argmin(&self) -> Array<i64> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        self.tree_reduce("argmin", ArgR { max: false }, &axes, SPLIT_EVERY)
    }
    /// The flat (row-major) index of the largest element; the first NaN if there is one.
    pub fn argmax(&self) -> Array<i64> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        self.tree_reduce("argmax", ArgR { max: true }, &axes, SPLIT_EVERY)
    }
    /// The index along `axis` of the smallest element of every lane.
    ///
    /// # Errors
    /// [`AxisError`] if the axis is out of range.
    pub fn argmin_axis(&self, axis: usize) -> Result<Array<i64>, AxisError> {
        check_axes(&[axis], self.ndim())?;
        Ok(self.tree_reduce("argmin", ArgR { max: false }, &[axis], SPLIT_EVERY))
    }
    /// The index along `axis` of the largest element of every lane.
    ///
    /// # Errors
    /// [`AxisError`] if the axis is out of range.
    pub fn argmax_axis(&self, axis: usize) -> Result<Array<i64>, AxisError> {
        check_axes(&[axis], self.ndim())?;
        Ok(self.tree_reduce("argmax", ArgR { max: true }, &[axis], SPLIT_EVERY))
    }

    /// Any reduction over any axes with a chosen `split_every` (how many partial results each
    /// combine task merges; dask's default is 4).
    ///
    /// ```
    /// use lazyarray::Reduction;
    /// let x = lazyarray::ones([64], 1).unwrap();
    /// let s = x.reduction(Reduction::Sum, &[0], 8).unwrap();
    /// // 64 chunks, 8 combines of 8, 1 aggregate of 8: 64 + 64 + 8 + 1 tasks.
    /// assert_eq!(s.graph().len(), 137);
    /// assert_eq!(s.compute_scalar().unwrap(), 64.0);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated, or `split_every < 2`.
    pub fn reduction(
        &self,
        op: Reduction,
        axes: &[usize],
        split_every: usize,
    ) -> Result<Array<T>, AxisError> {
        check_axes(axes, self.ndim())?;
        if split_every < 2 {
            return Err(AxisError::SplitEvery(split_every));
        }
        Ok(match op {
            Reduction::Sum => self.tree_reduce("sum", SumR, axes, split_every),
            Reduction::Mean => self.tree_reduce("mean", MeanR, axes, split_every),
            Reduction::Var { ddof } => {
                self.tree_reduce("var", VarR { ddof, sqrt: false }, axes, split_every)
            }
            Reduction::Std { ddof } => {
                self.tree_reduce("std", VarR { ddof, sqrt: true }, axes, split_every)
            }
            Reduction::Min => self.tree_reduce("min", ExtremeR { max: false }, axes, split_every),
            Reduction::Max => self.tree_reduce("max", ExtremeR { max: true }, axes, split_every),
        })
    }

    /// Builds the chunk, combine and aggregate layers of a reduction over valid `axes`.
    fn tree_reduce<R: Reducer<T>>(
        &self,
        name: &str,
        reducer: R,
        axes: &[usize],
        split_every: usize,
    ) -> Array<R::Out> {
        let reducer = Arc::new(reducer);
        let ndim = self.ndim();
        let reduced: Vec<bool> = (0..ndim).map(|a| axes.contains(&a)).collect();
        let kept: Vec<usize> = (0..ndim).filter(|&a| !reduced[a]).collect();
        let red: Vec<usize> = (0..ndim).filter(|&a| reduced[a]).collect();
        // dask: with k reduced axes, each axis groups split_every^(1/k) blocks (at least 2).
        let per_axis = if red.is_empty() {
            split_every
        } else {
            (((split_every as f64).powf(1.0 / red.len() as f64) + 1e-9).floor() as usize).max(2)
        };

        // 1. One partial per input block, with the reduced axes kept at length 1.
        let keep_shape = |chunks: &Chunks, index: &[usize]| -> Vec<usize> {
            (0..ndim)
                .map(|a| if reduced[a] { 1 } else { chunks[a][index[a]] })
                .collect()
        };
        let tasks = self
            .block_indices()
            .into_iter()
            .enumerate()
            .map(|(flat, index)| TaskSpec {
                bytes: partial_bytes::<R::Partial>(&keep_shape(&self.chunks, &index)),
                index,
                inputs: vec![(0, flat)],
            })
            .collect();
        let (r, in_chunks, global) = (
            Arc::clone(&reducer),
            self.chunks.clone(),
            self.shape.clone(),
        );
        let (kept_c, red_c) = (kept.clone(), red.clone());
        let chunk_layer = Layer::new(
            format!("{name}-chunk"),
            vec![Arc::clone(&self.layer)],
            tasks,
            Arc::new(move |index, ins| {
                let block: &ArrayD<T> = input(ins, 0)?;
                let offset = chunks::block_offset(&in_chunks, index);
                Ok(Box::new(chunk_partial(
                    &*r, block, &kept_c, &red_c, &offset, &global,
                )?))
            }),
        );

        // 2. Combine groups of partials until each reduced axis has at most `per_axis` left.
        let mut layer = chunk_layer;
        let mut counts = chunks::numblocks(&self.chunks);
        let partial_chunks: Chunks = (0..ndim)
            .map(|a| {
                if reduced[a] {
                    vec![1; counts[a]]
                } else {
                    self.chunks[a].clone()
                }
            })
            .collect();
        let group = |counts: &[usize], a: usize| {
            if reduced[a] {
                counts[a].div_ceil(per_axis).max(1)
            } else {
                counts[a]
            }
        };
        while red.iter().any(|&a| counts[a] > per_axis) {
            let new_counts: Vec<usize> = (0..ndim).map(|a| group(&counts, a)).collect();
            let tasks = grouped_tasks(&counts, &new_counts, &reduced, per_axis, |index| {
                partial_bytes::<R::Partial>(&keep_shape(&partial_chunks, index))
            });
            let r = Arc::clone(&reducer);
            layer = Layer::new(
                format!("{name}-combine"),
                vec![layer],
                tasks,
                Arc::new(move |_, ins| Ok(Box::new(merge_all(&*r, ins)?))),
            );
            counts = new_counts;
        }

        // 3. Merge what is left along the reduced axes and finish: the reduced axes disappear.
        let final_counts: Vec<usize> = (0..ndim)
            .map(|a| if reduced[a] { 1 } else { counts[a] })
            .collect();
        let out_chunks: Chunks = kept.iter().map(|&a| self.chunks[a].clone()).collect();
        let tasks = grouped_tasks(&counts, &final_counts, &reduced, usize::MAX, |index| {
            let kept_index: Vec<usize> = kept.iter().map(|&a| index[a]).collect();
            crate::array::bytes_of::<R::Out>(&chunks::block_shape(&out_chunks, &kept_index))
        })
        .into_iter()
        .map(|mut t| {
            t.index = kept.iter().map(|&a| t.index[a]).collect();
            t
        })
        .collect();
        let (r, out_c) = (Arc::clone(&reducer), out_chunks.clone());
        let agg = Layer::new(
            name,
            vec![layer],
            tasks,
            Arc::new(move |index, ins| {
                let merged = merge_all(&*r, ins)?;
                let shape = chunks::block_shape(&out_c, index);
                let out = merged.mapv(|p| r.finish(p));
                out.into_shape_with_order(IxDyn(&shape))
                    .map(|a| Box::new(a) as _)
                    .map_err(|e| TaskError::Internal(e.to_string()))
            }),
        );
        let out_shape = kept.iter().map(|&a| self.shape[a]).collect();
        Array::from_layer(agg, out_shape, out_chunks)
    }
}

fn partial_bytes<P>(shape: &[usize]) -> usize {
    crate::array::bytes_of::<P>(shape)
}

/// Tasks that each merge a group of blocks of a grid of `counts` into a grid of `new_counts`:
/// along reduced axes, new block `j` reads old blocks `j*size .. (j+1)*size`.
fn grouped_tasks(
    counts: &[usize],
    new_counts: &[usize],
    reduced: &[bool],
    size: usize,
    bytes: impl Fn(&[usize]) -> usize,
) -> Vec<TaskSpec> {
    chunks::block_indices(new_counts)
        .into_iter()
        .map(|index| {
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
            let inputs = chunks::block_indices(&lens)
                .into_iter()
                .map(|rel| {
                    let old: Vec<usize> =
                        rel.iter().zip(&ranges).map(|(r, (a, _))| r + a).collect();
                    (0, chunks::ravel(&old, counts))
                })
                .collect();
            TaskSpec {
                bytes: bytes(&index),
                index,
                inputs,
            }
        })
        .collect()
}

/// Merges the partial arrays `ins` (all of one shape) element by element.
fn merge_all<T: Float, R: Reducer<T>>(
    r: &R,
    ins: &[&(dyn std::any::Any + Send + Sync)],
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

/// The partial of one block: kept axes first, reduced axes last and flattened into lanes.
fn chunk_partial<T: Float, R: Reducer<T>>(
    r: &R,
    block: &ArrayD<T>,
    kept: &[usize],
    red: &[usize],
    offset: &[usize],
    global: &[usize],
) -> Result<ArrayD<R::Partial>, TaskError> {
    let ndim = block.ndim();
    let order: Vec<usize> = kept.iter().chain(red).copied().collect();
    let permuted = block.view().permuted_axes(IxDyn(&order));
    let standard = permuted.as_standard_layout();
    let lane_len: usize = red.iter().map(|&a| block.shape()[a]).product();
    let lanes: usize = kept.iter().map(|&a| block.shape()[a]).product();
    let block_red: Vec<usize> = red.iter().map(|&a| block.shape()[a]).collect();
    let global_red: Vec<usize> = red.iter().map(|&a| global[a]).collect();
    let offset_red: Vec<usize> = red.iter().map(|&a| offset[a]).collect();
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
    let keep_shape: Vec<usize> = (0..ndim)
        .map(|a| {
            if red.contains(&a) {
                1
            } else {
                block.shape()[a]
            }
        })
        .collect();
    // Lanes are in row-major order of the kept axes, which is the row-major order of
    // `keep_shape` since the reduced axes there have length 1.
    ArrayD::from_shape_vec(IxDyn(&keep_shape), partials)
        .map_err(|e| TaskError::Internal(e.to_string()))
}
