//! Element types other than `f64`: the same code works for `f32` and (without arithmetic) `i64`.

use lazyarray::{Array, from_ndarray, full};
use ndarray::{ArrayD, IxDyn};

#[test]
fn f32_arrays_compute_in_f32() {
    let a = ArrayD::from_shape_fn(IxDyn(&[6, 4]), |i| (i[0] * 4 + i[1]) as f32);
    let x: Array<f32> = from_ndarray(a.clone(), [4, 3]).unwrap();
    assert_eq!(x.dtype(), "float32");
    assert_eq!(
        x.to_string(),
        "lazyarray<array, shape=(6, 4), dtype=float32, chunksize=(4, 3)>"
    );
    let y = (&x * 2.0f32).powi(2);
    assert_eq!(y.compute().unwrap(), a.mapv(|v| (v * 2.0).powi(2)));
    assert_eq!(x.sum().compute_scalar().unwrap(), 276.0f32);
    assert_eq!(
        x.mean_axis(0).unwrap().compute().unwrap(),
        a.mean_axis(ndarray::Axis(0)).unwrap()
    );
}

#[test]
fn i64_arrays_index_rechunk_and_map() {
    let x: Array<i64> = full([5, 5], 2, 3i64).unwrap();
    assert_eq!(x.dtype(), "int64");
    let y = x
        .rechunk([5, 1])
        .unwrap()
        .t()
        .at(2)
        .unwrap()
        .map(|v| v * 10);
    assert_eq!(
        y.compute().unwrap().as_slice().unwrap(),
        &[30, 30, 30, 30, 30]
    );
    // Arithmetic reductions need a float; cast with `map` first.
    assert_eq!(x.map(|v| v as f64).sum().compute_scalar().unwrap(), 75.0);
}

#[test]
fn arrays_and_graphs_cross_threads() {
    fn send_sync<X: Send + Sync>() {}
    send_sync::<Array<f64>>();
    send_sync::<Array<i64>>();
    send_sync::<lazyarray::Graph>();
    send_sync::<lazyarray::ComputeOptions>();
    // And so computing from several threads at once works.
    let x = full([100, 10], 10, 1.5f64).unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| x.sum().compute_scalar().unwrap()))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 1500.0);
        }
    });
}
