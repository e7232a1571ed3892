//! `imap` and `imap_unordered`: streaming results.

use multiprocessing::Pool;

mod common;

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
