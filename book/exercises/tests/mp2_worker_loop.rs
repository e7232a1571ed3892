// ANCHOR: tests
//! Tests of the `mp2_worker_loop` exercise.
use crossbeam_channel::{RecvTimeoutError, bounded, unbounded};
use exercises::mp2_worker_loop::{map, worker_loop};
use std::num::NonZeroUsize;
use std::sync::Barrier;
use std::time::Duration;

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Runs `f` on its own thread and fails the test if it has not finished after 10 s: a
/// deadlock then fails the test instead of hanging it.
fn within_10s<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = bounded(1);
    std::thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("no result after 10 s: a deadlock?"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the code under test panicked (see above)")
        }
    }
}

#[test]
fn worker_loop_runs_every_job_until_the_channel_closes() {
    let (job_tx, job_rx) = unbounded();
    let (result_tx, result_rx) = unbounded();
    for job in [(0, 'a'), (1, 'b'), (2, 'c')] {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);
    let ran = worker_loop(&job_rx, &result_tx, &|c: char| c.to_string().repeat(2));
    assert_eq!(ran, 3);
    drop(result_tx);
    let results: Vec<(usize, String)> = result_rx.iter().collect();
    assert_eq!(
        results,
        vec![(0, "aa".into()), (1, "bb".into()), (2, "cc".into())]
    );
}

#[test]
fn worker_loop_stops_when_nobody_listens() {
    let (job_tx, job_rx) = unbounded();
    let (result_tx, result_rx) = unbounded::<(usize, u32)>();
    for i in 0..5 {
        job_tx.send((i, i as u32)).unwrap();
    }
    drop(job_tx);
    drop(result_rx);
    // The first send fails, so the worker stops after one job.
    assert_eq!(worker_loop(&job_rx, &result_tx, &|x| x), 1);
}

#[test]
fn map_is_the_notebook_cell_2_without_the_sleeps() {
    let data = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let out = map(nz(2), data.to_vec(), |s| s.repeat(2));
    assert_eq!(out, ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]);
}

#[test]
fn map_equals_the_sequential_map() {
    for workers in 1..=5 {
        for len in [0, 1, 7, 100] {
            let items: Vec<u64> = (0..len).collect();
            let expected: Vec<u64> = items.iter().map(|x| x * x + 1).collect();
            assert_eq!(map(nz(workers), items, |x| x * x + 1), expected);
        }
    }
}

#[test]
fn map_may_borrow_local_data() {
    let words = [String::from("pool"), String::from("map")];
    let suffix = String::from("!");
    let out = map(nz(2), words.iter().collect(), |w| format!("{w}{suffix}"));
    assert_eq!(out, ["pool!", "map!"]);
}

#[test]
fn workers_really_run_at_the_same_time() {
    // The first two tasks wait for each other: with two workers running concurrently
    // they meet; a pool that runs one task at a time would wait forever.
    within_10s(|| {
        let barrier = Barrier::new(2);
        let out = map(nz(2), vec![0, 1, 2, 3], |i| {
            if i < 2 {
                barrier.wait();
            }
            i * 10
        });
        assert_eq!(out, [0, 10, 20, 30]);
    });
}
// ANCHOR_END: tests
