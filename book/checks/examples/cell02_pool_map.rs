//! The notebook's cells 1–2 with rayon, Rust's standard data-parallelism crate: eight tasks that
//! sleep .2 to .8 s on a pool of two threads.
//!
//! ```python
//! def mp_worker(data):
//!     inputs, the_time = data
//!     print(" Processs %s\tWaiting %s seconds" % (inputs, the_time))
//!     time.sleep(float(the_time))
//!     print(" Process %s\tDONE" % inputs)
//!     return inputs + inputs
//!
//! def mp_handler():
//!     p = multiprocessing.Pool(2)
//!     return p.map(mp_worker, data)
//! ```
//!
//! Run: `cargo run -p book-checks --example cell02_pool_map`

use rayon::prelude::*;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: worker
/// One task: print, sleep `the_time` seconds, print, return the input twice.
fn mp_worker((inputs, the_time): (&str, &str)) -> String {
    println!(" Processs {inputs}\tWaiting {the_time} seconds");
    let seconds: f64 = the_time.parse().expect("the data holds numbers of seconds");
    thread::sleep(Duration::from_secs_f64(seconds));
    println!(" Process {inputs}\tDONE");
    inputs.repeat(2)
}
// ANCHOR_END: worker

// ANCHOR: handler
/// `multiprocessing.Pool(2).map(mp_worker, data)`: a pool of two threads, results in input order.
fn mp_handler(data: &[(&str, &str)]) -> Vec<String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("two threads can be started");
    // `par_iter` borrows `data`: no pickling, no copies. `collect` keeps the input order.
    pool.install(|| data.par_iter().copied().map(mp_worker).collect())
}
// ANCHOR_END: handler

fn main() {
    // ANCHOR: data
    let data = [
        ("a", ".2"),
        ("b", ".4"),
        ("c", ".6"),
        ("d", ".8"),
        ("e", ".1"),
        ("f", ".3"),
        ("g", ".5"),
        ("h", ".7"),
    ];
    // ANCHOR_END: data
    let start = Instant::now();
    let result = mp_handler(&data);
    println!("{result:?}");
    println!("took {:.2} s", start.elapsed().as_secs_f64());
    assert_eq!(result, ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]);
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml), with short sleeps.
#[test]
fn results_come_back_in_input_order() {
    let data = [("a", ".02"), ("b", ".01"), ("c", ".0"), ("d", ".03")];
    assert_eq!(mp_handler(&data), ["aa", "bb", "cc", "dd"]);
}

// The page shows what `main` prints (`book/src/multiprocessing/cell02_pool_map.txt`); the two
// threads print in the order they run, so the lines are compared in any order.
book_checks::shows_output!(main(), "multiprocessing/cell02_pool_map.txt", AnyOrder);
