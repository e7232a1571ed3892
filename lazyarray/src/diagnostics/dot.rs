//! `to_dot`: the task graph as Graphviz DOT, the Rust side of dask's `visualize()`.

use std::fmt::Write;

use crate::graph::Graph;

/// Writes `graph` as a Graphviz `digraph`: one box per task labelled with its key, an arrow from
/// each input to the task that reads it, inputs at the bottom like dask draws them. Output
/// chunks get a double border. Render it with `dot -Tsvg graph.dot -o graph.svg`.
///
/// Tasks are named `t<id>` in the order the scheduler prefers them, so the text is the same on
/// every run and can be snapshotted.
pub fn to_dot(graph: &Graph) -> String {
    let mut is_output = vec![false; graph.len()];
    for &o in graph.outputs() {
        is_output[o] = true;
    }
    let mut dot = String::from("digraph lazyarray {\n    rankdir=BT;\n    node [shape=box];\n");
    // Writing to a String cannot fail.
    for task in graph.tasks() {
        let label = task.key().replace('\\', "\\\\").replace('"', "\\\"");
        let extra = if is_output[task.id()] {
            ", peripheries=2"
        } else {
            ""
        };
        let _ = writeln!(dot, "    t{} [label=\"{label}\"{extra}];", task.id());
    }
    for task in graph.tasks() {
        for &d in task.deps() {
            let _ = writeln!(dot, "    t{d} -> t{};", task.id());
        }
    }
    dot.push_str("}\n");
    dot
}
