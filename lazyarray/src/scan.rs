//! `cumsum` and `cumprod` as blocked scans (dask's `cumreduction`): every block scanned on
//! its own, then a carry per block along the axis (the previous carry combined with the
//! previous block's last slice) added in.

use std::sync::Arc;

use ndarray::{ArrayD, Axis, IxDyn, Zip};

use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, Chunks};
use crate::element::Float;
use crate::error::{AxisError, TaskError};
use crate::graph::{Layer, TaskSpec};
use crate::reduce::normalize_axis;

/// A scan's operation: `add` for `cumsum`, `mul` for `cumprod`.
#[derive(Clone, Copy)]
struct Scan {
    name: &'static str,
    product: bool,
}

impl Scan {
    fn apply<T: Float>(self, a: T, b: T) -> T {
        if self.product { a * b } else { a + b }
    }
    fn identity<T: Float>(self) -> T {
        if self.product { T::one() } else { T::zero() }
    }
}

impl<T: Float> Array<T> {
    /// The running sum along `axis` (NumPy's and dask's `cumsum`; negative counts from the
    /// end).
    ///
    /// ```
    /// let x = lazyarray::arange(1.0, 7.0, 1.0, 4).unwrap();
    /// let c = x.cumsum(0).unwrap();
    /// assert_eq!(c.compute().unwrap().as_slice().unwrap(), &[1.0, 3.0, 6.0, 10.0, 15.0, 21.0]);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] for an axis out of range.
    pub fn cumsum(&self, axis: isize) -> Result<Array<T>, AxisError> {
        self.scan(
            axis,
            Scan {
                name: "cumsum",
                product: false,
            },
        )
    }

    /// The running product along `axis` (NumPy's and dask's `cumprod`).
    ///
    /// ```
    /// let x = lazyarray::arange(1.0, 6.0, 1.0, 2).unwrap();
    /// let c = x.cumprod(-1).unwrap();
    /// assert_eq!(c.compute().unwrap().as_slice().unwrap(), &[1.0, 2.0, 6.0, 24.0, 120.0]);
    /// ```
    ///
    /// # Errors
    /// [`AxisError`] for an axis out of range.
    pub fn cumprod(&self, axis: isize) -> Result<Array<T>, AxisError> {
        self.scan(
            axis,
            Scan {
                name: "cumprod",
                product: true,
            },
        )
    }

    fn scan(&self, axis: isize, scan: Scan) -> Result<Array<T>, AxisError> {
        let axis = normalize_axis(axis, self.ndim())?;
        // 1. Each block scanned on its own.
        let blocks = self.blockwise(&format!("{}-block", scan.name), move |_, b| {
            let mut out = b.clone();
            out.accumulate_axis_inplace(Axis(axis), |&prev, cur| *cur = scan.apply(prev, *cur));
            Ok(out)
        });
        let nb = self.chunks[axis].len();
        // 2. The carry into block k along the axis, for k = 1.. : one layer per k, each
        //    reading the carry before it and the last slice of the block before it.
        let mut carry_chunks: Chunks = self.chunks.clone();
        carry_chunks[axis] = vec![1];
        let carry_grid = chunks::numblocks(&carry_chunks);
        let numblocks = self.numblocks();
        let mut carries: Vec<Arc<Layer>> = Vec::with_capacity(nb.saturating_sub(1));
        for k in 1..nb {
            let (grid, spec_chunks) = (numblocks.clone(), carry_chunks.clone());
            let spec = move |index: &[usize]| {
                let mut block = index.to_vec();
                block[axis] = k - 1;
                let mut inputs = vec![(0, chunks::ravel(&block, &grid))];
                if k > 1 {
                    inputs.push((1, chunks::ravel(index, &chunks::numblocks(&spec_chunks))));
                }
                TaskSpec {
                    bytes: bytes_of::<T>(&chunks::block_shape(&spec_chunks, index)),
                    inputs,
                }
            };
            let mut deps = vec![Arc::clone(&blocks.layer)];
            deps.extend(carries.last().cloned());
            carries.push(Layer::new(
                format!("{}-carry", scan.name),
                deps,
                carry_grid.clone(),
                spec,
                Arc::new(move |_, ins| {
                    let block: &ArrayD<T> = input(ins, 0)?;
                    let len = block.shape()[axis];
                    let mut shape = block.shape().to_vec();
                    shape[axis] = 1;
                    let mut carry = match len {
                        0 => ArrayD::from_elem(IxDyn(&shape), scan.identity()),
                        _ => block
                            .slice_axis(Axis(axis), (len - 1..len).into())
                            .to_owned(),
                    };
                    if ins.len() > 1 {
                        let before: &ArrayD<T> = input(ins, 1)?;
                        Zip::from(&mut carry)
                            .and(before)
                            .for_each(|c, &b| *c = scan.apply(b, *c));
                    }
                    Ok(Box::new(carry))
                }),
            ));
        }
        // 3. Each scanned block with its carry combined in.
        let spec_chunks = self.chunks.clone();
        let carry_numblocks = carry_grid;
        let spec = move |index: &[usize]| {
            let mut inputs = vec![(0, chunks::ravel(index, &numblocks))];
            if index[axis] > 0 {
                let mut at = index.to_vec();
                at[axis] = 0;
                inputs.push((index[axis], chunks::ravel(&at, &carry_numblocks)));
            }
            TaskSpec {
                bytes: bytes_of::<T>(&chunks::block_shape(&spec_chunks, index)),
                inputs,
            }
        };
        let mut deps = vec![Arc::clone(&blocks.layer)];
        deps.extend(carries);
        let layer = Layer::new(
            scan.name,
            deps,
            self.numblocks(),
            spec,
            Arc::new(move |_, ins| {
                let block: &ArrayD<T> = input(ins, 0)?;
                let mut out = block.clone();
                if ins.len() > 1 {
                    let carry: &ArrayD<T> = input(ins, 1)?;
                    let carry = carry
                        .broadcast(out.raw_dim())
                        .ok_or_else(|| TaskError::Internal("carry of the wrong shape".into()))?;
                    Zip::from(&mut out)
                        .and(&carry)
                        .for_each(|o, &c| *o = scan.apply(c, *o));
                }
                Ok(Box::new(out))
            }),
        );
        Ok(Array::from_layer(
            layer,
            self.shape.clone(),
            self.chunks.clone(),
        ))
    }
}
