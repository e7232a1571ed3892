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
    let mut text = Vec::new();
    let report = replay(&Notebook::fixture(), &options, &mut text).expect("writes to memory");
    let text = String::from_utf8(text).expect("utf-8");

    let (matching, judged) = report.score();
    assert_eq!(judged, 9, "the notebook has nine output cells");
    assert_eq!(
        text.lines().last(),
        Some(format!("notebook: {matching} of 9 output cells match").as_str())
    );
    for cell in report.cells.iter().filter(|c| c.judged) {
        match &cell.outcome {
            // Every section's crate is built now; a cell that says otherwise is a regression.
            Outcome::NotBuilt(why) => panic!("cell {} is not built: {why}", cell.number),
            Outcome::Failed(why) => panic!("cell {} failed: {why}\n{text}", cell.number),
            Outcome::Ran(_) => assert!(
                cell.matches(),
                "cell {} does not match:\n{text}",
                cell.number
            ),
        }
    }
}
