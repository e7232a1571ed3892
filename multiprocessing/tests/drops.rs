//! Every item goes to exactly one task and every value is dropped exactly once, whatever fails.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use multiprocessing::{MapError, Pool};
use proptest::prelude::*;

mod common;
use common::*;

/// Counts its drops, to check that `map` drops every value it made exactly once, whether it
/// returns them or fails.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn map_drops_every_value_exactly_once(
        panics in prop::collection::vec(any::<bool>(), 0..100),
        workers in 1usize..8,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let made = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicUsize::new(0));
        let result = pool.map_chunked(
            |panic: &bool| {
                assert!(!panic, "panics on purpose");
                made.fetch_add(1, Ordering::SeqCst);
                Counted(Arc::clone(&dropped))
            },
            &panics,
            chunksize,
        );
        prop_assert_eq!(result.is_ok(), !panics.contains(&true));
        drop(result);
        let expected = panics.iter().filter(|&&p| !p).count();
        prop_assert_eq!(made.load(Ordering::SeqCst), expected);
        prop_assert_eq!(dropped.load(Ordering::SeqCst), expected);
    }
}

/// An iterator whose `size_hint` claims an exact length that is wrong.
struct Liar {
    items: std::ops::Range<u32>,
    claimed: usize,
}

impl Iterator for Liar {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.items.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.claimed, Some(self.claimed))
    }
}

#[test]
fn a_wrong_size_hint_loses_no_item() {
    let pool = Pool::new(2).unwrap();
    for claimed in [0, 3, 10, 50] {
        let got = pool
            .map(
                |x| x * 2,
                Liar {
                    items: 0..10,
                    claimed,
                },
            )
            .unwrap();
        assert_eq!(
            got,
            (0..10).map(|x| x * 2).collect::<Vec<_>>(),
            "claimed {claimed}"
        );
    }
}

/// An input item that counts its drops: `map` must move every item into exactly one task.
struct Item {
    id: usize,
    dropped: Arc<AtomicUsize>,
}

impl Drop for Item {
    fn drop(&mut self) {
        self.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The workers refill emptied chunk buffers from the input: no item may be lost,
    /// duplicated or handed to the wrong slot, also when tasks panic.
    #[test]
    fn map_moves_every_item_into_exactly_one_task(
        panics in prop::collection::vec(any::<bool>(), 0..150),
        workers in 1usize..6,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let dropped = Arc::new(AtomicUsize::new(0));
        let items: Vec<Item> = (0..panics.len())
            .map(|id| Item { id, dropped: Arc::clone(&dropped) })
            .collect();
        let seen: Vec<AtomicUsize> = panics.iter().map(|_| AtomicUsize::new(0)).collect();
        // A `usize` result is smaller than an `Item`: the items go through buffers.
        let result = pool.map_chunked(
            |item: Item| {
                seen[item.id].fetch_add(1, Ordering::SeqCst);
                assert!(!panics[item.id], "item {} panics on purpose", item.id);
                item.id
            },
            items,
            chunksize,
        );
        prop_assert!(seen.iter().all(|n| n.swap(0, Ordering::SeqCst) == 1));
        prop_assert_eq!(dropped.swap(0, Ordering::SeqCst), panics.len());
        check_first_failure(result, &panics)?;

        // A `(usize, Counted)` result has an `Item`'s size and alignment: each item waits in
        // its own result's slot.
        let made = Arc::new(AtomicUsize::new(0));
        let results_dropped = Arc::new(AtomicUsize::new(0));
        let items: Vec<Item> = (0..panics.len())
            .map(|id| Item { id, dropped: Arc::clone(&dropped) })
            .collect();
        let result = pool.map_chunked(
            |item: Item| {
                seen[item.id].fetch_add(1, Ordering::SeqCst);
                assert!(!panics[item.id], "item {} panics on purpose", item.id);
                made.fetch_add(1, Ordering::SeqCst);
                (item.id, Counted(Arc::clone(&results_dropped)))
            },
            items,
            chunksize,
        );
        prop_assert!(seen.iter().all(|n| n.load(Ordering::SeqCst) == 1));
        prop_assert_eq!(dropped.load(Ordering::SeqCst), panics.len());
        let ids = result.map(|values| values.into_iter().map(|(id, _)| id).collect::<Vec<_>>());
        check_first_failure(ids, &panics)?;
        prop_assert_eq!(results_dropped.load(Ordering::SeqCst), made.load(Ordering::SeqCst));
    }
}

/// `map`'s result for items `0..panics.len()` where the items marked in `panics` panicked.
fn check_first_failure(
    result: Result<Vec<usize>, MapError>,
    panics: &[bool],
) -> Result<(), TestCaseError> {
    match panics.iter().position(|&p| p) {
        None => prop_assert_eq!(result.unwrap(), (0..panics.len()).collect::<Vec<_>>()),
        Some(first) => {
            let (error, failed) = task_failure(result.unwrap_err());
            prop_assert_eq!(error.index(), first);
            prop_assert_eq!(failed, panics.iter().filter(|&&p| p).count());
        }
    }
    Ok(())
}

#[test]
fn a_panicking_input_iterator_panics_in_the_caller_and_drops_every_value() {
    quiet_deliberate_panics();
    let pool = Pool::new(2).unwrap();
    let made = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicUsize::new(0));
    let inputs_dropped = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&inputs_dropped);
    // Item 55 panics: chunk 5 (items 50..60) has five items staged when the input panics.
    let items = (0..100).map(move |id| {
        assert!(id != 55, "the input panics on purpose");
        Item {
            id,
            dropped: Arc::clone(&counter),
        }
    });
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.map_chunked(
            // The result has an `Item`'s size: items wait in their result slots.
            |item: Item| {
                made.fetch_add(1, Ordering::SeqCst);
                (item.id, Counted(Arc::clone(&dropped)))
            },
            items,
            10,
        )
    }));
    let Err(payload) = result else {
        panic!("map returned although its input panicked");
    };
    assert_eq!(
        payload.downcast_ref::<&str>().copied(),
        Some("the input panics on purpose")
    );
    // Chunks are claimed in input order: the five claimed before the panic ran, no chunk was
    // claimed after it, and each value made was dropped once.
    assert_eq!(made.load(Ordering::SeqCst), 50);
    assert_eq!(dropped.load(Ordering::SeqCst), 50);
    // Every item the input made was dropped once: 50 by their tasks, 5 staged ones when the
    // input panicked.
    assert_eq!(inputs_dropped.load(Ordering::SeqCst), 55);
    assert_eq!(pool.map(|x: u32| x + 1, 0..3).unwrap(), [1, 2, 3]);
}
