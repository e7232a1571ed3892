//! What notebook cell 21 (`with ProgressBar(): mu = Y.mean().compute()`) prints, on the fake
//! clock the small settings choose: any change is a reviewed diff.

use harness::Value;
use harness::cells::{Outcome, Output, Settings, sections};
use harness::rules::progress_bar_matches;

/// Runs the Dask section up to cell 22; returns what cell 21 printed, its outcome, and cell 22's.
fn run_21(seed: u64) -> (String, Outcome, Outcome) {
    run_21_with(&Settings::small(seed))
}

fn run_21_with(settings: &Settings) -> (String, Outcome, Outcome) {
    let mut all = sections(settings);
    let section = all
        .iter_mut()
        .find(|s| s.title() == "Dask")
        .expect("a Dask section");
    for cell in section.setup_for(21) {
        assert!(matches!(section.run(cell, &Output::new()), Outcome::Ran(_)));
    }
    let out = Output::new();
    let outcome = section.run(21, &out);
    let shown = section.run(22, &Output::new());
    (out.text(), outcome, shown)
}

#[test]
fn cell_21_prints_a_full_bar() {
    let (text, outcome, _) = run_21(42);
    assert_eq!(outcome, Outcome::Ran(None));
    progress_bar_matches(&text).unwrap();
    insta::assert_snapshot!(text.replace('\r', "\\r").replace('\n', "\\n"));
}

#[test]
fn cell_21_leaves_mu_for_cell_22() {
    // After cell 21, cell 22 shows the mean it computed...
    let (_, _, shown) = run_21(42);
    assert!(matches!(shown, Outcome::Ran(Some(Value::Float(_)))));
    // ...and only cell 21 defines it: without it, cell 22 fails as Python would.
    let settings = Settings::small(42);
    let mut all = sections(&settings);
    let section = all.iter_mut().find(|s| s.title() == "Dask").unwrap();
    for cell in section.setup_for(21) {
        section.run(cell, &Output::new());
    }
    assert_eq!(
        section.run(22, &Output::new()),
        Outcome::Failed("name 'mu' is not defined".into())
    );
}

#[test]
fn cell_21_on_the_real_clock_passes_the_progress_bar_rule() {
    let settings = Settings {
        fake_clock: false,
        ..Settings::small(7)
    };
    let (text, outcome, _) = run_21_with(&settings);
    assert_eq!(outcome, Outcome::Ran(None));
    progress_bar_matches(&text).unwrap();
}
