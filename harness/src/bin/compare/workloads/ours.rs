//! The rows for our own crates: one function each.
//!
//! Each times only the work and runs the same check as the yardstick beside it.
//!
//! `ProcessPool`'s workers are this executable started again, so `main` (in `main.rs`) calls
//! `multiprocessing::worker_entry()` first thing, before it parses its arguments.

use super::{Outcome, Sizes};

/// Cell 2 on our thread `Pool`: the makespan should be the schedule's 1.9 s.
pub(crate) fn sleep_pool(s: &Sizes) -> Outcome {
    use super::sleep;
    let pool = multiprocessing::Pool::new(super::WORKERS).expect("2 workers");
    let start = std::time::Instant::now();
    let results = pool
        .map(
            |&(name, secs): &(&str, f64)| sleep::mp_worker(name, secs, s.sleep_scale),
            &sleep::DATA,
        )
        .expect("no task panics");
    Outcome::new(sleep::size(s), start.elapsed(), sleep::check(&results))
}

/// Pool overhead on our thread `Pool` (yardstick: `pool::rayon`).
pub(crate) fn pool_map(s: &Sizes) -> Outcome {
    use super::pool;
    let items = pool::items(s);
    let workers = multiprocessing::Pool::new(super::WORKERS).expect("2 workers");
    let start = std::time::Instant::now();
    let results = workers
        .map(|&x: &u64| pool::trivial(x), &items)
        .expect("no task panics");
    Outcome::new(s.pool_items, start.elapsed(), pool::check(s, &results))
}

/// Pool overhead on our `ProcessPool`. Its `map` sends one message per item, so, like the
/// Python row (`ProcessPoolExecutor.map` with Pool's chunk size), the items go in chunks of
/// `ceil(n / (4 * workers))`: a task is a `fn(Vec<u64>) -> Vec<u64>` over one chunk.
pub(crate) fn process_pool_map(s: &Sizes) -> Outcome {
    use super::pool;
    fn double_chunk(chunk: Vec<u64>) -> Vec<u64> {
        chunk.into_iter().map(pool::trivial).collect()
    }
    let items = pool::items(s);
    let chunksize = multiprocessing::default_chunksize(items.len(), super::WORKERS);
    let chunks: Vec<Vec<u64>> = items.chunks(chunksize).map(<[u64]>::to_vec).collect();
    let workers = multiprocessing::ProcessPool::new(super::WORKERS).expect("2 workers");
    workers
        .map(double_chunk, [vec![0], vec![1]])
        .expect("warm-up"); // as the Python script
    let start = std::time::Instant::now();
    let results = workers
        .map(double_chunk, chunks)
        .expect("no worker dies")
        .concat();
    Outcome::new(s.pool_items, start.elapsed(), pool::check(s, &results))
}

/// Cell 4 on our thread `Pool`, streaming (yardstick: `powers::rayon_stream`).
pub(crate) fn powers_pool(s: &Sizes) -> Outcome {
    use super::powers;
    let workers = multiprocessing::Pool::new(super::WORKERS).expect("2 workers");
    let n = s.powers_len;
    let start = std::time::Instant::now();
    let means = workers
        .map(
            |p: i32| powers::streamed_mean(p, n, 1000 + p as u64),
            powers::POWERS,
        )
        .expect("no task panics");
    powers::outcome(s, start.elapsed(), &means)
}

/// `threading::Queue`, one producer and one consumer (yardstick: crossbeam-channel).
pub(crate) fn queue_1x1(s: &Sizes) -> Outcome {
    let q = threading::Queue::<Option<u64>>::new();
    let put = |item| q.put(item).expect("the queue is not shut down");
    super::queue::move_items(1, 1, s.queue_items, put, || q.get().ok().flatten())
}

/// `threading::Queue`, four producers and four consumers (yardstick: crossbeam-channel).
pub(crate) fn queue_4x4(s: &Sizes) -> Outcome {
    let q = threading::Queue::<Option<u64>>::new();
    let put = |item| q.put(item).expect("the queue is not shut down");
    super::queue::move_items(4, 4, s.queue_items, put, || q.get().ok().flatten())
}

/// The notebook's `normal((1000, 1000), chunks=(100, 100)).mean()` with lazyarray.
pub(crate) fn dask_small_lazyarray(s: &Sizes) -> Outcome {
    lazyarray_mean(s.dask_small)
}

/// 20000×20000 in 1000×1000 chunks with lazyarray: the memory figure is the point.
pub(crate) fn dask_large_lazyarray(s: &Sizes) -> Outcome {
    lazyarray_mean(s.dask_large)
}

/// `normal((side, side), chunks=(chunk, chunk)).mean()` on two workers; the chunks are made,
/// reduced and freed as the scheduler goes, so memory stays at a few chunks per worker.
fn lazyarray_mean(size: (usize, usize)) -> Outcome {
    let options = lazyarray::ComputeOptions::new().workers(super::WORKERS);
    super::dask::timed(size, |(side, chunk)| {
        let mut rng = lazyarray::random::default_rng(17);
        let y = rng
            .normal(0.0, 1.0, [side, side], [chunk, chunk])
            .expect("the catalogue's chunks fit its shapes");
        y.mean()
            .compute_scalar_with(&options)
            .expect("a mean of valid chunks computes")
    })
}
