//! Notebook section "Multiprocessing": cells 1, 2, 3, 4, on the `multiprocessing` crate's
//! thread-backed [`Pool`].
//!
//! Cells 1 and 3 only define things (the data and `mp_worker`), so they print nothing. Cell 2
//! maps the sleeping `mp_worker` over the eight `(name, seconds)` pairs with `Pool(2)` and the
//! default chunk size; cell 4 maps the random-array `mp_worker` over the powers 1, 2, 12, 15.

use std::time::Duration;

use multiprocessing::Pool;
use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::SeedableRng;
use ndarray_rand::rand::rngs::SmallRng;
use ndarray_rand::rand_distr::StandardNormal;

use super::{Outcome, Output, Section, Settings};
use crate::Value;

/// Cell 1's `data`: each item's name and how long `mp_worker` sleeps, as the notebook's text.
/// Written out because this module is the Rust translation of cell 1, which defines it; the
/// rules that judge cell 2 take theirs from the parsed notebook (`expect::cell2_tasks`), so a
/// change here is caught as a mismatch, not copied into the expectation.
const SLEEP_DATA: [(&str, &str); 8] = [
    ("a", ".2"),
    ("b", ".4"),
    ("c", ".6"),
    ("d", ".8"),
    ("e", ".1"),
    ("f", ".3"),
    ("g", ".5"),
    ("h", ".7"),
];

/// Cell 3's `data`: the powers.
const POWERS: [i32; 4] = [1, 2, 12, 15];

/// What the notebook's global namespace holds after cells 1 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defined {
    Nothing,
    /// Cell 1 ran: `data` is the sleep data, `mp_worker` sleeps.
    SleepWorker,
    /// Cell 3 ran: `data` is the powers, `mp_worker` raises random arrays.
    PowerWorker,
}

/// The section's state; see the module doc.
#[derive(Debug)]
struct MultiprocessingSection {
    settings: Settings,
    defined: Defined,
}

pub(crate) fn section(settings: &Settings) -> Box<dyn Section> {
    Box::new(MultiprocessingSection {
        settings: settings.clone(),
        defined: Defined::Nothing,
    })
}

/// Cell 1's `mp_worker`: prints, sleeps for the given time, prints again, returns `name * 2`.
fn sleep_worker(out: &Output, name: &str, time: &str) -> String {
    out.println(&format!(" Processs {name}\tWaiting {time} seconds"));
    // The notebook's times are literals such as ".2"; Rust's parser accepts that form too.
    let seconds: f64 = time.parse().expect("the notebook's times are numbers");
    std::thread::sleep(Duration::from_secs_f64(seconds));
    out.println(&format!(" Process {name}\tDONE"));
    format!("{name}{name}")
}

/// Cell 3's `mp_worker`: the mean of `len` standard normals raised to `power`
/// (`np.random.randn(len)**power).mean()`).
fn power_worker(out: &Output, power: i32, len: usize, seed: Option<u64>) -> f64 {
    let mut rng = match seed {
        // Each power gets its own stream, so the four arrays are independent and the result does
        // not depend on which worker drew first.
        Some(seed) => {
            SmallRng::seed_from_u64(seed ^ (power as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        }
        None => SmallRng::from_os_rng(),
    };
    let d = Array1::<f64>::random_using(len, StandardNormal, &mut rng).mapv_into(|x| x.powi(power));
    out.println(&format!("Raising random array to the {power}th power"));
    d.mean().unwrap_or(f64::NAN)
}

/// `multiprocessing.Pool(2)`, as in cell 1's `mp_handler`.
fn pool() -> Result<Pool, Outcome> {
    Pool::new(2).map_err(|e| Outcome::Failed(e.to_string()))
}

impl MultiprocessingSection {
    fn cell2(&self, out: &Output) -> Outcome {
        if self.defined != Defined::SleepWorker {
            return Outcome::Failed("cell 1 (data and mp_worker) has not run".to_string());
        }
        let pool = match pool() {
            Ok(pool) => pool,
            Err(outcome) => return outcome,
        };
        match pool.map(|(name, time)| sleep_worker(out, name, time), SLEEP_DATA) {
            Ok(doubled) => Outcome::Ran(Some(Value::from(doubled))),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }

    fn cell4(&self, out: &Output) -> Outcome {
        if self.defined != Defined::PowerWorker {
            return Outcome::Failed("cell 3 (data and mp_worker) has not run".to_string());
        }
        let pool = match pool() {
            Ok(pool) => pool,
            Err(outcome) => return outcome,
        };
        let (len, seed) = (self.settings.randn_len, self.settings.seed);
        match pool.map(|power| power_worker(out, power, len, seed), POWERS) {
            Ok(means) => Outcome::Ran(Some(Value::from(means))),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }
}

impl Section for MultiprocessingSection {
    fn title(&self) -> &'static str {
        "Multiprocessing"
    }

    fn cells(&self) -> &'static [u32] {
        &[1, 2, 3, 4]
    }

    /// Cell 4 needs cell 1 (`mp_handler`) and cell 3 (`data`, `mp_worker`), not cell 2's
    /// two seconds of sleeping.
    fn setup_for(&self, cell: u32) -> Vec<u32> {
        match cell {
            2 => vec![1],
            4 => vec![1, 3],
            _ => Vec::new(),
        }
    }

    fn run(&mut self, cell: u32, out: &Output) -> Outcome {
        match cell {
            1 => {
                self.defined = Defined::SleepWorker;
                Outcome::Ran(None)
            }
            2 => self.cell2(out),
            3 => {
                self.defined = Defined::PowerWorker;
                Outcome::Ran(None)
            }
            4 => self.cell4(out),
            other => Outcome::Failed(format!("cell {other} is not in this section")),
        }
    }
}
