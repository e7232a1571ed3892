//! Element types: what a chunk can hold.

use std::fmt;

/// A type that can be an array's element: `f64` (the notebook's `dtype=float64`), `f32`, `i64`.
///
/// Creation, indexing, rechunking and transposing only need an `Element`; arithmetic and most
/// reductions need a [`Float`].
pub trait Element: Copy + Default + Send + Sync + fmt::Debug + PartialOrd + 'static {
    /// The NumPy name of the type, shown in an array's repr (`float64`).
    const DTYPE: &'static str;
}

impl Element for f64 {
    const DTYPE: &'static str = "float64";
}

impl Element for f32 {
    const DTYPE: &'static str = "float32";
}

impl Element for i64 {
    const DTYPE: &'static str = "int64";
}

impl Element for bool {
    const DTYPE: &'static str = "bool";
}

/// A floating-point element: arithmetic, reductions and random numbers.
///
/// `ndarray::NdFloat` brings the arithmetic; the two conversions keep our own code free of
/// `num_traits` casts that could fail.
pub trait Float: Element + ndarray::NdFloat {
    /// `x` rounded to this type.
    fn from_f64(x: f64) -> Self;
    /// This value as an `f64` (exact for `f32` and `f64`).
    fn to_f64(self) -> f64;
}

impl Float for f64 {
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl Float for f32 {
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// A conversion between element types for [`Array::astype`](crate::Array::astype), as Rust's
/// `as` converts: floats to integers truncate toward zero and saturate (NaN becomes 0); numbers
/// become `bool` as `x != 0`; `bool` becomes 0 or 1.
pub trait AsType<U>: Element {
    /// This value as a `U`.
    fn as_type(self) -> U;
}

macro_rules! as_number {
    ($($from:ty => $($to:ty),*);*) => {$($(
        impl AsType<$to> for $from {
            #[allow(clippy::cast_possible_truncation, clippy::cast_lossless, clippy::unnecessary_cast)]
            fn as_type(self) -> $to {
                self as $to
            }
        }
    )*)*};
}

as_number!(f64 => f64, f32, i64; f32 => f64, f32, i64; i64 => f64, f32, i64);

macro_rules! as_bool {
    ($($t:ty: $zero:expr, $one:expr);*) => {$(
        impl AsType<bool> for $t {
            fn as_type(self) -> bool {
                self != $zero
            }
        }
        impl AsType<$t> for bool {
            fn as_type(self) -> $t {
                if self { $one } else { $zero }
            }
        }
    )*};
}

as_bool!(f64: 0.0, 1.0; f32: 0.0, 1.0; i64: 0, 1);

impl AsType<bool> for bool {
    fn as_type(self) -> bool {
        self
    }
}
