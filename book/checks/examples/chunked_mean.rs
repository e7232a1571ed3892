//! Laziness in miniature: the mean of a 1000 × 1000 array of normal numbers in 100 × 100 chunks,
//! without ever holding the array. Each task makes one chunk, reduces it to a (sum, count) pair
//! and drops it; the pairs are added up. At most one chunk per worker thread exists at a time.
//! A small progress bar in dask's format shows finished tasks / all tasks.
//!
//! Run: `cargo run --release -p book-checks --example chunked_mean [-- <rows> <cols>]`

use crossbeam_channel::{RecvTimeoutError, bounded};
use ndarray::Array2;
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;
use rayon::prelude::*;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: partial
/// The partial result of one chunk: enough to combine with others into a mean.
#[derive(Debug, Clone, Copy, Default)]
struct Partial {
    sum: f64,
    count: usize,
}

impl Partial {
    fn combine(self, other: Partial) -> Partial {
        Partial {
            sum: self.sum + other.sum,
            count: self.count + other.count,
        }
    }
}
// ANCHOR_END: partial

// ANCHOR: progress
/// Dask's frame: a 40-character bar and a percentage, both truncated, then the elapsed time.
fn frame(done: usize, total: usize, elapsed: Duration) -> String {
    let hashes = 40 * done / total.max(1);
    let percent = 100 * done / total.max(1);
    let bar = format!("{}{}", "#".repeat(hashes), " ".repeat(40 - hashes));
    format!(
        "\r[{bar}] | {percent}% Completed | {:4.1}s",
        elapsed.as_secs_f64()
    )
}
// ANCHOR_END: progress

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a size"));
    let (rows, cols) = (args.next().unwrap_or(1000), args.next().unwrap_or(1000));
    let mean = chunked_mean(rows, cols);
    assert!(mean.abs() < 0.1, "standard normals average near 0");
}

/// The mean of a `rows × cols` array of standard normal numbers, made and reduced in 100 × 100
/// chunks, with a progress bar.
fn chunked_mean(rows: usize, cols: usize) -> f64 {
    let chunk = 100;

    // ANCHOR: chunked
    // The task list: one (row, col) origin per chunk. Nothing is computed yet.
    let origins: Vec<(usize, usize)> = (0..rows)
        .step_by(chunk)
        .flat_map(|r| (0..cols).step_by(chunk).map(move |c| (r, c)))
        .collect();
    let finished = AtomicUsize::new(0);
    let (done_tx, done_rx) = bounded::<()>(0);
    let start = Instant::now();
    let total = thread::scope(|s| {
        // The progress bar: redraw every 0.1 s until the work is done.
        s.spawn(|| {
            let mut out = std::io::stdout();
            loop {
                let done = finished.load(Ordering::Relaxed);
                print!("{}", frame(done, origins.len(), start.elapsed()));
                out.flush().ok();
                match done_rx.recv_timeout(Duration::from_millis(100)) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    _ => break,
                }
            }
            println!("{}", frame(origins.len(), origins.len(), start.elapsed()));
        });
        let total = origins
            .par_iter()
            .map(|&(r, c)| {
                let shape = (chunk.min(rows - r), chunk.min(cols - c));
                let block = Array2::<f64>::random(shape, StandardNormal);
                let partial = Partial {
                    sum: block.sum(),
                    count: block.len(),
                };
                finished.fetch_add(1, Ordering::Relaxed);
                partial // `block` is dropped here: its memory is free again
            })
            .reduce(Partial::default, Partial::combine);
        drop(done_tx); // wakes the progress bar for its last frame
        total
    });
    let mean = total.sum / total.count as f64;
    println!("{mean}");
    // ANCHOR_END: chunked
    assert_eq!(total.count, rows * cols);
    mean
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml), on uneven chunks.
#[test]
fn every_element_is_counted_once_with_uneven_chunks() {
    let mean = chunked_mean(250, 330);
    assert!(mean.abs() < 0.1);
    assert_eq!(
        frame(1, 3, Duration::from_millis(100)).matches('#').count(),
        13
    );
}

// The page shows what a terminal shows after the default run (`book/src/lazy/chunked_mean.txt`): the
// bar's last frame and the mean, compared with every decimal masked.
book_checks::shows_output!(chunked_mean(1000, 1000), "lazy/chunked_mean.txt", Decimals);
