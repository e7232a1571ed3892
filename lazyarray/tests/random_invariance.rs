//! The same seed gives the same numbers whatever the chunks and however many workers.

use lazyarray::random::default_rng;
use lazyarray::{ComputeOptions, Scheduler};
use proptest::prelude::*;

fn chunks_for(shape: &[usize], seeds: &[usize]) -> Vec<usize> {
    shape.iter().zip(seeds).map(|(&n, &s)| 1 + s % n).collect()
}

// ANCHOR: invariance
proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn normal_and_uniform_ignore_chunks_and_workers(
        shape in prop::collection::vec(1usize..12, 1..=3),
        seeds_a in prop::collection::vec(0usize..12, 3),
        seeds_b in prop::collection::vec(0usize..12, 3),
        seed in any::<u64>(),
        workers in 1usize..5,
    ) {
        let (ca, cb) = (chunks_for(&shape, &seeds_a), chunks_for(&shape, &seeds_b));
        let sync = ComputeOptions::new().scheduler(Scheduler::Synchronous);
        let par = ComputeOptions::new().workers(workers);

        let a = default_rng(seed).normal(1.0, 2.0, &shape, ca.clone()).unwrap().compute_with(&sync).unwrap();
        let b = default_rng(seed).normal(1.0, 2.0, &shape, cb.clone()).unwrap().compute_with(&par).unwrap();
        prop_assert_eq!(&a, &b);

        let u = default_rng(seed).uniform(-1.0, 3.0, &shape, ca).unwrap().compute_with(&par).unwrap();
        let v = default_rng(seed).uniform(-1.0, 3.0, &shape, cb).unwrap().compute_with(&sync).unwrap();
        prop_assert_eq!(&u, &v);
        prop_assert!(u.iter().all(|&x| (-1.0..3.0).contains(&x)));
    }
}
// ANCHOR_END: invariance

#[test]
fn different_seeds_and_successive_calls_differ() {
    let a = default_rng(1)
        .normal(0.0, 1.0, [100], 10)
        .unwrap()
        .compute()
        .unwrap();
    let b = default_rng(2)
        .normal(0.0, 1.0, [100], 10)
        .unwrap()
        .compute()
        .unwrap();
    assert_ne!(a, b);
    let mut rng = default_rng(1);
    let first = rng.normal(0.0, 1.0, [100], 10).unwrap().compute().unwrap();
    let second = rng.normal(0.0, 1.0, [100], 10).unwrap().compute().unwrap();
    assert_eq!(first, a);
    assert_ne!(first, second);
}

#[test]
fn loc_and_scale_shift_and_stretch_the_same_draws() {
    let z = default_rng(5)
        .normal(0.0, 1.0, [50, 50], 7)
        .unwrap()
        .compute()
        .unwrap();
    let x = default_rng(5)
        .normal(3.0, 2.0, [50, 50], 50)
        .unwrap()
        .compute()
        .unwrap();
    for (a, b) in z.iter().zip(&x) {
        assert!((3.0 + 2.0 * a - b).abs() < 1e-12);
    }
}

#[test]
fn a_big_sample_has_normal_moments() {
    // 10^6 draws: mean within 5 standard errors (5/1000) of 0, variance within 5·sqrt(2/n) of 1.
    let y = default_rng(2024)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .unwrap();
    let mean = y.mean().compute_scalar().unwrap();
    let var = y.var(0).compute_scalar().unwrap();
    assert!(mean.abs() < 5.0 / 1000.0, "{mean}");
    assert!((var - 1.0).abs() < 5.0 * (2.0f64 / 1e6).sqrt(), "{var}");
}
