//! Runs the Rust version of every cell in notebook order and judges each output cell.
//!
//! For each `In [n]:` the replay prints the notebook's source, what the Rust code printed and
//! returned beside what the notebook printed and showed, and a verdict per output cell; its last
//! line is always `notebook: M of N output cells match`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use crate::cells::{self, Outcome, Output, Section, Settings};
use crate::expect::{self, Check};
use crate::notebook::{Cell, Notebook};

/// What to replay, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sizes, seed and clock for the cells.
    pub settings: Settings,
    /// Only this cell (the cells it needs run first, quietly); `None` for the whole notebook.
    pub only_cell: Option<u32>,
    /// Echo what cells print as they print it (the binary does; tests do not).
    pub live: bool,
}

/// The verdict on one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellReport {
    /// The cell's number.
    pub number: u32,
    /// Whether the notebook shows output for this cell, so that it is judged.
    pub judged: bool,
    /// What running it gave.
    pub outcome: Outcome,
    /// What it printed.
    pub printed: String,
    /// The rules' answers (empty when the cell did not run).
    pub checks: Vec<Check>,
}

impl CellReport {
    /// A judged cell matches when it ran and every check passed.
    pub fn matches(&self) -> bool {
        self.judged
            && matches!(self.outcome, Outcome::Ran(_))
            && !self.checks.is_empty()
            && self.checks.iter().all(|c| c.result.is_ok())
    }
}

/// The verdicts on every replayed cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One per replayed cell, in order.
    pub cells: Vec<CellReport>,
}

impl Report {
    /// How many output cells match, and how many there are.
    pub fn score(&self) -> (usize, usize) {
        let judged = self.cells.iter().filter(|c| c.judged).count();
        let matching = self.cells.iter().filter(|c| c.matches()).count();
        (matching, judged)
    }

    /// The replay's last line: `notebook: M of N output cells match`.
    pub fn summary(&self) -> String {
        let (m, n) = self.score();
        format!("notebook: {m} of {n} output cells match")
    }
}

/// Runs one cell, turning a panic in the cell's code into [`Outcome::Failed`].
fn run_cell(section: &mut dyn Section, number: u32, out: &Output) -> Outcome {
    catch_unwind(AssertUnwindSafe(|| section.run(number, out))).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-string panic".to_string());
        Outcome::Failed(format!("the cell panicked: {message}"))
    })
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// Replays the notebook (or one cell of it), writing the side-by-side account to `w`.
pub fn replay(notebook: &Notebook, options: &Options, w: &mut dyn Write) -> io::Result<Report> {
    replay_sections(notebook, cells::sections(&options.settings), options, w)
}

/// [`replay`] with the given sections instead of the project's (tests use stand-ins).
pub fn replay_sections(
    notebook: &Notebook,
    mut sections: Vec<Box<dyn Section>>,
    options: &Options,
    w: &mut dyn Write,
) -> io::Result<Report> {
    let section_of: HashMap<u32, usize> = sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.cells().iter().map(move |&c| (c, i)))
        .collect();

    let wanted: Vec<&Cell> = match options.only_cell {
        Some(k) => notebook.cells().iter().filter(|c| c.number == k).collect(),
        None => notebook.cells().iter().collect(),
    };
    if let Some(k) = options.only_cell {
        if wanted.is_empty() {
            writeln!(w, "The notebook has no cell {k}.")?;
        } else if let Some(&i) = section_of.get(&k) {
            // Run what the cell needs first, quietly, as if the notebook ran top to bottom.
            for setup in sections[i].setup_for(k) {
                let outcome = run_cell(sections[i].as_mut(), setup, &Output::new());
                if let Outcome::Failed(why) | Outcome::NotBuilt(why) = outcome {
                    writeln!(w, "(setting up: In [{setup}] did not run: {why})")?;
                }
            }
        }
    }

    let mut report = Report::default();
    for cell in wanted {
        writeln!(w, "In [{}]: ({})", cell.number, cell.section)?;
        write!(w, "{}", indent(&cell.source))?;
        let out = if options.live {
            Output::echoing()
        } else {
            Output::new()
        };
        let started = Instant::now();
        let outcome = match section_of.get(&cell.number) {
            Some(&i) => {
                if options.live && cell.printed.is_some() {
                    writeln!(w, "  Rust prints (live):")?;
                    w.flush()?;
                }
                run_cell(sections[i].as_mut(), cell.number, &out)
            }
            None => Outcome::NotBuilt(format!("no section replays cell {}", cell.number)),
        };
        let elapsed = started.elapsed();
        let printed = out.text();

        let checks = match &outcome {
            Outcome::Ran(value) => {
                expect::judge(notebook, cell, &printed, value.as_ref(), &options.settings)
            }
            _ => Vec::new(),
        };
        if !options.live && !printed.is_empty() {
            writeln!(w, "  Rust printed:")?;
            write!(w, "{}", indent(&printed))?;
        }
        if let Some(notebook_printed) = &cell.printed {
            writeln!(w, "  notebook printed:")?;
            write!(w, "{}", indent(notebook_printed))?;
        }
        match &outcome {
            Outcome::Ran(Some(value)) => writeln!(w, "  Rust value:     {value}")?,
            Outcome::Ran(None) => {}
            Outcome::NotBuilt(why) => writeln!(w, "  not built: {why}")?,
            Outcome::Failed(why) => writeln!(w, "  FAILED: {why}")?,
        }
        if let Some(v) = &cell.value {
            writeln!(
                w,
                "  notebook value: {}",
                v.replace('\n', "\n                  ")
            )?;
        }
        let report_cell = CellReport {
            number: cell.number,
            judged: cell.has_output(),
            outcome,
            printed,
            checks,
        };
        if report_cell.judged {
            let verdict = if report_cell.matches() {
                "MATCH"
            } else {
                "NO MATCH"
            };
            writeln!(
                w,
                "  => In [{}]: {verdict} ({:.2} s)",
                cell.number,
                elapsed.as_secs_f64()
            )?;
            for check in &report_cell.checks {
                match &check.result {
                    Ok(()) => writeln!(w, "       {}: ok", check.part)?,
                    Err(m) => writeln!(w, "       {}: {m}", check.part)?,
                }
            }
        }
        writeln!(w)?;
        report.cells.push(report_cell);
    }
    writeln!(w, "{}", report.summary())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    /// A stand-in Threading section that returns whatever it was given. Like the real one, a
    /// cell's answer needs every earlier cell of the section to have run first (cell 14's `q.get()`
    /// needs cells 6–13); otherwise it fails as Python's NameError would.
    #[derive(Debug)]
    struct Fake {
        answers: Vec<(u32, Outcome, &'static str)>,
        ran: Vec<u32>,
    }

    impl Section for Fake {
        fn title(&self) -> &'static str {
            "Threading"
        }
        fn cells(&self) -> &'static [u32] {
            &[5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
        }
        fn run(&mut self, cell: u32, out: &Output) -> Outcome {
            let earlier: Vec<u32> = self.cells().iter().copied().filter(|&c| c < cell).collect();
            if self.ran != earlier {
                return Outcome::Failed(format!(
                    "cells {earlier:?} must run first, ran {:?}",
                    self.ran
                ));
            }
            self.ran.push(cell);
            match self.answers.iter().find(|(c, _, _)| *c == cell) {
                Some((_, outcome, printed)) => {
                    out.print(printed);
                    if matches!(outcome, Outcome::Failed(m) if m == "panic") {
                        panic!("boom in cell {cell}");
                    }
                    outcome.clone()
                }
                None => Outcome::Ran(None),
            }
        }
    }

    fn run(answers: Vec<(u32, Outcome, &'static str)>, only_cell: Option<u32>) -> (Report, String) {
        let options = Options {
            settings: Settings::small(1),
            only_cell,
            live: false,
        };
        let fake = Fake {
            answers,
            ran: Vec::new(),
        };
        let mut text = Vec::new();
        let report = replay_sections(
            &Notebook::fixture(),
            vec![Box::new(fake)],
            &options,
            &mut text,
        )
        .unwrap();
        (report, String::from_utf8(text).unwrap())
    }

    #[test]
    fn cells_without_a_section_are_not_built_and_never_match() {
        let (report, text) = run(vec![], None);
        assert_eq!(report.score(), (0, 9));
        assert!(text.ends_with("notebook: 0 of 9 output cells match\n"));
        let c2 = report.cells.iter().find(|c| c.number == 2).unwrap();
        assert!(matches!(c2.outcome, Outcome::NotBuilt(_)));
        assert!(!c2.matches());
    }

    #[test]
    fn right_values_match_and_wrong_ones_do_not() {
        let answers = vec![
            (10, Outcome::Ran(Some(Value::from("foo"))), ""),
            (14, Outcome::Ran(Some(Value::Int(6))), ""),
        ];
        let (report, text) = run(answers, None);
        assert_eq!(report.score(), (1, 9));
        assert!(text.contains("=> In [10]: MATCH"), "{text}");
        assert!(text.contains("=> In [14]: NO MATCH"), "{text}");
        assert!(text.contains("expected 5, got 6"), "{text}");
        assert!(text.ends_with("notebook: 1 of 9 output cells match\n"));
    }

    #[test]
    fn printing_where_the_notebook_does_not_is_a_mismatch() {
        let (report, _) = run(
            vec![(10, Outcome::Ran(Some(Value::from("foo"))), "noise\n")],
            None,
        );
        assert_eq!(report.score(), (0, 9));
    }

    #[test]
    fn a_panicking_cell_fails_without_stopping_the_replay() {
        let answers = vec![
            (10, Outcome::Failed("panic".into()), ""),
            (14, Outcome::Ran(Some(Value::Int(5))), ""),
        ];
        let (report, text) = run(answers, None);
        assert!(
            text.contains("FAILED: the cell panicked: boom in cell 10"),
            "{text}"
        );
        assert_eq!(report.score(), (1, 9));
    }

    #[test]
    fn one_cell_runs_its_setup_quietly() {
        let answers = vec![(14, Outcome::Ran(Some(Value::Int(5))), "")];
        let (report, text) = run(answers, Some(14));
        assert_eq!(report.cells.len(), 1);
        assert_eq!(report.score(), (1, 1));
        assert!(!text.contains("In [13]"), "{text}");
        assert!(text.ends_with("notebook: 1 of 1 output cells match\n"));
        let (report, text) = run(vec![], Some(99));
        assert_eq!(report.score(), (0, 0));
        assert!(text.starts_with("The notebook has no cell 99."));
    }
}
