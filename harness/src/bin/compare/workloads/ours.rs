//! The rows for our own crates: one function each.
//!
//! The crates are being written on other branches, so these return [`NotWired`] (shown as
//! "not yet wired" in the table, never a number). To wire one, replace its body with the sketch
//! in its comment, adjusted to the crate's real API: time only the work, run the same check as
//! the yardstick beside it (the helpers named in each sketch), and return the [`Outcome`].
//!
//! `ProcessPool` re-runs the current executable as its worker: if it needs a hook at the start
//! of `main` (an `init()` call, like procspawn's), add it first thing in `compare.rs`'s `main`.

use super::{NotWired, Outcome, Sizes};

/// Cell 2 on our thread `Pool`: the makespan should be the schedule's 1.9 s.
pub(crate) fn sleep_pool(s: &Sizes) -> Result<Outcome, NotWired> {
    // use super::sleep;
    // let pool = multiprocessing::Pool::new(super::WORKERS)?;           // map the error to a panic
    // let start = std::time::Instant::now();
    // let results = pool.map(|&(name, secs)| sleep::mp_worker(name, secs, s.sleep_scale),
    //                        &sleep::DATA).expect("no task panics");
    // Ok(Outcome::new(sleep::size(s), start.elapsed(), sleep::check(&results)))
    let _ = s;
    Err(NotWired("multiprocessing::Pool::map"))
}

/// Pool overhead on our thread `Pool` (yardstick: `pool::rayon`).
pub(crate) fn pool_map(s: &Sizes) -> Result<Outcome, NotWired> {
    // use super::pool;
    // let items = pool::items(s);
    // let workers = multiprocessing::Pool::new(super::WORKERS).expect("2 workers");
    // let start = std::time::Instant::now();
    // let results = workers.map(|&x| pool::trivial(x), &items).expect("no task panics");
    // Ok(Outcome::new(s.pool_items, start.elapsed(), pool::check(s, &results)))
    let _ = s;
    Err(NotWired("multiprocessing::Pool::map"))
}

/// Pool overhead on our `ProcessPool`: tasks are `fn` items over serde types, sent over pipes
/// (Python's counterpart: `ProcessPoolExecutor` with Pool's chunk size).
pub(crate) fn process_pool_map(s: &Sizes) -> Result<Outcome, NotWired> {
    // use super::pool;
    // let items = pool::items(s);
    // let workers = multiprocessing::ProcessPool::new(super::WORKERS).expect("2 workers");
    // workers.map(pool::trivial, vec![0, 1]).expect("warm-up");   // workers started, like Python
    // let start = std::time::Instant::now();
    // let results: Vec<u64> = workers.map(pool::trivial, items).expect("no worker dies")
    //     .into_iter().collect();                                  // or per-task Results, unwrapped
    // Ok(Outcome::new(s.pool_items, start.elapsed(), pool::check(s, &results)))
    let _ = s;
    Err(NotWired("multiprocessing::ProcessPool::map"))
}

/// Cell 4 on our thread `Pool`, streaming (yardstick: `powers::rayon_stream`).
pub(crate) fn powers_pool(s: &Sizes) -> Result<Outcome, NotWired> {
    // use super::powers;
    // let workers = multiprocessing::Pool::new(super::WORKERS).expect("2 workers");
    // let n = s.powers_len;
    // let start = std::time::Instant::now();
    // let means = workers.map(|&p| powers::streamed_mean(p, n, 1000 + p as u64), &powers::POWERS)
    //     .expect("no task panics");
    // Ok(powers::outcome(s, start.elapsed(), &means))
    let _ = s;
    Err(NotWired("multiprocessing::Pool::map"))
}

/// `threading::Queue`, one producer and one consumer (yardstick: crossbeam-channel).
pub(crate) fn queue_1x1(s: &Sizes) -> Result<Outcome, NotWired> {
    // let q = threading::Queue::<Option<u64>>::new();
    // Ok(super::queue::move_items(1, 1, s.queue_items,
    //     |item| q.put(item).expect("the queue is open"),
    //     || q.get().ok().flatten()))
    let _ = s;
    Err(NotWired("threading::Queue"))
}

/// `threading::Queue`, four producers and four consumers (yardstick: crossbeam-channel).
pub(crate) fn queue_4x4(s: &Sizes) -> Result<Outcome, NotWired> {
    // the same as `queue_1x1` with `move_items(4, 4, …)`.
    let _ = s;
    Err(NotWired("threading::Queue"))
}

/// The notebook's `normal((1000, 1000), chunks=(100, 100)).mean()` with lazyarray.
pub(crate) fn dask_small_lazyarray(s: &Sizes) -> Result<Outcome, NotWired> {
    // lazyarray_mean(s.dask_small), with:
    // fn lazyarray_mean(shape @ (side, chunk): (usize, usize)) -> Result<Outcome, NotWired> {
    //     let start = std::time::Instant::now();
    //     let y = lazyarray::random::normal(&[side, side], &[chunk, chunk], Some(17))
    //         .expect("valid chunks");
    //     let mu: f64 = y.mean().compute().expect("computes");  // parallel scheduler, 2 workers
    //     Ok(super::dask::outcome(shape, start.elapsed(), mu))
    // }
    let _ = s;
    Err(NotWired("lazyarray::random::normal(..).mean().compute()"))
}

/// 20000×20000 in 1000×1000 chunks with lazyarray: the memory figure is the point.
pub(crate) fn dask_large_lazyarray(s: &Sizes) -> Result<Outcome, NotWired> {
    // lazyarray_mean(s.dask_large), as in `dask_small_lazyarray`.
    let _ = s;
    Err(NotWired("lazyarray::random::normal(..).mean().compute()"))
}
