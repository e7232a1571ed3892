//! The task-graph page shows `book/src/lazy/mu0.svg`, drawn by Graphviz from
//! `book/src/lazy/mu0.dot`, which lazyarray's `to_dot` wrote (example `diagnostics_dot`). This
//! test fails when lazyarray's graph of `mu[0]` or its DOT output changes and the committed
//! file was not regenerated. Graphviz is not needed to run it; only to redraw the SVG.

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
        "book/src/lazy/mu0.dot is stale: regenerate it and the picture with \
         `cargo run -p lazyarray --example diagnostics_dot > book/src/lazy/mu0.dot && \
         dot -Tsvg book/src/lazy/mu0.dot -o book/src/lazy/mu0.svg`"
    );
}
