//! Where a lock-based queue keeps its items: the only thing that differs between `LifoQueue`
//! and `PriorityQueue`. `Lib/queue.py` does the same: the subclasses override `_put`, `_get` and
//! `_qsize`, and all the locking lives once in the base class (here: `locked.rs`).
//!
//! A priority queue runs the items' `Ord`, which is user code and may panic. [`Priority`] never
//! lets that lose an item or break its order: each step of an operation makes every comparison
//! it needs *before* it moves anything, so a panic stops a step before it has moved an entry
//! (see [`Priority`]).

use std::cmp::Ordering;
use std::panic::{self, AssertUnwindSafe};

/// An item store with one removal order. Called only with the queue's lock held.
pub(crate) trait Storage: Default {
    /// What the store holds.
    type Item;
    /// Adds an item. If this panics, the item is stored all the same.
    fn push(&mut self, item: Self::Item);
    /// Removes the next item in this store's order, if any. If this panics, no item is removed.
    fn pop(&mut self) -> Option<Self::Item>;
    /// Removes every item, in the order `pop` would. If this panics, no item is removed.
    fn drain(&mut self) -> Vec<Self::Item>;
    /// How many items are stored.
    fn len(&self) -> usize;
}

/// Last in, first out (`queue.LifoQueue`): a stack.
#[derive(Debug)]
pub(crate) struct Lifo<T>(Vec<T>);

impl<T> Default for Lifo<T> {
    fn default() -> Self {
        Lifo(Vec::new())
    }
}

impl<T> Storage for Lifo<T> {
    type Item = T;
    fn push(&mut self, item: T) {
        self.0.push(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    fn drain(&mut self) -> Vec<T> {
        let mut items = std::mem::take(&mut self.0);
        items.reverse();
        items
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Lowest item first (`queue.PriorityQueue`); equal items come out in the order they were put.
///
/// A binary min-heap of entries ordered by (item, sequence number), the sequence number making
/// equal items first-in first-out. Unlike `std`'s `BinaryHeap`, whose `pop` drops the popped
/// item if a comparison panics while it reorders the rest, every operation here first finds,
/// by comparing only, where each entry must go, and then moves entries without comparing. A
/// panicking `Ord` therefore stops each step of an operation before it has moved an entry:
///
/// - `pop` removes nothing (it may have placed some unplaced entries, see below);
/// - `push` keeps the new entry in `unplaced` until its place is found; `pop` places those
///   first. So an item whose put panicked is stored, counted, and comes out in its turn.
#[derive(Debug)]
pub(crate) struct Priority<T: Ord> {
    /// Always a valid heap: no entry comes before its parent.
    heap: Vec<Entry<T>>,
    /// Entries not placed in `heap` yet, because a comparison panicked while placing them.
    unplaced: Vec<Entry<T>>,
    next_seq: u64,
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Priority {
            heap: Vec::new(),
            unplaced: Vec::new(),
            next_seq: 0,
        }
    }
}

impl<T: Ord> Priority<T> {
    /// Moves every unplaced entry into the heap; a panic leaves the rest unplaced.
    fn place_unplaced(&mut self) {
        while let Some(entry) = self.unplaced.last() {
            let target = self.place_for_new(entry);
            if let Some(entry) = self.unplaced.pop() {
                self.insert_at(entry, target);
            }
        }
    }

    /// Where `entry`, added as a new leaf, must go: the leaf, or one of its ancestors.
    /// Compares only.
    fn place_for_new(&self, entry: &Entry<T>) -> usize {
        let mut pos = self.heap.len();
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if !entry.before(&self.heap[parent]) {
                break;
            }
            pos = parent;
        }
        pos
    }

    /// Adds `entry` as a new leaf and moves it up to `target`, an ancestor of that leaf found
    /// by [`place_for_new`](Self::place_for_new). Moves only.
    fn insert_at(&mut self, entry: Entry<T>, target: usize) {
        self.heap.push(entry);
        let mut pos = self.heap.len() - 1;
        while pos > target {
            let parent = (pos - 1) / 2;
            self.heap.swap(pos, parent);
            pos = parent;
        }
    }

    /// Where the last entry must go once it replaces the root: the root, or a node below it.
    /// Compares only.
    fn place_for_last(&self) -> usize {
        let Some(last) = self.heap.len().checked_sub(1) else {
            return 0;
        };
        let moving = &self.heap[last];
        let mut pos = 0;
        loop {
            // The children of `pos` among the entries that stay (the last one is moving).
            let left = 2 * pos + 1;
            if left >= last {
                return pos;
            }
            let right = left + 1;
            let child = if right < last && self.heap[right].before(&self.heap[left]) {
                right
            } else {
                left
            };
            if !self.heap[child].before(moving) {
                return pos;
            }
            pos = child;
        }
    }

    /// Removes the first entry; if a comparison panics, removes nothing.
    fn pop_entry(&mut self) -> Option<Entry<T>> {
        self.place_unplaced();
        if self.heap.is_empty() {
            return None;
        }
        let target = self.place_for_last();
        // Moves only from here: the last entry takes the root's place, then goes down the path
        // to `target`, each node on the way moving up one level. The path is read off the bits
        // of `target + 1` (the node's number counting from 1), below its leading one.
        let first = self.heap.swap_remove(0);
        let number = target + 1;
        let depth = number.ilog2();
        for level in 1..=depth {
            let node = (number >> (depth - level)) - 1;
            self.heap.swap((node - 1) / 2, node);
        }
        Some(first)
    }
}

impl<T: Ord> Storage for Priority<T> {
    type Item = T;
    fn push(&mut self, item: T) {
        let seq = self.next_seq;
        // 2^64 puts would take centuries; wrapping would only reorder equal items.
        self.next_seq = self.next_seq.wrapping_add(1);
        self.unplaced.push(Entry { item, seq });
        self.place_unplaced();
    }
    fn pop(&mut self) -> Option<T> {
        self.pop_entry().map(|entry| entry.item)
    }
    fn drain(&mut self) -> Vec<T> {
        let mut drained = Vec::with_capacity(self.len());
        let popped = panic::catch_unwind(AssertUnwindSafe(|| {
            while let Some(entry) = self.pop_entry() {
                drained.push(entry);
            }
        }));
        if let Err(panic) = popped {
            // Back into the store (as unplaced entries: that needs no comparison), then on.
            self.unplaced.append(&mut drained);
            panic::resume_unwind(panic);
        }
        drained.into_iter().map(|entry| entry.item).collect()
    }
    fn len(&self) -> usize {
        self.heap.len() + self.unplaced.len()
    }
}

#[derive(Debug)]
struct Entry<T> {
    item: T,
    seq: u64,
}

impl<T: Ord> Entry<T> {
    /// Whether `self` comes out before `other`: a smaller item, or an equal one put earlier.
    /// Runs the items' `Ord`, which may panic.
    fn before(&self, other: &Self) -> bool {
        match self.item.cmp(&other.item) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => self.seq < other.seq,
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn drain<S: Storage>(mut s: S) -> Vec<S::Item> {
        std::iter::from_fn(|| s.pop()).collect()
    }

    #[test]
    fn orders() {
        let mut lifo = Lifo::default();
        let mut prio = Priority::default();
        for x in [3, 1, 2] {
            lifo.push(x);
            prio.push(x);
        }
        assert_eq!(drain(lifo), [2, 1, 3]);
        assert_eq!(drain(prio), [1, 2, 3]);
    }

    /// Many items in a scrambled order come out sorted, and `drain` gives `pop`'s order.
    #[test]
    fn the_heap_sorts() {
        let scrambled: Vec<u32> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        let mut prio = Priority::default();
        let mut lifo = Lifo::default();
        for &x in &scrambled {
            prio.push(x);
            lifo.push(x);
        }
        assert_eq!(prio.drain(), (0..1000).collect::<Vec<_>>());
        assert_eq!(prio.len(), 0);
        let mut backwards = scrambled.clone();
        backwards.reverse();
        assert_eq!(lifo.drain(), backwards);
    }

    /// Items that compare equal come out first-in first-out, unlike a bare `BinaryHeap`.
    #[test]
    fn equal_priorities_keep_insertion_order() {
        #[derive(Debug)]
        struct Job(u8, &'static str);
        impl PartialEq for Job {
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0
            }
        }
        impl Eq for Job {}
        impl PartialOrd for Job {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        // Only the priority takes part in the order; the label tells the jobs apart.
        impl Ord for Job {
            fn cmp(&self, other: &Self) -> Ordering {
                self.0.cmp(&other.0)
            }
        }
        let mut prio = Priority::default();
        for (p, label) in [(1, "a"), (0, "b"), (1, "c"), (0, "d"), (1, "e")] {
            prio.push(Job(p, label));
        }
        let labels: Vec<_> = drain(prio).into_iter().map(|j| j.1).collect();
        assert_eq!(labels, ["b", "d", "a", "c", "e"]);
    }

    thread_local! {
        /// Comparisons left before the next one panics (`u32::MAX`: never).
        static COMPARISONS_LEFT: Cell<u32> = const { Cell::new(u32::MAX) };
    }

    /// A number whose comparison panics when [`COMPARISONS_LEFT`] runs out.
    #[derive(Debug, PartialEq, Eq)]
    struct Touchy(u32);

    /// The payload of those panics, which the hook below keeps quiet about.
    struct ComparisonPanic;
    impl PartialOrd for Touchy {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Touchy {
        fn cmp(&self, other: &Self) -> Ordering {
            let left = COMPARISONS_LEFT.get();
            if left == 0 {
                COMPARISONS_LEFT.set(u32::MAX);
                panic::panic_any(ComparisonPanic);
            }
            COMPARISONS_LEFT.set(left.saturating_sub(1));
            self.0.cmp(&other.0)
        }
    }

    /// Runs `f` with its comparison number `n` (from 0) panicking; whether it panicked.
    fn panics_at_comparison(n: u32, f: impl FnOnce()) -> bool {
        static QUIET: std::sync::Once = std::sync::Once::new();
        QUIET.call_once(|| {
            let default = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if !info.payload().is::<ComparisonPanic>() {
                    default(info);
                }
            }));
        });
        COMPARISONS_LEFT.set(n);
        let panicked = panic::catch_unwind(AssertUnwindSafe(f)).is_err();
        COMPARISONS_LEFT.set(u32::MAX);
        panicked
    }

    /// A `pop` whose comparison panics keeps every item in order (`BinaryHeap` loses the popped
    /// item and leaves 3, 1, 2); a `push` whose comparison panics keeps its item, which comes
    /// out in its turn.
    #[test]
    fn a_panicking_comparison_loses_nothing() {
        let mut prio = Priority::default();
        for x in [2, 1, 3] {
            prio.push(Touchy(x));
        }
        assert!(panics_at_comparison(0, || {
            prio.pop();
        }));
        assert_eq!(prio.len(), 3);
        assert!(panics_at_comparison(0, || prio.push(Touchy(0))));
        assert_eq!(prio.len(), 4);
        // A drain that pops two items before a comparison panics puts them back.
        assert!(panics_at_comparison(4, || {
            prio.drain();
        }));
        assert_eq!(prio.len(), 4);
        let got: Vec<u32> = drain(prio).into_iter().map(|t| t.0).collect();
        assert_eq!(got, [0, 1, 2, 3]);
    }
}
