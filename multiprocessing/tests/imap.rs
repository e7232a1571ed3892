//! `imap` and `imap_unordered`: streaming results, a lazily read input with back-pressure, an
//! input that ends early or calls the pool, `next_timeout`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use multiprocessing::{Pool, TaskError, TaskErrorKind, TimeoutError};

mod common;
use common::*;

#[test]
fn imap_streams_results_before_later_tasks_finish() {
    let pool = Pool::new(2).unwrap();
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    // Task 1 waits for the gate, which we open only after imap has yielded task 0's result:
    // if imap waited for every task, this would deadlock.
    let mut results = pool
        .imap(
            move |i: u32| {
                if i == 1 {
                    gate.recv().unwrap();
                }
                i * 10
            },
            0..3,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Ok(0)));
    release.send(()).unwrap();
    assert_eq!(results.collect::<Vec<_>>(), [Ok(10), Ok(20)]);

    // imap_unordered yields the quick task before the blocked one.
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    let mut results = pool
        .imap_unordered(
            move |i: u32| {
                if i == 0 {
                    gate.recv().unwrap();
                }
                i
            },
            0..2,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Ok(1)));
    release.send(()).unwrap();
    assert_eq!(results.next(), Some(Ok(0)));
    assert_eq!(results.next(), None);
}

/// Counts the items an input gives, so a test can see how far ahead the pool read it.
fn counted<I: Iterator>(input: I, taken: &Arc<AtomicUsize>) -> impl Iterator<Item = I::Item> {
    let taken = Arc::clone(taken);
    input.inspect(move |_| {
        taken.fetch_add(1, Ordering::SeqCst);
    })
}

#[test]
fn an_endless_input_streams_and_is_read_a_bounded_way_ahead() {
    let pool = Pool::new(2).unwrap();
    for chunksize in [1, 3] {
        let taken = Arc::new(AtomicUsize::new(0));
        let mut doubled = pool
            .imap_chunked(|x: u64| 2 * x, counted(0.., &taken), chunksize)
            .unwrap();
        for k in 0..50u64 {
            assert_eq!(doubled.next(), Some(Ok(2 * k)));
            // The input runs inside `next`, on this thread, so the count is exact here: at
            // most twice as many chunks as workers beyond the results handed out.
            let read = taken.load(Ordering::SeqCst);
            let handed_out = k as usize + 1;
            assert!(
                read >= handed_out && read <= handed_out + 4 * chunksize,
                "chunk size {chunksize}: {read} items read after {handed_out} results"
            );
        }
    }
    let mut threes = pool
        .imap_unordered(|x: u32| x, std::iter::repeat(3))
        .unwrap();
    assert!((0..20).all(|_| threes.next() == Some(Ok(3))));
}

/// Gives `0..5`, then panics.
fn failing_input() -> impl Iterator<Item = u32> {
    (0..6).inspect(|&i| assert!(i < 5, "the input fails at 5, on purpose"))
}

#[test]
fn a_panicking_input_delivers_the_results_before_it_then_the_error() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let input_failed = |result: &Result<u32, TaskError>| {
        matches!(result, Err(e) if e.index() == 5
            && matches!(e.kind(), TaskErrorKind::InputPanicked(m) if m.contains("fails at 5")))
    };
    for chunksize in [1, 2, 10] {
        let results: Vec<_> = pool
            .imap_chunked(|x: u32| x * 10, failing_input(), chunksize)
            .unwrap()
            .collect();
        assert_eq!(results.len(), 6, "chunk size {chunksize}: {results:?}");
        assert_eq!(results[..5], [Ok(0), Ok(10), Ok(20), Ok(30), Ok(40)]);
        assert!(input_failed(&results[5]), "{:?}", results[5]);

        let mut unordered: Vec<_> = pool
            .imap_unordered_chunked(|x: u32| x * 10, failing_input(), chunksize)
            .unwrap()
            .collect();
        let last = unordered.pop().unwrap();
        assert!(input_failed(&last), "{last:?}");
        unordered.sort_by_key(|r| *r.as_ref().unwrap());
        assert_eq!(unordered, [Ok(0), Ok(10), Ok(20), Ok(30), Ok(40)]);
    }
}

#[test]
fn an_input_that_calls_the_pool_works() {
    for workers in [1, 6] {
        let pool = Arc::new(Pool::new(workers).unwrap());
        let (done_tx, done) = crossbeam_channel::bounded(1);
        let inner = Arc::clone(&pool);
        // A watchdog thread: a deadlock becomes a failed `recv_timeout` below.
        thread::spawn(move || {
            let input = (0..40u32).map(|i| inner.apply(move || i * 2).unwrap());
            let results: Result<Vec<u32>, _> = inner.imap(|x: u32| x + 1, input).unwrap().collect();
            done_tx.send(results).unwrap();
        });
        let results = done
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("imap over an input that calls the pool never finished");
        assert_eq!(results, Ok((0..40).map(|i| i * 2 + 1).collect::<Vec<_>>()));
    }
}

fn length_of(results: &impl ExactSizeIterator) -> usize {
    results.len()
}

#[test]
fn imap_knows_its_length_when_the_input_does() {
    let pool = Pool::new(2).unwrap();
    let mut results = pool
        .imap_chunked(|x: u32| x, vec![1, 2, 3, 4, 5], 2)
        .unwrap();
    assert_eq!(length_of(&results), 5);
    results.next();
    assert_eq!(length_of(&results), 4);
    assert_eq!(results.by_ref().count(), 4);
    assert_eq!(length_of(&results), 0);
    let mut unordered = pool.imap_unordered(|x: u32| x, vec![1, 2, 3]).unwrap();
    assert_eq!(length_of(&unordered), 3);
    unordered.next();
    assert_eq!(length_of(&unordered), 2);
}

#[test]
fn next_timeout_waits_then_hands_the_result_over() {
    let pool = Pool::new(1).unwrap();
    let (go, gate) = crossbeam_channel::bounded::<()>(0);
    let mut results = pool
        .imap_unordered(
            move |x: u32| {
                gate.recv().unwrap();
                x
            },
            [1, 2],
        )
        .unwrap();
    assert_eq!(
        results.next_timeout(Duration::from_millis(10)),
        Err(TimeoutError)
    );
    go.send(()).unwrap();
    assert_eq!(
        results.next_timeout(Duration::from_secs(60)),
        Ok(Some(Ok(1)))
    );
    assert_eq!(
        results.next_timeout(Duration::from_millis(10)),
        Err(TimeoutError)
    );
    go.send(()).unwrap();
    assert_eq!(
        results.next_timeout(Duration::from_secs(60)),
        Ok(Some(Ok(2)))
    );
    assert_eq!(results.next_timeout(Duration::from_secs(60)), Ok(None));
}

#[test]
fn closing_the_pool_ends_an_imap_after_the_chunks_already_sent() {
    let pool = Pool::new(2).unwrap();
    let taken = Arc::new(AtomicUsize::new(0));
    let mut streamed = pool.imap(|x: u64| x, counted(0.., &taken)).unwrap();
    pool.close();
    // (Not `collect`: the endless input's size hint would have it reserve room for ever.)
    let mut results = Vec::new();
    results.extend(std::iter::from_fn(|| streamed.next()));
    let sent = taken.load(Ordering::SeqCst);
    // The items read before the close ran (the last one read was not sent); then one error
    // ends the results.
    let (last, ran) = results.split_last().unwrap();
    assert_eq!(ran.len(), sent - 1);
    assert!(ran.iter().enumerate().all(|(i, r)| *r == Ok(i as u64)));
    assert_eq!(
        last.as_ref().unwrap_err().kind(),
        &TaskErrorKind::Terminated
    );
    assert_eq!(last.as_ref().unwrap_err().index(), sent - 1);
    assert_eq!(pool.join(), Ok(()));
}
