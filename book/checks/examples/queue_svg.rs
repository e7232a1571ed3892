//! The queue as a diagram: producers `put`, consumers `get` and then call `task_done`, and
//! `join` waits until every item put has been marked done. Inside, as in CPython's
//! `Lib/queue.py`: one lock, the items, and condition variables that waiting threads sleep on.
//!
//! Regenerate: `cargo run -p book-checks --example queue_svg > book/src/threading/queue.svg`

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, PALETTE, SMALL};
use plotters::prelude::*;

/// The items in the queue when the picture is taken, oldest on the right.
const ITEMS: [&str; 4] = ["7", "6", "5", "4"];

fn draw() -> String {
    figure::svg(330, |root| {
        // Producers on the left.
        for (i, y) in [(1, 30), (2, 130)] {
            figure::boxed(
                root,
                (10, y),
                (130, 56),
                PALETTE[0],
                &format!("producer {i}\nq.put(item)"),
                WHITE,
            );
            figure::arrow(root, (140, y + 28), (208, 108), GREY);
        }
        // The queue: a lock around the items and the conditions threads wait on.
        root.draw(&Rectangle::new([(210, 50), (470, 190)], LIGHT.filled()))
            .expect("drawing into a string cannot fail");
        root.draw(&Rectangle::new(
            [(210, 50), (470, 190)],
            GREY.stroke_width(1),
        ))
        .expect("drawing into a string cannot fail");
        figure::label(
            root,
            "Queue: one lock",
            (340, 66),
            SMALL,
            INK,
            Anchor::Centre,
        );
        for (i, item) in ITEMS.iter().enumerate() {
            figure::boxed(root, (250 + i as i32 * 45, 86), (45, 44), WHITE, item, INK);
        }
        figure::label(
            root,
            "not_empty: getters wait",
            (340, 152),
            SMALL,
            INK,
            Anchor::Centre,
        );
        figure::label(
            root,
            "not_full: putters wait",
            (340, 174),
            SMALL,
            INK,
            Anchor::Centre,
        );
        // Consumers on the right.
        for (i, y) in [(1, 30), (2, 130)] {
            figure::arrow(root, (470, 108), (538, y + 28), GREY);
            figure::boxed(
                root,
                (540, y),
                (130, 56),
                PALETTE[2],
                &format!("consumer {i}\nq.get()"),
                WHITE,
            );
        }
        // The count of unfinished tasks, and join.
        figure::boxed(
            root,
            (230, 230),
            (220, 50),
            PALETTE[1],
            "unfinished_tasks = 6",
            INK,
        );
        figure::label(root, "put(): +1", (204, 200), SMALL, GREY, Anchor::Left);
        figure::arrow(root, (140, 175), (228, 245), GREY);
        figure::label(
            root,
            "task_done(): -1",
            (560, 230),
            SMALL,
            GREY,
            Anchor::Left,
        );
        figure::arrow(root, (605, 186), (452, 255), GREY);
        figure::arrow(root, (228, 265), (142, 265), GREY);
        figure::boxed(root, (10, 240), (130, 50), PALETTE[4], "q.join()", INK);
        figure::label(
            root,
            "join() waits on a third condition, all_tasks_done, until the count is 0",
            (340, 312),
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
        include_str!("../../src/threading/queue.svg"),
        &draw(),
        "book/src/threading/queue.svg",
        "cargo run -p book-checks --example queue_svg",
    );
}
