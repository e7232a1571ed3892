//! Comparisons that give a `bool` array, logical operations on them, `where_` and
//! `broadcast_to`.

use ndarray::{Axis, IxDyn};

use crate::array::Array;
use crate::chunks::Chunks;
use crate::element::Element;
use crate::error::ShapeError;

/// The right-hand side of a comparison: another array (broadcast as in arithmetic) or a
/// scalar.
#[derive(Debug)]
pub enum Operand<'a, T: Element> {
    /// An array.
    Array(&'a Array<T>),
    /// One value for every element.
    Scalar(T),
}

impl<'a, T: Element> From<&'a Array<T>> for Operand<'a, T> {
    fn from(a: &'a Array<T>) -> Self {
        Operand::Array(a)
    }
}

impl<T: Element> From<T> for Operand<'_, T> {
    fn from(x: T) -> Self {
        Operand::Scalar(x)
    }
}

macro_rules! comparisons {
    ($($name:ident $op:tt $doc:literal),*) => {$(
        #[doc = $doc]
        ///
        /// # Errors
        /// [`ShapeError`] if `other` is an array whose shape does not broadcast.
        pub fn $name<'a>(&self, other: impl Into<Operand<'a, T>>) -> Result<Array<bool>, ShapeError>
        where
            T: 'a,
        {
            self.elementwise(other.into(), stringify!($name), |a, b| a $op b)
        }
    )*};
}

impl<T: Element> Array<T> {
    comparisons!(
        greater > "`self > other`, element by element (NumPy's `greater`).",
        greater_equal >= "`self >= other`, element by element.",
        less < "`self < other`, element by element.",
        less_equal <= "`self <= other`, element by element.",
        equal == "`self == other`, element by element (NaN is not equal to itself).",
        not_equal != "`self != other`, element by element."
    );

    /// `f(self, other)` for an array or a scalar `other`.
    fn elementwise<U: Element>(
        &self,
        other: Operand<'_, T>,
        op: &'static str,
        f: impl Fn(T, T) -> U + Send + Sync + 'static,
    ) -> Result<Array<U>, ShapeError> {
        match other {
            Operand::Array(b) => self.zip_with(b, op, f),
            Operand::Scalar(s) => Ok(self.blockwise(op, move |_, b| Ok(b.mapv(|x| f(x, s))))),
        }
    }

    /// The array stretched to `shape` with NumPy's broadcasting rules (dask's
    /// `broadcast_to`): new leading axes and stretched length-1 axes are one block each.
    ///
    /// ```
    /// let x = lazyarray::arange(0.0, 3.0, 1.0, 2).unwrap();
    /// let y = x.broadcast_to([2, 3]).unwrap();
    /// assert_eq!(y.chunks(), &[vec![2], vec![2, 1]]);
    /// assert_eq!(y.sum().compute_scalar().unwrap(), 6.0);
    /// ```
    ///
    /// # Errors
    /// [`ShapeError`] if the array does not broadcast to `shape`.
    pub fn broadcast_to(&self, shape: impl AsRef<[usize]>) -> Result<Array<T>, ShapeError> {
        let shape = shape.as_ref().to_vec();
        let error = || ShapeError {
            op: "broadcast_to",
            left: self.shape.clone(),
            right: shape.clone(),
        };
        let ndim = shape.len();
        let off = ndim.checked_sub(self.ndim()).ok_or_else(error)?;
        // Per output axis: the input axis it comes from, unless it is new or stretched.
        let mut from: Vec<Option<usize>> = Vec::with_capacity(ndim);
        let mut out_chunks: Chunks = Vec::with_capacity(ndim);
        for (axis, &len) in shape.iter().enumerate() {
            match axis.checked_sub(off) {
                Some(a) if self.shape[a] == len => {
                    from.push(Some(a));
                    out_chunks.push(self.chunks[a].clone());
                }
                Some(a) if self.shape[a] != 1 => return Err(error()),
                _ => {
                    from.push(None);
                    out_chunks.push(vec![len]);
                }
            }
        }
        if out_chunks == self.chunks && shape == self.shape {
            return Ok(self.clone());
        }
        let in_ndim = self.ndim();
        let source = {
            let from = from.clone();
            move |index: &[usize]| -> Vec<usize> {
                let mut src = vec![0; in_ndim];
                for (axis, f) in from.iter().enumerate() {
                    if let Some(a) = f {
                        src[*a] = index[axis];
                    }
                }
                src
            }
        };
        let block_chunks = out_chunks.clone();
        Ok(self.one_block_each(
            "broadcast_to",
            shape,
            out_chunks,
            source,
            move |index, b| {
                let target = crate::chunks::block_shape(&block_chunks, index);
                let mut v = b.view();
                for _ in 0..off {
                    v = v.insert_axis(Axis(0));
                }
                v.broadcast(IxDyn(&target))
                    .map(|view| view.to_owned())
                    .ok_or_else(|| {
                        crate::TaskError::Internal(format!("cannot broadcast to {target:?}"))
                    })
            },
        ))
    }
}

impl Array<bool> {
    /// `self and other`, element by element.
    ///
    /// # Errors
    /// [`ShapeError`] if `other` is an array whose shape does not broadcast.
    pub fn logical_and<'a>(
        &self,
        other: impl Into<Operand<'a, bool>>,
    ) -> Result<Array<bool>, ShapeError> {
        self.elementwise(other.into(), "logical_and", |a, b| a && b)
    }
    /// `self or other`, element by element.
    ///
    /// # Errors
    /// [`ShapeError`] if `other` is an array whose shape does not broadcast.
    pub fn logical_or<'a>(
        &self,
        other: impl Into<Operand<'a, bool>>,
    ) -> Result<Array<bool>, ShapeError> {
        self.elementwise(other.into(), "logical_or", |a, b| a || b)
    }
    /// `not self`, element by element.
    pub fn logical_not(&self) -> Array<bool> {
        self.blockwise("logical_not", |_, b| Ok(b.mapv(|x| !x)))
    }
}

/// A value picked by `where_`'s condition, or not yet: the element type of the layer between
/// the condition and the result.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
struct Picked<T>(Option<T>);

impl<T: Element> Element for Picked<T> {
    const DTYPE: &'static str = "object";
}

/// `x` where `cond` is true, `y` elsewhere (NumPy's and dask's `where`; `where` is a Rust
/// keyword). The three shapes broadcast together; each block of the result reads one block of
/// each.
///
/// ```
/// use lazyarray::{arange, where_};
/// let x = arange(0.0, 6.0, 1.0, 4).unwrap();
/// let cond = x.greater(2.5).unwrap();
/// let y = where_(&cond, &x, &(&x * -1.0)).unwrap();
/// assert_eq!(y.compute().unwrap().as_slice().unwrap(), &[0.0, -1.0, -2.0, 3.0, 4.0, 5.0]);
/// ```
///
/// # Errors
/// [`ShapeError`] if the shapes do not broadcast together.
pub fn where_<T: Element>(
    cond: &Array<bool>,
    x: &Array<T>,
    y: &Array<T>,
) -> Result<Array<T>, ShapeError> {
    let picked = cond.zip_with(x, "where-pick", |c, v| Picked(c.then_some(v)))?;
    picked.zip_with(y, "where", |p, w| p.0.unwrap_or(w))
}
