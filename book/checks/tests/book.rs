//! The include check: on the real book, and on fixtures that must pass or fail.
use book_checks::{ProblemKind, check_book, compile_fail};
use std::path::{Path, PathBuf};

fn proven() -> Vec<PathBuf> {
    compile_fail::proven().into_iter().map(|c| c.file).collect()
}

fn here(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn every_include_of_the_book_resolves() {
    let src = here("../src");
    assert!(
        src.join("SUMMARY.md").exists(),
        "the book's src/ is where we expect"
    );
    let problems = check_book(&src, &proven());
    let report: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "the book has problems:\n{}",
        report.join("\n")
    );
}

#[test]
fn a_good_page_passes() {
    assert_eq!(check_book(&here("tests/fixtures/good"), &proven()), vec![]);
}

#[test]
fn every_kind_of_broken_include_is_caught() {
    let problems = check_book(&here("tests/fixtures/broken"), &proven());
    let found: Vec<(usize, ProblemKind)> = problems.into_iter().map(|p| (p.line, p.kind)).collect();
    let fixtures = here("tests/fixtures/broken/sub/../..");
    let included = fixtures.join("included.rs");
    assert_eq!(
        found,
        vec![
            (6, ProblemKind::MissingFile(fixtures.join("missing.rs"))),
            (7, ProblemKind::AnchorsShown(included.clone())),
            (
                8,
                ProblemKind::MissingAnchor(included.clone(), "nowhere".into())
            ),
            (
                9,
                ProblemKind::MissingAnchorEnd(included.clone(), "never_closed".into())
            ),
            (10, ProblemKind::LineNumbers("2:4".into())),
            (14, ProblemKind::TypedRust),
            (18, ProblemKind::UnprovenCompileFail(included.clone())),
            (21, ProblemKind::Unclosed),
            (23, ProblemKind::UnclosedBlock),
        ]
    );
}

#[test]
fn problems_read_well() {
    let problems = check_book(&here("tests/fixtures/broken"), &proven());
    let first = problems[0].to_string();
    assert!(first.contains("page.md:6: included file"), "{first}");
    assert!(first.ends_with("missing.rs not found"), "{first}");
}

/// The notebook's code cells (`In [N]:`), read from the harness's copy of the notebook.
fn notebook_cells() -> Vec<u32> {
    let notebook = std::fs::read_to_string(here("../../harness/fixtures/seed-notebook.txt"))
        .expect("the harness keeps a copy of the notebook in harness/fixtures/");
    notebook
        .lines()
        .filter_map(|l| l.strip_prefix("In [")?.strip_suffix("]:")?.parse().ok())
        .collect()
}

#[test]
fn every_notebook_cell_appears_with_its_rust_counterpart() {
    let cells = notebook_cells();
    assert_eq!(
        cells.len(),
        20,
        "the notebook has 20 code cells (16 and 20 are missing)"
    );
    let covered = book_checks::cells_covered(&here("../src")).unwrap();
    let missing: Vec<u32> = cells
        .iter()
        .copied()
        .filter(|c| !covered.contains_key(c))
        .collect();
    assert!(missing.is_empty(), "no page covers cells {missing:?}");
}

#[test]
fn a_page_declaring_cells_must_show_both_languages() {
    let errors = book_checks::cells_covered(&here("tests/fixtures/cells")).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("does not show both a python and a rust block"));
    assert!(errors[1].contains("`x` is not a cell number"));
}

#[test]
fn links_to_missing_pages_are_caught() {
    let problems = check_book(&here("tests/fixtures/links"), &proven());
    let found: Vec<(usize, ProblemKind)> = problems.into_iter().map(|p| (p.line, p.kind)).collect();
    let missing = here("tests/fixtures/links/nowhere.md");
    assert_eq!(found, vec![(4, ProblemKind::BrokenLink(missing))]);
}
