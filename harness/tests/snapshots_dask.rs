//! What the Dask section's cells show, with a fixed seed: any change is a reviewed diff.

use harness::cells::{Outcome, Output, Settings, sections};

/// Runs the Dask section top to bottom and describes every cell's outcome.
fn run_dask(seed: u64) -> String {
    let settings = Settings::small(seed);
    let mut all = sections(&settings);
    let section = all
        .iter_mut()
        .find(|s| s.title() == "Dask")
        .expect("a Dask section");
    let mut text = String::new();
    for &cell in section.cells() {
        let out_21 = Output::new();
        if cell == 21 {
            // The progress bar is the diagnostics' and has its own snapshots; it
            // still runs here, because cell 22 shows what it computed.
            section.run(cell, &out_21);
            continue;
        }
        let out = Output::new();
        let outcome = section.run(cell, &out);
        let shown = match outcome {
            Outcome::Ran(Some(v)) => format!("Out: {v}"),
            Outcome::Ran(None) => "(no value)".to_string(),
            Outcome::NotBuilt(why) => format!("not built: {why}"),
            Outcome::Failed(why) => format!("FAILED: {why}"),
        };
        text.push_str(&format!(
            "In [{cell}]: printed {:?}\n  {shown}\n",
            out.text()
        ));
    }
    text
}

#[test]
fn dask_cells_with_seed_42() {
    insta::assert_snapshot!(run_dask(42));
}

#[test]
fn the_same_seed_gives_the_same_cells() {
    assert_eq!(run_dask(7), run_dask(7));
    assert_ne!(run_dask(7), run_dask(8));
}
