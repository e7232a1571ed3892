//! Property tests of the blocked operations against the same computation done eagerly with
//! ndarray, for random shapes and random chunkings (zero-length blocks included).

use lazyarray::{
    ArgReduction, Array, ReduceOptions, Reduction, concatenate, from_ndarray, stack, tensordot,
    tensordot_split_every, where_,
};
use ndarray::{ArrayD, Axis, IxDyn};
use proptest::prelude::*;

/// A shape of 1-3 axes of length 0-7 and values for it (some NaN when `nans`).
fn values(max_ndim: usize, nans: bool) -> impl Strategy<Value = ArrayD<f64>> {
    prop::collection::vec(0usize..8, 1..=max_ndim).prop_flat_map(move |shape| {
        let n: usize = shape.iter().product();
        let value = if nans {
            prop_oneof![9 => -4.0f64..4.0, 1 => Just(f64::NAN)].boxed()
        } else {
            (-4.0f64..4.0).boxed()
        };
        prop::collection::vec(value, n)
            .prop_map(move |v| ArrayD::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

/// Explicit chunks for `shape` from random cut points (repeated cuts make empty blocks).
fn chunks_for(shape: &[usize], cuts: &[usize]) -> Vec<Vec<usize>> {
    shape
        .iter()
        .enumerate()
        .map(|(axis, &n)| {
            let mut points: Vec<usize> = cuts
                .iter()
                .skip(axis)
                .step_by(shape.len())
                .take(3)
                .map(|c| c % (n + 1))
                .collect();
            points.push(0);
            points.push(n);
            points.sort_unstable();
            points.windows(2).map(|w| w[1] - w[0]).collect()
        })
        .collect()
}

fn lazy(a: &ArrayD<f64>, cuts: &[usize]) -> Array {
    from_ndarray(a.clone(), chunks_for(a.shape(), cuts)).unwrap()
}

fn close(got: &ArrayD<f64>, want: &ArrayD<f64>, tol: f64) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.shape(), want.shape());
    for (g, w) in got.iter().zip(want) {
        let ok = (g.is_nan() && w.is_nan()) || (g - w).abs() <= tol * (1.0 + w.abs());
        prop_assert!(ok, "got {} want {} in {:?} vs {:?}", g, w, got, want);
    }
    Ok(())
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..64, 9)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn named_elementwise_functions(a in values(3, true), c in cuts()) {
        let x = lazy(&a, &c);
        close(&x.abs().compute().unwrap(), &a.mapv(f64::abs), 0.0)?;
        close(&x.exp().compute().unwrap(), &a.mapv(f64::exp), 0.0)?;
        close(&x.log().compute().unwrap(), &a.mapv(f64::ln), 0.0)?;
        close(&x.sqrt().compute().unwrap(), &a.mapv(f64::sqrt), 0.0)?;
        close(&x.sin().compute().unwrap(), &a.mapv(f64::sin), 0.0)?;
        close(&x.cos().compute().unwrap(), &a.mapv(f64::cos), 0.0)?;
        close(&(-&x).compute().unwrap(), &a.mapv(|v| -v), 0.0)?;
        close(&x.clip(-1.0, 2.0).compute().unwrap(), &a.mapv(|v| v.clamp(-1.0, 2.0)), 0.0)?;
        let ints = x.astype::<i64>().compute().unwrap();
        prop_assert_eq!(ints, a.mapv(|v| v as i64));
    }

    #[test]
    fn comparisons_and_where(a in values(3, true), c in cuts(), d in cuts(), s in -3.0f64..3.0) {
        prop_assume!(a.shape()[0] > 0);
        let x = lazy(&a, &c);
        // The first row, kept 1 long, broadcasts against the whole array.
        let row = a
            .slice_axis(Axis(0), ndarray::Slice::from(0..1))
            .to_owned();
        let y = lazy(&row, &d);
        let gt = x.greater(s).unwrap().compute().unwrap();
        prop_assert_eq!(&gt, &a.mapv(|v| v > s));
        let le = x.less_equal(&y).unwrap().compute().unwrap();
        let want = ndarray::Zip::from(&a).and_broadcast(&row).map_collect(|&p, &q| p <= q);
        prop_assert_eq!(&le, &want);
        let cond = x.greater(s).unwrap();
        let picked = where_(&cond, &x, &y).unwrap().compute().unwrap();
        let want = ndarray::Zip::from(&a).and_broadcast(&row).map_collect(|&p, &q| if p > s { p } else { q });
        close(&picked, &want, 0.0)?;
    }

    #[test]
    fn reductions_with_axes_keepdims_and_split_every(
        a in values(3, true), c in cuts(), pick in 0usize..8, keep in any::<bool>(), every in 2usize..6,
    ) {
        let x = lazy(&a, &c);
        let ndim = a.ndim();
        // A random non-empty set of axes, given as negative axes half of the time.
        let mut axes: Vec<usize> = (0..ndim).filter(|k| pick >> k & 1 == 1).collect();
        if axes.is_empty() { axes.push(pick % ndim); }
        let given: Vec<isize> = axes.iter().map(|&k| if pick % 2 == 0 { k as isize - ndim as isize } else { k as isize }).collect();
        let opts = ReduceOptions::new().axis(given).keepdims(keep).split_every(every);
        // Eager: every lane of the reduced axes folded by `f`.
        let eager = |f: &dyn Fn(ndarray::ArrayViewD<'_, f64>) -> f64| {
            // Move the reduced axes last, flatten them, reduce each lane.
            let kept: Vec<usize> = (0..ndim).filter(|k| !axes.contains(k)).collect();
            let order: Vec<usize> = kept.iter().chain(&axes).copied().collect();
            let p = a.view().permuted_axes(IxDyn(&order)).as_standard_layout().into_owned();
            let kept_shape: Vec<usize> = kept.iter().map(|&k| a.shape()[k]).collect();
            let lanes: usize = kept_shape.iter().product();
            let lane: usize = axes.iter().map(|&k| a.shape()[k]).product();
            let flat = p.into_shape_with_order((lanes, lane)).unwrap();
            let vals: Vec<f64> = flat.rows().into_iter().map(|r| f(r.into_dyn())).collect();
            let shape: Vec<usize> = if keep { (0..ndim).map(|k| if axes.contains(&k) { 1 } else { a.shape()[k] }).collect() } else { kept_shape };
            ArrayD::from_shape_vec(IxDyn(&shape), vals).unwrap()
        };
        let sum = x.reduce(Reduction::Sum, &opts).unwrap().compute().unwrap();
        close(&sum, &eager(&|r| r.sum()), 1e-12)?;
        let prod = x.reduce(Reduction::Prod, &opts).unwrap().compute().unwrap();
        close(&prod, &eager(&|r| r.product()), 1e-9)?;
        let nansum = x.reduce(Reduction::NanSum, &opts).unwrap().compute().unwrap();
        close(&nansum, &eager(&|r| r.iter().filter(|v| !v.is_nan()).sum()), 1e-12)?;
        let nanmean = x.reduce(Reduction::NanMean, &opts).unwrap().compute().unwrap();
        close(&nanmean, &eager(&|r| { let v: Vec<f64> = r.iter().copied().filter(|v| !v.is_nan()).collect(); v.iter().sum::<f64>() / v.len() as f64 }), 1e-12)?;
        let nanvar = x.reduce(Reduction::NanVar { ddof: 0 }, &opts).unwrap().compute().unwrap();
        close(&nanvar, &eager(&|r| {
            let v: Vec<f64> = r.iter().copied().filter(|v| !v.is_nan()).collect();
            let m = v.iter().sum::<f64>() / v.len() as f64;
            v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64
        }), 1e-9)?;
        let lane: usize = axes.iter().map(|&k| a.shape()[k]).product();
        let kept_len: usize = (0..ndim).filter(|k| !axes.contains(k)).map(|k| a.shape()[k]).product();
        let nanmax = x.reduce(Reduction::NanMax, &opts).unwrap().compute();
        if lane > 0 || kept_len == 0 {
            close(&nanmax.unwrap(), &eager(&|r| r.iter().copied().filter(|v| !v.is_nan()).fold(f64::NAN, f64::max)), 0.0)?;
        } else {
            prop_assert!(nanmax.is_err());
        }
        let any = x.any_with(&opts).unwrap().compute().unwrap();
        let want_any = eager(&|r| if r.iter().any(|&v| v != 0.0) { 1.0 } else { 0.0 });
        prop_assert_eq!(any.mapv(|b| if b { 1.0 } else { 0.0 }), want_any);
    }

    #[test]
    fn arg_reductions_with_split_every(a in values(3, false), c in cuts(), axis in 0usize..3, every in 2usize..6) {
        let axis = axis % a.ndim();
        prop_assume!(a.shape()[axis] > 0);
        let x = lazy(&a, &c);
        let opts = ReduceOptions::new().axis(axis).split_every(every);
        let got = x.arg_reduce(ArgReduction::ArgMax, &opts).unwrap().compute().unwrap();
        let want = a.map_axis(Axis(axis), |lane| {
            lane.iter().enumerate().fold((0usize, f64::NEG_INFINITY), |best, (i, &v)| if v > best.1 { (i, v) } else { best }).0 as i64
        });
        prop_assert_eq!(got, want);
    }

    #[test]
    fn cumulative_scans(a in values(3, false), c in cuts(), axis in 0usize..3) {
        let axis = axis % a.ndim();
        let x = lazy(&a, &c);
        let mut want = a.clone();
        want.accumulate_axis_inplace(Axis(axis), |&p, q| *q += p);
        close(&x.cumsum(axis as isize).unwrap().compute().unwrap(), &want, 1e-12)?;
        let mut want = a.clone();
        want.accumulate_axis_inplace(Axis(axis), |&p, q| *q *= p);
        close(&x.cumprod(axis as isize).unwrap().compute().unwrap(), &want, 1e-9)?;
    }

    #[test]
    fn reshape_ravel_squeeze_expand_dims(a in values(3, false), c in cuts(), split in 1usize..5) {
        let x = lazy(&a, &c);
        let flat: Vec<f64> = a.iter().copied().collect();
        let n = flat.len();
        let raveled = x.ravel().compute().unwrap();
        prop_assert_eq!(raveled.iter().copied().collect::<Vec<_>>(), flat.clone());
        // A new shape from a divisor of the length.
        let d = (1..=n.max(1)).filter(|d| n.is_multiple_of(*d)).nth(split % 3).unwrap_or(1);
        let target = if n == 0 { vec![0, 3] } else { vec![d, 1, n / d] };
        let want = ArrayD::from_shape_vec(IxDyn(&target), flat.clone()).unwrap();
        let y = x.reshape(&target).unwrap();
        close(&y.compute().unwrap(), &want, 0.0)?;
        // And back, from the new chunks.
        close(&y.reshape(a.shape()).unwrap().compute().unwrap(), &a, 0.0)?;
        let e = x.expand_dims(-1).unwrap();
        close(&e.compute().unwrap(), &a.clone().insert_axis(Axis(a.ndim())), 0.0)?;
        close(&e.squeeze(&[-1]).unwrap().compute().unwrap(), &a, 0.0)?;
    }

    #[test]
    fn concatenate_and_stack(a in values(3, false), c in cuts(), d in cuts(), axis in 0usize..3) {
        let axis = axis % a.ndim();
        let x = lazy(&a, &c);
        let y = lazy(&a.mapv(|v| v * 2.0), &d);
        let got = concatenate(&[&x, &y, &x], axis as isize).unwrap().compute().unwrap();
        let b = a.mapv(|v| v * 2.0);
        let want = ndarray::concatenate(Axis(axis), &[a.view(), b.view(), a.view()]).unwrap();
        close(&got, &want, 0.0)?;
        let got = stack(&[&x, &y], axis as isize).unwrap().compute().unwrap();
        let want = ndarray::stack(Axis(axis), &[a.view(), b.view()]).unwrap();
        close(&got, &want, 0.0)?;
        let wider: Vec<usize> = std::iter::once(2).chain(a.shape().iter().copied()).collect();
        let got = x.broadcast_to(&wider).unwrap().compute().unwrap();
        close(&got, &a.broadcast(IxDyn(&wider)).unwrap().to_owned(), 0.0)?;
    }

    #[test]
    fn tensordot_against_ndarray_dot(
        m in 0usize..6, k in 0usize..7, n in 1usize..6, c in cuts(), d in cuts(), every in 2usize..5,
        seed in 0u64..1000,
    ) {
        let f = |i: usize, j: usize, s: u64| ((i * 7 + j * 3 + s as usize) % 11) as f64 - 5.0;
        let a = ndarray::Array2::from_shape_fn((m, k), |(i, j)| f(i, j, seed));
        let b = ndarray::Array2::from_shape_fn((k, n), |(i, j)| f(j, i, seed + 1));
        let x = lazy(&a.clone().into_dyn(), &c);
        let y = lazy(&b.clone().into_dyn(), &d);
        let want = a.dot(&b).into_dyn();
        close(&tensordot_split_every(&x, &y, [1], [0], every).unwrap().compute().unwrap(), &want, 0.0)?;
        close(&x.dot(&y).unwrap().compute().unwrap(), &want, 0.0)?;
        // The transpose contracted over its first axis gives the same product.
        let xt = x.t();
        close(&tensordot(&xt, &y, [0], [0]).unwrap().compute().unwrap(), &want, 0.0)?;
        // Over both axes: the sum of the elementwise product of a with itself.
        let full = tensordot(&x, &x, [0, 1], [0, 1]).unwrap().compute_scalar().unwrap();
        prop_assert_eq!(full, a.iter().map(|v| v * v).sum::<f64>());
    }
}
