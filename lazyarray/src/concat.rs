//! `concatenate` and `stack`: arrays joined along an axis, each output block one block of one
//! input.

use std::sync::Arc;

use ndarray::ArrayD;

use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, Chunks};
use crate::element::Element;
use crate::error::{ConcatError, ShapeError};
use crate::graph::{Layer, TaskSpec};
use crate::rechunk::common_chunks;
use crate::reduce::normalize_axis;

/// The arrays joined along an existing `axis` (NumPy's and dask's `concatenate`; negative
/// counts from the end). The other axes must have the same lengths; they are rechunked to
/// common chunks, and the chunks along `axis` are the inputs' chunks one after the other.
///
/// ```
/// use lazyarray::{arange, concatenate, ones};
/// let x = arange(0.0, 4.0, 1.0, 3).unwrap();
/// let y = ones([2], 2).unwrap();
/// let z = concatenate(&[&x, &y], 0).unwrap();
/// assert_eq!(z.chunks(), &[vec![3, 1, 2]]);
/// assert_eq!(z.compute().unwrap().as_slice().unwrap(), &[0.0, 1.0, 2.0, 3.0, 1.0, 1.0]);
/// ```
///
/// # Errors
/// [`ConcatError`] for no arrays, an axis out of range, or shapes that differ elsewhere.
pub fn concatenate<T: Element>(arrays: &[&Array<T>], axis: isize) -> Result<Array<T>, ConcatError> {
    let first = arrays.first().ok_or(ConcatError::NoArrays)?;
    let ndim = first.ndim();
    let axis = normalize_axis(axis, ndim)?;
    for a in arrays {
        let fits = a.ndim() == ndim && (0..ndim).all(|k| k == axis || a.shape[k] == first.shape[k]);
        if !fits {
            return Err(ShapeError {
                op: "concatenate",
                left: first.shape.clone(),
                right: a.shape.clone(),
            }
            .into());
        }
    }
    // Common chunks along every other axis, for all the arrays.
    let mut common: Chunks = first.chunks.clone();
    for a in &arrays[1..] {
        common = common_chunks(&common, &a.chunks);
    }
    let parts: Vec<Array<T>> = arrays
        .iter()
        .map(|a| {
            let mut target = common.clone();
            target[axis] = a.chunks[axis].clone();
            a.rechunk_to(target)
        })
        .collect();
    let mut out_chunks = common;
    out_chunks[axis] = parts.iter().flat_map(|p| p.chunks[axis].clone()).collect();
    let mut shape = first.shape.clone();
    shape[axis] = parts.iter().map(|p| p.shape[axis]).sum();
    // Output block k along `axis` is block `k - start[j]` of part j.
    let starts: Vec<usize> = chunks::offsets(
        &parts
            .iter()
            .map(|p| p.chunks[axis].len())
            .collect::<Vec<_>>(),
    );
    let numblocks: Vec<Vec<usize>> = parts.iter().map(Array::numblocks).collect();
    let spec_chunks = out_chunks.clone();
    let spec = move |index: &[usize]| {
        let part = starts[1..].partition_point(|&end| end <= index[axis]);
        let mut own = index.to_vec();
        own[axis] -= starts[part];
        TaskSpec {
            bytes: bytes_of::<T>(&chunks::block_shape(&spec_chunks, index)),
            inputs: vec![(part, chunks::ravel(&own, &numblocks[part]))],
        }
    };
    let layer = Layer::new(
        "concatenate",
        parts.iter().map(|p| Arc::clone(&p.layer)).collect(),
        chunks::numblocks(&out_chunks),
        spec,
        Arc::new(|_, ins| Ok(Box::new(input::<ArrayD<T>>(ins, 0)?.clone()))),
    );
    Ok(Array::from_layer(layer, shape, out_chunks))
}

/// The arrays, all of one shape, stacked along a new `axis` of the result (NumPy's and
/// dask's `stack`): each array is one block along it.
///
/// ```
/// use lazyarray::{ones, stack, zeros};
/// let z = stack(&[&zeros([3], 2).unwrap(), &ones([3], 2).unwrap()], -1).unwrap();
/// assert_eq!(z.shape(), &[3, 2]);
/// assert_eq!(z.sum_axis(0).unwrap().compute().unwrap().as_slice().unwrap(), &[0.0, 3.0]);
/// ```
///
/// # Errors
/// [`ConcatError`] for no arrays, an axis out of range, or shapes that differ.
pub fn stack<T: Element>(arrays: &[&Array<T>], axis: isize) -> Result<Array<T>, ConcatError> {
    let first = arrays.first().ok_or(ConcatError::NoArrays)?;
    for a in arrays {
        if a.shape != first.shape {
            return Err(ShapeError {
                op: "stack",
                left: first.shape.clone(),
                right: a.shape.clone(),
            }
            .into());
        }
    }
    let axis = normalize_axis(axis, first.ndim() + 1)?;
    let axis = isize::try_from(axis).unwrap_or(isize::MAX);
    let expanded = arrays
        .iter()
        .map(|a| a.expand_dims(axis))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&Array<T>> = expanded.iter().collect();
    concatenate(&refs, axis)
}
