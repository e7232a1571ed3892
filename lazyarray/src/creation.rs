//! Making arrays: `zeros`, `ones`, `full`, `arange`, `from_ndarray` (and the random ones in
//! [`crate::random`]).

use std::sync::Arc;

use ndarray::{ArrayD, IxDyn, SliceInfoElem};

use crate::array::{Array, bytes_of, checked_bytes};
use crate::chunks::{self, ChunkSpec};
use crate::element::{Element, Float};
use crate::error::{ChunkError, TaskError};
use crate::graph::{Layer, TaskSpec};

/// An array whose every block is made by `make(block offset, block shape)`, with no inputs.
///
/// The shape's size in bytes and the number of blocks are checked here, before anything is
/// allocated; no block index is listed until a compute asks for the block.
pub(crate) fn from_block_fn<T: Element>(
    name: &str,
    shape: &[usize],
    spec: &ChunkSpec,
    make: impl Fn(&[usize], &[usize]) -> Result<ArrayD<T>, TaskError> + Send + Sync + 'static,
) -> Result<Array<T>, ChunkError> {
    if checked_bytes::<T>(shape).is_none() {
        return Err(ChunkError::TooLarge {
            shape: shape.to_vec(),
            itemsize: std::mem::size_of::<T>(),
        });
    }
    let chunks = chunks::normalize(shape, spec)?;
    let spec_chunks = chunks.clone();
    let offsets = chunks::Offsets::new(&chunks);
    let layer_chunks = chunks.clone();
    let layer = Layer::new(
        name,
        Vec::new(),
        chunks::numblocks(&chunks),
        move |index| TaskSpec {
            bytes: bytes_of::<T>(&chunks::block_shape(&spec_chunks, index)),
            inputs: Vec::new(),
        },
        Arc::new(move |index, _| {
            let offset = offsets.start(index);
            let shape = chunks::block_shape(&layer_chunks, index);
            Ok(Box::new(make(&offset, &shape)?))
        }),
    );
    Ok(Array::from_layer(layer, shape.to_vec(), chunks))
}

/// An array of `value` (NumPy's `full`).
///
/// ```
/// let x = lazyarray::full([3, 2], 2, 7.5).unwrap();
/// assert_eq!(x.sum().compute_scalar().unwrap(), 45.0);
/// ```
///
/// # Errors
/// [`ChunkError`] if the chunks do not fit the shape.
pub fn full<T: Element>(
    shape: impl AsRef<[usize]>,
    chunks: impl Into<ChunkSpec>,
    value: T,
) -> Result<Array<T>, ChunkError> {
    full_named("full", shape.as_ref(), &chunks.into(), value)
}

fn full_named<T: Element>(
    name: &str,
    shape: &[usize],
    chunks: &ChunkSpec,
    value: T,
) -> Result<Array<T>, ChunkError> {
    from_block_fn(name, shape, chunks, move |_, s| {
        Ok(ArrayD::from_elem(IxDyn(s), value))
    })
}

/// An array of zeros.
///
/// # Errors
/// [`ChunkError`] if the chunks do not fit the shape.
pub fn zeros(
    shape: impl AsRef<[usize]>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<f64>, ChunkError> {
    full_named("zeros", shape.as_ref(), &chunks.into(), 0.0)
}

/// An array of ones.
///
/// ```
/// let x = lazyarray::ones([1000], 300).unwrap();
/// assert_eq!(x.chunks(), &[vec![300, 300, 300, 100]]);
/// assert_eq!(x.sum().compute_scalar().unwrap(), 1000.0);
/// ```
///
/// # Errors
/// [`ChunkError`] if the chunks do not fit the shape.
pub fn ones(
    shape: impl AsRef<[usize]>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<f64>, ChunkError> {
    full_named("ones", shape.as_ref(), &chunks.into(), 1.0)
}

/// Evenly spaced values `start, start + step, ...` below `stop` (NumPy's `arange`), 1-d.
///
/// ```
/// let x = lazyarray::arange(0.0, 10.0, 1.0, 4).unwrap();
/// assert_eq!(x.shape(), &[10]);
/// assert_eq!(x.compute().unwrap().as_slice().unwrap(), &[0., 1., 2., 3., 4., 5., 6., 7., 8., 9.]);
/// ```
///
/// # Errors
/// [`ChunkError::InvalidArgument`] for a zero or non-finite step; else as chunking.
pub fn arange<T: Float>(
    start: T,
    stop: T,
    step: T,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<T>, ChunkError> {
    if step == T::zero() || !step.is_finite() || !start.is_finite() || !stop.is_finite() {
        return Err(ChunkError::InvalidArgument(format!(
            "arange({start:?}, {stop:?}, {step:?}) needs finite bounds and a non-zero step"
        )));
    }
    let n = ((stop - start) / step).ceil().to_f64().max(0.0) as usize;
    from_block_fn("arange", &[n], &chunks.into(), move |offset, shape| {
        Ok(ArrayD::from_shape_fn(IxDyn(shape), |i| {
            start + T::from_f64((offset[0] + i[0]) as f64) * step
        }))
    })
}

/// A lazy array over an existing ndarray, cut into `chunks` (dask's `from_array`).
///
/// ```
/// let a = ndarray::Array2::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as f64).into_dyn();
/// let x = lazyarray::from_ndarray(a.clone(), [3, 2]).unwrap();
/// assert_eq!(x.compute().unwrap(), a);
/// ```
///
/// # Errors
/// [`ChunkError`] if the chunks do not fit the shape.
pub fn from_ndarray<T: Element, D: ndarray::Dimension>(
    array: ndarray::Array<T, D>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<T>, ChunkError> {
    let array = Arc::new(array.into_dyn());
    let shape = array.shape().to_vec();
    from_block_fn("array", &shape, &chunks.into(), move |offset, s| {
        let info: Vec<SliceInfoElem> = offset
            .iter()
            .zip(s)
            .map(|(&o, &n)| SliceInfoElem::from(o..o + n))
            .collect();
        Ok(array.slice(info.as_slice()).to_owned())
    })
}
