//! Cell 17's `Y` (1000 × 1000 in 100 × 100 chunks, a grid of 10 × 10 blocks) computing
//! `Y.mean()` on two processes: which process computes each block, and what crosses between
//! them. The colours and the numbers come from lazyarray's own placement
//! (`lazyarray::distributed::Plan`, the rule every process of a cluster applies), not from a
//! list typed here.
//!
//! Regenerate: `cargo run -p book-checks --example distributed_svg > book/src/distributed/placement.svg`

use book_checks::figure::{self, Anchor, GREY, INK, PALETTE, SMALL};
use lazyarray::Graph;
use lazyarray::distributed::Plan;
use lazyarray::random::default_rng;
use plotters::prelude::*;

const BLOCKS: usize = 10;
const PROCESSES: usize = 2;

// ANCHOR: plan
/// The graph of cell 17's `Y.mean()` and its placement on two processes of one worker each.
fn mean_on_two_processes() -> (Graph, Plan) {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .expect("a valid shape");
    let graph = y.mean().graph();
    let plan = Plan::new(&graph, PROCESSES);
    (graph, plan)
}
// ANCHOR_END: plan

/// The process of every block of `Y`: `owner[i][j]`.
fn owners(graph: &Graph, plan: &Plan) -> Vec<Vec<usize>> {
    let mut owner = vec![vec![usize::MAX; BLOCKS]; BLOCKS];
    for t in graph.tasks().iter().filter(|t| t.name() == "normal") {
        // The key reads `normal-(i, j)`.
        let index = t.key().trim_start_matches("normal-(").trim_end_matches(')');
        let (i, j) = index
            .split_once(", ")
            .expect("a two-dimensional block index");
        let (i, j): (usize, usize) = (
            i.parse().expect("a block index"),
            j.parse().expect("a block index"),
        );
        owner[i][j] = plan.worker_of()[t.id()];
    }
    owner
}

/// What crosses between processes, counted from the plan and the graph's own sizes:
/// `(partial results sent, their bytes, bytes of outputs sent to process 0)`.
fn crossing(graph: &Graph, plan: &Plan) -> (usize, usize, usize) {
    let mut out = (0, 0, 0);
    for t in graph.tasks() {
        let sent = plan.send_to(t.id()).len();
        if graph.outputs().contains(&t.id()) {
            out.2 += sent * t.bytes();
        } else {
            out.0 += sent;
            out.1 += sent * t.bytes();
        }
    }
    out
}

fn draw(graph: &Graph, plan: &Plan) -> String {
    let owner = owners(graph, plan);
    let (sent, sent_bytes, result_bytes) = crossing(graph, plan);
    let random_bytes: usize = graph
        .tasks()
        .iter()
        .filter(|t| t.name() == "normal")
        .map(|t| t.bytes())
        .sum();
    let cell = 30;
    let (left, top) = (60, 40);
    let side = BLOCKS as i32 * cell;
    figure::svg(top as u32 + side as u32 + 70, |root| {
        for (i, row) in owner.iter().enumerate() {
            for (j, &p) in row.iter().enumerate() {
                let (x, y) = (left + j as i32 * cell, top + i as i32 * cell);
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    PALETTE[p % PALETTE.len()].filled(),
                ))
                .expect("drawing into a string cannot fail");
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    WHITE.stroke_width(2),
                ))
                .expect("drawing into a string cannot fail");
            }
        }
        figure::label(
            root,
            "Y: 10 × 10 blocks of 100 × 100",
            (left + side / 2, top - 16),
            SMALL,
            GREY,
            Anchor::Centre,
        );
        let right = left + side + 24;
        for (p, colour) in PALETTE.iter().enumerate().take(PROCESSES) {
            let blocks = owner.iter().flatten().filter(|&&o| o == p).count();
            let y = top + 10 + 28 * p as i32;
            root.draw(&Rectangle::new(
                [(right, y - 8), (right + 16, y + 8)],
                colour.filled(),
            ))
            .expect("drawing into a string cannot fail");
            figure::label(
                root,
                &format!("process {p}: draws and sums {blocks} blocks"),
                (right + 24, y),
                SMALL,
                INK,
                Anchor::Left,
            );
        }
        let lines = [
            "Never sent: the random numbers".to_string(),
            format!(
                "({} MB; each process draws its own blocks)",
                random_bytes / 1_000_000
            ),
            "Sent between the processes:".to_string(),
            format!("{sent} partial results, {sent_bytes} bytes of data"),
            "(a sum and a count each), and the".to_string(),
            format!("mean itself ({result_bytes} bytes), plus framing"),
        ];
        for (k, line) in lines.iter().enumerate() {
            figure::label(
                root,
                line,
                (
                    right,
                    top + 90 + 20 * k as i32 + if k >= 2 { 14 } else { 0 },
                ),
                SMALL,
                if k >= 2 { PALETTE[5] } else { GREY },
                Anchor::Left,
            );
        }
        figure::label(
            root,
            "Y.mean() on 2 processes: each block is computed where the colour says",
            (340, top + side + 34),
            SMALL,
            INK,
            Anchor::Centre,
        );
    })
}

fn main() {
    let (graph, plan) = mean_on_two_processes();
    print!("{}", draw(&graph, &plan));
}

// `cargo test` runs these tests (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    let (graph, plan) = mean_on_two_processes();
    figure::assert_up_to_date(
        include_str!("../../src/distributed/placement.svg"),
        &draw(&graph, &plan),
        "book/src/distributed/placement.svg",
        "cargo run -p book-checks --example distributed_svg",
    );
}

#[test]
fn each_process_draws_half_the_blocks_and_only_partials_cross() {
    let (graph, plan) = mean_on_two_processes();
    let owner = owners(&graph, &plan);
    for p in 0..PROCESSES {
        assert_eq!(owner.iter().flatten().filter(|&&o| o == p).count(), 50);
    }
    let (sent, bytes, result) = crossing(&graph, &plan);
    assert!(sent > 0);
    // Partial results of 16 bytes (an f64 sum and a usize count), never a block of data; the
    // mean itself is one f64 (or nothing, when process 0 computes it).
    assert_eq!(bytes, 16 * sent);
    assert!(result == 0 || result == 8, "{result}");
}
