// ANCHOR: tests
//! Tests of the tree-reduction exercise.
use exercises::la2_tree_reduction::{Graph, Key, ReductionError, Task, Value, mean};

/// `n` chunks of 10 values each, with values that make the mean easy to check.
fn chunks(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|c| (0..10).map(|i| (c * 10 + i) as f64).collect())
        .collect()
}

fn mean_of(graph: &Graph, key: &Key) -> f64 {
    match graph.compute(key).unwrap() {
        Value::Scalar(x) => x,
        other => panic!("the mean should be a scalar, got {other:?}"),
    }
}

#[test]
fn ten_chunks_give_dasks_tree() {
    let (mut graph, keys) = Graph::from_chunks("normal", chunks(10));
    let top = mean(&mut graph, &keys, 4).unwrap();
    assert_eq!(top, Key::new("mean-agg", 0));
    assert_eq!(graph.count("mean-chunk"), 10);
    assert_eq!(graph.count("mean-combine-1"), 3);
    assert_eq!(graph.count("mean-combine-2"), 0);
    assert_eq!(graph.count("mean-agg"), 1);
    assert_eq!(graph.tasks.len(), 10 + 10 + 3 + 1);
    // The values are 0, 1, ..., 99.
    assert_eq!(mean_of(&graph, &top), 49.5);
}

#[test]
fn combine_groups_are_consecutive() {
    let (mut graph, keys) = Graph::from_chunks("x", chunks(10));
    mean(&mut graph, &keys, 4).unwrap();
    let group = |g| graph.tasks[&Key::new("mean-combine-1", g)].clone();
    let partials = |r: std::ops::Range<usize>| {
        r.map(|i| Key::new("mean-chunk", i)).collect::<Vec<_>>()
    };
    assert_eq!(group(0), Task::Combine(partials(0..4)));
    assert_eq!(group(2), Task::Combine(partials(8..10)));
    assert_eq!(
        graph.tasks[&Key::new("mean-agg", 0)],
        Task::Aggregate((0..3).map(|g| Key::new("mean-combine-1", g)).collect())
    );
}

#[test]
fn task_counts_for_other_sizes() {
    // (chunks, split_every, combines per level)
    let cases: [(usize, usize, &[usize]); 6] = [
        (1, 4, &[]),
        (4, 4, &[]),
        (5, 4, &[2]),
        (16, 4, &[4]),
        (17, 4, &[5, 2]),
        (10, 2, &[5, 3, 2]),
    ];
    for (n, split_every, levels) in cases {
        let (mut graph, keys) = Graph::from_chunks("x", chunks(n));
        let top = mean(&mut graph, &keys, split_every).unwrap();
        for (depth, &expected) in levels.iter().enumerate() {
            let name = format!("mean-combine-{}", depth + 1);
            assert_eq!(
                graph.count(&name),
                expected,
                "{n} chunks, level {}",
                depth + 1
            );
        }
        let combines: usize = levels.iter().sum();
        assert_eq!(graph.count("mean-combine"), combines, "{n} chunks");
        assert_eq!(graph.tasks.len(), n + n + combines + 1, "{n} chunks");
        let expected = (n * 10 - 1) as f64 / 2.0;
        assert!((mean_of(&graph, &top) - expected).abs() < 1e-9);
    }
}

#[test]
fn uneven_chunks_are_weighted_by_their_length() {
    let (mut graph, keys) =
        Graph::from_chunks("x", vec![vec![1.0], vec![2.0, 2.0, 2.0]]);
    let top = mean(&mut graph, &keys, 4).unwrap();
    assert_eq!(mean_of(&graph, &top), 7.0 / 4.0);
}

#[test]
fn bad_arguments_are_typed_errors() {
    let (mut graph, keys) = Graph::from_chunks("x", chunks(3));
    assert_eq!(
        mean(&mut graph, &keys, 1),
        Err(ReductionError::SplitEveryTooSmall(1))
    );
    assert_eq!(mean(&mut graph, &[], 4), Err(ReductionError::NoChunks));
}
// ANCHOR_END: tests
