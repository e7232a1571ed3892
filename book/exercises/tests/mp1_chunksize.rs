// ANCHOR: tests
//! Tests of the `mp1_chunksize` exercise.
use exercises::mp1_chunksize::{chunk_ranges, default_chunksize, makespan};
use std::num::NonZeroUsize;

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

#[test]
fn default_chunksize_follows_python() {
    // Python: chunksize, extra = divmod(len, 4 * workers); if extra: chunksize += 1
    assert_eq!(default_chunksize(8, nz(2)), 1);
    assert_eq!(default_chunksize(0, nz(2)), 0);
    assert_eq!(default_chunksize(1, nz(8)), 1);
    assert_eq!(default_chunksize(32, nz(4)), 2);
    assert_eq!(default_chunksize(33, nz(4)), 3);
    assert_eq!(default_chunksize(1_000_000, nz(2)), 125_000);
}

#[test]
fn chunks_cover_every_index_once() {
    assert_eq!(chunk_ranges(10, nz(4)), vec![0..4, 4..8, 8..10]);
    assert_eq!(chunk_ranges(8, nz(2)), vec![0..2, 2..4, 4..6, 6..8]);
    assert_eq!(chunk_ranges(3, nz(5)), vec![0..3]);
    assert!(chunk_ranges(0, nz(3)).is_empty());
    for len in 0..40 {
        for size in 1..12 {
            let flat: Vec<usize> =
                chunk_ranges(len, nz(size)).into_iter().flatten().collect();
            assert_eq!(
                flat,
                (0..len).collect::<Vec<_>>(),
                "len {len}, chunksize {size}"
            );
        }
    }
}

/// The notebook's cell 2: eight tasks sleeping .2, .4, ... seconds on two workers.
const CELL_2_MS: [u64; 8] = [200, 400, 600, 800, 100, 300, 500, 700];

#[test]
fn cell_2_takes_1_9_seconds_with_python_default() {
    let chunksize = default_chunksize(CELL_2_MS.len(), nz(2));
    assert_eq!(makespan(&CELL_2_MS, nz(2), nz(chunksize)), 1900);
}

#[test]
fn bigger_chunks_balance_worse() {
    // Chunks [a,b] [c,d] [e,f] [g,h] last 600, 1400, 400, 1200 ms.
    assert_eq!(makespan(&CELL_2_MS, nz(2), nz(2)), 2200);
    // One chunk: one worker does everything.
    assert_eq!(makespan(&CELL_2_MS, nz(2), nz(8)), 3600);
}

#[test]
fn more_workers_than_tasks() {
    assert_eq!(makespan(&CELL_2_MS, nz(8), nz(1)), 800);
    assert_eq!(makespan(&[], nz(3), nz(1)), 0);
    assert_eq!(makespan(&[5, 5, 5], nz(1), nz(1)), 15);
}
// ANCHOR_END: tests
