//! The pool as a diagram: the caller's `map` cuts the items into chunks and sends them down one
//! job channel; each idle worker takes the next chunk, runs `f` on it and sends back each result
//! with its index, so `map` can put the results in input order.
//!
//! Regenerate: `cargo run -p book-checks --example pool_svg > book/src/multiprocessing/pool.svg`

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, PALETTE, SMALL};
use plotters::prelude::*;

/// The chunks still in the job channel when the picture is taken (`a` and `b` are running).
const QUEUED: [&str; 6] = ["c", "d", "e", "f", "g", "h"];

fn draw() -> String {
    figure::svg(270, |root| {
        // The caller.
        figure::boxed(
            root,
            (10, 95),
            (120, 70),
            PALETTE[4],
            "p.map(f,\nitems)",
            INK,
        );
        // The job channel: a row of chunks, the next one to be taken on the right.
        figure::label(root, "job channel", (262, 78), SMALL, GREY, Anchor::Centre);
        let cell = 32;
        for (i, chunk) in QUEUED.iter().rev().enumerate() {
            let x = 166 + i as i32 * cell;
            figure::boxed(root, (x, 110), (cell, 40), LIGHT, chunk, INK);
        }
        figure::arrow(root, (130, 130), (164, 130), GREY);
        // Two workers.
        let workers = [("PoolWorker-1", "f(a)", 25), ("PoolWorker-2", "f(b)", 175)];
        for (name, task, y) in workers {
            figure::boxed(
                root,
                (400, y),
                (130, 60),
                PALETTE[0],
                &format!("{name}\nruns {task}"),
                WHITE,
            );
            figure::arrow(root, (360, 130), (398, y + 30), GREY);
        }
        // The results, each with its index.
        figure::label(
            root,
            "result channel",
            (617, 78),
            SMALL,
            GREY,
            Anchor::Centre,
        );
        figure::boxed(root, (570, 95), (95, 70), LIGHT, "(0, aa)\n(1, bb)", INK);
        for (_, _, y) in workers {
            figure::arrow(root, (530, y + 30), (568, 130), GREY);
        }
        figure::label(
            root,
            "An idle worker takes the next chunk; map puts each result in its slot.",
            (340, 255),
            SMALL,
            INK,
            Anchor::Centre,
        );
    })
}

fn main() {
    print!("{}", draw());
}

// `cargo test` runs this example's test (`test = true` in Cargo.toml).
#[test]
fn the_books_picture_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/multiprocessing/pool.svg"),
        &draw(),
        "book/src/multiprocessing/pool.svg",
        "cargo run -p book-checks --example pool_svg",
    );
}
