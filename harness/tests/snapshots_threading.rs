//! Snapshot of the Threading section (notebook cells 5 to 14) run with a fixed seed: what each
//! cell prints and the value it shows. Any change is a reviewed diff (`cargo insta review`).

use harness::Value;
use harness::cells::{Outcome, Output, Section, Settings, sections};

fn threading_section(seed: u64) -> Box<dyn Section> {
    sections(&Settings::small(seed))
        .into_iter()
        .find(|s| s.title() == "Threading")
        .expect("the Threading section exists")
}

/// Runs `cell` and writes one transcript line: the cell, what it printed, its outcome.
fn run(section: &mut Box<dyn Section>, cell: u32, transcript: &mut String) -> Outcome {
    let out = Output::new();
    let outcome = section.run(cell, &out);
    let shown = match &outcome {
        Outcome::Ran(Some(value)) => format!("Out: {value}"),
        Outcome::Ran(None) => "(no value)".to_string(),
        other => format!("{other:?}"),
    };
    transcript.push_str(&format!("In [{cell}]: printed {:?}; {shown}\n", out.text()));
    outcome
}

#[test]
fn threading_cells_5_to_14() {
    let mut section = threading_section(42);
    assert_eq!(section.cells(), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    let mut transcript = String::new();
    let outcomes: Vec<Outcome> = section
        .cells()
        .to_vec()
        .into_iter()
        .map(|cell| run(&mut section, cell, &mut transcript))
        .collect();
    // The notebook's two values, checked as values before the snapshot sees them.
    assert_eq!(outcomes[5], Outcome::Ran(Some(Value::from("foo"))));
    assert_eq!(outcomes[9], Outcome::Ran(Some(Value::Int(5))));

    // Running cell 14 again, as one can in Jupyter, hands out what is left: 'even more', then
    // the array that the thread put (the same numbers for the same seed).
    transcript.push_str("-- cell 14 run again, twice --\n");
    assert_eq!(
        run(&mut section, 14, &mut transcript),
        Outcome::Ran(Some(Value::from("even more")))
    );
    let array = run(&mut section, 14, &mut transcript);
    assert!(matches!(&array, Outcome::Ran(Some(Value::Repr(r))) if r.starts_with("array([")));
    insta::assert_snapshot!(transcript);
}

/// The array depends on the seed and only on the seed.
#[test]
fn the_threads_array_follows_the_seed() {
    let array_for = |seed| {
        let mut section = threading_section(seed);
        let mut sink = String::new();
        for cell in [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14] {
            run(&mut section, cell, &mut sink);
        }
        run(&mut section, 14, &mut sink)
    };
    assert_eq!(array_for(7), array_for(7));
    assert_ne!(array_for(7), array_for(8));
}
