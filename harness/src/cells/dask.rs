//! Notebook section "Dask": cells 15, 17, 18, 19, 21, 22, on the `lazyarray` crate.
//!
//! ```python
//! Y = da.random.normal(size=(1000, 1000), chunks=(100, 100))   # cell 17
//! mu = Y.mean(axis=0)                                          # cell 18
//! mu[0].compute()                                              # cell 19
//! with ProgressBar():                                          # cell 21
//!     mu = Y.mean().compute()
//! mu                                                           # cell 22
//! ```

use std::sync::Arc;

use lazyarray::diagnostics::{FakeClock, ProgressBar};
use lazyarray::random::{Generator, default_rng};
use lazyarray::{Array, ComputeOptions};

use super::{Outcome, Output, Section, Settings};
use crate::Value;

/// The section's state: the notebook's globals `Y` and `mu`.
#[derive(Debug)]
struct DaskSection {
    /// Draws `Y`: seeded when the settings say so, else from the OS like NumPy.
    rng: Generator,
    /// Cell 17's `Y`.
    y: Option<Array>,
    /// Cell 18's lazy `mu = Y.mean(axis=0)`.
    mu_axis0: Option<Array>,
    /// Cell 21's `mu = Y.mean().compute()`, shown by cell 22.
    mu: Option<f64>,
    /// Time the progress bar (cell 21) on a fake clock, for stable snapshots.
    fake_clock: bool,
}

pub(crate) fn section(settings: &Settings) -> Box<dyn Section> {
    let rng = match settings.seed {
        Some(seed) => default_rng(seed),
        None => Generator::from_entropy(),
    };
    Box::new(DaskSection {
        rng,
        y: None,
        mu_axis0: None,
        mu: None,
        fake_clock: settings.fake_clock,
    })
}

/// Turns any error into the cell's failure message.
fn failed(e: impl std::fmt::Display) -> Outcome {
    Outcome::Failed(e.to_string())
}

impl DaskSection {
    /// `Y`, made by cell 17.
    fn y(&self) -> Result<&Array, Outcome> {
        self.y
            .as_ref()
            .ok_or_else(|| Outcome::Failed("cell 17 (Y = ...) has not run".to_string()))
    }

    fn cell(&mut self, cell: u32) -> Result<Option<Value>, Outcome> {
        match cell {
            // import numpy as np; import dask.array as da; import memory_profiler
            // (in Rust: `use lazyarray::random;` — nothing to run, nothing shown).
            15 => Ok(None),
            17 => {
                let y = self
                    .rng
                    .normal(0.0, 1.0, [1000, 1000], [100, 100])
                    .map_err(failed)?;
                let repr = y.to_string();
                self.y = Some(y);
                Ok(Some(Value::Repr(repr)))
            }
            18 => {
                let mu = self.y()?.mean_axis(0).map_err(failed)?;
                let repr = mu.to_string();
                self.mu_axis0 = Some(mu);
                Ok(Some(Value::Repr(repr)))
            }
            19 => {
                let mu = self
                    .mu_axis0
                    .as_ref()
                    .ok_or_else(|| Outcome::Failed("cell 18 (mu = ...) has not run".into()))?;
                let first = mu.at(0).map_err(failed)?.compute_scalar().map_err(failed)?;
                Ok(Some(Value::Float(first)))
            }
            22 => {
                // `mu` as cell 21 left it; like Python, a `NameError` if cell 21 never ran.
                let mu = self
                    .mu
                    .ok_or_else(|| Outcome::Failed("name 'mu' is not defined".into()))?;
                Ok(Some(Value::Float(mu)))
            }
            other => Err(Outcome::Failed(format!(
                "cell {other} is not in this section"
            ))),
        }
    }
}

impl Section for DaskSection {
    fn title(&self) -> &'static str {
        "Dask"
    }

    fn cells(&self) -> &'static [u32] {
        &[15, 17, 18, 19, 21, 22]
    }

    fn run(&mut self, cell: u32, out: &Output) -> Outcome {
        match cell {
            // with ProgressBar():
            //     mu = Y.mean().compute()
            21 => {
                let y = match self.y() {
                    Ok(y) => y,
                    Err(outcome) => return outcome,
                };
                let mut bar = ProgressBar::new().out(out.writer());
                if self.fake_clock {
                    // The clock stays at zero: no redraws, one final frame at `0.0s`.
                    bar = bar.clock(FakeClock::new());
                }
                // The bar is given to this compute only (dask's `with` block covers only this
                // line too), so other computes in the same process never reach it.
                let opts = ComputeOptions::new().callback(Arc::new(bar));
                match y.mean().compute_scalar_with(&opts) {
                    Ok(mu) => {
                        self.mu = Some(mu);
                        Outcome::Ran(None)
                    }
                    Err(e) => failed(e),
                }
            }
            _ => match self.cell(cell) {
                Ok(value) => Outcome::Ran(value),
                Err(outcome) => outcome,
            },
        }
    }
}
