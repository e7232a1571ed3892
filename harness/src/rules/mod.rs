//! The comparison rules: how a Rust cell's output is judged against the notebook's.
//!
//! Each rule is a function that returns `Ok(())` when the Rust output is one the notebook could
//! equally have shown, and a [`Mismatch`] that says why not otherwise:
//!
//! | rule | used for | what must agree |
//! |---|---|---|
//! | [`exact_value`] | cells 2, 10, 14 | the values, compared as values (not as Python vs Rust text) |
//! | [`transcript_fits_schedule`] | cells 2, 4 | the same lines, in an order a pool of that many workers could print |
//! | [`within_standard_errors`] | cells 4, 19, 22 | a random statistic within 5 standard errors of its expectation |
//! | [`array_repr_matches`] | cells 17, 18 | shape, dtype and chunksize of an array repr |
//! | [`progress_bar_matches`] | cell 21 | a full 40-wide bar, `100% Completed`, the elapsed field's format |

mod exact;
mod progress;
mod random;
mod repr;
mod transcript;

use std::fmt;

pub use exact::exact_value;
pub use progress::{elapsed_field_is_well_formed, progress_bar_matches};
pub use random::{Moments, STANDARD_ERRORS, normal_power_moments, within_standard_errors};
pub use repr::{ArrayRepr, array_repr_matches};
pub use transcript::{
    Event, EventKind, Task, list_schedule, schedule_events, transcript_fits_schedule,
};

/// Why an output does not match the notebook's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The rule that rejected it, e.g. `"exact value"`.
    pub rule: &'static str,
    /// What differs, naming the values.
    pub detail: String,
}

impl Mismatch {
    pub(crate) fn new(rule: &'static str, detail: impl Into<String>) -> Self {
        Mismatch {
            rule,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.detail)
    }
}

impl std::error::Error for Mismatch {}
