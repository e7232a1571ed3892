//! Checks that keep the book honest.
//!
//! - [`check_book`] reads every page under a book's `src/` and reports each
//!   `{{#include path:anchor}}` or `{{#rustdoc_include path:anchor}}` whose file or anchor is
//!   missing, every Rust code block typed on the page instead of included from a compiled file,
//!   every `rust,compile_fail` block not backed by a `compile_fail` doctest of this crate, and
//!   every link to a page that does not exist.
//!   `tests/book.rs` runs it on the real book (so `cargo test` fails on a broken include) and on
//!   broken fixtures.
//! - [`compile_fail`] holds the doctests proving that the book's `compile_fail` examples really do
//!   not compile.
//! - [`figure`] is the style every figure of the book shares; each figure is an example of this
//!   crate (`examples/*_svg.rs`) whose test fails when the committed SVG is stale, and
//!   `tests/figures.rs` checks that every SVG of the book keeps to the style.
//! - [`output`] checks that the output a page shows is what its example prints now
//!   ([`shows_output!`] for this crate's examples, `tests/crate_examples.rs` for the crates').
//! - The `check-exercises` binary proves, like rustlings' `dev check`, that every exercise's
//!   starter compiles and fails its tests, and every solution passes and is rustfmt- and
//!   clippy-clean.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub mod compile_fail;
pub mod figure;
pub mod output;

/// One thing wrong with a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The page, as given to [`check_book`] joined with its path under `src/`.
    pub page: PathBuf,
    /// The 1-based line on the page.
    pub line: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The included file does not exist.
    MissingFile(PathBuf),
    /// The included file has no `ANCHOR: name` line.
    MissingAnchor(PathBuf, String),
    /// The included file has `ANCHOR: name` but no later `ANCHOR_END: name`.
    MissingAnchorEnd(PathBuf, String),
    /// An include by line numbers (`file.rs:10:20`): they silently drift when the file changes.
    LineNumbers(String),
    /// An include directive without its closing `}}`.
    Unclosed,
    /// A Rust code block with lines that are not include directives.
    TypedRust,
    /// A `rust,compile_fail` block that includes a file no `compile_fail` doctest includes.
    UnprovenCompileFail(PathBuf),
    /// A code block that is never closed.
    UnclosedBlock,
    /// A whole-file include of a file with `ANCHOR` lines, which mdbook would show: include an
    /// anchor spanning the file instead.
    AnchorsShown(PathBuf),
    /// A link to a page (`[text](other.md)`) that does not exist.
    BrokenLink(PathBuf),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.page.display(), self.line)?;
        match &self.kind {
            ProblemKind::MissingFile(file) => {
                write!(f, "included file {} not found", file.display())
            }
            ProblemKind::MissingAnchor(file, anchor) => {
                write!(f, "no `ANCHOR: {anchor}` in {}", file.display())
            }
            ProblemKind::MissingAnchorEnd(file, anchor) => {
                write!(
                    f,
                    "no `ANCHOR_END: {anchor}` after its ANCHOR in {}",
                    file.display()
                )
            }
            ProblemKind::LineNumbers(arg) => {
                write!(f, "include by line numbers ({arg}): use an anchor")
            }
            ProblemKind::Unclosed => f.write_str("include directive without its closing }}"),
            ProblemKind::TypedRust => {
                f.write_str("Rust code typed on the page: include it from a compiled file instead")
            }
            ProblemKind::UnprovenCompileFail(file) => write!(
                f,
                "compile_fail block includes {}, which no compile_fail doctest includes",
                file.display()
            ),
            ProblemKind::UnclosedBlock => f.write_str("code block never closed"),
            ProblemKind::BrokenLink(file) => {
                write!(f, "link to {}, which does not exist", file.display())
            }
            ProblemKind::AnchorsShown(file) => write!(
                f,
                "whole-file include of {}, whose ANCHOR lines would show: include an anchor",
                file.display()
            ),
        }
    }
}

/// The notebook cells the pages under `src_dir` cover: a page declares them with a line
/// `<!-- cells: 6 7 8 -->` and must then show Python (a `python` block) next to Rust (a `rust`
/// block). Returns, for each cell, the pages covering it; or the pages that declare cells without
/// showing both languages, or that declare them badly.
pub fn cells_covered(src_dir: &Path) -> Result<BTreeMap<u32, Vec<PathBuf>>, Vec<String>> {
    let mut pages = Vec::new();
    collect_pages(src_dir, &mut pages);
    pages.sort();
    let mut covered: BTreeMap<u32, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    for page in pages {
        let text = fs::read_to_string(&page).unwrap_or_default();
        for line in text.lines() {
            let Some(cells) = line
                .trim()
                .strip_prefix("<!-- cells:")
                .and_then(|rest| rest.strip_suffix("-->"))
            else {
                continue;
            };
            if !(text.contains("```python") && text.contains("```rust")) {
                errors.push(format!(
                    "{} covers cells{cells}but does not show both a python and a rust block",
                    page.display()
                ));
            }
            for cell in cells.split_whitespace() {
                match cell.parse() {
                    Ok(n) => covered.entry(n).or_default().push(page.clone()),
                    Err(_) => {
                        errors.push(format!("{}: `{cell}` is not a cell number", page.display()))
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(covered)
    } else {
        Err(errors)
    }
}

/// An include directive found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Include {
    /// The file, resolved against the page's folder.
    file: PathBuf,
    /// The text after the first `:`, if any (an anchor name or line numbers).
    selector: Option<String>,
}

/// Checks every `.md` page under `src_dir` (recursively). `proven` lists the files that a
/// `compile_fail` doctest includes (see [`compile_fail::proven`]); a `rust,compile_fail`
/// block may only include those. Returns every problem, in page order.
pub fn check_book(src_dir: &Path, proven: &[PathBuf]) -> Vec<Problem> {
    let proven: Vec<PathBuf> = proven
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut pages = Vec::new();
    collect_pages(src_dir, &mut pages);
    pages.sort();
    let mut problems = Vec::new();
    for page in pages {
        match fs::read_to_string(&page) {
            Ok(text) => check_page(&page, &text, &proven, &mut problems),
            Err(e) => problems.push(Problem {
                page: page.clone(),
                line: 0,
                kind: ProblemKind::MissingFile(PathBuf::from(e.to_string())),
            }),
        }
    }
    problems
}

fn collect_pages(dir: &Path, pages: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pages(&path, pages);
        } else if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
}

/// The code block being read: its fence, whether it is Rust, whether it is `compile_fail`.
struct Block {
    fence: String,
    line: usize,
    rust: bool,
    compile_fail: bool,
}

fn check_page(page: &Path, text: &str, proven: &[PathBuf], problems: &mut Vec<Problem>) {
    let dir = page.parent().unwrap_or(Path::new("."));
    let mut block: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let mut report = |kind| {
            problems.push(Problem {
                page: page.to_path_buf(),
                line: line_no,
                kind,
            })
        };
        let trimmed = line.trim_start();
        // Fences: a line starting with three or more backticks opens or closes a block.
        if trimmed.starts_with("```") {
            let fence: String = trimmed.chars().take_while(|&c| c == '`').collect();
            match &block {
                Some(open) if trimmed.trim_end() == open.fence => block = None,
                Some(_) => {}
                None => {
                    let info = trimmed[fence.len()..].trim();
                    let attrs: Vec<&str> = info.split(',').map(str::trim).collect();
                    block = Some(Block {
                        fence,
                        line: line_no,
                        rust: attrs.first() == Some(&"rust"),
                        compile_fail: attrs.contains(&"compile_fail"),
                    });
                }
            }
            continue;
        }
        let includes = match parse_includes(line, dir) {
            Ok(includes) => includes,
            Err(kind) => {
                report(kind);
                continue;
            }
        };
        for include in &includes {
            if let Some(kind) = check_include(include) {
                report(kind);
            }
        }
        if block.is_none() {
            for target in page_links(line) {
                let file = dir.join(target);
                if !file.is_file() {
                    report(ProblemKind::BrokenLink(file));
                }
            }
        }
        if let Some(open) = &block {
            if open.rust && !trimmed.is_empty() && !is_only_includes(trimmed) {
                report(ProblemKind::TypedRust);
            }
            if open.compile_fail {
                for include in &includes {
                    let proven_file = include
                        .file
                        .canonicalize()
                        .is_ok_and(|file| proven.contains(&file));
                    if !proven_file {
                        report(ProblemKind::UnprovenCompileFail(include.file.clone()));
                    }
                }
            }
        }
    }
    if let Some(open) = block {
        problems.push(Problem {
            page: page.to_path_buf(),
            line: open.line,
            kind: ProblemKind::UnclosedBlock,
        });
    }
}

/// The local pages a line links to: the targets of `](….md)` and `](….md#anchor)`.
fn page_links(line: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(')') else {
            break;
        };
        let target = after[..end].split('#').next().unwrap_or_default();
        if target.ends_with(".md") && !target.contains("://") {
            links.push(target);
        }
        rest = &after[end..];
    }
    links
}

/// Whether a line holds nothing but include directives (mdbook replaces them by the file's text).
fn is_only_includes(line: &str) -> bool {
    let mut rest = line.trim();
    while !rest.is_empty() {
        let Some(after) = rest
            .strip_prefix("{{#include ")
            .or_else(|| rest.strip_prefix("{{#rustdoc_include "))
        else {
            return false;
        };
        let Some(end) = after.find("}}") else {
            return false;
        };
        rest = after[end + 2..].trim_start();
    }
    true
}

/// The include directives on one line; `\{{#include …}}` is mdbook's escape and is skipped.
fn parse_includes(line: &str, dir: &Path) -> Result<Vec<Include>, ProblemKind> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{#") {
        let escaped = rest[..start].ends_with('\\');
        let after = &rest[start + 3..];
        let args = after
            .strip_prefix("include ")
            .or_else(|| after.strip_prefix("rustdoc_include "));
        let Some(args) = args else {
            rest = after;
            continue;
        };
        let Some(end) = args.find("}}") else {
            return Err(ProblemKind::Unclosed);
        };
        rest = &args[end + 2..];
        if escaped {
            continue;
        }
        let args = args[..end].trim();
        let (path, selector) = match args.split_once(':') {
            Some((path, selector)) => (path, Some(selector.to_string())),
            None => (args, None),
        };
        found.push(Include {
            file: dir.join(path),
            selector,
        });
    }
    Ok(found)
}

fn check_include(include: &Include) -> Option<ProblemKind> {
    let Ok(text) = fs::read_to_string(&include.file) else {
        return Some(ProblemKind::MissingFile(include.file.clone()));
    };
    let Some(selector) = include.selector.as_deref() else {
        let has_anchors = text
            .lines()
            .any(|l| anchor_of(l, "ANCHOR:").is_some() || anchor_of(l, "ANCHOR_END:").is_some());
        return has_anchors.then(|| ProblemKind::AnchorsShown(include.file.clone()));
    };
    if selector.starts_with(|c: char| c.is_ascii_digit()) || selector.starts_with(':') {
        return Some(ProblemKind::LineNumbers(selector.to_string()));
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| anchor_of(l, "ANCHOR:") == Some(selector))
    else {
        return Some(ProblemKind::MissingAnchor(
            include.file.clone(),
            selector.to_string(),
        ));
    };
    let closed = lines[start + 1..]
        .iter()
        .any(|l| anchor_of(l, "ANCHOR_END:") == Some(selector));
    (!closed).then(|| ProblemKind::MissingAnchorEnd(include.file.clone(), selector.to_string()))
}

/// The anchor name after `marker` on a line, as mdbook reads it (`[\w_-]+`).
fn anchor_of<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    let name = line[at + marker.len()..].trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_read_like_mdbook() {
        assert_eq!(
            anchor_of("// ANCHOR: solution", "ANCHOR:"),
            Some("solution")
        );
        assert_eq!(
            anchor_of("    // ANCHOR_END: a-b_c ", "ANCHOR_END:"),
            Some("a-b_c")
        );
        assert_eq!(anchor_of("// ANCHOR:", "ANCHOR:"), None);
        assert_eq!(anchor_of("// nothing", "ANCHOR:"), None);
    }

    #[test]
    fn include_lines() {
        assert!(is_only_includes("{{#include a.rs:x}}"));
        assert!(is_only_includes(
            "  {{#rustdoc_include a.rs}} {{#include b.rs}}"
        ));
        assert!(!is_only_includes("let x = 1;"));
        assert!(!is_only_includes("{{#include a.rs}} let x = 1;"));
        let found = parse_includes(
            r"\{{#include skipped.rs}} {{#include kept.rs:a}}",
            Path::new("d"),
        )
        .unwrap();
        assert_eq!(
            found,
            vec![Include {
                file: PathBuf::from("d/kept.rs"),
                selector: Some("a".into())
            }]
        );
        assert_eq!(
            parse_includes("{{#include open.rs", Path::new(".")),
            Err(ProblemKind::Unclosed)
        );
    }
}
