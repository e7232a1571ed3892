//! Reprs and graph summaries, as reviewed snapshots.

use lazyarray::random::default_rng;
use lazyarray::{Slice, arange, ones, zeros};

#[test]
fn reprs() {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .unwrap();
    let mu = y.mean_axis(0).unwrap();
    let lines = [
        y.to_string(),
        mu.to_string(),
        mu.at(0).unwrap().to_string(),
        y.mean().to_string(),
        zeros([1050, 1000], [100, 100]).unwrap().to_string(),
        ones([7], -1).unwrap().to_string(),
        arange(0.0, 10.0, 0.5, 6).unwrap().to_string(),
        y.argmax_axis(1).unwrap().to_string(),
        y.t().rechunk([250, 500]).unwrap().to_string(),
        y.slice(&[Slice::from(10..500).step_by(7)])
            .unwrap()
            .to_string(),
        (&(&y * 2.0) + &y.rechunk(300).unwrap())
            .unwrap()
            .to_string(),
    ];
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn graph_summaries() {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .unwrap();
    let summaries = [
        y.graph().summary(),
        y.mean().graph().summary(),
        y.mean_axis(0).unwrap().graph().summary(),
        y.mean_axis(0).unwrap().at(0).unwrap().graph().summary(),
        y.var_axis(1, 1).unwrap().graph().summary(),
        (&y + &y.rechunk([250, 1000]).unwrap())
            .unwrap()
            .graph()
            .summary(),
        y.t().at(3).unwrap().graph().summary(),
    ];
    insta::assert_snapshot!(summaries.join("\n"));
}

#[test]
fn task_keys_of_a_small_graph() {
    let y = default_rng(0).normal(0.0, 1.0, [4, 4], [2, 2]).unwrap();
    let g = y.sum().graph();
    let lines: Vec<String> = g
        .tasks()
        .iter()
        .map(|t| {
            format!(
                "{} {} deps={:?} bytes={}",
                t.id(),
                t.key(),
                t.deps(),
                t.bytes()
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
