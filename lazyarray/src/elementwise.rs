//! Elementwise operations: `map`, `map_blocks`, arithmetic with arrays and scalars.

use std::ops::{Add, Div, Mul, Sub};
use std::sync::Arc;

use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn, Zip};

use crate::array::{Array, bytes_of, input};
use crate::chunks::{self, Chunks};
use crate::element::{Element, Float};
use crate::error::{ShapeError, TaskError};
use crate::graph::{Layer, TaskSpec};
use crate::rechunk::common_chunks;

impl<T: Element> Array<T> {
    /// Applies `f` to every element, lazily.
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 4.0, 1.0, 2).unwrap();
    /// let y = x.map(|v| v * v + 1.0);
    /// assert_eq!(y.compute().unwrap().as_slice().unwrap(), &[1.0, 2.0, 5.0, 10.0]);
    /// ```
    pub fn map<U: Element>(&self, f: impl Fn(T) -> U + Send + Sync + 'static) -> Array<U> {
        self.blockwise("map", move |_, block| Ok(block.mapv(&f)))
    }

    /// Applies `f` to every block (dask's `map_blocks`); `f` must return a block of the same
    /// shape, or the compute fails with [`TaskError::BlockShape`].
    ///
    /// ```
    /// let x = lazyarray::ones([6], 4).unwrap();
    /// // Each block becomes its positions within the block.
    /// let y = x.map_blocks(|b| ndarray::Array::from_iter((0..b.len()).map(|i| i as f64)).into_dyn());
    /// assert_eq!(y.compute().unwrap().as_slice().unwrap(), &[0., 1., 2., 3., 0., 1.]);
    /// ```
    pub fn map_blocks<U: Element>(
        &self,
        f: impl Fn(ArrayViewD<'_, T>) -> ArrayD<U> + Send + Sync + 'static,
    ) -> Array<U> {
        self.blockwise("map_blocks", move |_, block| {
            let out = f(block.view());
            if out.shape() != block.shape() {
                return Err(TaskError::BlockShape {
                    expected: block.shape().to_vec(),
                    got: out.shape().to_vec(),
                });
            }
            Ok(out)
        })
    }

    /// Combines two arrays element by element with NumPy's broadcasting: shapes are aligned at
    /// the right, and an axis of length 1 (or a missing one) stretches to the other's length,
    /// so `x - x.mean_axis(0)` centres every column. Axes present in both are rechunked to
    /// common chunks first when theirs differ.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr2(&[[1.0, 2.0], [3.0, 6.0]]), 1).unwrap();
    /// let centred = (&x - &x.mean_axis(0).unwrap()).unwrap();
    /// assert_eq!(centred.compute().unwrap(), ndarray::arr2(&[[-1.0, -2.0], [1.0, 2.0]]).into_dyn());
    /// let scaled = (&x / &x.max()).unwrap(); // a 0-d array broadcasts everywhere
    /// assert_eq!(scaled.compute().unwrap()[[1, 1]], 1.0);
    /// ```
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes do not broadcast.
    pub fn zip_with<U: Element, V: Element>(
        &self,
        other: &Array<U>,
        op: &'static str,
        f: impl Fn(T, U) -> V + Send + Sync + 'static,
    ) -> Result<Array<V>, ShapeError> {
        let error = || ShapeError {
            op,
            left: self.shape.clone(),
            right: other.shape.clone(),
        };
        let ndim = self.ndim().max(other.ndim());
        let (off_a, off_b) = (ndim - self.ndim(), ndim - other.ndim());
        // Per output axis: the length, and whether each side stretches along it.
        let len_a = |axis: usize| {
            if axis < off_a {
                1
            } else {
                self.shape[axis - off_a]
            }
        };
        let len_b = |axis: usize| {
            if axis < off_b {
                1
            } else {
                other.shape[axis - off_b]
            }
        };
        let mut shape = Vec::with_capacity(ndim);
        let mut out_chunks: Chunks = Vec::with_capacity(ndim);
        let (mut stretch_a, mut stretch_b) = (vec![false; ndim], vec![false; ndim]);
        for axis in 0..ndim {
            let (la, lb) = (len_a(axis), len_b(axis));
            if la != lb && la != 1 && lb != 1 {
                return Err(error());
            }
            // NumPy: a length-1 axis takes the other's length (even 0).
            let len = if la == 1 { lb } else { la };
            stretch_a[axis] = la != len || axis < off_a;
            stretch_b[axis] = lb != len || axis < off_b;
            let chunks = match (stretch_a[axis], stretch_b[axis]) {
                (false, false) => common_chunks(
                    &vec![self.chunks[axis - off_a].clone()],
                    &vec![other.chunks[axis - off_b].clone()],
                )
                .remove(0),
                (true, false) => other.chunks[axis - off_b].clone(),
                (false, true) => self.chunks[axis - off_a].clone(),
                (true, true) => vec![len],
            };
            shape.push(len);
            out_chunks.push(chunks);
        }
        // Each side has a single block along the axes it stretches, the common chunks elsewhere.
        let target = |own: &Chunks, off: usize, stretch: &[bool]| -> Chunks {
            (0..own.len())
                .map(|k| {
                    if stretch[k + off] {
                        // One block of the axis's length 1 (it may have come in several,
                        // some empty), so that block 0 holds the value that stretches.
                        vec![own[k].iter().sum()]
                    } else {
                        out_chunks[k + off].clone()
                    }
                })
                .collect()
        };
        let a = self.rechunk_to(target(&self.chunks, off_a, &stretch_a));
        let b = other.rechunk_to(target(&other.chunks, off_b, &stretch_b));
        let (nb_a, nb_b) = (a.numblocks(), b.numblocks());
        // The block of one side that output block `index` reads: block 0 along the axes it
        // stretches, the same block elsewhere.
        let source = move |index: &[usize], off: usize, stretch: &[bool], nb: &[usize]| -> usize {
            let own: Vec<usize> = (0..nb.len())
                .map(|k| if stretch[k + off] { 0 } else { index[k + off] })
                .collect();
            chunks::ravel(&own, nb)
        };
        let spec_chunks = out_chunks.clone();
        let (spec_a, spec_b) = (stretch_a.clone(), stretch_b.clone());
        let spec = move |index: &[usize]| TaskSpec {
            bytes: bytes_of::<V>(&chunks::block_shape(&spec_chunks, index)),
            inputs: vec![
                (0, source(index, off_a, &spec_a, &nb_a)),
                (1, source(index, off_b, &spec_b, &nb_b)),
            ],
        };
        let layer_chunks = out_chunks.clone();
        let layer = Layer::new(
            op,
            vec![Arc::clone(&a.layer), Arc::clone(&b.layer)],
            chunks::numblocks(&out_chunks),
            spec,
            Arc::new(move |index, ins| {
                let x: &ArrayD<T> = input(ins, 0)?;
                let y: &ArrayD<U> = input(ins, 1)?;
                let block = IxDyn(&chunks::block_shape(&layer_chunks, index));
                let stretch_err = || TaskError::Internal(format!("cannot broadcast to {block:?}"));
                let mut xv = x.view();
                for _ in 0..off_a {
                    xv = xv.insert_axis(Axis(0));
                }
                let mut yv = y.view();
                for _ in 0..off_b {
                    yv = yv.insert_axis(Axis(0));
                }
                let xb = xv.broadcast(block.clone()).ok_or_else(stretch_err)?;
                let yb = yv.broadcast(block.clone()).ok_or_else(stretch_err)?;
                Ok(Box::new(
                    Zip::from(&xb).and(&yb).map_collect(|&p, &q| f(p, q)),
                ))
            }),
        );
        Ok(Array::from_layer(layer, shape, out_chunks))
    }
}

impl<T: Float> Array<T> {
    /// Every element to an integer power.
    pub fn powi(&self, n: i32) -> Array<T> {
        self.blockwise("powi", move |_, b| Ok(b.mapv(|x| x.powi(n))))
    }

    /// Every element to a float power.
    pub fn powf(&self, p: T) -> Array<T> {
        self.blockwise("powf", move |_, b| Ok(b.mapv(|x| x.powf(p))))
    }

    /// Elementwise sum; see [`zip_with`](Array::zip_with) for chunk alignment.
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes differ.
    pub fn try_add(&self, other: &Array<T>) -> Result<Array<T>, ShapeError> {
        self.zip_with(other, "add", |a, b| a + b)
    }
    /// Elementwise difference.
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes differ.
    pub fn try_sub(&self, other: &Array<T>) -> Result<Array<T>, ShapeError> {
        self.zip_with(other, "sub", |a, b| a - b)
    }
    /// Elementwise product.
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes differ.
    pub fn try_mul(&self, other: &Array<T>) -> Result<Array<T>, ShapeError> {
        self.zip_with(other, "mul", |a, b| a * b)
    }
    /// Elementwise quotient.
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes differ.
    pub fn try_div(&self, other: &Array<T>) -> Result<Array<T>, ShapeError> {
        self.zip_with(other, "div", |a, b| a / b)
    }
}

macro_rules! binary_ops {
    ($($trait:ident $method:ident $try:ident $name:literal $op:tt),*) => {$(
        /// Array ⊕ array: a `Result`, because the shapes may not match.
        impl<T: Float> $trait<&Array<T>> for &Array<T> {
            type Output = Result<Array<T>, ShapeError>;
            fn $method(self, rhs: &Array<T>) -> Self::Output {
                self.$try(rhs)
            }
        }
        /// Array ⊕ scalar.
        impl<T: Float> $trait<T> for &Array<T> {
            type Output = Array<T>;
            fn $method(self, rhs: T) -> Array<T> {
                self.blockwise($name, move |_, b| Ok(b.mapv(|x| x $op rhs)))
            }
        }
        /// Array ⊕ scalar, consuming the array.
        impl<T: Float> $trait<T> for Array<T> {
            type Output = Array<T>;
            fn $method(self, rhs: T) -> Array<T> {
                (&self).$method(rhs)
            }
        }
        /// Scalar ⊕ array.
        impl $trait<&Array<f64>> for f64 {
            type Output = Array<f64>;
            fn $method(self, rhs: &Array<f64>) -> Array<f64> {
                rhs.blockwise($name, move |_, b| Ok(b.mapv(|x| self $op x)))
            }
        }
    )*};
}

binary_ops!(
    Add add try_add "add" +,
    Sub sub try_sub "sub" -,
    Mul mul try_mul "mul" *,
    Div div try_div "div" /
);
