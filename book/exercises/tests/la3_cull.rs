// ANCHOR: tests
//! Tests of the culling exercise.
use exercises::la3_cull::{
    CullError, Graph, Key, count, cull, dependents, mean_axis0_index0,
};

#[test]
fn mu_0_on_the_notebooks_grid_needs_25_tasks() {
    let (graph, output) = mean_axis0_index0(10, 10, 4);
    assert_eq!(graph.len(), 10 * 24 + 1, "the whole graph");
    let culled = cull(&graph, std::slice::from_ref(&output)).unwrap();
    // 10 blocks, 10 chunk means, 3 combines, 1 aggregate, 1 getitem: dask's count.
    assert_eq!(culled.len(), 25);
    assert_eq!(count(&culled, "normal"), 10);
    assert!(
        culled
            .keys()
            .filter(|k| k.name == "normal")
            .all(|k| k.index[1] == 0),
        "only the first block column is kept"
    );
}

// ANCHOR: counts
#[test]
fn task_counts_match_dask_for_other_grids() {
    for (row_blocks, expected) in [(4, 10), (5, 14), (10, 25), (16, 38)] {
        let (graph, output) = mean_axis0_index0(row_blocks, 10, 4);
        let culled = cull(&graph, &[output]).unwrap();
        assert_eq!(culled.len(), expected, "{row_blocks} row blocks");
    }
}
// ANCHOR_END: counts

#[test]
fn every_dependency_of_a_kept_task_is_kept_and_nothing_else() {
    let (graph, _) = mean_axis0_index0(7, 3, 2);
    let outputs = [Key::new("mean-agg", &[1]), Key::new("mean-chunk", &[6, 2])];
    let culled = cull(&graph, &outputs).unwrap();
    for (key, deps) in &culled {
        assert_eq!(deps, &graph[key], "dependencies unchanged");
        for dep in deps {
            assert!(culled.contains_key(dep), "{dep:?} is needed");
        }
    }
    // Column 1's tree (7 blocks, 7 partials, 4 + 2 combines, 1 aggregate) and 2 tasks
    // of column 2.
    assert_eq!(culled.len(), 7 + 7 + 4 + 2 + 1 + 2);
    assert_eq!(cull(&graph, &[]).unwrap(), Graph::new());
}

#[test]
fn culling_the_whole_output_set_keeps_the_whole_graph() {
    let (graph, output) = mean_axis0_index0(3, 1, 4);
    assert_eq!(cull(&graph, &[output]).unwrap(), graph);
}

#[test]
fn missing_keys_are_typed_errors() {
    let (mut graph, output) = mean_axis0_index0(2, 2, 4);
    let ghost = Key::new("ghost", &[0]);
    assert_eq!(
        cull(&graph, std::slice::from_ref(&ghost)),
        Err(CullError::MissingKey(ghost.clone()))
    );
    graph.insert(Key::new("normal", &[0, 0]), vec![ghost.clone()]);
    assert_eq!(cull(&graph, &[output]), Err(CullError::MissingKey(ghost)));
}

#[test]
fn dependents_counts_consumers() {
    let (graph, output) = mean_axis0_index0(5, 2, 4);
    let culled = cull(&graph, std::slice::from_ref(&output)).unwrap();
    let counts = dependents(&culled);
    assert_eq!(counts.len(), culled.len());
    assert_eq!(counts[&output], 0);
    assert_eq!(counts[&Key::new("normal", &[3, 0])], 1);
    assert_eq!(counts[&Key::new("mean-combine-1", &[1, 0])], 1);
    // Every edge counted once: the counts add up to the number of dependencies.
    let edges: usize = culled.values().map(Vec::len).sum();
    assert_eq!(counts.values().sum::<usize>(), edges);

    let mut diamond = Graph::new();
    let a = Key::new("a", &[]);
    diamond.insert(a.clone(), vec![]);
    diamond.insert(Key::new("b", &[]), vec![a.clone(), a.clone()]);
    diamond.insert(Key::new("c", &[]), vec![a.clone()]);
    assert_eq!(dependents(&diamond)[&a], 2);
}
// ANCHOR_END: tests
