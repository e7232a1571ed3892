//! A pool of worker processes that survives a worker dying mid-task.
//!
//! Run with `cargo run -p multiprocessing --example process_pool`. Task 2 aborts its worker
//! process (as a crash or the out-of-memory killer would end it). Python's
//! `multiprocessing.Pool.map` would hang forever here (CPython issue gh-66587); this pool
//! reports that one task, replaces the worker, and finishes the rest.

use multiprocessing::ProcessPool;

// ANCHOR: task
fn crunch(x: u64) -> u64 {
    if x == 2 {
        std::process::abort();
    }
    (1..=x).product()
}
// ANCHOR_END: task

// ANCHOR: main
fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Workers are this program started again: they stop here and serve tasks.
    multiprocessing::worker_entry();

    let pool = ProcessPool::new(2)?;
    for (x, outcome) in pool.map_each(crunch, 0..6)?.into_iter().enumerate() {
        match outcome {
            Ok(value) => println!("{x}! = {value}"),
            Err(error) => println!("{error}"),
        }
    }
    // The pool carries on with a fresh worker.
    println!("afterwards: {:?}", pool.map(crunch, [3, 4, 5])?);
    Ok(())
}
// ANCHOR_END: main
