//! The whole replay at the test sizes (`Settings::small`): every cell whose crate is built must
//! match the notebook, and a cell whose crate is not built must never count as matching.
//!
//! One allowance, for cell 4 only: its transcript rule assumes the four tasks take equal time,
//! which holds at the notebook's size (about a second each) but not at the test size (about a
//! millisecond), where one worker can finish two tasks before the other thread is even scheduled
//! on a loaded 2-core machine. There the printed lines must still be exactly the notebook's, and
//! the means must still pass; only the *order* is left to the full-size replay, which `.ci/run`
//! runs with `cargo run --release -- --check`.

use harness::cells::{Outcome, Settings};
use harness::notebook::Notebook;
use harness::replay::{Options, replay};

#[test]
fn every_built_cell_matches_at_small_sizes() {
    let options = Options {
        settings: Settings::small(2024),
        only_cell: None,
        live: false,
    };
    let notebook = Notebook::fixture();
    let mut text = Vec::new();
    let report = replay(&notebook, &options, &mut text).expect("writes to memory");
    let text = String::from_utf8(text).expect("utf-8");

    let (matching, judged) = report.score();
    assert_eq!(judged, 9, "the notebook has nine output cells");
    assert_eq!(
        text.lines().last(),
        Some(format!("notebook: {matching} of 9 output cells match").as_str())
    );
    for cell in report.cells.iter().filter(|c| c.judged) {
        match &cell.outcome {
            // Every section has its crate: a cell reported as not built is a failure.
            Outcome::NotBuilt(why) => panic!("cell {} is not built: {why}", cell.number),
            Outcome::Failed(why) => panic!("cell {} failed: {why}\n{text}", cell.number),
            // The allowance of the module doc: cell 4's lines and means, not their order.
            Outcome::Ran(_) if cell.number == 4 && !cell.matches() => {
                let mut expected = notebook.cell(4).expect("cell 4").printed_lines();
                let mut printed: Vec<&str> = cell.printed.lines().collect();
                expected.sort_unstable();
                printed.sort_unstable();
                assert_eq!(printed, expected, "cell 4 printed other lines:\n{text}");
                for check in cell.checks.iter().filter(|c| c.part == "value") {
                    assert!(check.result.is_ok(), "cell 4's means: {:?}", check.result);
                }
            }
            Outcome::Ran(_) => assert!(
                cell.matches(),
                "cell {} does not match:\n{text}",
                cell.number
            ),
        }
    }
}
