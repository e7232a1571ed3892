//! The thread-backed `Pool` against a sequential model, for any input, worker count and chunk size.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use multiprocessing::{MapError, Pool};
use proptest::prelude::*;

mod common;
use common::*;

fn model(x: i64) -> i64 {
    x.wrapping_mul(31).wrapping_add(7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn map_equals_sequential_map(
        items in prop::collection::vec(any::<i64>(), 0..200),
        workers in 1usize..8,
        chunksize in prop::option::of(1usize..50),
    ) {
        let pool = Pool::new(workers).unwrap();
        let expected: Vec<i64> = items.iter().copied().map(model).collect();
        let got = match chunksize {
            None => pool.map(model, items.clone()),
            Some(c) => pool.map_chunked(model, items.clone(), c),
        };
        prop_assert_eq!(got, Ok(expected.clone()));
        // map_slice cuts sub-slices instead of vectors: same answer.
        prop_assert_eq!(pool.map_slice(|x: &i64| model(*x), &items), Ok(expected.clone()));
        // imap is ordered too, with any chunk size.
        let streamed: Result<Vec<i64>, _> =
            pool.imap_chunked(model, items.clone(), chunksize.unwrap_or(1)).unwrap().collect();
        prop_assert_eq!(streamed, Ok(expected));
    }

    #[test]
    fn imap_unordered_is_a_permutation(
        items in prop::collection::vec(any::<i64>(), 0..200),
        workers in 1usize..8,
        chunksize in 1usize..50,
    ) {
        let pool = Pool::new(workers).unwrap();
        let mut got: Vec<i64> = pool
            .imap_unordered_chunked(model, items.clone(), chunksize)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut expected: Vec<i64> = items.into_iter().map(model).collect();
        got.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn every_task_has_exactly_one_outcome_when_tasks_panic(
        panics in prop::collection::vec(any::<bool>(), 0..120),
        workers in 1usize..8,
        chunksize in 1usize..20,
    ) {
        quiet_deliberate_panics();
        let pool = Pool::new(workers).unwrap();
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&runs);
        let task = move |(i, panic): (usize, bool)| {
            counter.fetch_add(1, Ordering::SeqCst);
            if panic { panic!("task {i} panics on purpose") }
            i
        };
        let items: Vec<(usize, bool)> = panics.iter().copied().enumerate().collect();
        let outcomes: Vec<_> = pool.imap_chunked(task.clone(), items.clone(), chunksize).unwrap().collect();
        prop_assert_eq!(outcomes.len(), panics.len());
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Ok(v) => prop_assert!(!panics[i] && *v == i),
                Err(e) => {
                    prop_assert!(panics[i]);
                    prop_assert_eq!(e.index(), i);
                    let expected = format!("task {i} panics on purpose");
                    prop_assert_eq!(e.panic_message(), Some(expected.as_str()));
                }
            }
        }
        prop_assert_eq!(runs.load(Ordering::SeqCst), panics.len());
        // map reports the first panicking task, after every task ran.
        let first = panics.iter().position(|&p| p);
        match (pool.map_chunked(task, items, chunksize), first) {
            (Ok(values), None) => prop_assert_eq!(values, (0..panics.len()).collect::<Vec<_>>()),
            (Err(MapError::Task { error, failed }), Some(first)) => {
                prop_assert_eq!(error.index(), first);
                prop_assert_eq!(failed, panics.iter().filter(|&&p| p).count());
            }
            (other, _) => prop_assert!(false, "unexpected {:?}", other),
        }
        prop_assert_eq!(runs.load(Ordering::SeqCst), 2 * panics.len());
    }
}
