//! Python's `for r in tqdm(pool.imap(f, xs), total=len(xs))`: a progress bar over a pool's
//! streamed results, with indicatif's `ProgressIterator`.
//!
//! `cargo run -p multiprocessing --example imap_progress` (the bar draws on a terminal's
//! stderr, and stays hidden when stderr is not a terminal).

use std::time::Duration;

use indicatif::ProgressIterator;
use multiprocessing::Pool;

// ANCHOR: task
/// A task slow enough to watch: 20 ms, then the square.
fn slow_square(x: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(20));
    x * x
}
// ANCHOR_END: task

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // ANCHOR: progress
    let pool = Pool::new(2)?;
    let xs: Vec<u64> = (0..100).collect();
    let mut total = 0;
    // `imap` knows its length because the vector does, so `progress()` can show "n/100".
    for square in pool.imap(slow_square, xs)?.progress() {
        total += square?;
    }
    // ANCHOR_END: progress
    assert_eq!(total, (0..100u64).map(|x| x * x).sum::<u64>());
    println!("sum of the squares of 0..100: {total}");

    // ANCHOR: endless
    // An endless input works too (Python's `imap(f, itertools.count())`): results stream
    // back while the input is read a few chunks ahead. Without a length the bar counts up.
    let bar = indicatif::ProgressBar::no_length();
    let first_big = pool
        .imap(slow_square, 0..)?
        .progress_with(bar)
        .map(|square| square.expect("slow_square does not panic"))
        .find(|&square| square > 1000);
    // ANCHOR_END: endless
    assert_eq!(first_big, Some(1024));
    println!("the first square above 1000: {first_big:?}");
    Ok(())
}
