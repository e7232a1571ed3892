//! `tensordot`, `dot` and `matmul` as blocked algorithms: a product per pair of blocks that
//! meet over the contracted axes, then a tree sum over the contracted blocks (dask's
//! `tensordot`: `blockwise` without concatenation, then `sum` with `split_every`).

use std::sync::Arc;

use ndarray::{ArrayD, Ix2, IxDyn};

use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, Chunks};
use crate::element::Float;
use crate::error::{AxisError, TaskError, TensordotError};
use crate::graph::{Layer, TaskSpec};
use crate::rechunk::common_chunks;
use crate::reduce::{IntoAxes, SPLIT_EVERY, normalize_axis, sum_over};

/// The sum of products of `a` and `b` over `axes_a` of `a` paired with `axes_b` of `b`
/// (NumPy's and dask's `tensordot(a, b, axes=(axes_a, axes_b))`). The result's axes are `a`'s
/// other axes, then `b`'s. Contracted axes are rechunked to common chunks; each pair of
/// blocks that meet is one matrix product, and the products over the contracted blocks are
/// summed as a tree reduction merging [`SPLIT_EVERY`] at a time.
///
/// ```
/// use lazyarray::{from_ndarray, tensordot};
/// let a = ndarray::Array2::from_shape_fn((4, 6), |(i, j)| (i + 2 * j) as f64);
/// let b = ndarray::Array2::from_shape_fn((6, 3), |(i, j)| (i * j) as f64 - 1.0);
/// let x = from_ndarray(a.clone(), [2, 4]).unwrap();
/// let y = from_ndarray(b.clone(), [3, 3]).unwrap();
/// let z = tensordot(&x, &y, [1], [0]).unwrap();
/// assert_eq!(z.shape(), &[4, 3]);
/// assert_eq!(z.compute().unwrap(), a.dot(&b).into_dyn());
/// ```
///
/// # Errors
/// [`TensordotError`] if an axis is out of range or repeated, the two lists differ in length,
/// or paired axes differ in length.
pub fn tensordot<T: Float>(
    a: &Array<T>,
    b: &Array<T>,
    axes_a: impl IntoAxes,
    axes_b: impl IntoAxes,
) -> Result<Array<T>, TensordotError> {
    tensordot_split_every(a, b, axes_a, axes_b, SPLIT_EVERY)
}

/// [`tensordot`] with a chosen `split_every` for the sum over the contracted blocks.
///
/// ```
/// use lazyarray::{ones, tensordot_split_every};
/// // 8 blocks along the contracted axis: 8 products per output block, summed 8 at a time.
/// let x = ones([2, 8], 1).unwrap();
/// let y = ones([8, 2], [1, 2]).unwrap();
/// let z = tensordot_split_every(&x, &y, [1], [0], 8).unwrap();
/// assert_eq!(
///     z.graph().summary(),
///     "58 tasks: ones 16, ones#1 8, tensordot 16, sum-chunk 16, sum 2"
/// );
/// assert_eq!(z.compute().unwrap()[[1, 1]], 8.0);
/// ```
///
/// # Errors
/// As [`tensordot`], and [`AxisError::SplitEvery`] for `split_every < 2`.
pub fn tensordot_split_every<T: Float>(
    a: &Array<T>,
    b: &Array<T>,
    axes_a: impl IntoAxes,
    axes_b: impl IntoAxes,
    split_every: usize,
) -> Result<Array<T>, TensordotError> {
    let axes_a = resolve(&axes_a.into_axes(), a.ndim())?;
    let axes_b = resolve(&axes_b.into_axes(), b.ndim())?;
    if axes_a.len() != axes_b.len() {
        return Err(TensordotError::AxesCount {
            left: axes_a.len(),
            right: axes_b.len(),
        });
    }
    if split_every < 2 {
        return Err(AxisError::SplitEvery(split_every).into());
    }
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        if a.shape[ia] != b.shape[ib] {
            return Err(TensordotError::Lengths {
                left_axis: ia,
                left: a.shape[ia],
                right_axis: ib,
                right: b.shape[ib],
            });
        }
    }
    // Paired axes get common chunks, so that blocks meet one to one.
    let (mut chunks_a, mut chunks_b) = (a.chunks.clone(), b.chunks.clone());
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        let common =
            common_chunks(&vec![chunks_a[ia].clone()], &vec![chunks_b[ib].clone()]).remove(0);
        chunks_a[ia] = common.clone();
        chunks_b[ib] = common;
    }
    let (a, b) = (a.rechunk_to(chunks_a), b.rechunk_to(chunks_b));
    let free_a: Vec<usize> = (0..a.ndim()).filter(|x| !axes_a.contains(x)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|x| !axes_b.contains(x)).collect();
    let (nfa, nfb, nc) = (free_a.len(), free_b.len(), axes_a.len());

    // The products: one block per (output block, contracted block), its contracted axes kept
    // at length 1 for the sum that follows.
    let out_shape: Vec<usize> = free_a
        .iter()
        .map(|&x| a.shape[x])
        .chain(free_b.iter().map(|&x| b.shape[x]))
        .collect();
    let out_chunks: Chunks = free_a
        .iter()
        .map(|&x| a.chunks[x].clone())
        .chain(free_b.iter().map(|&x| b.chunks[x].clone()))
        .collect();
    let contracted_blocks: Vec<usize> = axes_a.iter().map(|&x| a.chunks[x].len()).collect();
    let mut product_shape = out_shape.clone();
    product_shape.extend(&contracted_blocks);
    let mut product_chunks = out_chunks.clone();
    product_chunks.extend(contracted_blocks.iter().map(|&n| vec![1; n]));

    // Which block of `a` and of `b` product block `index` reads.
    let sources = {
        let (free_a, free_b, axes_a, axes_b) = (
            free_a.clone(),
            free_b.clone(),
            axes_a.clone(),
            axes_b.clone(),
        );
        let (nb_a, nb_b) = (a.numblocks(), b.numblocks());
        Arc::new(move |index: &[usize]| -> (usize, usize) {
            let mut ia = vec![0; nb_a.len()];
            let mut ib = vec![0; nb_b.len()];
            for (k, &x) in free_a.iter().enumerate() {
                ia[x] = index[k];
            }
            for (k, &x) in free_b.iter().enumerate() {
                ib[x] = index[nfa + k];
            }
            for k in 0..nc {
                ia[axes_a[k]] = index[nfa + nfb + k];
                ib[axes_b[k]] = index[nfa + nfb + k];
            }
            (chunks::ravel(&ia, &nb_a), chunks::ravel(&ib, &nb_b))
        })
    };
    let spec = {
        let (sources, out_chunks) = (Arc::clone(&sources), out_chunks.clone());
        move |index: &[usize]| {
            let (sa, sb) = sources(index);
            TaskSpec {
                bytes: bytes_of::<T>(&chunks::block_shape(&out_chunks, &index[..nfa + nfb])),
                inputs: vec![(0, sa), (1, sb)],
            }
        }
    };
    // Block axes in the order of a matrix product: a's free then contracted, b's contracted
    // then free.
    let order_a: Vec<usize> = free_a.iter().chain(&axes_a).copied().collect();
    let order_b: Vec<usize> = axes_b.iter().chain(&free_b).copied().collect();
    let block_chunks = product_chunks.clone();
    let layer = Layer::new(
        "tensordot",
        vec![Arc::clone(&a.layer), Arc::clone(&b.layer)],
        chunks::numblocks(&product_chunks),
        spec,
        Arc::new(move |index, ins| {
            let x: &ArrayD<T> = input(ins, 0)?;
            let y: &ArrayD<T> = input(ins, 1)?;
            let shape = chunks::block_shape(&block_chunks, index);
            Ok(Box::new(block_product(
                x, y, &order_a, &order_b, nfa, &shape,
            )?))
        }),
    );
    let products = Array::<T>::from_layer(layer, product_shape, product_chunks);
    let contracted: Vec<usize> = (nfa + nfb..nfa + nfb + nc).collect();
    Ok(sum_over(&products, &contracted, split_every))
}

/// The product of two blocks as matrices: `x`'s axes permuted by `order_x` (free first) and
/// flattened to rows × contracted, `y`'s by `order_y` to contracted × columns; the result in
/// `shape` (the free axes, then 1 per contracted axis).
fn block_product<T: Float>(
    x: &ArrayD<T>,
    y: &ArrayD<T>,
    order_x: &[usize],
    order_y: &[usize],
    free_x: usize,
    shape: &[usize],
) -> Result<ArrayD<T>, TaskError> {
    let internal = |e: ndarray::ShapeError| TaskError::Internal(e.to_string());
    let px = x.view().permuted_axes(IxDyn(order_x));
    let py = y.view().permuted_axes(IxDyn(order_y));
    let rows: usize = px.shape()[..free_x].iter().product();
    let inner: usize = px.shape()[free_x..].iter().product();
    // `y`'s contracted axes come first, as many as `x` has after its free ones.
    let cols: usize = py.shape()[x.ndim() - free_x..].iter().product();
    let mx = px
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((rows, inner))
        .map_err(internal)?;
    let my = py
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((inner, cols))
        .map_err(internal)?;
    let product: ndarray::Array<T, Ix2> = mx.dot(&my);
    product
        .into_dyn()
        .into_shape_with_order(IxDyn(shape))
        .map_err(internal)
}

/// Axes as valid, distinct, non-negative axes.
fn resolve(axes: &[isize], ndim: usize) -> Result<Vec<usize>, AxisError> {
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let a = normalize_axis(a, ndim)?;
        if out.contains(&a) {
            return Err(AxisError::Repeated { axis: a });
        }
        out.push(a);
    }
    Ok(out)
}

impl<T: Float> Array<T> {
    /// The dot product (NumPy's and dask's `dot`): for 1-d and 2-d arrays the inner and the
    /// matrix product; in general the sum over `self`'s last axis and `other`'s
    /// second-to-last (its only axis if 1-d). A 0-d operand multiplies.
    ///
    /// ```
    /// let a = lazyarray::arange(0.0, 6.0, 1.0, 4).unwrap();
    /// assert_eq!(a.dot(&a).unwrap().compute_scalar().unwrap(), 55.0);
    /// ```
    ///
    /// # Errors
    /// [`TensordotError::Lengths`] if the summed axes differ in length.
    pub fn dot(&self, other: &Array<T>) -> Result<Array<T>, TensordotError> {
        if self.ndim() == 0 || other.ndim() == 0 {
            return Ok(self.try_mul(other)?);
        }
        let b_axis = if other.ndim() == 1 { 0 } else { -2 };
        tensordot(self, other, [-1isize], [b_axis])
    }

    /// The matrix product (Python's `@`, NumPy's `matmul`) of 1-d and 2-d arrays, as
    /// [`dot`](Array::dot); stacks of matrices (more than 2 dimensions) are not supported.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr2(&[[1.0, 2.0], [3.0, 4.0]]), 1).unwrap();
    /// let y = x.matmul(&x).unwrap().compute().unwrap();
    /// assert_eq!(y, ndarray::arr2(&[[7.0, 10.0], [15.0, 22.0]]).into_dyn());
    /// ```
    ///
    /// # Errors
    /// [`TensordotError::Matmul`] for a 0-d operand or one with more than 2 dimensions;
    /// else as [`dot`](Array::dot).
    pub fn matmul(&self, other: &Array<T>) -> Result<Array<T>, TensordotError> {
        let supported = |n: usize| (1..=2).contains(&n);
        if !supported(self.ndim()) || !supported(other.ndim()) {
            return Err(TensordotError::Matmul {
                left: self.shape.clone(),
                right: other.shape.clone(),
            });
        }
        self.dot(other)
    }
}
