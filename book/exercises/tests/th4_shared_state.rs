// ANCHOR: tests
//! Tests of the shared-state exercise.
use exercises::th4_shared_state::{count_primes, is_prime, word_counts};
use std::collections::HashMap;
use std::num::NonZeroUsize;

fn nz(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

#[test]
fn counts_primes_like_the_sequential_loop() {
    assert_eq!(count_primes(100, nz(1)), 25);
    for limit in [0, 1, 2, 3, 1000, 20_000] {
        let expected = (0..limit).filter(|&n| is_prime(n)).count();
        for workers in 1..=4 {
            assert_eq!(
                count_primes(limit, nz(workers)),
                expected,
                "limit {limit}, {workers} workers"
            );
        }
    }
}

#[test]
fn word_counts_like_the_sequential_loop() {
    let texts = [
        "the queue holds foo",
        "and 5",
        "and even more",
        "",
        "the pool maps the data",
    ];
    let mut expected: HashMap<String, usize> = HashMap::new();
    for word in texts.iter().flat_map(|t| t.split_whitespace()) {
        *expected.entry(word.to_string()).or_default() += 1;
    }
    assert_eq!(expected["the"], 3);
    for workers in 1..=7 {
        assert_eq!(
            word_counts(&texts, nz(workers)),
            expected,
            "{workers} workers"
        );
    }
    assert!(word_counts(&[], nz(2)).is_empty());
}
// ANCHOR_END: tests
