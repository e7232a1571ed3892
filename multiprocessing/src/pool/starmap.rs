//! [`StarFn`]: calling a function of several arguments with a tuple, for `starmap`.

/// A function that can be called with its arguments packed in a tuple: what
/// [`Pool::starmap`](crate::Pool::starmap) needs, since Rust has no `f(*args)`.
///
/// Implemented for every `Fn` of 1 to 4 arguments.
///
/// ```
/// use multiprocessing::StarFn;
/// let add = |a: i32, b: i32| a + b;
/// assert_eq!(add.call((2, 3)), 5);
/// ```
pub trait StarFn<Args> {
    /// What the function returns.
    type Output;

    /// Calls the function with the tuple's items as its arguments.
    fn call(&self, args: Args) -> Self::Output;
}

macro_rules! star_fn {
    ($($arg:ident),+) => {
        impl<Func, Out, $($arg),+> StarFn<($($arg,)+)> for Func
        where
            Func: Fn($($arg),+) -> Out,
        {
            type Output = Out;

            #[allow(non_snake_case)]
            fn call(&self, ($($arg,)+): ($($arg,)+)) -> Out {
                self($($arg),+)
            }
        }
    };
}

star_fn!(A);
star_fn!(A, B);
star_fn!(A, B, C);
star_fn!(A, B, C, D);
