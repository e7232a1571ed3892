//! The notebook's cells 5–14 with a crossbeam channel, the standard Rust answer to `queue.Queue`.
//!
//! ```python
//! q = queue.Queue()
//! q.put('foo')
//! q.put(5)
//! q.put('even more')
//! q.get(block=False)          # 'foo'
//! def work():
//!     q.put(np.random.randn(1000))
//! t = threading.Thread(target=work)
//! t.start()
//! q.get()                     # 5
//! ```
//!
//! Run: `cargo run -p book-checks --example cells05_14_queue`

// ANCHOR: cell05
use crossbeam_channel::unbounded;
use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;
use std::thread;
// ANCHOR_END: cell05

// ANCHOR: item
/// What the notebook's queue holds: a string, an integer, an array. A Python queue holds any
/// object; a Rust queue holds one type, so the three kinds become one enum.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Str(String),
    Int(i64),
    Array(Array1<f64>),
}
// ANCHOR_END: item

fn main() {
    // ANCHOR: queue
    // Cell 6: one queue, as two handles: a `Sender` to put, a `Receiver` to get.
    let (q_put, q_get) = unbounded::<Item>();
    // Cells 7–9.
    q_put
        .send(Item::Str("foo".into()))
        .expect("the receiver is alive");
    q_put.send(Item::Int(5)).expect("the receiver is alive");
    q_put
        .send(Item::Str("even more".into()))
        .expect("the receiver is alive");
    // Cell 10: `q.get(block=False)` is `try_recv`: an error instead of waiting when empty.
    let first = q_get.try_recv();
    println!("{first:?}");
    assert_eq!(first, Ok(Item::Str("foo".into())));
    // ANCHOR_END: queue

    // ANCHOR: thread
    // Cell 11: the thread gets its own handle to put with (`move` hands it over).
    let q_for_thread = q_put.clone();
    let work = move || {
        let noise = Array1::<f64>::random(1000, StandardNormal);
        q_for_thread
            .send(Item::Array(noise))
            .expect("the receiver is alive");
    };
    // Cells 12–13: creating a thread starts it: there is no separate `start`.
    let t = thread::spawn(work);
    // Cell 14: `q.get()` blocks until an item is there; the queue is FIFO, so it is 5.
    let next = q_get.recv().expect("a sender is alive");
    println!("{next:?}");
    assert_eq!(next, Item::Int(5));
    t.join().expect("the thread did not panic");
    // ANCHOR_END: thread
    // What is left: 'even more', then the thread's array.
    assert_eq!(q_get.recv(), Ok(Item::Str("even more".into())));
    assert!(matches!(q_get.recv(), Ok(Item::Array(a)) if a.len() == 1000));
}

// `cargo test` runs this example (`test = true` in Cargo.toml): its assertions are checked.
#[test]
fn runs() {
    main();
}

// The page shows what `main` prints (`book/src/threading/cells05_14_queue.txt`).
book_checks::shows_output!(main(), "threading/cells05_14_queue.txt", Exact);
