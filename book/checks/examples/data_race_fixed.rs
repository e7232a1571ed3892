//! The two programs the book shows failing to compile, fixed: the shared counter becomes an
//! atomic (or a `Mutex`), the `Rc` becomes an `Arc`.
//!
//! Run: `cargo run -p book-checks --example data_race_fixed`

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    // ANCHOR: atomic
    let count = AtomicUsize::new(0);
    thread::scope(|s| {
        // `fetch_add` needs only `&count`: many threads may share a reference to an atomic.
        s.spawn(|| count.fetch_add(1, Ordering::Relaxed));
        s.spawn(|| count.fetch_add(1, Ordering::Relaxed));
    });
    println!("{}", count.load(Ordering::Relaxed));
    // ANCHOR_END: atomic
    assert_eq!(count.into_inner(), 2);

    // ANCHOR: mutex
    let names = Mutex::new(Vec::new());
    thread::scope(|s| {
        for name in ["a", "b"] {
            let names = &names;
            // The lock is held only inside `push`'s statement: the guard drops at the `;`.
            s.spawn(move || names.lock().expect("no panic while locked").push(name));
        }
    });
    let mut names = names.into_inner().expect("no panic while locked");
    names.sort_unstable();
    // ANCHOR_END: mutex
    assert_eq!(names, ["a", "b"]);

    // ANCHOR: arc
    let data = Arc::new(vec![1, 2, 3]);
    let for_thread = Arc::clone(&data); // an atomic reference count: `Arc<Vec<i32>>` is `Send`
    let handle = thread::spawn(move || for_thread.len());
    println!("{}", handle.join().expect("no panic"));
    // ANCHOR_END: arc
    assert_eq!(Arc::strong_count(&data), 1);
}

// `cargo test` runs this example (`test = true` in Cargo.toml): its assertions are checked.
#[test]
fn runs() {
    main();
}

// The page shows what `main` prints (`book/src/threading/data_race_fixed.txt`).
book_checks::shows_output!(main(), "threading/data_race_fixed.txt", Exact);
