//! Every figure of the book follows the one style (see `book_checks::figure`): 680 px wide,
//! sans-serif text of at least 13 px, and only the Okabe–Ito palette, the two greys, white and
//! the text colour. A figure drawn any other way fails here, whichever command drew it.

use book_checks::figure::{GREY, INK, LIGHT, PALETTE, SMALL, WIDTH};
use plotters::style::RGBColor;
use std::path::{Path, PathBuf};

fn svgs(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the book's folder is readable") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            svgs(&path, found);
        } else if path.extension().is_some_and(|e| e == "svg") {
            found.push(path);
        }
    }
}

/// The values of every `name="..."` attribute in `svg`.
fn attributes<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let pattern = format!(" {name}=\"");
    svg.match_indices(&pattern)
        .map(|(at, _)| {
            let value = &svg[at + pattern.len()..];
            &value[..value.find('"').expect("a closed attribute")]
        })
        .collect()
}

fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// What is wrong with one figure, if anything.
fn problems(svg: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let head = &svg[..svg.find('>').unwrap_or(svg.len())];
    if !head.starts_with("<svg") || attributes(head, "width") != [WIDTH.to_string().as_str()] {
        wrong.push(format!("is not {WIDTH} px wide"));
    }
    if !attributes(head, "viewBox")
        .first()
        .is_some_and(|v| v.starts_with(&format!("0 0 {WIDTH} ")))
    {
        wrong.push(format!("has no viewBox 0 0 {WIDTH} H"));
    }
    for size in attributes(svg, "font-size") {
        let px: f64 = size.trim_end_matches("px").parse().unwrap_or(0.0);
        if px < SMALL - 0.01 {
            wrong.push(format!("has text of {size} px, below {SMALL}"));
        }
    }
    for family in attributes(svg, "font-family") {
        if family != "sans-serif" {
            wrong.push(format!("uses the font {family:?}"));
        }
    }
    let mut allowed: Vec<String> = PALETTE
        .iter()
        .copied()
        .chain([GREY, LIGHT, INK])
        .map(hex)
        .collect();
    allowed.push("#FFFFFF".into());
    for attribute in ["fill", "stroke"] {
        for colour in attributes(svg, attribute) {
            let upper = colour.to_uppercase();
            if upper.starts_with('#') && !allowed.contains(&upper) {
                wrong.push(format!("uses the colour {colour}, outside the palette"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    wrong
}

#[test]
fn every_figure_of_the_book_follows_the_style() {
    let mut found = Vec::new();
    svgs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../src"),
        &mut found,
    );
    assert!(found.len() >= 7, "the book's figures are found");
    let wrong: Vec<String> = found
        .iter()
        .flat_map(|path| {
            let svg = std::fs::read_to_string(path).expect("a figure is text");
            problems(&svg)
                .into_iter()
                .map(move |p| format!("{} {p}", path.display()))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "figures off the book's style:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_figure_off_the_style_is_caught() {
    let good = r##"<svg width="680" height="10" viewBox="0 0 680 10"><text font-family="sans-serif" font-size="13" fill="#0072B2">x</text></svg>"##;
    assert!(problems(good).is_empty(), "{:?}", problems(good));
    let bad = r##"<svg width="1620pt" height="10" viewBox="0 0 1620 10"><text font-family="Times" font-size="5" fill="#2b6cb0">x</text></svg>"##;
    assert_eq!(problems(bad).len(), 5, "{:?}", problems(bad));
}
