//! Culling: computing `mu[0]` runs only the first block column's tasks.

use lazyarray::random::default_rng;

// ANCHOR: mu0_counts
/// Tasks for `mu[0]` with `mu = y.mean(axis=0)`, `y` of `rows` × 10 blocks of 100 × 100.
fn mu0_tasks(rows: usize) -> (usize, String) {
    let y = default_rng(0)
        .normal(0.0, 1.0, [rows * 100, 1000], [100, 100])
        .unwrap();
    let mu = y.mean_axis(0).unwrap();
    let g = mu.at(0).unwrap().graph();
    (g.len(), g.summary())
}

#[test]
fn mu0_task_counts_match_dask_before_fusion() {
    // dask: 10, 14, 25, 38 (creation + chunk means + combines + aggregate + getitem).
    assert_eq!(
        mu0_tasks(4),
        (
            10,
            "10 tasks: normal 4, mean-chunk 4, mean 1, getitem 1".into()
        )
    );
    assert_eq!(mu0_tasks(5).0, 14);
    assert_eq!(
        mu0_tasks(10),
        (
            25,
            "25 tasks: normal 10, mean-chunk 10, mean-combine 3, mean 1, getitem 1".into()
        )
    );
    assert_eq!(mu0_tasks(16).0, 38);
}
// ANCHOR_END: mu0_counts

#[test]
fn culled_graph_gives_the_full_graphs_value() {
    let y = default_rng(3)
        .normal(0.0, 1.0, [500, 300], [100, 100])
        .unwrap();
    let mu = y.mean_axis(0).unwrap();
    let full = mu.compute().unwrap();
    let first = mu.at(0).unwrap().compute_scalar().unwrap();
    assert_eq!(first, full[[0]]);
    // The full graph: 15 normal, 15 chunk means, 6 combines (2 per column), 3 aggregates.
    assert_eq!(mu.graph().len(), 15 + 15 + 6 + 3);
}

#[test]
fn graph_ids_are_a_topological_priority_order() {
    let y = default_rng(3)
        .normal(0.0, 1.0, [400, 400], [100, 100])
        .unwrap();
    let z = (&y + &y.t()).unwrap().sum_axis(1).unwrap();
    let g = z.graph();
    for t in g.tasks() {
        assert!(t.deps().iter().all(|&d| d < t.id()), "{t:?}");
    }
    // Depth first: the first block's producers come right before their consumer.
    assert_eq!(g.tasks()[0].key(), "normal-(0, 0)");
    assert_eq!(g.outputs().len(), 4);
}

#[test]
fn fusing_linear_chains_keeps_the_value_with_fewer_tasks() {
    use lazyarray::ComputeOptions;
    let y = default_rng(4)
        .normal(0.0, 1.0, [400, 300], [100, 100])
        .unwrap();
    let z = (&y * 2.0 + 1.0).powi(2).mean_axis(0).unwrap();
    let plain = z.graph();
    let fused = plain.fuse();
    // normal → mul → add → powi → mean-chunk: one task per block instead of five.
    assert_eq!(plain.len(), 12 * 5 + 3);
    assert_eq!(fused.len(), 12 + 3);
    for t in fused.tasks() {
        assert!(t.deps().iter().all(|&d| d < t.id()));
    }
    let a = z.compute().unwrap();
    let b = z.compute_with(&ComputeOptions::new().fuse(true)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn fused_tasks_report_their_peak_bytes() {
    let y = default_rng(4)
        .normal(0.0, 1.0, [200, 100], [100, 100])
        .unwrap();
    let z = (&y * 2.0).sum();
    let plain = z.graph();
    assert!(plain.tasks().iter().all(|t| t.peak_bytes() == t.bytes()));
    let fused = plain.fuse();
    // normal (80 kB) → mul (80 kB) → sum-chunk (8 B): mul runs while normal's chunk is alive.
    let chunk = 100 * 100 * 8;
    let first = &fused.tasks()[0];
    assert_eq!(first.key(), "sum-chunk-(0, 0)");
    assert_eq!(first.bytes(), 8);
    assert_eq!(first.peak_bytes(), 2 * chunk);
}
