//! Python's `threading.Thread` and Rust's scoped threads, side by side.
//!
//! ```python
//! results = []
//! def work(n):
//!     results.append(n * n)
//! threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
//! for t in threads: t.start()
//! for t in threads: t.join()
//! ```
//!
//! Run with `cargo run -p threading --example threads`.

use threading::{Queue, Thread};

fn main() {
    // 1. `Thread`: owns its target, so it shares data through a cloned queue handle, and its
    //    `join` hands back the target's result (Python's returns None).
    let results = Queue::new();
    let mut threads: Vec<Thread<u64>> = (0..4u64)
        .map(|n| {
            let results = results.clone();
            Thread::new(move || {
                results.put(n * n).unwrap();
                n
            })
            .with_name(format!("worker-{n}"))
        })
        .collect();
    for t in &mut threads {
        t.start().unwrap();
    }
    let names: Vec<String> = threads.iter().map(|t| t.name().to_owned()).collect();
    let returned: Vec<u64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let mut squares: Vec<u64> = std::iter::from_fn(|| results.get_nowait().ok()).collect();
    squares.sort();
    println!("Thread: {names:?} returned {returned:?}, put {squares:?}");
    assert_eq!(squares, [0, 1, 4, 9]);

    // 2. Scoped threads: they may borrow local data (`inputs`, the queue) because the scope
    //    joins them all before it returns. No clones, no 'static.
    let inputs = [0u64, 1, 2, 3];
    let results = Queue::new();
    std::thread::scope(|s| {
        for n in &inputs {
            let results = &results;
            s.spawn(move || results.put(n * n).unwrap());
        }
    });
    let mut squares: Vec<u64> = std::iter::from_fn(|| results.get_nowait().ok()).collect();
    squares.sort();
    println!("scope : put {squares:?}");
    assert_eq!(squares, [0, 1, 4, 9]);

    // 3. A panic in a thread is an error value at `join`, not a message lost on stderr.
    let mut failing = Thread::new(|| -> u64 { panic!("bad input") }).with_name("failing");
    failing.start().unwrap();
    let err = failing.join().unwrap_err();
    println!("a panicking thread's join: {err}");
    assert_eq!(err.panic_message(), Some("bad input"));
}
