//! The comparison chapter's two figures, drawn from the data the `compare` command saved beside
//! the table it wrote (`book/src/comparison-table.json`): nothing here is measured or typed in.
//!
//! - `ratios`: Python's median over Rust's for every row of the table, on a log scale, grouped
//!   by workload;
//! - `gil`: the CPU-bound GIL workload on one and two threads, each language's time relative to
//!   its own one-thread time.
//!
//! Regenerate (after `compare --markdown book/src/comparison-table.md` or `--render`):
//! `cargo run -p book-checks --example comparison_svg -- ratios > book/src/comparison-ratios.svg`
//! and `cargo run -p book-checks --example comparison_svg -- gil > book/src/comparison-gil.svg`.

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, PALETTE, SMALL};
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use serde_json::Value;

/// The saved run, compiled in so that the staleness tests need no file access.
const DATA: &str = include_str!("../../src/comparison-table.json");

/// The GIL rows' implementations, by the keys `compare`'s catalogue gives them.
const GIL: [(&str, &str, &str); 2] = [
    ("Python", "gil_threads.py:1", "gil_threads.py:2"),
    ("Rust", "gil.threads_1", "gil.threads_2"),
];

fn data() -> Value {
    serde_json::from_str(DATA).expect("compare writes valid JSON")
}

/// An implementation's summary by its key.
fn implementation<'a>(data: &'a Value, key: &str) -> &'a Value {
    data["implementations"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["key"] == key))
        .unwrap_or_else(|| panic!("no implementation {key} in the saved run"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("?")
}

/// A ratio as the table writes it.
fn ratio(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
}

/// Is this Rust implementation one of the course's crates (not a yardstick)? The catalogue
/// names their workloads `<group>.ours_*` and `dask.<size>.lazyarray`.
fn ours(rust_key: &str) -> bool {
    rust_key.contains(".ours_") || rust_key.ends_with(".lazyarray")
}

/// Both charts' axes: a labelled x axis over light grid lines, no y axis labels (the bars are
/// labelled where they are drawn).
fn axes<'a, X>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, RangedCoordf64>>,
    labels: usize,
    format: &dyn Fn(&f64) -> String,
    description: &str,
) where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(labels)
        .x_label_formatter(format)
        .x_label_style(figure::font(SMALL, GREY))
        .x_desc(description)
        .axis_desc_style(figure::font(SMALL, INK))
        .axis_style(GREY)
        .bold_line_style(LIGHT)
        .light_line_style(WHITE)
        .draw()
        .expect("drawing into a string cannot fail");
}

/// One horizontal bar per row, from 1× to its ratio, under a grey heading per workload and
/// Python implementation.
fn ratios() -> String {
    let data = data();
    let rows = data["rows"].as_array().expect("rows");
    // Lines top-down: a heading whenever the workload or its Python side changes, then a bar
    // per Rust implementation: (heading, Rust label, ratio, ours).
    let mut lines: Vec<(Option<String>, String, Option<f64>, bool)> = Vec::new();
    let mut last_heading = String::new();
    for row in rows {
        let python = text(&implementation(&data, text(&row["python"]))["label"]);
        let heading = format!("{}, Python {python}", text(&row["workload"]));
        if heading != last_heading {
            lines.push((Some(heading.clone()), String::new(), None, false));
            last_heading = heading;
        }
        let rust_key = text(&row["rust"]);
        let label = text(&implementation(&data, rust_key)["label"]).to_string();
        lines.push((None, label, row["ratio"].as_f64(), ours(rust_key)));
    }
    let step = 19;
    let height = 92 + step * lines.len() as u32;
    let n = lines.len() as f64;
    figure::svg(height, |root| {
        // The legend, above the chart.
        for (i, (name, colour)) in [
            ("the course's crates", PALETTE[1]),
            ("yardsticks", PALETTE[0]),
        ]
        .iter()
        .enumerate()
        {
            let x = 260 + 190 * i as i32;
            root.draw(&Rectangle::new([(x, 12), (x + 14, 26)], colour.filled()))
                .expect("drawing into a string cannot fail");
            figure::label(root, name, (x + 20, 19), SMALL, INK, Anchor::Left);
        }
        let (_, area) = root.split_vertically(34);
        let mut chart = ChartBuilder::on(&area)
            .margin_right(40)
            .x_label_area_size(44)
            .y_label_area_size(250)
            .build_cartesian_2d((0.8f64..120.0).log_scale(), 0.0..n)
            .expect("drawing into a string cannot fail");
        axes(
            &mut chart,
            8,
            &|x| format!("{x}×"),
            "Python time / Rust time (log scale; right of 1×, Rust is faster)",
        );
        chart
            .draw_series([PathElement::new(
                vec![(1.0, 0.0), (1.0, n)],
                INK.stroke_width(1),
            )])
            .expect("drawing into a string cannot fail");
        for (i, (heading, label, r, ours)) in lines.iter().enumerate() {
            // The first line on top.
            let y = n - 1.0 - i as f64;
            let left = chart.backend_coord(&(0.8, y + 0.5));
            if let Some(heading) = heading {
                // On white, across the axis and the 1× line (about 7.5 px a character).
                let width = 7.5 * heading.chars().count() as f64;
                root.draw(&Rectangle::new(
                    [(4, left.1 - 9), (12 + width as i32, left.1 + 9)],
                    WHITE.filled(),
                ))
                .expect("drawing into a string cannot fail");
                figure::label(root, heading, (8, left.1), SMALL, GREY, Anchor::Left);
                continue;
            }
            figure::label(root, label, (left.0 - 8, left.1), SMALL, INK, Anchor::Right);
            let Some(r) = *r else {
                figure::label(
                    root,
                    "not measured",
                    (left.0 + 8, left.1),
                    SMALL,
                    GREY,
                    Anchor::Left,
                );
                continue;
            };
            let colour = if *ours { PALETTE[1] } else { PALETTE[0] };
            chart
                .draw_series([Rectangle::new(
                    [(1.0f64.min(r), y + 0.15), (1.0f64.max(r), y + 0.85)],
                    colour.filled(),
                )])
                .expect("drawing into a string cannot fail");
            let end = chart.backend_coord(&(r.max(1.0), y + 0.5));
            figure::label(
                root,
                &ratio(r),
                (end.0 + 6, end.1),
                SMALL,
                INK,
                Anchor::Left,
            );
        }
    })
}

/// Each language on one and two threads, as a fraction of its own one-thread time.
fn gil() -> String {
    let data = data();
    let median = |key: &str| {
        implementation(&data, key)["median_s"]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} has no median"))
    };
    let secs = |s: f64| {
        if s >= 1.0 {
            format!("{s:.2} s")
        } else {
            format!("{:.1} ms", s * 1e3)
        }
    };
    figure::svg(250, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(12)
            .margin_right(120)
            .x_label_area_size(40)
            .y_label_area_size(150)
            .build_cartesian_2d(0.0f64..1.2, 0.0f64..5.0)
            .expect("drawing into a string cannot fail");
        axes(
            &mut chart,
            7,
            &|x| format!("{:.0}%", x * 100.0),
            "time, as a share of the same language's one-thread time",
        );
        // Two cores: the best two threads can do is half the time.
        chart
            .draw_series([PathElement::new(
                vec![(0.5, 0.0), (0.5, 5.0)],
                INK.stroke_width(1),
            )])
            .expect("drawing into a string cannot fail");
        let top = chart.backend_coord(&(0.5, 5.0));
        figure::label(
            root,
            "two cores: half",
            (top.0 + 4, top.1 + 8),
            SMALL,
            INK,
            Anchor::Left,
        );
        for (i, (side, one, two)) in GIL.iter().enumerate() {
            let (t1, t2) = (median(one), median(two));
            let base = 4.5 - 2.5 * i as f64;
            let left = chart.backend_coord(&(0.0, base - 0.5));
            figure::label(root, side, (8, left.1), SMALL, INK, Anchor::Left);
            for (j, (threads, t)) in [("1 thread", t1), ("2 threads", t2)].iter().enumerate() {
                let y = base - 0.9 * j as f64;
                let share = t / t1;
                chart
                    .draw_series([Rectangle::new(
                        [(0.0, y - 0.75), (share, y - 0.05)],
                        PALETTE[j].filled(),
                    )])
                    .expect("drawing into a string cannot fail");
                let start = chart.backend_coord(&(0.0, y - 0.4));
                figure::label(
                    root,
                    threads,
                    (start.0 - 8, start.1),
                    SMALL,
                    INK,
                    Anchor::Right,
                );
                let end = chart.backend_coord(&(share, y - 0.4));
                figure::label(
                    root,
                    &secs(*t),
                    (end.0 + 6, end.1),
                    SMALL,
                    INK,
                    Anchor::Left,
                );
            }
        }
    })
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("ratios") => print!("{}", ratios()),
        Some("gil") => print!("{}", gil()),
        _ => {
            eprintln!("usage: comparison_svg ratios|gil");
            std::process::exit(2);
        }
    }
}

// `cargo test` runs these (`test = true` in Cargo.toml).
#[test]
fn the_ratio_chart_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/comparison-ratios.svg"),
        &ratios(),
        "book/src/comparison-ratios.svg",
        "cargo run -p book-checks --example comparison_svg -- ratios",
    );
}

#[test]
fn the_gil_figure_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/comparison-gil.svg"),
        &gil(),
        "book/src/comparison-gil.svg",
        "cargo run -p book-checks --example comparison_svg -- gil",
    );
}
