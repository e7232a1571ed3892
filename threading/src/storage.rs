//! Where a lock-based queue keeps its items: the only thing that differs between `LifoQueue`,
//! `PriorityQueue` and a `Queue` whose bound is too large to allocate up front (see `fifo.rs`).
//! `Lib/queue.py` does the same: the subclasses override `_put`, `_get` and `_qsize`, and all
//! the locking lives once in the base class (here: `core.rs`).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// An item store with one removal order. Called only with the queue's lock held.
pub(crate) trait Storage: Default {
    /// What the store holds.
    type Item;
    /// Adds an item.
    fn push(&mut self, item: Self::Item);
    /// Removes the next item in this store's order, if any.
    fn pop(&mut self) -> Option<Self::Item>;
    /// How many items are stored.
    fn len(&self) -> usize;
}

/// First in, first out (`queue.Queue`, when its bound is too large for a channel).
#[derive(Debug)]
pub(crate) struct Fifo<T>(VecDeque<T>);

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Fifo(VecDeque::new())
    }
}

impl<T> Storage for Fifo<T> {
    type Item = T;
    fn push(&mut self, item: T) {
        self.0.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
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
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Lowest item first (`queue.PriorityQueue`); equal items come out in the order they were put.
///
/// `BinaryHeap` is a max-heap and is not stable, so each item is stored with a sequence number
/// and the entry's order is reversed: the "greatest" entry is the smallest item, and among equal
/// items the one with the smallest sequence number (the oldest).
#[derive(Debug)]
pub(crate) struct Priority<T: Ord> {
    heap: BinaryHeap<Entry<T>>,
    next_seq: u64,
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Priority {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<T: Ord> Storage for Priority<T> {
    type Item = T;
    fn push(&mut self, item: T) {
        let seq = self.next_seq;
        // 2^64 puts would take centuries; wrapping would only reorder equal items.
        self.next_seq = self.next_seq.wrapping_add(1);
        self.heap.push(Entry { item, seq });
    }
    fn pop(&mut self) -> Option<T> {
        self.heap.pop().map(|entry| entry.item)
    }
    fn len(&self) -> usize {
        self.heap.len()
    }
}

#[derive(Debug)]
struct Entry<T> {
    item: T,
    seq: u64,
}

impl<T: Ord> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed on purpose: see `Priority`.
        other
            .item
            .cmp(&self.item)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl<T: Ord> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: Ord> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T: Ord> Eq for Entry<T> {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn drain<S: Storage>(mut s: S) -> Vec<S::Item> {
        std::iter::from_fn(|| s.pop()).collect()
    }

    #[test]
    fn orders() {
        let mut fifo = Fifo::default();
        let mut lifo = Lifo::default();
        let mut prio = Priority::default();
        for x in [3, 1, 2] {
            fifo.push(x);
            lifo.push(x);
            prio.push(x);
        }
        assert_eq!(drain(fifo), [3, 1, 2]);
        assert_eq!(drain(lifo), [2, 1, 3]);
        assert_eq!(drain(prio), [1, 2, 3]);
    }

    /// Items that compare equal come out first-in first-out, unlike a bare `BinaryHeap`.
    #[test]
    fn equal_priorities_keep_insertion_order() {
        #[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
        struct Job(u8, #[allow(dead_code)] NoOrd);
        // Only the priority takes part in the order; the label tells the jobs apart.
        #[derive(Debug)]
        struct NoOrd(&'static str);
        impl PartialEq for NoOrd {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
        impl Eq for NoOrd {}
        impl PartialOrd for NoOrd {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for NoOrd {
            fn cmp(&self, _: &Self) -> Ordering {
                Ordering::Equal
            }
        }
        let mut prio = Priority::default();
        for (p, label) in [(1, "a"), (0, "b"), (1, "c"), (0, "d"), (1, "e")] {
            prio.push(Job(p, NoOrd(label)));
        }
        let labels: Vec<_> = drain(prio).into_iter().map(|j| (j.1).0).collect();
        assert_eq!(labels, ["b", "d", "a", "c", "e"]);
    }
}
