//! Numerically careful reductions: pairwise sums and Chan's merge of variances.

use lazyarray::{Reduction, arange};

#[test]
fn variance_survives_a_large_offset() {
    // 1e9 + k/1000 for k in 0..1000: the textbook E[x²] − E[x]² loses every digit here.
    let n: f64 = 1000.0;
    let x = &arange(0.0, n, 1.0, 7).unwrap() / 1000.0 + 1e9;
    let want = (n * n - 1.0) / 12.0 * 1e-6;
    for split_every in [2, 4, 16] {
        let got = x
            .reduction(Reduction::Var { ddof: 0 }, &[0], split_every)
            .unwrap()
            .compute_scalar()
            .unwrap();
        assert!((got - want).abs() < 1e-6 * want, "{got} vs {want}");
    }
}

#[test]
fn pairwise_sum_of_many_small_values() {
    // 10^6 times 0.1: naive left-to-right summation drifts by ~1e-6 relative; pairwise stays
    // within a few ulps of the exact 100000.
    let x = lazyarray::full([1_000_000], 1_000_000, 0.1f64).unwrap();
    let got = x.sum().compute_scalar().unwrap();
    assert!((got - 100_000.0).abs() < 1e-9, "{got}");
}
