// ANCHOR: tests
//! Tests of the chunk-invariant random numbers exercise.
use exercises::la4_random::{normal_at, normal_block, normal_chunked, uniform_at};
use ndarray::s;

#[test]
fn uniforms_are_in_range_and_depend_only_on_seed_and_index() {
    for i in 0..10_000 {
        let u = uniform_at(7, i);
        assert!((0.0..1.0).contains(&u), "{u}");
        assert_eq!(u, uniform_at(7, i), "a pure function");
    }
    assert_ne!(
        uniform_at(7, 0),
        uniform_at(8, 0),
        "seeds give different streams"
    );
    assert_ne!(uniform_at(7, 0), uniform_at(7, 1));
}

#[test]
fn uniforms_look_uniform() {
    // 100,000 draws in 10 bins: each bin holds 10,000 ± a few hundred (sd is about
    // 95).
    let mut bins = [0usize; 10];
    for i in 0..100_000 {
        bins[(uniform_at(42, i) * 10.0) as usize] += 1;
    }
    for (b, &n) in bins.iter().enumerate() {
        assert!((9_500..10_500).contains(&n), "bin {b} holds {n}");
    }
}

#[test]
fn normals_have_mean_0_and_variance_1() {
    let n = 200_000;
    let xs: Vec<f64> = (0..n).map(|i| normal_at(1, i)).collect();
    assert!(xs.iter().all(|x| x.is_finite()));
    let mean = xs.iter().sum::<f64>() / n as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    // Standard errors: 1/sqrt(n) = 0.0022 for the mean, about 0.0032 for the
    // variance.
    assert!(mean.abs() < 0.012, "mean {mean}");
    assert!((var - 1.0).abs() < 0.02, "variance {var}");
}

#[test]
fn a_block_holds_the_elements_of_its_place() {
    let block = normal_block(3, (10, 20), (4, 5), (2, 3));
    assert_eq!(block.dim(), (2, 3));
    assert_eq!(block[[0, 0]], normal_at(3, 4 * 20 + 5));
    assert_eq!(block[[1, 2]], normal_at(3, 5 * 20 + 7));
}

// ANCHOR: invariance
#[test]
fn the_array_does_not_depend_on_its_chunks() {
    let shape = (60, 45);
    let whole = normal_chunked(9, shape, (60, 45));
    for chunks in [(10, 10), (7, 13), (1, 45), (60, 1), (100, 100)] {
        assert_eq!(normal_chunked(9, shape, chunks), whole, "chunks {chunks:?}");
    }
    // Nor on the number of threads.
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert_eq!(
        one_thread.install(|| normal_chunked(9, shape, (7, 7))),
        whole
    );
    // And a block is the matching slice of the whole.
    assert_eq!(
        normal_block(9, shape, (20, 30), (10, 15)),
        whole.slice(s![20..30, 30..45])
    );
    assert_ne!(normal_chunked(10, shape, (10, 10)), whole, "another seed");
}
// ANCHOR_END: invariance
// ANCHOR_END: tests
