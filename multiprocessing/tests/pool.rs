//! The thread-backed `Pool`: borrowing, panicking tasks, many submitters, result order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use multiprocessing::Pool;

mod common;
use common::*;

#[test]
fn map_borrows_from_the_caller() {
    let pool = Pool::new(3).unwrap();
    let table: Vec<u64> = (0..100).collect();
    let offset = 1000;
    // Neither the closure (borrows `offset` and `table`) nor the items (`&u64`) are 'static.
    let got = pool
        .map(|x: &u64| table[*x as usize] + offset, &table)
        .unwrap();
    assert_eq!(got, (1000..1100).collect::<Vec<_>>());
}

#[test]
fn stress_many_submitters_exact_counts() {
    const SUBMITTERS: usize = 8;
    const TASKS: usize = 500;
    let pool = Pool::new(4).unwrap();
    let ran = AtomicUsize::new(0);
    let start = Barrier::new(SUBMITTERS);
    let totals: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = (0..SUBMITTERS)
            .map(|who| {
                let (pool, ran, start) = (&pool, &ran, &start);
                s.spawn(move || {
                    start.wait();
                    let mut sum = 0;
                    // Mix every entry point so they contend for the same workers.
                    let items: Vec<u64> = (0..TASKS as u64).collect();
                    let mapped = pool
                        .map(
                            |x| {
                                ran.fetch_add(1, Ordering::Relaxed);
                                x + who as u64
                            },
                            &items,
                        )
                        .unwrap();
                    sum += mapped.iter().sum::<u64>();
                    let handles: Vec<_> = (0..50u64)
                        .map(|x| pool.apply_async(move || x).unwrap())
                        .collect();
                    sum += handles.into_iter().map(|h| h.get().unwrap()).sum::<u64>();
                    sum += pool
                        .imap_unordered(|x: u64| x, 0..50u64)
                        .unwrap()
                        .map(Result::unwrap)
                        .sum::<u64>();
                    sum
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(ran.load(Ordering::Relaxed), SUBMITTERS * TASKS);
    let base = (0..TASKS as u64).sum::<u64>() + 2 * (0..50u64).sum::<u64>();
    for (who, total) in totals.into_iter().enumerate() {
        assert_eq!(total, base + (who * TASKS) as u64);
    }
}

// ANCHOR: panic_leaves_pool_usable
#[test]
fn a_panicking_task_leaves_the_pool_usable() {
    let pool = Pool::new(1).unwrap();
    quiet_deliberate_panics();
    let err = pool
        .apply(|| -> u8 { panic!("boom on purpose") })
        .unwrap_err();
    assert_eq!(
        err.task_error().unwrap().panic_message(),
        Some("boom on purpose")
    );
    assert_eq!(pool.apply(|| 5), Ok(5));
    let handle = pool
        .apply_async(|| -> u8 { panic!("later, on purpose") })
        .unwrap();
    handle.wait();
    assert_eq!(handle.successful(), Some(false));
    assert_eq!(
        handle.get().unwrap_err().panic_message(),
        Some("later, on purpose")
    );
}
// ANCHOR_END: panic_leaves_pool_usable

#[test]
fn empty_input_maps_to_empty_output() {
    let pool = Pool::new(2).unwrap();
    assert_eq!(pool.map(|x: u8| x, Vec::new()), Ok(vec![]));
    assert_eq!(
        pool.map_async(|x: u8| x, Vec::new()).unwrap().get(),
        Ok(vec![])
    );
    assert_eq!(pool.imap(|x: u8| x, Vec::new()).unwrap().count(), 0);
}

#[test]
fn map_async_reports_the_first_failed_task_after_all_ran() {
    quiet_deliberate_panics();
    let pool = Pool::new(3).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&ran);
    let handle = pool
        .map_async(
            move |x: u32| {
                counter.fetch_add(1, Ordering::SeqCst);
                assert!(x % 7 != 5, "{x} panics on purpose");
                x
            },
            0..100,
        )
        .unwrap();
    let error = handle.get().unwrap_err();
    assert_eq!(error.index(), 5);
    assert_eq!(error.panic_message(), Some("5 panics on purpose"));
    assert_eq!(ran.load(Ordering::SeqCst), 100);
    let ok = pool.map_async(|x: u32| x + 1, 0..100).unwrap();
    ok.wait();
    assert_eq!(ok.successful(), Some(true));
    assert_eq!(ok.get().unwrap(), (1..101).collect::<Vec<_>>());
}

#[test]
fn a_chunk_that_finishes_last_still_lands_first() {
    // Two workers, chunks of one item. Chunk 0 is claimed first and waits until chunks 1..4,
    // claimed and run by the other worker, are done: it is the last to write its slot.
    let pool = Pool::new(2).unwrap();
    let (done_tx, done) = crossbeam_channel::unbounded::<()>();
    let out = pool
        .map_chunked(
            |x: u32| {
                if x == 0 {
                    for _ in 1..4 {
                        done.recv().unwrap();
                    }
                } else {
                    done_tx.send(()).unwrap();
                }
                x * 10
            },
            0..4u32,
            1,
        )
        .unwrap();
    assert_eq!(out, [0, 10, 20, 30]);
}
