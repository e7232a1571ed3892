//! Cell 17's array cut into chunks: `Y` is 1000 × 1000 in chunks of 100 × 100, a grid of 10 × 10
//! blocks. The blocks that `mu[0]` (cell 19) reads are highlighted: they are the random-number
//! tasks left in lazyarray's own graph of `mu[0]` after culling, not a list typed here.
//!
//! Regenerate: `cargo run -p book-checks --example chunk_grid_svg > book/src/lazy/chunk-grid.svg`

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, PALETTE, SMALL};
use lazyarray::random::default_rng;
use plotters::prelude::*;

const BLOCKS: usize = 10;

/// The `(row block, column block)` of every chunk of `Y` that the graph of `mu[0]` computes.
fn blocks_mu0_reads() -> Vec<(usize, usize)> {
    let y = default_rng(0)
        .normal(0.0, 1.0, [1000, 1000], [100, 100])
        .expect("a valid shape");
    let graph = y
        .mean_axis(0)
        .expect("axis 0 exists")
        .at(0)
        .expect("mu has an element 0")
        .graph();
    graph
        .tasks()
        .iter()
        .filter(|t| t.name() == "normal")
        .map(|t| {
            // The key reads `normal-(i, j)`.
            let index = t.key().trim_start_matches("normal-(").trim_end_matches(')');
            let (i, j) = index
                .split_once(", ")
                .expect("a two-dimensional block index");
            (
                i.parse().expect("a block index"),
                j.parse().expect("a block index"),
            )
        })
        .collect()
}

fn draw(read: &[(usize, usize)]) -> String {
    let cell = 30;
    let (left, top) = (200, 40);
    figure::svg(top as u32 + 10 * 30 + 60, |root| {
        for i in 0..BLOCKS {
            for j in 0..BLOCKS {
                let fill = if read.contains(&(i, j)) {
                    PALETTE[0]
                } else {
                    LIGHT
                };
                let (x, y) = (left + j as i32 * cell, top + i as i32 * cell);
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    fill.filled(),
                ))
                .expect("drawing into a string cannot fail");
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    WHITE.stroke_width(2),
                ))
                .expect("drawing into a string cannot fail");
            }
        }
        let side = BLOCKS as i32 * cell;
        figure::label(
            root,
            "columns 0–999, 10 blocks of 100 →",
            (left + side / 2, top - 16),
            SMALL,
            GREY,
            Anchor::Centre,
        );
        figure::label(
            root,
            "rows 0–999,",
            (left - 12, top + side / 2 - 10),
            SMALL,
            GREY,
            Anchor::Right,
        );
        figure::label(
            root,
            "10 blocks of 100 ↓",
            (left - 12, top + side / 2 + 10),
            SMALL,
            GREY,
            Anchor::Right,
        );
        let right = left + side + 16;
        figure::label(
            root,
            &format!("the {} chunks", read.len()),
            (right, top + 14),
            SMALL,
            PALETTE[0],
            Anchor::Left,
        );
        figure::label(
            root,
            "mu[0] reads",
            (right, top + 32),
            SMALL,
            PALETTE[0],
            Anchor::Left,
        );
        figure::label(
            root,
            &format!(
                "Y: 1000 × 1000 in 100 × 100 chunks; mu[0] needs {} of its {} chunks",
                read.len(),
                BLOCKS * BLOCKS
            ),
            (340, top + side + 30),
            SMALL,
            INK,
            Anchor::Centre,
        );
    })
}

fn main() {
    print!("{}", draw(&blocks_mu0_reads()));
}

// `cargo test` runs these tests (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/lazy/chunk-grid.svg"),
        &draw(&blocks_mu0_reads()),
        "book/src/lazy/chunk-grid.svg",
        "cargo run -p book-checks --example chunk_grid_svg",
    );
}

#[test]
fn mu0_reads_the_first_column_of_blocks() {
    let mut read = blocks_mu0_reads();
    read.sort();
    assert_eq!(read, (0..BLOCKS).map(|i| (i, 0)).collect::<Vec<_>>());
}
