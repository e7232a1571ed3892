//! Draws the task graph of `Y.mean(axis=0)[0]` for `Y` cut into 5 × 3 chunks, as an SVG: the
//! graph the culling exercise builds, with the tasks culling keeps in blue and the ones it drops in
//! grey. The book shows the result, `book/src/lazy/graph.svg`; a test checks it is up to date.
//!
//! Regenerate: `cargo run -p book-checks --example graph_svg > book/src/lazy/graph.svg`

use exercises::la3_cull::{Graph, Key, cull, mean_axis0_index0};
use std::collections::BTreeMap;
use std::fmt::Write;

const ROW_BLOCKS: usize = 5;
const COL_BLOCKS: usize = 3;
const STEP: f64 = 44.0;
const LAYER_HEIGHT: f64 = 70.0;
const MARGIN: f64 = 30.0;

/// The layer (row of the picture) of each kind of task, top to bottom, and its short label.
fn layer_and_label(key: &Key) -> (usize, String) {
    match key.name.as_str() {
        "normal" => (0, "r".into()),
        "mean-chunk" => (1, "m".into()),
        "getitem" => (4, "[0]".into()),
        "mean-agg" => (3, "a".into()),
        _ => (2, "c".into()), // the combine levels (one level for 5 row blocks)
    }
}

/// Where each task is drawn: chunks side by side, column block by column block; every other task
/// one layer down, centred below the tasks it depends on.
fn positions(graph: &Graph) -> BTreeMap<Key, (f64, f64)> {
    let mut at: BTreeMap<Key, (f64, f64)> = BTreeMap::new();
    let mut by_layer: Vec<Vec<&Key>> = vec![Vec::new(); 5];
    for key in graph.keys() {
        by_layer[layer_and_label(key).0].push(key);
    }
    for (layer, keys) in by_layer.iter().enumerate() {
        let y = MARGIN + layer as f64 * LAYER_HEIGHT;
        for key in keys {
            let x = if layer < 2 {
                let (i, j) = (key.index[0], key.index[1]);
                MARGIN + (j * (ROW_BLOCKS + 1) + i) as f64 * STEP
            } else {
                let deps = &graph[*key];
                deps.iter().map(|d| at[d].0).sum::<f64>() / deps.len() as f64
            };
            at.insert((*key).clone(), (x, y));
        }
    }
    at
}

/// The picture, as SVG text.
fn svg() -> String {
    let (graph, output) = mean_axis0_index0(ROW_BLOCKS, COL_BLOCKS, 4);
    let kept = cull(&graph, std::slice::from_ref(&output)).expect("the graph is complete");
    let at = positions(&graph);
    let width = 2.0 * MARGIN + (COL_BLOCKS * (ROW_BLOCKS + 1) - 2) as f64 * STEP;
    let height = 2.0 * MARGIN + 4.0 * LAYER_HEIGHT + 56.0;
    let mut out = String::new();
    let w = &mut out;
    writeln!(w, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#).unwrap();
    for (key, deps) in &graph {
        let (x2, y2) = at[key];
        for dep in deps {
            let (x1, y1) = at[dep];
            let colour = if kept.contains_key(key) {
                "#2b6cb0"
            } else {
                "#c8c8c8"
            };
            writeln!(
                w,
                r#"  <line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}"/>"#
            )
            .unwrap();
        }
    }
    for key in graph.keys() {
        let (x, y) = at[key];
        let (_, label) = layer_and_label(key);
        let (fill, text) = if kept.contains_key(key) {
            ("#2b6cb0", "white")
        } else {
            ("#e6e6e6", "#888")
        };
        writeln!(w, r#"  <circle cx="{x}" cy="{y}" r="14" fill="{fill}"/>"#).unwrap();
        writeln!(
            w,
            r#"  <text x="{x}" y="{}" text-anchor="middle" fill="{text}">{label}</text>"#,
            y + 4.0
        )
        .unwrap();
    }
    let legend_y = height - 34.0;
    writeln!(
        w,
        r##"  <text x="{MARGIN}" y="{legend_y}" fill="#333">r: random chunk · m: chunk mean · c: combine · a: aggregate · [0]: mu[0]</text>"##
    )
    .unwrap();
    writeln!(
        w,
        r##"  <text x="{MARGIN}" y="{}" fill="#333">blue: the {} of {} tasks culling keeps for mu[0]; grey: the tasks it drops</text>"##,
        legend_y + 18.0,
        kept.len(),
        graph.len()
    )
    .unwrap();
    writeln!(w, "</svg>").unwrap();
    out
}

fn main() {
    print!("{}", svg());
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    let committed = include_str!("../../src/lazy/graph.svg");
    assert!(
        committed == svg(),
        "book/src/lazy/graph.svg is stale: regenerate it with \
         `cargo run -p book-checks --example graph_svg > book/src/lazy/graph.svg`"
    );
}
