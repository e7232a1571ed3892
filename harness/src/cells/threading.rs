//! Notebook section "Threading": cells 5 to 14.
//!
//! ```python
//! q = queue.Queue()                  # 6
//! q.put('foo'); q.put(5); q.put('even more')   # 7, 8, 9
//! q.get(block=False)                 # 10 -> 'foo'
//! def work():                        # 11
//!     q.put(np.random.randn(1000))
//! t = threading.Thread(target=work)  # 12
//! t.start()                          # 13
//! q.get()                            # 14 -> 5
//! ```
//!
//! The Python queue holds a `str`, an `int` and a NumPy array at once. A Rust `Queue<T>` holds
//! one type `T`, fixed at compile time, so that every `get` knows what it gets; the notebook's
//! mix becomes an enum, [`Item`], with one variant per kind of thing put. The compiler then makes
//! every consumer say what it does with each kind (a `match`), where Python finds out at run time.

use ndarray::Array1;
use ndarray_rand::RandomExt;
use ndarray_rand::rand::SeedableRng;
use ndarray_rand::rand::rngs::StdRng;
use ndarray_rand::rand_distr::StandardNormal;
use std::fmt::Display;
use std::time::Duration;
use threading::{PutError, Queue, Thread};

use super::{Outcome, Output, Section, Settings};
use crate::Value;

/// What the notebook puts on its queue: strings, integers and arrays.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Str(String),
    Int(i64),
    Array(Array1<f64>),
}

impl Item {
    /// The value Jupyter would show for this item.
    fn to_value(&self) -> Value {
        match self {
            Item::Str(s) => Value::Str(s.clone()),
            Item::Int(i) => Value::Int(*i),
            Item::Array(a) => Value::Repr(numpy_repr(a)),
        }
    }
}

/// NumPy's summarised repr of a long 1-d array: `array([ 0.1, -0.2, ...,  0.3])`, the first and
/// last three elements with 8 decimals (only shown if cell 14 is run again and again).
fn numpy_repr(a: &Array1<f64>) -> String {
    let fmt = |x: &f64| format!("{x:.8}");
    let parts: Vec<String> = if a.len() > 6 {
        let head = a.iter().take(3).map(fmt);
        let tail = a.iter().skip(a.len() - 3).map(fmt);
        head.chain(std::iter::once("...".to_string()))
            .chain(tail)
            .collect()
    } else {
        a.iter().map(fmt).collect()
    };
    format!("array([{}])", parts.join(", "))
}

/// What the thread started in cell 13 returns: whether its put succeeded.
type WorkResult = Result<(), PutError<Item>>;
type Work = Box<dyn FnOnce() -> WorkResult + Send + 'static>;

/// How long cell 14's `q.get()` waits. Python's would wait for ever on an empty queue; the replay
/// reports a failure instead of hanging (the queue holds two items by then, so it never waits).
const GET_PATIENCE: Duration = Duration::from_secs(30);

/// Length of the array the thread puts (`np.random.randn(1000)`).
const RANDN_LEN: usize = 1000;

/// The section's state: the notebook's globals `q`, `work` and `t`.
struct ThreadingSection {
    seed: Option<u64>,
    q: Option<Queue<Item>>,
    work: Option<Work>,
    t: Option<Thread<WorkResult>>,
}

impl std::fmt::Debug for ThreadingSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadingSection")
            .field("seed", &self.seed)
            .field("q", &self.q)
            .field("work", &self.work.as_ref().map(|_| "fn work()"))
            .field("t", &self.t)
            .finish()
    }
}

pub(crate) fn section(settings: &Settings) -> Box<dyn Section> {
    Box::new(ThreadingSection {
        seed: settings.seed,
        q: None,
        work: None,
        t: None,
    })
}

/// Python's `NameError`, for a cell run before the cell that defines its name.
fn undefined(name: &str) -> Outcome {
    Outcome::Failed(format!("name '{name}' is not defined"))
}

impl ThreadingSection {
    fn put(&self, item: Item) -> Outcome {
        match &self.q {
            Some(q) => match q.put(item) {
                Ok(()) => Outcome::Ran(None),
                Err(e) => Outcome::Failed(e.to_string()),
            },
            None => undefined("q"),
        }
    }

    /// Takes an item off the queue with `get` (blocking or not) and shows it.
    fn get<E: Display>(&self, get: impl FnOnce(&Queue<Item>) -> Result<Item, E>) -> Outcome {
        match &self.q {
            Some(q) => match get(q) {
                Ok(item) => Outcome::Ran(Some(item.to_value())),
                Err(e) => Outcome::Failed(e.to_string()),
            },
            None => undefined("q"),
        }
    }
}

impl Section for ThreadingSection {
    fn title(&self) -> &'static str {
        "Threading"
    }

    fn cells(&self) -> &'static [u32] {
        &[5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    }

    fn run(&mut self, cell: u32, _out: &Output) -> Outcome {
        match cell {
            // `import threading, queue`: the `use` lines at the top of this file.
            5 => Outcome::Ran(None),
            6 => {
                self.q = Some(Queue::new());
                Outcome::Ran(None)
            }
            7 => self.put(Item::Str("foo".to_string())),
            8 => self.put(Item::Int(5)),
            9 => self.put(Item::Str("even more".to_string())),
            10 => self.get(Queue::get_nowait),
            11 => {
                // Python's `work` looks `q` up when it runs; a Rust closure captures its own
                // handle to the queue (a clone of `q`: the same queue) and its random generator.
                let Some(q) = self.q.clone() else {
                    return undefined("q");
                };
                let mut rng = match self.seed {
                    Some(seed) => StdRng::seed_from_u64(seed),
                    None => StdRng::from_os_rng(),
                };
                self.work = Some(Box::new(move || {
                    let randn = Array1::random_using(RANDN_LEN, StandardNormal, &mut rng);
                    q.put(Item::Array(randn))
                }));
                Outcome::Ran(None)
            }
            12 => match self.work.take() {
                Some(work) => {
                    self.t = Some(Thread::new(work));
                    Outcome::Ran(None)
                }
                None => undefined("work"),
            },
            13 => match &mut self.t {
                Some(t) => match t.start() {
                    Ok(()) => Outcome::Ran(None),
                    Err(e) => Outcome::Failed(e.to_string()),
                },
                None => undefined("t"),
            },
            14 => self.get(|q| q.get_timeout(GET_PATIENCE)),
            other => Outcome::Failed(format!("cell {other} is not in the Threading section")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_repr_summarises_long_arrays() {
        let a = Array1::from_iter((0..10).map(f64::from));
        assert_eq!(
            numpy_repr(&a),
            "array([0.00000000, 1.00000000, 2.00000000, ..., 7.00000000, 8.00000000, 9.00000000])"
        );
        let short = Array1::from_vec(vec![-1.5, 2.0]);
        assert_eq!(numpy_repr(&short), "array([-1.50000000, 2.00000000])");
    }

    #[test]
    fn cells_before_their_names_exist_fail_like_python() {
        let mut s = section(&Settings::small(1));
        assert_eq!(
            s.run(7, &Output::new()),
            Outcome::Failed("name 'q' is not defined".to_string())
        );
        assert_eq!(
            s.run(13, &Output::new()),
            Outcome::Failed("name 't' is not defined".to_string())
        );
    }
}
