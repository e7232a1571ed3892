//! The memory estimate is an upper bound of what a compute really holds, on generated graphs.
//!
//! "Holds" is measured by [`ChunkMemory`], which follows the chunks the scheduler keeps (a chunk
//! lives from its task's start until its last reader finishes) during the real compute. The
//! graphs are small enough, and the workers few enough (1 or 2, this machine's cores), for the
//! estimate to examine every order the parallel scheduler can take (`exact`).

use std::sync::Arc;

use lazyarray::diagnostics::{ChunkMemory, estimate};
use lazyarray::{Array, ComputeOptions, Scheduler, random};
use proptest::prelude::*;

/// A random computation: a shape of 1 or 2 axes, a chunking, and one of a few operation chains.
fn computation() -> impl Strategy<Value = Array<f64>> {
    let shape = prop::collection::vec(1usize..=8, 1..=2);
    (shape, any::<u64>(), 0usize..6).prop_flat_map(|(shape, seed, op)| {
        let chunks = shape.iter().map(|&n| 1..=n).collect::<Vec<_>>();
        let chunks2 = shape.iter().map(|&n| 1..=n).collect::<Vec<_>>();
        (Just(shape), chunks, chunks2, Just(seed), Just(op)).prop_map(
            |(shape, chunks, chunks2, seed, op)| {
                let mut rng = random::default_rng(seed);
                let x = rng.normal(0.0, 1.0, &shape, chunks.as_slice()).unwrap();
                match op {
                    0 => x.sum(),
                    1 => x.mean_axis(0).unwrap(),
                    2 => x.map(|v| v * v).var(1),
                    3 => {
                        // Two chunkings: the sum realigns them first.
                        let y = rng.uniform(0.0, 1.0, &shape, chunks2.as_slice()).unwrap();
                        x.try_add(&y).unwrap().max()
                    }
                    4 => x.map(|v| v * 2.0).sum_axis(shape.len() - 1).unwrap(),
                    _ => x,
                }
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn estimate_bounds_the_measured_peak(
        array in computation(),
        workers in 1usize..=2,
        parallel in any::<bool>(),
        fuse in any::<bool>(),
    ) {
        // With fusion on, compute runs the fused graph: estimate and follow that one.
        let graph = if fuse { array.graph().fuse() } else { array.graph() };
        let opts = if parallel {
            ComputeOptions::new().workers(workers)
        } else {
            ComputeOptions::new().scheduler(Scheduler::Synchronous)
        }
        .fuse(fuse);
        let est = estimate(&graph, &opts);
        prop_assert_eq!(est.tasks, graph.len());
        prop_assert!(est.exact, "{}", est);
        let mem = Arc::new(ChunkMemory::new(&graph));
        array.compute_with(&opts.clone().callback(mem.clone())).unwrap();
        prop_assert!(mem.peak_bytes() <= est.peak_bytes, "measured {} > {}", mem.peak_bytes(), est);
        if !parallel || workers == 1 {
            // One order only: the estimate is what happens.
            prop_assert_eq!(mem.peak_bytes(), est.peak_bytes);
        }
    }
}
