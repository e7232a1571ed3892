//! Absurd sizes are typed errors naming the values, checked before anything is allocated; long
//! chains drop without recursion; reductions without an identity refuse empty input.

#[allow(dead_code)]
mod common;

use std::time::Duration;

use lazyarray::diagnostics::{FakeClock, ProgressBar};
use lazyarray::{
    ChunkError, ComputeError, ComputeOptions, DEFAULT_CHUNK_LIMIT, TaskError, arange, full, ones,
    zeros,
};

#[test]
fn sizes_that_overflow_are_refused_at_creation() {
    // 1e600 elements: more bytes than a usize holds.
    let e = arange(0.0, 1e300, 1e-300, 4).unwrap_err();
    assert!(matches!(e, ChunkError::TooLarge { itemsize: 8, .. }), "{e}");
    // 2^62 float64s are 2^65 bytes.
    let e = zeros([1 << 62], 1usize << 62).unwrap_err();
    assert_eq!(
        e,
        ChunkError::TooLarge {
            shape: vec![1 << 62],
            itemsize: 8
        }
    );
    assert!(e.to_string().contains(&(1usize << 62).to_string()), "{e}");
    // Explicit sizes whose sum wraps.
    let e = ones([1], vec![vec![usize::MAX, 2]]).unwrap_err();
    assert_eq!(
        e,
        ChunkError::SumOverflow {
            axis: 0,
            sizes: vec![usize::MAX, 2]
        }
    );
    // 2^60 blocks of one element: the list of sizes alone would be 8 EiB.
    let e = full([1 << 60], 1, 0u8 as f32).unwrap_err();
    assert!(
        matches!(&e, ChunkError::TooManyBlocks { numblocks, .. } if numblocks == &[1 << 60]),
        "{e}"
    );
}

#[test]
fn block_indices_are_not_listed_at_creation() {
    // 2^16 x 2^16 x 2^12 = 2^44 blocks: listing them would take hundreds of terabytes.
    let x = zeros([1 << 20, 1 << 20, 1 << 16], [16, 16, 16]).unwrap();
    assert_eq!(x.numblocks(), vec![1 << 16, 1 << 16, 1 << 12]);
    // A compute culls down to the one block it needs.
    let v = (&x + 2.0).at(7).unwrap().at(-1).unwrap().at(3).unwrap();
    assert_eq!(
        v.graph().summary(),
        "5 tasks: zeros 1, add 1, getitem 1, getitem#1 1, getitem#2 1"
    );
    assert_eq!(v.compute_scalar().unwrap(), 2.0);
}

#[test]
fn a_chunk_over_the_limit_is_refused_before_it_is_allocated() {
    // One 16 GiB chunk.
    let x = zeros([1 << 31], 1usize << 31).unwrap();
    match x.sum().compute() {
        Err(ComputeError::ChunkTooLarge { key, bytes, limit }) => {
            assert_eq!(
                (key.as_str(), bytes, limit),
                ("zeros-(0,)", 1 << 34, DEFAULT_CHUNK_LIMIT)
            );
        }
        other => panic!("{other:?}"),
    }
    // The limit is the user's: a lower one refuses smaller chunks.
    let small = ones([1000], 500).unwrap();
    let opts = ComputeOptions::new().chunk_limit(1000);
    assert!(matches!(
        small.compute_with(&opts),
        Err(ComputeError::ChunkTooLarge {
            bytes: 4000,
            limit: 1000,
            ..
        })
    ));
    assert_eq!(
        small
            .sum()
            .compute_scalar_with(&opts.chunk_limit(4000))
            .unwrap(),
        1000.0
    );
}

#[test]
fn a_memory_estimate_of_more_than_usize_max_saturates() {
    // float32 chunks of 2^62 bytes: the sum of every chunk in the graph is past 2^64.
    let x = full([1 << 61], 1usize << 60, 0.0f32).unwrap();
    let y = x.map(|v| v + 1.0).map(|v| v * 2.0);
    let opts = ComputeOptions::new().memory_limit(1 << 30);
    let est = y.sum().estimate(&opts);
    assert_eq!((est.peak_bytes, est.exact), (usize::MAX, false));
    let unlimited = opts.chunk_limit(usize::MAX);
    assert!(matches!(
        y.sum().compute_with(&unlimited),
        Err(ComputeError::MemoryLimit(_))
    ));
}

#[test]
fn a_progress_bar_of_any_width_and_a_clock_at_its_end_do_not_panic() {
    let out = common::Buffer::default();
    let total = ProgressBar::new()
        .width(usize::MAX)
        .out(out.clone())
        .run(|| ones([4], 2).unwrap().sum().compute_scalar().unwrap());
    assert_eq!(total, 4.0);
    let text = out.text();
    let widest = ProgressBar::MAX_WIDTH;
    assert!(text.contains(&"#".repeat(widest)) && !text.contains(&"#".repeat(widest + 1)));

    let clock = FakeClock::new();
    clock.advance(Duration::MAX);
    clock.advance(Duration::MAX);
    assert_eq!(clock.now(), Duration::MAX);
}

#[test]
fn a_million_long_chain_drops_on_a_small_stack() {
    let chain = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let mut y = ones([1], 1).unwrap();
            for _ in 0..1_000_000 {
                y = &y + 1.0;
            }
            assert_eq!(y.shape(), &[1]);
            drop(y);
        })
        .unwrap();
    chain
        .join()
        .expect("dropping the chain overflowed the stack");
}

#[test]
fn reductions_without_identity_refuse_empty_arrays() {
    let empty = zeros([3, 0], 2).unwrap();
    let op_of = |r: Result<ndarray::ArrayD<f64>, ComputeError>| match r {
        Err(ComputeError::Task {
            error: TaskError::EmptyReduction { op },
            ..
        }) => op,
        other => panic!("{other:?}"),
    };
    assert_eq!(op_of(empty.min().compute()), "min");
    assert_eq!(op_of(empty.max_axis(1).unwrap().compute()), "max");
    for (arg, name) in [(empty.argmin(), "argmin"), (empty.argmax(), "argmax")] {
        match arg.compute() {
            Err(ComputeError::Task {
                error: TaskError::EmptyReduction { op },
                ..
            }) => assert_eq!(op, name),
            other => panic!("{other:?}"),
        }
    }
    // Over an axis that is not empty, each of the zero lanes is fine: an empty result.
    assert_eq!(empty.min_axis(0).unwrap().compute().unwrap().len(), 0);
    // Reductions with an identity keep NumPy's answers.
    assert_eq!(empty.sum().compute_scalar().unwrap(), 0.0);
    assert!(empty.mean().compute_scalar().unwrap().is_nan());
}

#[test]
fn zero_length_chunks_and_dask_shorthands_are_accepted() {
    // dask: ((12, 12), (24, 0)) for a 24 x 24 array.
    let x = ones([24, 24], vec![vec![12, 12], vec![24, 0]]).unwrap();
    assert_eq!(x.chunks(), &[vec![12, 12], vec![24, 0]]);
    assert_eq!(x.sum().compute_scalar().unwrap(), 576.0);
    assert_eq!(x.compute().unwrap().shape(), &[24, 24]);
    assert_eq!(
        x.rechunk(5)
            .unwrap()
            .sum_axis(1)
            .unwrap()
            .compute()
            .unwrap()
            .sum(),
        576.0
    );
    // A flat list of sizes on a 1-d shape.
    let y = arange(0.0, 12.0, 1.0, [5, 5, 2]).unwrap();
    assert_eq!(y.chunks(), &[vec![5, 5, 2]]);
    assert_eq!(y.sum().compute_scalar().unwrap(), 66.0);
    // `()` on an all-zero shape; `(1,)` on a 0-d one.
    let z = zeros([0, 0], Vec::<usize>::new()).unwrap();
    assert_eq!(z.chunks(), &[vec![0], vec![0]]);
    let s = full([], [1], 7.0).unwrap();
    assert_eq!(s.chunks(), &[] as &[Vec<usize>]);
    assert_eq!(s.compute_scalar().unwrap(), 7.0);
}
