// ANCHOR: tests
//! Tests of the deadlock exercise.
use crossbeam_channel::{RecvTimeoutError, bounded};
use exercises::th3_deadlock::parallel_squares;
use std::num::NonZeroUsize;
use std::time::Duration;

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Runs `f` on its own thread and fails the test if it has not finished after 5 s: a
/// deadlock then fails the test instead of hanging it.
fn within_5s<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = bounded(1);
    std::thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("no result after 5 s: a deadlock?"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the code under test panicked (see above)")
        }
    }
}

#[test]
fn a_few_numbers() {
    let squares = within_5s(|| parallel_squares(&[3, 1, 2], nz(2)));
    assert_eq!(squares, [1, 4, 9]);
}

#[test]
fn more_numbers_than_the_channel_holds() {
    let squares = within_5s(|| {
        let numbers: Vec<u64> = (0..10_000).rev().collect();
        parallel_squares(&numbers, nz(4))
    });
    assert_eq!(squares, (0..10_000).map(|n| n * n).collect::<Vec<u64>>());
}

#[test]
fn no_numbers() {
    assert_eq!(
        within_5s(|| parallel_squares(&[], nz(3))),
        Vec::<u64>::new()
    );
}
// ANCHOR_END: tests
