//! The task graph of cell 19's `mu[0]`, drawn top-down from lazyarray's own graph (already
//! culled: only the tasks `mu[0]` needs). Each row of the picture is one kind of task, each box
//! one task, labelled with its block index; a line joins a task to each task whose chunk it reads.
//!
//! The layout is layered: a task's row is one below the lowest of its inputs; the first row
//! keeps the graph's order, and every other task sits under the middle of its inputs, moved
//! right just enough not to overlap its neighbour.
//!
//! Regenerate: `cargo run -p book-checks --example mu0_svg > book/src/lazy/mu0.svg`

use book_checks::figure::{self, Anchor, GREY, INK, PALETTE, SMALL};
use lazyarray::Graph;
use lazyarray::random::default_rng;
use plotters::prelude::*;

/// The graph of `mu[0]` for the notebook's `Y` (1000 × 1000 in chunks of 100 × 100).
fn mu0() -> Graph {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .expect("a valid shape");
    y.mean_axis(0)
        .expect("axis 0 exists")
        .at(0)
        .expect("mu has an element 0")
        .graph()
}

const LEFT: f64 = 130.0;
const RIGHT: f64 = 670.0;
const BOX_W: i32 = 48;
const BOX_H: i32 = 26;
const ROW: i32 = 62;
const TOP: i32 = 20;

/// Each task's row and x centre.
fn layout(graph: &Graph) -> Vec<(usize, f64)> {
    let tasks = graph.tasks();
    let mut row = vec![0usize; tasks.len()];
    for t in tasks {
        // Inputs always have smaller ids, so their rows are known.
        row[t.id()] = t.deps().iter().map(|&d| row[d] + 1).max().unwrap_or(0);
    }
    let rows = row.iter().max().map_or(0, |r| r + 1);
    let first = tasks.iter().filter(|t| row[t.id()] == 0).count();
    let step = (RIGHT - LEFT) / first as f64;
    let mut x = vec![0.0; tasks.len()];
    for r in 0..rows {
        let mut here: Vec<usize> = tasks
            .iter()
            .filter(|t| row[t.id()] == r)
            .map(|t| t.id())
            .collect();
        for (k, &id) in here.iter().enumerate() {
            let deps = tasks[id].deps();
            x[id] = if r == 0 {
                LEFT + step * (k as f64 + 0.5)
            } else {
                deps.iter().map(|&d| x[d]).sum::<f64>() / deps.len() as f64
            };
        }
        here.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
        for k in 1..here.len() {
            x[here[k]] = x[here[k]].max(x[here[k - 1]] + step);
        }
    }
    tasks.iter().map(|t| (row[t.id()], x[t.id()])).collect()
}

fn draw(graph: &Graph) -> String {
    let at = layout(graph);
    let rows = at.iter().map(|&(r, _)| r).max().map_or(0, |r| r + 1);
    let centre = |id: usize| {
        (
            at[id].1.round() as i32,
            TOP + at[id].0 as i32 * ROW + BOX_H / 2,
        )
    };
    figure::svg(
        (TOP + (rows as i32 - 1) * ROW + BOX_H + 20) as u32,
        |root| {
            for t in graph.tasks() {
                let (x, y) = centre(t.id());
                for &d in t.deps() {
                    let (dx, dy) = centre(d);
                    root.draw(&PathElement::new(
                        vec![(dx, dy + BOX_H / 2), (x, y - BOX_H / 2)],
                        GREY.stroke_width(1),
                    ))
                    .expect("drawing into a string cannot fail");
                }
            }
            let mut names: Vec<&str> = Vec::new();
            for t in graph.tasks() {
                let (row, _) = at[t.id()];
                if names.len() <= row {
                    names.push(t.name());
                    figure::label(
                        root,
                        t.name(),
                        (LEFT as i32 - 12, TOP + row as i32 * ROW + BOX_H / 2),
                        SMALL,
                        INK,
                        Anchor::Right,
                    );
                }
                let (fill, text) = [
                    (PALETTE[0], WHITE),
                    (PALETTE[1], INK),
                    (PALETTE[2], WHITE),
                    (PALETTE[3], INK),
                    (PALETTE[4], INK),
                ][row % 5];
                let (x, y) = centre(t.id());
                let index = t
                    .key()
                    .strip_prefix(t.name())
                    .unwrap_or("")
                    .trim_start_matches('-');
                figure::boxed(
                    root,
                    (x - BOX_W / 2, y - BOX_H / 2),
                    (BOX_W, BOX_H),
                    fill,
                    index,
                    text,
                );
            }
        },
    )
}

fn main() {
    print!("{}", draw(&mu0()));
}

// `cargo test` runs these tests (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/lazy/mu0.svg"),
        &draw(&mu0()),
        "book/src/lazy/mu0.svg",
        "cargo run -p book-checks --example mu0_svg",
    );
}

#[test]
fn every_task_is_below_its_inputs_and_no_two_boxes_overlap() {
    let graph = mu0();
    let at = layout(&graph);
    assert_eq!(at.len(), 25, "mu[0] runs 25 tasks");
    for t in graph.tasks() {
        assert!(
            t.deps().iter().all(|&d| at[d].0 < at[t.id()].0),
            "{} is below its inputs",
            t.key()
        );
    }
    for (i, a) in at.iter().enumerate() {
        for b in &at[i + 1..] {
            assert!(
                a.0 != b.0 || (a.1 - b.1).abs() >= BOX_W as f64,
                "two boxes of one row overlap"
            );
        }
        assert!(
            a.1 - BOX_W as f64 / 2.0 >= LEFT && a.1 + BOX_W as f64 / 2.0 <= RIGHT,
            "every box is inside the figure"
        );
    }
}
