// ANCHOR: tests
//! Tests of the `mp4_catch_panics` exercise.
use exercises::mp4_catch_panics::{
    TaskPanic, map_catching, map_or_first_panic, panic_message,
};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

#[test]
fn panic_messages_of_both_kinds() {
    let literal = std::panic::catch_unwind(|| panic!("boom")).unwrap_err();
    assert_eq!(panic_message(&*literal), "boom");
    let formatted =
        std::panic::catch_unwind(|| panic!("task {} failed", 3)).unwrap_err();
    assert_eq!(panic_message(&*formatted), "task 3 failed");
    let other =
        std::panic::catch_unwind(|| std::panic::panic_any(42_u8)).unwrap_err();
    assert_eq!(panic_message(&*other), "<panic payload is not a string>");
}

#[test]
fn every_task_yields_exactly_one_outcome() {
    let ran = AtomicUsize::new(0);
    let out = map_catching(nz(3), (0..60).collect(), |x: u32| {
        ran.fetch_add(1, Ordering::Relaxed);
        if x % 7 == 3 {
            panic!("task {x} refuses");
        }
        x * 2
    });
    assert_eq!(ran.load(Ordering::Relaxed), 60, "every task ran once");
    assert_eq!(out.len(), 60);
    for (i, outcome) in out.into_iter().enumerate() {
        let x = i as u32;
        if x % 7 == 3 {
            assert_eq!(
                outcome,
                Err(TaskPanic {
                    index: i,
                    message: format!("task {x} refuses"),
                })
            );
        } else {
            assert_eq!(outcome, Ok(x * 2));
        }
    }
}

#[test]
fn the_first_failure_in_input_order_is_reported_after_every_task_ran() {
    let ran = AtomicUsize::new(0);
    let result = map_or_first_panic(nz(2), (0..20).collect(), |x: u32| {
        ran.fetch_add(1, Ordering::Relaxed);
        assert!(x != 5 && x != 12, "bad item {x}");
        x
    });
    assert_eq!(ran.load(Ordering::Relaxed), 20);
    let failure = result.unwrap_err();
    assert_eq!(failure.index, 5);
    assert_eq!(failure.message, "bad item 5");
}

#[test]
fn no_panic_gives_every_result() {
    assert_eq!(
        map_or_first_panic(nz(4), vec!["a", "b"], |s| s.repeat(2)),
        Ok(vec!["aa".to_string(), "bb".to_string()])
    );
}
// ANCHOR_END: tests
