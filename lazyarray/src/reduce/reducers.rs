//! What each reduction computes: a partial result per lane of values, a merge of two partials,
//! and the finished value (dask's `chunk`, `combine` and `aggregate` functions, for one
//! position).
//!
//! Partials are small `Copy` records: a sum and a count for the mean; a count, a mean and a sum
//! of squared deviations for the variance, merged with Chan et al.'s formula (exact for any
//! grouping, and stable where the textbook `E[x²] − E[x]²` is not).

use crate::element::{Element, Float};
use crate::error::TaskError;

/// How a reduction folds values.
pub(crate) trait Reducer<T: Element>: Send + Sync + 'static {
    /// What one lane, or a merge of lanes, leaves behind.
    type Partial: Copy + Send + Sync + 'static;
    /// The element type of the result.
    type Out: Element;
    /// The partial of `xs`, one contiguous run of reduced values; `pos(k)` is the position of
    /// `xs[k]` along the reduced axes (flattened, row-major), for the arg-reductions.
    fn lane(&self, xs: &[T], pos: &dyn Fn(usize) -> usize) -> Self::Partial;
    /// The partial of two groups of values: must not depend on how they were grouped.
    fn merge(&self, a: Self::Partial, b: Self::Partial) -> Self::Partial;
    /// The result from the partial of every value.
    fn finish(&self, p: Self::Partial) -> Result<Self::Out, TaskError>;
}

/// Sum with pairwise summation (NumPy's method): the error grows like log n, not n.
pub(crate) fn pairwise_sum<T: Float>(xs: &[T]) -> T {
    if xs.len() <= 256 {
        let mut acc = [T::zero(); 8];
        let mut it = xs.chunks_exact(8);
        for c in &mut it {
            for k in 0..8 {
                acc[k] += c[k];
            }
        }
        let rest = it.remainder().iter().fold(T::zero(), |s, &x| s + x);
        ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + rest
    } else {
        let mid = xs.len() / 2;
        pairwise_sum(&xs[..mid]) + pairwise_sum(&xs[mid..])
    }
}

/// The lane with every NaN left out (the `nan*` reductions), borrowed when it has none.
fn without_nan<T: Float>(xs: &[T], skip_nan: bool) -> std::borrow::Cow<'_, [T]> {
    if skip_nan && xs.iter().any(|x| x.is_nan()) {
        xs.iter().copied().filter(|x| !x.is_nan()).collect()
    } else {
        std::borrow::Cow::Borrowed(xs)
    }
}

/// `sum` (and `nansum`, which leaves NaNs out).
pub(crate) struct Sum {
    pub(crate) skip_nan: bool,
}

impl<T: Float> Reducer<T> for Sum {
    type Partial = T;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> T {
        pairwise_sum(&without_nan(xs, self.skip_nan))
    }
    fn merge(&self, a: T, b: T) -> T {
        a + b
    }
    fn finish(&self, p: T) -> Result<T, TaskError> {
        Ok(p)
    }
}

/// `prod`: the product (1 over no elements).
pub(crate) struct Product;

impl<T: Float> Reducer<T> for Product {
    type Partial = T;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> T {
        xs.iter().fold(T::one(), |p, &x| p * x)
    }
    fn merge(&self, a: T, b: T) -> T {
        a * b
    }
    fn finish(&self, p: T) -> Result<T, TaskError> {
        Ok(p)
    }
}

/// `mean` (and `nanmean`): a sum and a count; NaN over no elements, like NumPy.
pub(crate) struct Mean {
    pub(crate) skip_nan: bool,
}

impl<T: Float> Reducer<T> for Mean {
    type Partial = (T, usize);
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> (T, usize) {
        let xs = without_nan(xs, self.skip_nan);
        (pairwise_sum(&xs), xs.len())
    }
    fn merge(&self, a: (T, usize), b: (T, usize)) -> (T, usize) {
        (a.0 + b.0, a.1 + b.1)
    }
    fn finish(&self, (sum, n): (T, usize)) -> Result<T, TaskError> {
        Ok(if n == 0 {
            T::nan()
        } else {
            sum / T::from_f64(n as f64)
        })
    }
}

/// Count, mean and sum of squared deviations from the mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moments<T> {
    pub(crate) n: usize,
    pub(crate) mean: T,
    pub(crate) m2: T,
}

/// `var` and `std` (and their `nan` forms), with `ddof` delta degrees of freedom.
pub(crate) struct Variance {
    pub(crate) ddof: usize,
    pub(crate) sqrt: bool,
    pub(crate) skip_nan: bool,
}

impl<T: Float> Reducer<T> for Variance {
    type Partial = Moments<T>;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> Moments<T> {
        let xs = without_nan(xs, self.skip_nan);
        if xs.is_empty() {
            return Moments {
                n: 0,
                mean: T::zero(),
                m2: T::zero(),
            };
        }
        // Two passes over a lane: the mean, then the squared deviations from it.
        let mean = pairwise_sum(&xs) / T::from_f64(xs.len() as f64);
        let mut acc = [T::zero(); 4];
        let mut it = xs.chunks_exact(4);
        for c in &mut it {
            for k in 0..4 {
                let d = c[k] - mean;
                acc[k] += d * d;
            }
        }
        let rest = it
            .remainder()
            .iter()
            .fold(T::zero(), |s, &x| s + (x - mean) * (x - mean));
        Moments {
            n: xs.len(),
            mean,
            m2: (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest,
        }
    }
    fn merge(&self, a: Moments<T>, b: Moments<T>) -> Moments<T> {
        // Chan, Golub & LeVeque (1979): combine two groups' moments exactly.
        if a.n == 0 {
            return b;
        }
        if b.n == 0 {
            return a;
        }
        let n = a.n + b.n;
        let (na, nb, nt) = (
            T::from_f64(a.n as f64),
            T::from_f64(b.n as f64),
            T::from_f64(n as f64),
        );
        let delta = b.mean - a.mean;
        Moments {
            n,
            mean: a.mean + delta * nb / nt,
            m2: a.m2 + b.m2 + delta * delta * na * nb / nt,
        }
    }
    fn finish(&self, p: Moments<T>) -> Result<T, TaskError> {
        if p.n <= self.ddof {
            return Ok(T::nan());
        }
        let var = p.m2 / T::from_f64((p.n - self.ddof) as f64);
        Ok(if self.sqrt { var.sqrt() } else { var })
    }
}

/// `min` and `max`: NaN wins (NumPy's rule), no elements is an error; `nanmin`/`nanmax` leave
/// NaNs out and give NaN where every value is NaN.
pub(crate) struct Extreme {
    pub(crate) max: bool,
    pub(crate) skip_nan: bool,
    pub(crate) op: &'static str,
}

/// The partial of [`Extreme`]: nothing seen yet, only NaNs seen (`nan*`), or the extreme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Seen<T> {
    Nothing,
    OnlyNan,
    Value(T),
}

impl<T: Float> Reducer<T> for Extreme {
    type Partial = Seen<T>;
    type Out = T;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> Seen<T> {
        xs.iter().fold(Seen::Nothing, |acc, &x| {
            let seen = if self.skip_nan && x.is_nan() {
                Seen::OnlyNan
            } else {
                Seen::Value(x)
            };
            self.merge(acc, seen)
        })
    }
    fn merge(&self, a: Seen<T>, b: Seen<T>) -> Seen<T> {
        match (a, b) {
            (Seen::Nothing, x) | (x, Seen::Nothing) => x,
            (Seen::OnlyNan, x) | (x, Seen::OnlyNan) => x,
            (Seen::Value(a), Seen::Value(b)) if a.is_nan() || b.is_nan() => Seen::Value(T::nan()),
            (Seen::Value(a), Seen::Value(b)) => {
                Seen::Value(if (b > a) == self.max { b } else { a })
            }
        }
    }
    fn finish(&self, p: Seen<T>) -> Result<T, TaskError> {
        match p {
            Seen::Nothing => Err(TaskError::EmptyReduction { op: self.op }),
            Seen::OnlyNan => Ok(T::nan()),
            Seen::Value(x) => Ok(x),
        }
    }
}

/// `argmin` and `argmax`: the position of the extreme along the reduced axes; the first NaN
/// wins and ties go to the smaller position (NumPy's rules); no elements is an error.
pub(crate) struct ArgExtreme {
    pub(crate) max: bool,
    pub(crate) op: &'static str,
}

impl<T: Float> Reducer<T> for ArgExtreme {
    type Partial = Option<(T, usize)>;
    type Out = i64;
    fn lane(&self, xs: &[T], pos: &dyn Fn(usize) -> usize) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for (k, &x) in xs.iter().enumerate() {
            best = self.merge(best, Some((x, k)));
        }
        best.map(|(v, k)| (v, pos(k)))
    }
    fn merge(&self, a: Option<(T, usize)>, b: Option<(T, usize)>) -> Option<(T, usize)> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => {
                let b_better = match (a.0.is_nan(), b.0.is_nan()) {
                    (true, true) => b.1 < a.1,
                    (true, false) => false,
                    (false, true) => true,
                    _ if a.0 == b.0 => b.1 < a.1,
                    _ => (b.0 > a.0) == self.max,
                };
                Some(if b_better { b } else { a })
            }
        }
    }
    fn finish(&self, p: Option<(T, usize)>) -> Result<i64, TaskError> {
        let (_, k) = p.ok_or(TaskError::EmptyReduction { op: self.op })?;
        Ok(i64::try_from(k).unwrap_or(i64::MAX))
    }
}

/// `any` and `all` over values that are true when non-zero (NaN is true, as in NumPy).
pub(crate) struct Truth {
    pub(crate) all: bool,
}

impl<T: Element + Truthy> Reducer<T> for Truth {
    type Partial = bool;
    type Out = bool;
    fn lane(&self, xs: &[T], _: &dyn Fn(usize) -> usize) -> bool {
        if self.all {
            xs.iter().all(|x| x.truthy())
        } else {
            xs.iter().any(|x| x.truthy())
        }
    }
    fn merge(&self, a: bool, b: bool) -> bool {
        if self.all { a && b } else { a || b }
    }
    fn finish(&self, p: bool) -> Result<bool, TaskError> {
        Ok(p)
    }
}

/// Elements with a truth value: non-zero is true.
pub trait Truthy: Element {
    /// Whether the value counts as true (`x != 0`, so NaN is true).
    fn truthy(&self) -> bool;
}

impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}
impl Truthy for f64 {
    fn truthy(&self) -> bool {
        *self != 0.0
    }
}
impl Truthy for f32 {
    fn truthy(&self) -> bool {
        *self != 0.0
    }
}
impl Truthy for i64 {
    fn truthy(&self) -> bool {
        *self != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_pos(k: usize) -> usize {
        k
    }

    /// The partial of `xs` split at every cut in `cuts`, merged left to right.
    fn grouped<T: Float, R: Reducer<T>>(r: &R, xs: &[T], cuts: &[usize]) -> R::Partial {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(xs.len());
        let mut parts = bounds.windows(2).map(|w| {
            let offset = w[0];
            r.lane(&xs[w[0]..w[1]], &move |k| k + offset)
        });
        let first = parts.next().unwrap();
        parts.fold(first, |a, b| r.merge(a, b))
    }

    #[test]
    fn pairwise_sum_is_exact_on_integers_and_long_lanes() {
        let xs: Vec<f64> = (1..=1000).map(f64::from).collect();
        assert_eq!(pairwise_sum(&xs), 500_500.0);
        assert_eq!(pairwise_sum::<f64>(&[]), 0.0);
        // 10^6 copies of 0.1: pairwise keeps the error far below the naive loop's.
        let tenths = vec![0.1f64; 1_000_000];
        assert!((pairwise_sum(&tenths) - 100_000.0).abs() < 1e-6);
    }

    #[test]
    fn every_reducer_gives_the_same_result_for_any_grouping() {
        let xs: Vec<f64> = (0..23).map(|i| f64::from((i * 7) % 11) - 3.5).collect();
        for cuts in [vec![], vec![5], vec![1, 2, 3], vec![10, 22]] {
            let sum: f64 = Sum { skip_nan: false }
                .finish(grouped(&Sum { skip_nan: false }, &xs, &cuts))
                .unwrap();
            assert!((sum - xs.iter().sum::<f64>()).abs() < 1e-12);
            let var = Variance {
                ddof: 1,
                sqrt: false,
                skip_nan: false,
            };
            let v = var.finish(grouped(&var, &xs, &cuts)).unwrap();
            let mean = xs.iter().sum::<f64>() / 23.0;
            let expect = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 22.0;
            assert!((v - expect).abs() < 1e-12, "{v} vs {expect}");
            let arg = ArgExtreme {
                max: true,
                op: "argmax",
            };
            // The first of the largest values (7 - 3.5 = 6.5 first occurs at i = 9... check).
            let first_max = xs
                .iter()
                .enumerate()
                .fold((0, f64::MIN), |b, (i, &x)| if x > b.1 { (i, x) } else { b })
                .0;
            assert_eq!(
                arg.finish(grouped(&arg, &xs, &cuts)).unwrap(),
                first_max as i64
            );
        }
    }

    #[test]
    fn nan_rules_match_numpy() {
        let xs = [1.0, f64::NAN, 3.0];
        let max = Extreme {
            max: true,
            skip_nan: false,
            op: "max",
        };
        assert!(max.finish(max.lane(&xs, &no_pos)).unwrap().is_nan());
        let nanmax = Extreme {
            max: true,
            skip_nan: true,
            op: "nanmax",
        };
        assert_eq!(nanmax.finish(nanmax.lane(&xs, &no_pos)).unwrap(), 3.0);
        assert!(
            nanmax
                .finish(nanmax.lane(&[f64::NAN], &no_pos))
                .unwrap()
                .is_nan()
        );
        let nansum = Sum { skip_nan: true };
        assert_eq!(nansum.lane(&xs, &no_pos), 4.0);
        let nanmean = Mean { skip_nan: true };
        assert_eq!(nanmean.finish(nanmean.lane(&xs, &no_pos)).unwrap(), 2.0);
        let argmin = ArgExtreme {
            max: false,
            op: "argmin",
        };
        assert_eq!(argmin.finish(argmin.lane(&xs, &no_pos)).unwrap(), 1);
    }

    #[test]
    fn reductions_without_identity_refuse_no_elements() {
        let min = Extreme {
            max: false,
            skip_nan: false,
            op: "min",
        };
        assert_eq!(
            min.finish(min.lane(&[] as &[f64], &no_pos)),
            Err(TaskError::EmptyReduction { op: "min" })
        );
        let argmax = ArgExtreme {
            max: true,
            op: "argmax",
        };
        assert_eq!(
            argmax.finish(argmax.lane(&[] as &[f64], &no_pos)),
            Err(TaskError::EmptyReduction { op: "argmax" })
        );
        // Reductions with an identity are fine.
        assert_eq!(
            Product.finish(Reducer::<f64>::lane(&Product, &[], &no_pos)),
            Ok(1.0)
        );
        assert!(
            Mean { skip_nan: false }
                .finish((0.0f64, 0))
                .unwrap()
                .is_nan()
        );
    }

    #[test]
    fn any_and_all_count_non_zero_as_true() {
        let (any, all) = (Truth { all: false }, Truth { all: true });
        assert!(any.lane(&[0.0, f64::NAN], &no_pos));
        assert!(!all.lane(&[0.0, 1.0], &no_pos));
        assert!(all.lane(&[] as &[f64], &no_pos));
        assert!(!any.lane(&[] as &[bool], &no_pos));
    }
}
