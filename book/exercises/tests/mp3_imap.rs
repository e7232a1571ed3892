// ANCHOR: tests
//! Tests of the `mp3_imap` exercise.
use crossbeam_channel::{RecvTimeoutError, bounded, unbounded};
use exercises::mp3_imap::{imap, imap_unordered};
use std::num::NonZeroUsize;
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
fn imap_unordered_yields_a_permutation_of_map() {
    for workers in 1..=4 {
        let mut out: Vec<u64> =
            imap_unordered(nz(workers), (0..200).collect(), |x: u64| x * 3).collect();
        out.sort_unstable();
        assert_eq!(out, (0..200).map(|x| x * 3).collect::<Vec<_>>());
    }
}

#[test]
fn imap_yields_in_input_order() {
    for workers in 1..=4 {
        let out: Vec<String> =
            imap(nz(workers), (0..100).collect(), |x: u32| x.to_string()).collect();
        assert_eq!(out, (0..100).map(|x| x.to_string()).collect::<Vec<_>>());
    }
}

#[test]
fn empty_input_gives_an_empty_iterator() {
    assert_eq!(imap_unordered(nz(2), Vec::<u8>::new(), |x| x).count(), 0);
    assert_eq!(imap(nz(2), Vec::<u8>::new(), |x| x).count(), 0);
}

#[test]
fn imap_unordered_yields_a_result_while_an_earlier_task_still_runs() {
    within_10s(|| {
        // Task 0 waits until the test lets it go; task 1 finishes at once.
        let (gate_tx, gate_rx) = unbounded::<()>();
        let mut results = imap_unordered(nz(2), vec![0, 1], move |i: u32| {
            if i == 0 {
                gate_rx.recv().unwrap();
            }
            i
        });
        assert_eq!(results.next(), Some(1), "task 1 finished first");
        gate_tx.send(()).unwrap();
        assert_eq!(results.next(), Some(0));
        assert_eq!(results.next(), None);
    });
}

#[test]
fn imap_yields_the_first_result_before_later_tasks_finish() {
    within_10s(|| {
        // Task 1 waits until the test has received task 0's result: imap must stream.
        let (gate_tx, gate_rx) = unbounded::<()>();
        let mut results = imap(nz(2), vec![0, 1, 2], move |i: u32| {
            if i == 1 {
                gate_rx.recv().unwrap();
            }
            i * 100
        });
        assert_eq!(results.next(), Some(0));
        gate_tx.send(()).unwrap();
        assert_eq!(results.collect::<Vec<_>>(), vec![100, 200]);
    });
}

#[test]
fn dropping_the_iterator_early_is_fine() {
    let mut results = imap_unordered(nz(2), (0..1000).collect(), |x: u32| x);
    assert!(results.next().is_some());
    drop(results);
    // The workers notice nobody listens and stop; nothing hangs or panics here.
}
// ANCHOR_END: tests
