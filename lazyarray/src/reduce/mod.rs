//! Reductions as tree reductions: a partial result per chunk, combined `split_every` at a
//! time, then finished (dask's `reduction` with `chunk`, `combine` and `aggregate`).
//!
//! [`reducers`] says what each reduction computes for one position; [`layers`] builds the three
//! kinds of layer; this module is the public surface and puts the layers together.

mod layers;
mod reducers;

use std::sync::Arc;

use crate::array::Array;
use crate::element::{Element, Float};
use crate::error::AxisError;
use layers::{Plan, aggregate_layer, chunk_layer, combine_layer};
pub use reducers::Truthy;
use reducers::{ArgExtreme, Extreme, Mean, Product, Reducer, Sum, Truth, Variance};

/// dask's default `split_every`: how many partial results one combine task merges.
pub const SPLIT_EVERY: usize = 4;

/// The axes of a reduction: one (`0`, or `-1` for the last), several (`[0, 2]`).
pub trait IntoAxes {
    /// The axes as a list; negative ones count from the end, as in NumPy.
    fn into_axes(self) -> Vec<isize>;
}

macro_rules! into_axes {
    ($($t:ty),*) => {$(
        impl IntoAxes for $t {
            #[allow(clippy::cast_possible_wrap, clippy::cast_lossless)]
            fn into_axes(self) -> Vec<isize> {
                vec![isize::try_from(self).unwrap_or(isize::MAX)]
            }
        }
        impl<const N: usize> IntoAxes for [$t; N] {
            fn into_axes(self) -> Vec<isize> {
                self.iter().flat_map(|&a| a.into_axes()).collect()
            }
        }
        impl IntoAxes for &[$t] {
            fn into_axes(self) -> Vec<isize> {
                self.iter().flat_map(|&a| a.into_axes()).collect()
            }
        }
        impl IntoAxes for Vec<$t> {
            fn into_axes(self) -> Vec<isize> {
                self.iter().flat_map(|&a| a.into_axes()).collect()
            }
        }
    )*};
}

into_axes!(usize, isize, i32);

/// A reduction, for [`Array::reduce`] and [`Array::reduction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reduction {
    /// The sum.
    Sum,
    /// The product (1 over no elements).
    Prod,
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
    /// The smallest element (NaN if any element is NaN); over no elements the compute fails
    /// with [`TaskError::EmptyReduction`](crate::TaskError::EmptyReduction), as in dask.
    Min,
    /// The largest element; as `Min`.
    Max,
    /// The sum of the elements that are not NaN.
    NanSum,
    /// The mean of the elements that are not NaN.
    NanMean,
    /// The variance of the elements that are not NaN.
    NanVar {
        /// Delta degrees of freedom.
        ddof: usize,
    },
    /// The standard deviation of the elements that are not NaN.
    NanStd {
        /// Delta degrees of freedom.
        ddof: usize,
    },
    /// The smallest element that is not NaN (NaN where all are); no elements is an error.
    NanMin,
    /// The largest element that is not NaN.
    NanMax,
}

/// The arg-reductions, for [`Array::arg_reduce`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgReduction {
    /// The position of the smallest element.
    ArgMin,
    /// The position of the largest element.
    ArgMax,
}

/// Which axes a reduction runs over, whether they stay (at length 1), and `split_every`:
/// dask's `axis=`, `keepdims=` and `split_every=` keywords.
///
/// ```
/// use lazyarray::{ReduceOptions, Reduction};
/// let x = lazyarray::ones([4, 6], 2).unwrap();
/// let s = x.reduce(Reduction::Sum, &ReduceOptions::new().axis(-1).keepdims(true)).unwrap();
/// assert_eq!(s.shape(), &[4, 1]);
/// assert_eq!(s.compute().unwrap()[[3, 0]], 6.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReduceOptions {
    axes: Option<Vec<isize>>,
    keepdims: bool,
    split_every: usize,
}

impl Default for ReduceOptions {
    fn default() -> Self {
        ReduceOptions {
            axes: None,
            keepdims: false,
            split_every: SPLIT_EVERY,
        }
    }
}

impl ReduceOptions {
    /// Every axis, reduced away, `split_every` 4.
    pub fn new() -> Self {
        ReduceOptions::default()
    }
    /// Reduce over these axes only (negative ones count from the end).
    pub fn axis(mut self, axes: impl IntoAxes) -> Self {
        self.axes = Some(axes.into_axes());
        self
    }
    /// Keep the reduced axes at length 1, so the result broadcasts against the input.
    pub fn keepdims(mut self, keepdims: bool) -> Self {
        self.keepdims = keepdims;
        self
    }
    /// How many partial results one combine task merges (at least 2).
    pub fn split_every(mut self, split_every: usize) -> Self {
        self.split_every = split_every;
        self
    }

    /// The axes as valid, distinct, non-negative axes of an `ndim`-dimensional array.
    fn resolve(&self, ndim: usize) -> Result<Vec<usize>, AxisError> {
        if self.split_every < 2 {
            return Err(AxisError::SplitEvery(self.split_every));
        }
        match &self.axes {
            None => Ok((0..ndim).collect()),
            Some(axes) => {
                let axes = axes
                    .iter()
                    .map(|&a| normalize_axis(a, ndim))
                    .collect::<Result<Vec<_>, _>>()?;
                check_axes(&axes, ndim)?;
                Ok(axes)
            }
        }
    }
}

/// Axis `axis` of an `ndim`-dimensional array, negative ones counting from the end.
pub(crate) fn normalize_axis(axis: isize, ndim: usize) -> Result<usize, AxisError> {
    let n = isize::try_from(ndim).unwrap_or(isize::MAX);
    let a = if axis < 0 { axis + n } else { axis };
    match usize::try_from(a) {
        Ok(a) if a < ndim => Ok(a),
        _ if axis < 0 => Err(AxisError::NegativeOutOfRange { axis, ndim }),
        _ => Err(AxisError::OutOfRange {
            axis: axis.unsigned_abs(),
            ndim,
        }),
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
    /// The product of all elements.
    ///
    /// ```
    /// let x = lazyarray::arange(1.0, 6.0, 1.0, 2).unwrap();
    /// assert_eq!(x.prod().compute_scalar().unwrap(), 120.0);
    /// ```
    pub fn prod(&self) -> Array<T> {
        self.all_axes(Reduction::Prod)
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
    /// The smallest element; over no elements the compute fails with
    /// [`TaskError::EmptyReduction`](crate::TaskError::EmptyReduction), as in dask.
    ///
    /// ```
    /// use lazyarray::{ComputeError, TaskError};
    /// let empty = lazyarray::zeros([0], 1).unwrap();
    /// assert!(matches!(
    ///     empty.min().compute_scalar(),
    ///     Err(ComputeError::Task { error: TaskError::EmptyReduction { op: "min" }, .. })
    /// ));
    /// ```
    pub fn min(&self) -> Array<T> {
        self.all_axes(Reduction::Min)
    }
    /// The largest element; as [`min`](Array::min) over no elements.
    pub fn max(&self) -> Array<T> {
        self.all_axes(Reduction::Max)
    }
    /// The sum of the elements that are not NaN.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr1(&[1.0, f64::NAN, 2.0]), 2).unwrap();
    /// assert!(x.sum().compute_scalar().unwrap().is_nan());
    /// assert_eq!(x.nansum().compute_scalar().unwrap(), 3.0);
    /// assert_eq!(x.nanmean().compute_scalar().unwrap(), 1.5);
    /// assert_eq!(x.nanmax().compute_scalar().unwrap(), 2.0);
    /// ```
    pub fn nansum(&self) -> Array<T> {
        self.all_axes(Reduction::NanSum)
    }
    /// The mean of the elements that are not NaN.
    pub fn nanmean(&self) -> Array<T> {
        self.all_axes(Reduction::NanMean)
    }
    /// The variance of the elements that are not NaN.
    pub fn nanvar(&self, ddof: usize) -> Array<T> {
        self.all_axes(Reduction::NanVar { ddof })
    }
    /// The standard deviation of the elements that are not NaN.
    pub fn nanstd(&self, ddof: usize) -> Array<T> {
        self.all_axes(Reduction::NanStd { ddof })
    }
    /// The smallest element that is not NaN.
    pub fn nanmin(&self) -> Array<T> {
        self.all_axes(Reduction::NanMin)
    }
    /// The largest element that is not NaN.
    pub fn nanmax(&self) -> Array<T> {
        self.all_axes(Reduction::NanMax)
    }

    fn all_axes(&self, op: Reduction) -> Array<T> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        self.reduce_valid(op, &axes, SPLIT_EVERY, false)
    }

    /// The sum over `axes` (they disappear from the shape).
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn sum_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduce(Reduction::Sum, &ReduceOptions::new().axis(axes))
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
        self.reduce(Reduction::Mean, &ReduceOptions::new().axis(axes))
    }
    /// The variance over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn var_axis(&self, axes: impl IntoAxes, ddof: usize) -> Result<Array<T>, AxisError> {
        self.reduce(Reduction::Var { ddof }, &ReduceOptions::new().axis(axes))
    }
    /// The standard deviation over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn std_axis(&self, axes: impl IntoAxes, ddof: usize) -> Result<Array<T>, AxisError> {
        self.reduce(Reduction::Std { ddof }, &ReduceOptions::new().axis(axes))
    }
    /// The smallest element over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn min_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduce(Reduction::Min, &ReduceOptions::new().axis(axes))
    }
    /// The largest element over `axes`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated.
    pub fn max_axis(&self, axes: impl IntoAxes) -> Result<Array<T>, AxisError> {
        self.reduce(Reduction::Max, &ReduceOptions::new().axis(axes))
    }

    /// The flat (row-major) index of the smallest element; the first NaN if there is one.
    /// Over no elements the compute fails with
    /// [`TaskError::EmptyReduction`](crate::TaskError::EmptyReduction), as in dask.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr2(&[[3.0, 1.0], [0.5, 9.0]]), 1).unwrap();
    /// assert_eq!(x.argmin().compute_scalar().unwrap(), 2);
    /// assert_eq!(x.argmax_axis(1).unwrap().compute().unwrap().as_slice().unwrap(), &[0, 1]);
    /// ```
    pub fn argmin(&self) -> Array<i64> {
        self.arg_valid(ArgReduction::ArgMin, None, SPLIT_EVERY, false)
    }
    /// The flat (row-major) index of the largest element; the first NaN if there is one.
    pub fn argmax(&self) -> Array<i64> {
        self.arg_valid(ArgReduction::ArgMax, None, SPLIT_EVERY, false)
    }
    /// The index along `axis` of the smallest element of every lane.
    ///
    /// # Errors
    /// [`AxisError`] if the axis is out of range.
    pub fn argmin_axis(&self, axis: usize) -> Result<Array<i64>, AxisError> {
        self.arg_reduce(ArgReduction::ArgMin, &ReduceOptions::new().axis(axis))
    }
    /// The index along `axis` of the largest element of every lane.
    ///
    /// # Errors
    /// [`AxisError`] if the axis is out of range.
    pub fn argmax_axis(&self, axis: usize) -> Result<Array<i64>, AxisError> {
        self.arg_reduce(ArgReduction::ArgMax, &ReduceOptions::new().axis(axis))
    }

    /// `argmin` or `argmax` over every element (the flat index) or along one axis, with
    /// `keepdims` and `split_every` as in dask.
    ///
    /// ```
    /// use lazyarray::{ArgReduction, ReduceOptions};
    /// let x = lazyarray::arange(0.0, 64.0, 1.0, 1).unwrap();
    /// let opts = ReduceOptions::new().axis(0).split_every(8);
    /// let a = x.arg_reduce(ArgReduction::ArgMax, &opts).unwrap();
    /// assert_eq!(a.graph().len(), 64 + 64 + 8 + 1);
    /// assert_eq!(a.compute_scalar().unwrap(), 63);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] for an axis out of range, more than one axis
    /// ([`AxisError::ArgAxes`]), or `split_every < 2`.
    pub fn arg_reduce(
        &self,
        op: ArgReduction,
        opts: &ReduceOptions,
    ) -> Result<Array<i64>, AxisError> {
        let axes = opts.resolve(self.ndim())?;
        let axis = match (&opts.axes, axes.as_slice()) {
            (None, _) => None,
            (Some(_), &[a]) => Some(a),
            (Some(_), _) => return Err(AxisError::ArgAxes(axes.len())),
        };
        Ok(self.arg_valid(op, axis, opts.split_every, opts.keepdims))
    }

    fn arg_valid(
        &self,
        op: ArgReduction,
        axis: Option<usize>,
        split_every: usize,
        keepdims: bool,
    ) -> Array<i64> {
        let (max, name) = match op {
            ArgReduction::ArgMin => (false, "argmin"),
            ArgReduction::ArgMax => (true, "argmax"),
        };
        let axes: Vec<usize> = match axis {
            Some(a) => vec![a],
            None => (0..self.ndim()).collect(),
        };
        self.tree_reduce(
            name,
            ArgExtreme { max, op: name },
            &axes,
            split_every,
            keepdims,
        )
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
        self.reduce(
            op,
            &ReduceOptions::new().axis(axes).split_every(split_every),
        )
    }

    /// Any reduction with dask's keywords: axes (negative ones count from the end),
    /// `keepdims` and `split_every`, given as [`ReduceOptions`].
    ///
    /// ```
    /// use lazyarray::{ReduceOptions, Reduction};
    /// let x = lazyarray::from_ndarray(ndarray::arr2(&[[1.0, 2.0], [3.0, 4.0]]), 1).unwrap();
    /// let p = x.reduce(Reduction::Prod, &ReduceOptions::new().axis(-2)).unwrap();
    /// assert_eq!(p.compute().unwrap().as_slice().unwrap(), &[3.0, 8.0]);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated, or `split_every < 2`.
    pub fn reduce(&self, op: Reduction, opts: &ReduceOptions) -> Result<Array<T>, AxisError> {
        let axes = opts.resolve(self.ndim())?;
        Ok(self.reduce_valid(op, &axes, opts.split_every, opts.keepdims))
    }

    fn reduce_valid(&self, op: Reduction, axes: &[usize], every: usize, keep: bool) -> Array<T> {
        let variance = |ddof, sqrt, skip_nan| Variance {
            ddof,
            sqrt,
            skip_nan,
        };
        let extreme = |max, skip_nan, op| Extreme { max, skip_nan, op };
        match op {
            Reduction::Sum => self.tree_reduce("sum", Sum { skip_nan: false }, axes, every, keep),
            Reduction::Prod => self.tree_reduce("prod", Product, axes, every, keep),
            Reduction::Mean => {
                self.tree_reduce("mean", Mean { skip_nan: false }, axes, every, keep)
            }
            Reduction::Var { ddof } => {
                self.tree_reduce("var", variance(ddof, false, false), axes, every, keep)
            }
            Reduction::Std { ddof } => {
                self.tree_reduce("std", variance(ddof, true, false), axes, every, keep)
            }
            Reduction::Min => {
                self.tree_reduce("min", extreme(false, false, "min"), axes, every, keep)
            }
            Reduction::Max => {
                self.tree_reduce("max", extreme(true, false, "max"), axes, every, keep)
            }
            Reduction::NanSum => {
                self.tree_reduce("nansum", Sum { skip_nan: true }, axes, every, keep)
            }
            Reduction::NanMean => {
                self.tree_reduce("nanmean", Mean { skip_nan: true }, axes, every, keep)
            }
            Reduction::NanVar { ddof } => {
                self.tree_reduce("nanvar", variance(ddof, false, true), axes, every, keep)
            }
            Reduction::NanStd { ddof } => {
                self.tree_reduce("nanstd", variance(ddof, true, true), axes, every, keep)
            }
            Reduction::NanMin => {
                self.tree_reduce("nanmin", extreme(false, true, "nanmin"), axes, every, keep)
            }
            Reduction::NanMax => {
                self.tree_reduce("nanmax", extreme(true, true, "nanmax"), axes, every, keep)
            }
        }
    }
}

impl<T: Truthy> Array<T> {
    /// Whether any element is true (non-zero; NaN counts as true, as in NumPy).
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 5.0, 1.0, 2).unwrap();
    /// assert!(x.any().compute_scalar().unwrap());
    /// assert!(!x.all().compute_scalar().unwrap()); // 0.0 is false
    /// ```
    pub fn any(&self) -> Array<bool> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        self.tree_reduce("any", Truth { all: false }, &axes, SPLIT_EVERY, false)
    }
    /// Whether every element is true (non-zero); true over no elements.
    pub fn all(&self) -> Array<bool> {
        let axes: Vec<usize> = (0..self.ndim()).collect();
        self.tree_reduce("all", Truth { all: true }, &axes, SPLIT_EVERY, false)
    }
    /// `any` with axes, `keepdims` and `split_every`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated, or `split_every < 2`.
    pub fn any_with(&self, opts: &ReduceOptions) -> Result<Array<bool>, AxisError> {
        let axes = opts.resolve(self.ndim())?;
        Ok(self.tree_reduce(
            "any",
            Truth { all: false },
            &axes,
            opts.split_every,
            opts.keepdims,
        ))
    }
    /// `all` with axes, `keepdims` and `split_every`.
    ///
    /// # Errors
    /// [`AxisError`] if an axis is out of range or repeated, or `split_every < 2`.
    pub fn all_with(&self, opts: &ReduceOptions) -> Result<Array<bool>, AxisError> {
        let axes = opts.resolve(self.ndim())?;
        Ok(self.tree_reduce(
            "all",
            Truth { all: true },
            &axes,
            opts.split_every,
            opts.keepdims,
        ))
    }
}

/// The sum of `x` over valid, distinct `axes`, dropping them: the last step of `tensordot`.
pub(crate) fn sum_over<T: Float>(x: &Array<T>, axes: &[usize], split_every: usize) -> Array<T> {
    x.tree_reduce("sum", Sum { skip_nan: false }, axes, split_every, false)
}

impl<T: Element> Array<T> {
    /// The chunk, combine and aggregate layers of a reduction over valid, distinct `axes`.
    fn tree_reduce<R: Reducer<T>>(
        &self,
        name: &str,
        reducer: R,
        axes: &[usize],
        split_every: usize,
        keepdims: bool,
    ) -> Array<R::Out> {
        let reducer = Arc::new(reducer);
        let plan = Plan::new(self.ndim(), axes, split_every, keepdims);
        let mut layer = chunk_layer(name, self, &reducer, &plan);
        let mut counts = self.numblocks();
        while plan.needs_combine(&counts) {
            (layer, counts) = combine_layer(name, layer, &counts, &self.chunks, &reducer, &plan);
        }
        let out_chunks = plan.out_chunks(&self.chunks);
        let layer = aggregate_layer(name, layer, &counts, &out_chunks, &reducer, &plan);
        Array::from_layer(layer, plan.out_shape(&self.shape), out_chunks)
    }
}
