//! `book/src/lazy/mu0.dot` is lazyarray's `to_dot` of the graph of `mu[0]` (example
//! `diagnostics_dot`), kept beside the task-graph page's picture for Graphviz users. This test
//! fails when lazyarray's graph of `mu[0]` or its DOT output changes and the committed file was
//! not regenerated. (The picture itself, `mu0.svg`, is drawn by the `mu0_svg` example.)

use lazyarray::diagnostics::to_dot;
use lazyarray::random::default_rng;

#[test]
fn mu0_dot_is_up_to_date() {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .unwrap();
    let graph = y.mean_axis(0).unwrap().at(0).unwrap().graph();
    let committed = include_str!("../../src/lazy/mu0.dot");
    assert!(
        committed == to_dot(&graph),
        "book/src/lazy/mu0.dot is stale: regenerate it with \
         `cargo run -p lazyarray --example diagnostics_dot > book/src/lazy/mu0.dot`"
    );
}
