//! How long `estimate` takes, and whether it is exact, on a few graphs and worker counts.
//!
//! `cargo run --release -p lazyarray --example diagnostics_estimate_cost`

use std::time::Instant;

use lazyarray::diagnostics::estimate;
use lazyarray::{ComputeOptions, random};

fn main() {
    let cases: [(&str, [usize; 2], [usize; 2]); 4] = [
        ("12x12 in 2x2 (sum)", [12, 12], [2, 2]),
        ("2 in 1 (sum)", [2, 1], [1, 1]),
        (
            "notebook 1000x1000 in 100x100 (mean)",
            [1000, 1000],
            [100, 100],
        ),
        (
            "20000x20000 in 1000x1000 (mean)",
            [20000, 20000],
            [1000, 1000],
        ),
    ];
    for (name, shape, chunks) in cases {
        let y = random::default_rng(0)
            .normal(0.0, 1.0, shape, chunks.as_slice())
            .unwrap()
            .mean();
        let graph = y.graph();
        for workers in 1..=4 {
            let t = Instant::now();
            let est = estimate(&graph, &ComputeOptions::new().workers(workers));
            println!("{name}: {est} [{:?}]", t.elapsed());
        }
    }
}
