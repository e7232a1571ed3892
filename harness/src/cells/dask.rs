//! Notebook section "Dask": cells 15, 17, 18, 19, 21, 22.
//!
//! Not built yet: the crate this section needs, `lazyarray (issues 5 and 6)`, is still to come, so every cell
//! reports [`Outcome::NotBuilt`] and the replay counts it as not matching.

use super::{Outcome, Output, Section, Settings};

/// The section's state; see the module doc.
#[derive(Debug)]
struct DaskSection;

pub(crate) fn section(_settings: &Settings) -> Box<dyn Section> {
    Box::new(DaskSection)
}

impl Section for DaskSection {
    fn title(&self) -> &'static str {
        "Dask"
    }

    fn cells(&self) -> &'static [u32] {
        &[15, 17, 18, 19, 21, 22]
    }

    fn run(&mut self, _cell: u32, _out: &Output) -> Outcome {
        Outcome::NotBuilt("the `lazyarray (issues 5 and 6)` crate is not built yet".to_string())
    }
}
