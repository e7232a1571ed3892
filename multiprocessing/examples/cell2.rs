//! Notebook cells 1 and 2: a pool of two workers maps a sleeping `mp_worker` over eight items.
//!
//! ```python
//! def mp_worker(data):
//!     inputs, the_time = data
//!     print(" Processs %s\tWaiting %s seconds" % (inputs, the_time))
//!     time.sleep(float(the_time))
//!     print(" Process %s\tDONE" % inputs)
//!     return inputs + inputs
//!
//! p = multiprocessing.Pool(2)
//! p.map(mp_worker, data)
//! ```
//!
//! Run with `cargo run -p multiprocessing --example cell2`. The default chunk size for 8 items
//! on 2 workers is 1, so the workers take items one at a time and the whole map takes 1.9 s
//! (the schedule a, c, e, g... in the notebook), not the 3.6 s of a sequential loop.

use std::time::{Duration, Instant};

use multiprocessing::Pool;

fn mp_worker((inputs, the_time): (&str, &str)) -> String {
    println!(" Processs {inputs}\tWaiting {the_time} seconds");
    std::thread::sleep(Duration::from_secs_f64(the_time.parse().expect("a number")));
    println!(" Process {inputs}\tDONE");
    format!("{inputs}{inputs}")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
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
    let start = Instant::now();
    // ANCHOR: pool
    let p = Pool::new(2)?;
    let result = p.map(mp_worker, data)?;
    println!("{result:?}");
    assert_eq!(result, ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]);
    // ANCHOR_END: pool
    eprintln!(
        "took {:.2?} (the schedule's minimum is 1.9 s)",
        start.elapsed()
    );
    Ok(())
}
