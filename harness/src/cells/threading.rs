//! Notebook section "Threading": cells 5, 6, 7, 8, 9, 10, 11, 12, 13, 14.
//!
//! Not built yet: the crate this section needs, `threading (issue 4)`, is still to come, so every cell
//! reports [`Outcome::NotBuilt`] and the replay counts it as not matching.

use super::{Outcome, Output, Section, Settings};

/// The section's state; see the module doc.
#[derive(Debug)]
struct ThreadingSection;

pub(crate) fn section(_settings: &Settings) -> Box<dyn Section> {
    Box::new(ThreadingSection)
}

impl Section for ThreadingSection {
    fn title(&self) -> &'static str {
        "Threading"
    }

    fn cells(&self) -> &'static [u32] {
        &[5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    }

    fn run(&mut self, _cell: u32, _out: &Output) -> Outcome {
        Outcome::NotBuilt("the `threading (issue 4)` crate is not built yet".to_string())
    }
}
