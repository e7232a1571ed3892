// ANCHOR: tests
//! Tests of the priority queue exercise.
use exercises::th5_priority::PriorityQueue;

/// An item type with no ordering at all: Python's `PriorityQueue` fails on ties
/// between such items; ours must not care.
#[derive(Debug, PartialEq)]
struct Task(&'static str);

#[test]
fn lowest_priority_first() {
    let mut q = PriorityQueue::new();
    q.put(3, Task("write"));
    q.put(1, Task("read"));
    q.put(2, Task("think"));
    q.put(-5, Task("urgent"));
    assert_eq!(q.len(), 4);
    assert_eq!(q.get(), Some((-5, Task("urgent"))));
    assert_eq!(q.get(), Some((1, Task("read"))));
    assert_eq!(q.get(), Some((2, Task("think"))));
    assert_eq!(q.get(), Some((3, Task("write"))));
    assert_eq!(q.get(), None);
    assert!(q.is_empty());
}

#[test]
fn equal_priorities_come_out_in_insertion_order() {
    let mut q = PriorityQueue::new();
    for name in ["a", "b", "c", "d"] {
        q.put(7, Task(name));
    }
    q.put(0, Task("first"));
    let order: Vec<&str> = std::iter::from_fn(|| q.get()).map(|(_, t)| t.0).collect();
    assert_eq!(order, ["first", "a", "b", "c", "d"]);
}

#[test]
fn behaves_like_a_stable_sort_when_interleaved_with_gets() {
    // A model: a Vec kept stably sorted by priority. A small LCG makes the sequence.
    let mut state: u64 = 12345;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    let mut q = PriorityQueue::new();
    let mut model: Vec<(i64, u32)> = Vec::new();
    for i in 0..2000 {
        if next() % 3 == 0 {
            let expected = (!model.is_empty()).then(|| model.remove(0));
            assert_eq!(q.get(), expected, "step {i}");
        } else {
            let priority = (next() % 10) as i64 - 5;
            q.put(priority, i);
            // Insert after every entry with priority <= this one: stable.
            let at = model.partition_point(|&(p, _)| p <= priority);
            model.insert(at, (priority, i));
        }
        assert_eq!(q.len(), model.len());
    }
}
// ANCHOR_END: tests
