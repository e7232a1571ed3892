//! Notebook section "Multiprocessing": cells 1, 2, 3, 4.
//!
//! Not built yet: the crate this section needs, `multiprocessing (issue 3)`, is still to come, so every cell
//! reports [`Outcome::NotBuilt`] and the replay counts it as not matching.

use super::{Outcome, Output, Section, Settings};

/// The section's state; see the module doc.
#[derive(Debug)]
struct MultiprocessingSection;

pub(crate) fn section(_settings: &Settings) -> Box<dyn Section> {
    Box::new(MultiprocessingSection)
}

impl Section for MultiprocessingSection {
    fn title(&self) -> &'static str {
        "Multiprocessing"
    }

    fn cells(&self) -> &'static [u32] {
        &[1, 2, 3, 4]
    }

    fn run(&mut self, _cell: u32, _out: &Output) -> Outcome {
        Outcome::NotBuilt("the `multiprocessing (issue 3)` crate is not built yet".to_string())
    }
}
