//! Memory grows with the items queued, whatever the bound: a global allocator that counts the
//! bytes in use shows that a queue bounded to a million 1-KiB items (1 GiB, if reserved up
//! front) allocates next to nothing until items arrive, and then about what they take.
//!
//! This file is its own test binary, so no other test allocates meanwhile; its one test
//! measures on one thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use threading::{LifoQueue, PriorityQueue, Queue};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counter only observes sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which `System.alloc` shares.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const KIB: usize = 1024;
type Item = [u8; KIB];
const BOUND: usize = 1 << 20;

/// Bytes allocated while `f` runs (and still held after it returns), with what it returned.
fn growth<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = IN_USE.load(Ordering::Relaxed);
    let r = f();
    (IN_USE.load(Ordering::Relaxed).saturating_sub(before), r)
}

#[test]
fn memory_grows_with_the_items_not_the_bound() {
    let (made, q) = growth(|| Queue::<Item>::with_maxsize(BOUND));
    assert!(
        made < 16 * KIB,
        "a Queue bounded to 1 GiB allocated {made} bytes"
    );
    let (held, ()) = growth(|| {
        for i in 0..100u8 {
            q.put([i; KIB]).unwrap();
        }
    });
    // 100 items, in blocks of 31 slots: four blocks at most, and a little bookkeeping.
    assert!(
        held >= 100 * KIB,
        "100 items of 1 KiB held in {held} bytes?"
    );
    assert!(
        held <= 4 * 31 * KIB + 4 * KIB,
        "100 items of 1 KiB took {held} bytes"
    );
    assert_eq!(q.qsize(), 100);

    let (made, lifo) = growth(|| LifoQueue::<Item>::with_maxsize(BOUND));
    assert!(
        made < 16 * KIB,
        "a LifoQueue bounded to 1 GiB allocated {made} bytes"
    );
    let (made, prio) = growth(|| PriorityQueue::<Item>::with_maxsize(BOUND));
    assert!(
        made < 16 * KIB,
        "a PriorityQueue bounded to 1 GiB allocated {made} bytes"
    );
    drop((lifo, prio));

    // The case: 65,536 slots of 1 MiB would be 64 GiB (an abort, reserved up front).
    let (made, huge) = growth(|| Queue::<[u8; 1 << 20]>::with_maxsize(1 << 16));
    assert!(made < 16 * KIB, "allocated {made} bytes");
    assert!(huge.empty() && !huge.full());
}
