//! The style every figure of the book shares, and the pieces its diagrams are drawn with.
//!
//! Every figure is an SVG 680 px wide (the book's column), on white, in sans-serif text of at
//! least 13 px, with grey (#777777) outlines and light grey (#dddddd) grid lines, and colours
//! taken in order from the Okabe–Ito palette, which stays distinguishable for colour-blind
//! readers. Charts and diagrams alike are drawn with `plotters`' SVG backend.
//!
//! Each figure is written by an example of this crate (`cargo run -p book-checks --example
//! <name> > book/src/...svg`) whose test fails when the committed file differs from what the
//! example draws now ([`assert_up_to_date`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The width of every figure: the book's text column.
pub const WIDTH: u32 = 680;

/// Outlines, axes and secondary text.
pub const GREY: RGBColor = RGBColor(0x77, 0x77, 0x77);
/// Grid lines and the fill of things that are not the point of the figure.
pub const LIGHT: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
/// Main text.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// The Okabe–Ito palette, in the order series and categories take it.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

/// The smallest text size in a figure, in pixels at 680 px wide.
pub const SMALL: f64 = 13.0;
/// Labels.
pub const NORMAL: f64 = 14.0;
/// Titles.
pub const LARGE: f64 = 16.0;

/// A drawing area on an SVG string.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws a figure `height` px high on a white background and returns its SVG text.
pub fn svg(height: u32, draw: impl FnOnce(&Area<'_>)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        draw(&root);
        root.present().expect("drawing into a string cannot fail");
    }
    out
}

/// Sans-serif text of `px` pixels (plotters' SVG backend writes `font-size` as the size / 1.24).
pub fn font(px: f64, colour: RGBColor) -> TextStyle<'static> {
    ("sans-serif", px * 1.24).into_font().color(&colour)
}

/// Where a label is anchored on its point.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    /// The point is the label's centre.
    Centre,
    /// The point is the middle of the label's left edge.
    Left,
    /// The point is the middle of the label's right edge.
    Right,
}

/// Writes `text` at `at`.
pub fn label(
    area: &Area<'_>,
    text: &str,
    at: (i32, i32),
    px: f64,
    colour: RGBColor,
    anchor: Anchor,
) {
    let h = match anchor {
        Anchor::Centre => HPos::Center,
        Anchor::Left => HPos::Left,
        Anchor::Right => HPos::Right,
    };
    let style = font(px, colour).pos(Pos::new(h, VPos::Center));
    area.draw(&Text::new(text.to_string(), at, style))
        .expect("drawing into a string cannot fail");
}

/// A filled box with a grey outline and a centred label (several lines allowed, split on `\n`).
pub fn boxed(
    area: &Area<'_>,
    corner: (i32, i32),
    size: (i32, i32),
    fill: RGBColor,
    text: &str,
    text_colour: RGBColor,
) {
    let (x, y) = corner;
    let (w, h) = size;
    area.draw(&Rectangle::new([(x, y), (x + w, y + h)], fill.filled()))
        .expect("drawing into a string cannot fail");
    area.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        GREY.stroke_width(1),
    ))
    .expect("drawing into a string cannot fail");
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
    let step = 18;
    let first = y + h / 2 - step * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        label(
            area,
            line,
            (x + w / 2, first + step * i as i32),
            NORMAL,
            text_colour,
            Anchor::Centre,
        );
    }
}

/// A straight arrow from `from` to `to`, its head at `to`.
pub fn arrow(area: &Area<'_>, from: (i32, i32), to: (i32, i32), colour: RGBColor) {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let head = 9.0;
    let base = (to.0 as f64 - ux * head, to.1 as f64 - uy * head);
    let side = (-uy * head * 0.45, ux * head * 0.45);
    let point = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    area.draw(&PathElement::new(
        vec![from, point(base.0, base.1)],
        colour.stroke_width(2),
    ))
    .expect("drawing into a string cannot fail");
    area.draw(&Polygon::new(
        vec![
            to,
            point(base.0 + side.0, base.1 + side.1),
            point(base.0 - side.0, base.1 - side.1),
        ],
        colour.filled(),
    ))
    .expect("drawing into a string cannot fail");
}

/// Fails, naming the command that redraws it, when the committed file `path` (its text given as
/// `committed`) is not what the figure's example draws now.
pub fn assert_up_to_date(committed: &str, drawn: &str, path: &str, command: &str) {
    assert!(
        committed == drawn,
        "{path} is stale: regenerate it with `{command} > {path}`"
    );
}
