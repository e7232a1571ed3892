//! Named elementwise functions (NumPy's ufuncs): `abs`, `exp`, `log`, `sqrt`, `sin`, `cos`,
//! `clip`, unary minus, and `astype`. Each is one task per block, reading the same block.

use std::ops::Neg;

use crate::array::Array;
use crate::element::{AsType, Element, Float};

macro_rules! unary {
    ($($name:ident $doc:literal),*) => {$(
        #[doc = $doc]
        pub fn $name(&self) -> Array<T> {
            self.blockwise(stringify!($name), |_, b| Ok(b.mapv(T::$name)))
        }
    )*};
}

impl<T: Float> Array<T> {
    unary!(
        abs "The absolute value of every element.",
        exp "`e` to the power of every element.",
        ln "The natural logarithm of every element (NumPy's `log`; NaN below 0).",
        log10 "The base-10 logarithm of every element.",
        sqrt "The square root of every element (NaN below 0).",
        sin "The sine of every element (radians).",
        cos "The cosine of every element (radians).",
        tan "The tangent of every element (radians).",
        tanh "The hyperbolic tangent of every element."
    );

    /// NumPy's name for the natural logarithm, [`ln`](Array::ln).
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr1(&[1.0, std::f64::consts::E]), 1).unwrap();
    /// let y = x.log().compute().unwrap();
    /// assert_eq!(y[0], 0.0);
    /// assert!((y[1] - 1.0).abs() < 1e-15);
    /// ```
    pub fn log(&self) -> Array<T> {
        self.blockwise("log", |_, b| Ok(b.mapv(T::ln)))
    }

    /// Every element limited to `[min, max]` (NumPy's `clip`; NaN stays NaN).
    ///
    /// ```
    /// let x = lazyarray::arange(-2.0, 3.0, 1.0, 2).unwrap();
    /// let y = x.clip(-1.0, 1.0).compute().unwrap();
    /// assert_eq!(y.as_slice().unwrap(), &[-1.0, -1.0, 0.0, 1.0, 1.0]);
    /// ```
    pub fn clip(&self, min: T, max: T) -> Array<T> {
        self.blockwise("clip", move |_, b| {
            Ok(b.mapv(|x| {
                if x < min {
                    min
                } else if x > max {
                    max
                } else {
                    x
                }
            }))
        })
    }
}

impl<T: Element> Array<T> {
    /// The same values as another element type (NumPy's `astype`), converted as Rust's `as`
    /// does: floats to integers truncate toward zero (saturating, NaN to 0), numbers to `bool`
    /// are `x != 0`, `bool` to numbers is 0 or 1.
    ///
    /// ```
    /// let x = lazyarray::from_ndarray(ndarray::arr1(&[-1.5, 0.0, 2.7]), 2).unwrap();
    /// let i = x.astype::<i64>();
    /// assert_eq!(i.dtype(), "int64");
    /// assert_eq!(i.compute().unwrap().as_slice().unwrap(), &[-1, 0, 2]);
    /// assert_eq!(x.astype::<bool>().compute().unwrap().as_slice().unwrap(), &[true, false, true]);
    /// ```
    pub fn astype<U: Element>(&self) -> Array<U>
    where
        T: AsType<U>,
    {
        self.blockwise("astype", |_, b| Ok(b.mapv(AsType::as_type)))
    }
}

/// `-x`.
impl<T: Float> Neg for &Array<T> {
    type Output = Array<T>;
    fn neg(self) -> Array<T> {
        self.blockwise("neg", |_, b| Ok(b.mapv(|x| -x)))
    }
}

/// `-x`, consuming `x`.
impl<T: Float> Neg for Array<T> {
    type Output = Array<T>;
    fn neg(self) -> Array<T> {
        -&self
    }
}
