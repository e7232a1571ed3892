//! Draws the task graph of `Y.mean(axis=0)[0]` for `Y` cut into 5 × 3 chunks, as an SVG: the
//! graph the culling exercise builds, with the tasks culling keeps in blue and the ones it drops in
//! grey. The book shows the result, `book/src/lazy/graph.svg`; a test checks it is up to date.
//!
//! Regenerate: `cargo run -p book-checks --example graph_svg > book/src/lazy/graph.svg`

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, PALETTE, SMALL};
use exercises::la3_cull::{Graph, Key, cull, mean_axis0_index0};
use plotters::prelude::*;
use std::collections::BTreeMap;

const ROW_BLOCKS: usize = 5;
const COL_BLOCKS: usize = 3;
const MARGIN: f64 = 30.0;
/// The horizontal distance between two chunks: the figure's width over the chunks and the gaps
/// between column blocks.
const STEP: f64 =
    (figure::WIDTH as f64 - 2.0 * MARGIN) / ((COL_BLOCKS * (ROW_BLOCKS + 1) - 2) as f64);
const LAYER_HEIGHT: f64 = 66.0;

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
    let px = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    let height = 2.0 * MARGIN + 4.0 * LAYER_HEIGHT + 56.0;
    figure::svg(height as u32, |root| {
        for (key, deps) in &graph {
            let colour = if kept.contains_key(key) {
                PALETTE[0]
            } else {
                LIGHT
            };
            for dep in deps {
                root.draw(&PathElement::new(
                    vec![px(at[dep]), px(at[key])],
                    colour.stroke_width(1),
                ))
                .expect("drawing into a string cannot fail");
            }
        }
        for key in graph.keys() {
            let (_, label) = layer_and_label(key);
            let (fill, text) = if kept.contains_key(key) {
                (PALETTE[0], WHITE)
            } else {
                (LIGHT, GREY)
            };
            root.draw(&Circle::new(px(at[key]), 14, fill.filled()))
                .expect("drawing into a string cannot fail");
            figure::label(root, &label, px(at[key]), SMALL, text, Anchor::Centre);
        }
        let legend_y = (height - 40.0) as i32;
        figure::label(
            root,
            "r: random chunk · m: chunk mean · c: combine · a: aggregate · [0]: mu[0]",
            (MARGIN as i32, legend_y),
            SMALL,
            INK,
            Anchor::Left,
        );
        figure::label(
            root,
            &format!(
                "blue: the {} of {} tasks culling keeps for mu[0]; grey: the tasks it drops",
                kept.len(),
                graph.len()
            ),
            (MARGIN as i32, legend_y + 20),
            SMALL,
            INK,
            Anchor::Left,
        );
    })
}

fn main() {
    print!("{}", svg());
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/lazy/graph.svg"),
        &svg(),
        "book/src/lazy/graph.svg",
        "cargo run -p book-checks --example graph_svg",
    );
}
