//! Elementwise operations: `map`, `map_blocks`, arithmetic with arrays and scalars.

use std::ops::{Add, Div, Mul, Sub};
use std::sync::Arc;

use ndarray::{ArrayD, ArrayViewD, Zip};

use crate::array::{Array, bytes_of, input};
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

    /// Combines two arrays of the same shape element by element, rechunking both to common
    /// chunks first when theirs differ.
    ///
    /// # Errors
    /// [`ShapeError`] if the shapes differ.
    pub fn zip_with<U: Element, V: Element>(
        &self,
        other: &Array<U>,
        op: &'static str,
        f: impl Fn(T, U) -> V + Send + Sync + 'static,
    ) -> Result<Array<V>, ShapeError> {
        if self.shape != other.shape {
            return Err(ShapeError {
                op,
                left: self.shape.clone(),
                right: other.shape.clone(),
            });
        }
        let common = common_chunks(&self.chunks, &other.chunks);
        let (a, b) = (
            self.rechunk_to(common.clone()),
            other.rechunk_to(common.clone()),
        );
        let tasks = a
            .block_indices()
            .into_iter()
            .enumerate()
            .map(|(flat, index)| TaskSpec {
                bytes: bytes_of::<V>(&crate::chunks::block_shape(&common, &index)),
                index,
                inputs: vec![(0, flat), (1, flat)],
            })
            .collect();
        let layer = Layer::new(
            op,
            vec![Arc::clone(&a.layer), Arc::clone(&b.layer)],
            tasks,
            Arc::new(move |_, ins| {
                let x: &ArrayD<T> = input(ins, 0)?;
                let y: &ArrayD<U> = input(ins, 1)?;
                Ok(Box::new(Zip::from(x).and(y).map_collect(|&p, &q| f(p, q))))
            }),
        );
        Ok(Array::from_layer(layer, self.shape.clone(), common))
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
