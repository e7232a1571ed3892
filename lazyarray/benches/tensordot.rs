//! `tensordot` of two 4000×4000 arrays in 500×500 blocks, beside ndarray's `dot` on the whole
//! arrays (matrixmultiply on one thread).
//!
//! ```python
//! x = da.from_array(a, chunks=(500, 500)); y = da.from_array(b, chunks=(500, 500))
//! da.tensordot(x, y, axes=([1], [0])).compute()
//! ```
//!
//! Run with `cargo bench -p lazyarray --bench tensordot`. Both start from the same two
//! in-memory ndarrays; lazyarray's time includes cutting them into blocks, the 512 block
//! products and the tree sum over the 8 contracted blocks, on all cores.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lazyarray::{from_ndarray, tensordot};
use ndarray::Array2;

const N: usize = 4000;
const BLOCK: usize = 500;

fn inputs() -> (Array2<f64>, Array2<f64>) {
    let a = Array2::from_shape_fn((N, N), |(i, j)| ((i * 31 + j * 17) % 101) as f64 / 101.0);
    let b = Array2::from_shape_fn((N, N), |(i, j)| ((i * 13 + j * 7) % 97) as f64 / 97.0);
    (a, b)
}

fn products(c: &mut Criterion) {
    let (a, b) = inputs();
    let x = from_ndarray(a.clone(), [BLOCK, BLOCK]).unwrap();
    let y = from_ndarray(b.clone(), [BLOCK, BLOCK]).unwrap();
    // The two agree before anything is timed.
    let lazy = tensordot(&x, &y, [1], [0]).unwrap().compute().unwrap();
    let eager = a.dot(&b).into_dyn();
    let worst = lazy
        .iter()
        .zip(&eager)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-6, "tensordot and dot differ by {worst}");

    let mut g = c.benchmark_group("tensordot 4000x4000 (500x500)");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.bench_function("lazyarray", |bench| {
        bench.iter(|| black_box(tensordot(&x, &y, [1], [0]).unwrap().compute().unwrap()))
    });
    g.bench_function("ndarray dot", |bench| bench.iter(|| black_box(a.dot(&b))));
    g.finish();
}

criterion_group!(benches, products);
criterion_main!(benches);
