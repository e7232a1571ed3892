//! What the diagnostics cost: the notebook's `Y.mean().compute()` with none, with a Profiler,
//! with a ProgressBar (drawing to a sink), and with all of them plus a ResourceProfiler.
//!
//! ```python
//! with ProgressBar():
//!     mu = Y.mean().compute()
//! ```
//!
//! Run with `cargo bench -p lazyarray --bench diagnostics_overhead`. All variants compute the
//! same value from the same seed; the first one is the baseline ("cost nothing when none is
//! active").

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lazyarray::ComputeOptions;
use lazyarray::diagnostics::{Callback, Profiler, ProgressBar, ResourceProfiler};
use lazyarray::random::default_rng;

/// Makes the callbacks for one compute (fresh each time, like a new `with` block).
type Make = Box<dyn Fn() -> Vec<Arc<dyn Callback>>>;

fn overhead(c: &mut Criterion) {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .expect("valid chunks");
    let mean = y.mean();
    let expected = mean.compute_scalar().expect("computes");

    let bar = || -> Arc<dyn Callback> { Arc::new(ProgressBar::new().out(std::io::sink())) };
    let variants: Vec<(&str, Make)> = vec![
        ("none", Box::new(Vec::new)),
        (
            "profiler",
            Box::new(|| vec![Arc::new(Profiler::new()) as Arc<dyn Callback>]),
        ),
        ("progress_bar", Box::new(move || vec![bar()])),
        (
            "all",
            Box::new(move || {
                vec![
                    bar(),
                    Arc::new(Profiler::new()),
                    Arc::new(ResourceProfiler::new()),
                ]
            }),
        ),
    ];

    let mut group = c.benchmark_group("diagnostics_overhead_mean_1000x1000");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for (name, make) in &variants {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let opts = make()
                    .into_iter()
                    .fold(ComputeOptions::new(), |o, cb| o.callback(cb));
                let mu = mean.compute_scalar_with(&opts).expect("computes");
                assert_eq!(mu, expected);
                black_box(mu)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
