//! The notebook's Threading cells (5 to 14), in Rust.
//!
//! ```python
//! import threading
//! import queue
//! q = queue.Queue()
//! q.put('foo')
//! q.put(5)
//! q.put('even more')
//! q.get(block=False)                  # 'foo'
//! def work():
//!     q.put(np.random.randn(1000))
//! t = threading.Thread(target=work)
//! t.start()
//! q.get()                             # 5
//! ```
//!
//! Run with `cargo run -p threading --example notebook`.

use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::StandardNormal;
use threading::{Queue, Thread};

/// The notebook's queue holds a `str`, an `int` and an array. A Rust queue holds one type, so
/// the kinds of item become the variants of an enum: every `get` then knows what it may get,
/// and the compiler checks that each kind is handled.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Str(String),
    Int(i64),
    Array(Array1<f64>),
}

fn main() {
    // ANCHOR: queue
    // In [6]
    let q = Queue::new();
    // In [7], [8], [9]
    q.put(Item::Str("foo".into())).unwrap();
    q.put(Item::Int(5)).unwrap();
    q.put(Item::Str("even more".into())).unwrap();
    // In [10]
    let first = q.get_nowait().unwrap();
    println!("In [10]: q.get_nowait() -> {first:?}");
    assert_eq!(first, Item::Str("foo".into()));
    // ANCHOR_END: queue

    // ANCHOR: thread
    // In [11]: the closure takes its own handle to the same queue.
    let work = {
        let q = q.clone();
        move || q.put(Item::Array(Array1::random(1000, StandardNormal)))
    };
    // In [12], [13]
    let mut t = Thread::new(work);
    t.start().unwrap();
    // In [14]
    let second = q.get().unwrap();
    println!("In [14]: q.get() -> {second:?}");
    assert_eq!(second, Item::Int(5));

    // Not in the notebook: wait for the thread, then see what is left on the queue.
    t.join().unwrap().unwrap();
    // ANCHOR_END: thread
    while let Ok(item) = q.get_nowait() {
        match item {
            Item::Str(s) => println!("left on the queue: the string {s:?}"),
            Item::Int(i) => println!("left on the queue: the integer {i}"),
            Item::Array(a) => println!(
                "left on the queue: an array of {} normal numbers, mean {:.3}",
                a.len(),
                a.mean().unwrap_or(f64::NAN)
            ),
        }
    }
}
