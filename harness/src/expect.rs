//! Which rule judges which cell, with the rules' inputs derived from the notebook itself.
//!
//! Nothing here is a hard-coded answer: the tasks of cell 2 come from `data` and `Pool(2)` in
//! cell 1's source, the powers of cell 4 from cell 3's `data`, the sample sizes of cells 19 and 22
//! from `size=(1000, 1000)` in cell 17. [`judge`] applies the rules to one cell's Rust output.

use std::time::Duration;

use crate::Value;
use crate::cells::Settings;
use crate::notebook::{Cell, Notebook};
use crate::rules::{self, Mismatch, Task};

/// One judged part of a cell's output (its printed text or its value) and the rule's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// `"printed"` or `"value"`.
    pub part: &'static str,
    /// `Ok` when the Rust output fits the notebook's under the cell's rule.
    pub result: Result<(), Mismatch>,
}

/// The text after `key` in `source`, up to the end of the bracketed expression that starts there.
fn bracketed_after<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    let start = source.find(key)? + key.len();
    let rest = &source[start..];
    let open = rest.chars().next()?;
    let close = match open {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let mut depth = 0;
    for (i, c) in rest.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(&rest[..=i]);
            }
        }
    }
    None
}

fn cell(notebook: &Notebook, n: u32) -> Result<&Cell, String> {
    notebook
        .cell(n)
        .ok_or_else(|| format!("the notebook has no cell {n}"))
}

/// The pool size in cell 1's `multiprocessing.Pool(2)`.
pub fn pool_workers(notebook: &Notebook) -> Result<usize, String> {
    let source = &cell(notebook, 1)?.source;
    bracketed_after(source, "Pool")
        .and_then(|args| args.trim_matches(['(', ')']).trim().parse().ok())
        .ok_or_else(|| "cell 1 does not create a Pool(n)".to_string())
}

/// Cell 2's tasks, from cell 1's `data`: `mp_worker` prints a start line, sleeps, prints a done
/// line. The line formats are cell 1's `print` calls, written in Rust.
pub fn cell2_tasks(notebook: &Notebook) -> Result<Vec<Task>, String> {
    let source = &cell(notebook, 1)?.source;
    let data = bracketed_after(source, "data = ")
        .and_then(|text| text.parse::<Value>().ok())
        .ok_or_else(|| "cell 1 has no `data = (...)` literal".to_string())?;
    let Value::Tuple(items) = data else {
        return Err(format!("cell 1's data is not a tuple: {data}"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::List(pair) => match pair.as_slice() {
                [Value::Str(name), Value::Str(secs)] => {
                    let seconds: f64 = secs
                        .parse()
                        .map_err(|_| format!("{secs:?} is not a time"))?;
                    Ok(Task {
                        duration: Duration::from_secs_f64(seconds),
                        start_line: Some(format!(" Processs {name}\tWaiting {secs} seconds")),
                        done_line: Some(format!(" Process {name}\tDONE")),
                    })
                }
                _ => Err(format!("{item} is not a [name, time] pair")),
            },
            _ => Err(format!("{item} is not a [name, time] pair")),
        })
        .collect()
}

/// Cell 4's powers, from cell 3's `data = [1, 2, 12, 15]`.
pub fn cell4_powers(notebook: &Notebook) -> Result<Vec<u32>, String> {
    let source = &cell(notebook, 3)?.source;
    let data = bracketed_after(source, "data = ")
        .and_then(|text| text.parse::<Value>().ok())
        .ok_or_else(|| "cell 3 has no `data = [...]` literal".to_string())?;
    match data {
        Value::List(items) => items
            .iter()
            .map(|v| match v {
                Value::Int(p) => u32::try_from(*p).map_err(|_| format!("{p} is not a power")),
                _ => Err(format!("{v} is not a power")),
            })
            .collect(),
        other => Err(format!("cell 3's data is not a list: {other}")),
    }
}

/// Cell 4's tasks: each builds an array of the same size, so all take the same time, and each
/// prints one line when its array is ready.
pub fn cell4_tasks(notebook: &Notebook) -> Result<Vec<Task>, String> {
    Ok(cell4_powers(notebook)?
        .into_iter()
        .map(|p| Task {
            duration: Duration::from_secs(1),
            start_line: None,
            done_line: Some(format!("Raising random array to the {p}th power")),
        })
        .collect())
}

/// The shape of `Y` in cell 17's `da.random.normal(size=(1000, 1000), …)`.
pub fn dask_shape(notebook: &Notebook) -> Result<Vec<usize>, String> {
    let source = &cell(notebook, 17)?.source;
    match bracketed_after(source, "size=").map(str::parse::<Value>) {
        Some(Ok(Value::Tuple(dims))) => dims
            .iter()
            .map(|d| match d {
                Value::Int(n) => usize::try_from(*n).map_err(|_| format!("{n} is not a length")),
                _ => Err(format!("{d} is not a length")),
            })
            .collect(),
        _ => Err("cell 17 has no `size=(…)`".to_string()),
    }
}

/// Judges what a `Pool(n).map` cell printed: the notebook's lines, in an order the cell 1 pool
/// could print them given `tasks` (derived from the notebook, hence the `Result`).
fn printed_transcript(
    notebook: &Notebook,
    cell: &Cell,
    printed: &str,
    tasks: Result<Vec<Task>, String>,
) -> Result<(), Mismatch> {
    let (tasks, workers) = tasks
        .and_then(|t| Ok((t, pool_workers(notebook)?)))
        .map_err(|why| Mismatch::new("notebook", why))?;
    let mut expected: Vec<&str> = cell.printed_lines();
    let mut actual: Vec<&str> = printed.lines().collect();
    // The Rust lines must be the notebook's own lines, in some order (the schedule rule below
    // checks them against the lines the tasks print, which come from the notebook's source);
    // then judge the Rust order.
    expected.sort_unstable();
    actual.sort_unstable();
    if expected != actual {
        return Err(Mismatch::new(
            "transcript",
            format!("the lines differ from the notebook's: expected {expected:?}, got {actual:?}"),
        ));
    }
    // Python's rule, as the crate implements it: the transcript rule judges the schedule the
    // pool follows.
    let chunksize = multiprocessing::default_chunksize(tasks.len(), workers);
    let lines: Vec<&str> = printed.lines().collect();
    rules::transcript_fits_schedule(&lines, &tasks, workers, chunksize)
}

fn float(value: Option<&Value>) -> Result<f64, Mismatch> {
    value
        .and_then(Value::as_f64)
        .ok_or_else(|| Mismatch::new("random", format!("expected a number, got {}", show(value))))
}

fn show(value: Option<&Value>) -> String {
    value.map_or("no value".to_string(), Value::to_string)
}

/// Which part of a cell's output a rule judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the cell printed.
    Printed,
    /// The cell's value (its `Out[n]:`).
    Value,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Printed => "printed",
            Part::Value => "value",
        }
    }
}

/// How one part of a cell's output is judged; the inputs come from the notebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Cell 2's lines, in an order the pool could print them (tasks from cell 1's `data`).
    SleepTranscript,
    /// Cell 4's lines, in an order the pool could print them (tasks from cell 3's `data`).
    PowersTranscript,
    /// Cell 4's value: one mean of `Z^p` per power, within the standard errors.
    PowerMeans,
    /// The mean of one column of cell 17's `Y` (`shape[0]` draws), within the standard errors.
    MeanOfColumn,
    /// The mean of all of cell 17's `Y`, within the standard errors.
    MeanOfArray,
    /// A dask array's repr: shape, dtype and chunksize.
    ArrayRepr,
    /// The progress bar of cell 21.
    ProgressBar,
}

/// The rule for each (cell, part) that is not judged as an exact value: the one table that
/// drives [`judge`]. A printed part with no entry has no rule (a mismatch that says so); a value
/// with no entry must equal the notebook's.
pub const RULES: &[(u32, Part, Rule)] = &[
    (2, Part::Printed, Rule::SleepTranscript),
    (4, Part::Printed, Rule::PowersTranscript),
    (4, Part::Value, Rule::PowerMeans),
    (17, Part::Value, Rule::ArrayRepr),
    (18, Part::Value, Rule::ArrayRepr),
    (19, Part::Value, Rule::MeanOfColumn),
    (21, Part::Printed, Rule::ProgressBar),
    (22, Part::Value, Rule::MeanOfArray),
];

/// The rule [`RULES`] gives this part of cell `number`.
pub fn rule_for(number: u32, part: Part) -> Option<Rule> {
    RULES
        .iter()
        .find(|(n, p, _)| *n == number && *p == part)
        .map(|(_, _, rule)| *rule)
}

/// The mean of `draws(shape)` standard normal draws, within the standard errors.
fn mean_of_draws(
    notebook: &Notebook,
    value: Option<&Value>,
    draws: fn(&[usize]) -> usize,
) -> Result<(), Mismatch> {
    let shape = dask_shape(notebook).map_err(|why| Mismatch::new("notebook", why))?;
    rules::within_standard_errors(float(value)?, rules::normal_power_moments(1), draws(&shape))
}

/// Applies `rule` to one part of `cell`'s Rust output.
fn apply(
    rule: Rule,
    notebook: &Notebook,
    cell: &Cell,
    printed: &str,
    value: Option<&Value>,
    settings: &Settings,
) -> Result<(), Mismatch> {
    match rule {
        Rule::SleepTranscript => printed_transcript(notebook, cell, printed, cell2_tasks(notebook)),
        Rule::PowersTranscript => {
            printed_transcript(notebook, cell, printed, cell4_tasks(notebook))
        }
        Rule::PowerMeans => judge_cell4_value(notebook, value, settings),
        Rule::MeanOfColumn => mean_of_draws(notebook, value, |shape| shape[0]),
        Rule::MeanOfArray => mean_of_draws(notebook, value, |shape| shape.iter().product()),
        Rule::ArrayRepr => match (cell.parsed_value(), value) {
            (Some(Value::Repr(expected)), Some(actual)) => {
                rules::array_repr_matches(&expected, &actual.to_string())
            }
            (Some(Value::Repr(_)), None) => {
                Err(Mismatch::new("array repr", "Rust returned no value"))
            }
            (expected, _) => Err(Mismatch::new(
                "notebook",
                format!(
                    "cell {} shows no array repr: {}",
                    cell.number,
                    show(expected.as_ref())
                ),
            )),
        },
        Rule::ProgressBar => rules::progress_bar_matches(printed),
    }
}

/// Judges one cell's Rust output (`printed` text and `value`) against the notebook's `cell`,
/// by the rules of [`RULES`].
///
/// Returns one [`Check`] per part of the output the notebook shows (printed text, value); a cell
/// matches when every check is `Ok`. A part the notebook does not show must be absent in Rust too.
pub fn judge(
    notebook: &Notebook,
    cell: &Cell,
    printed: &str,
    value: Option<&Value>,
    settings: &Settings,
) -> Vec<Check> {
    let printed_check = match (&cell.printed, rule_for(cell.number, Part::Printed)) {
        (None, _) if printed.is_empty() => None,
        (None, _) => Some(Err(Mismatch::new(
            "printed",
            format!("the notebook prints nothing here, Rust printed {printed:?}"),
        ))),
        (Some(_), Some(rule)) => Some(apply(rule, notebook, cell, printed, value, settings)),
        (Some(_), None) => Some(Err(Mismatch::new(
            "notebook",
            format!("no rule for the printed output of cell {}", cell.number),
        ))),
    };

    let value_check = match (cell.parsed_value(), rule_for(cell.number, Part::Value)) {
        (None, _) => value.map(|v| {
            Err(Mismatch::new(
                "value",
                format!("the notebook shows no value here, Rust returned {v}"),
            ))
        }),
        (Some(_), Some(rule)) => Some(apply(rule, notebook, cell, printed, value, settings)),
        (Some(expected), None) => Some(match value {
            Some(actual) => rules::exact_value(&expected, actual),
            None => Err(Mismatch::new(
                "exact value",
                format!("expected {expected}, Rust returned no value"),
            )),
        }),
    };

    [(Part::Printed, printed_check), (Part::Value, value_check)]
        .into_iter()
        .filter_map(|(part, result)| {
            result.map(|result| Check {
                part: part.name(),
                result,
            })
        })
        .collect()
}

/// Cell 4's value: one mean of `Z^p` per power, each within the standard errors for
/// `settings.randn_len` draws.
fn judge_cell4_value(
    notebook: &Notebook,
    value: Option<&Value>,
    settings: &Settings,
) -> Result<(), Mismatch> {
    let powers = cell4_powers(notebook).map_err(|why| Mismatch::new("notebook", why))?;
    let Some(Value::List(means)) = value else {
        return Err(Mismatch::new(
            "random",
            format!(
                "expected a list of {} means, got {}",
                powers.len(),
                show(value)
            ),
        ));
    };
    if means.len() != powers.len() {
        return Err(Mismatch::new(
            "random",
            format!("expected {} means, got {}", powers.len(), means.len()),
        ));
    }
    for (p, mean) in powers.iter().zip(means) {
        let observed = float(Some(mean))?;
        rules::within_standard_errors(
            observed,
            rules::normal_power_moments(*p),
            settings.randn_len,
        )
        .map_err(|m| Mismatch::new(m.rule, format!("power {p}: {}", m.detail)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notebook() -> Notebook {
        Notebook::fixture()
    }

    #[test]
    fn derives_the_rules_inputs_from_the_notebook() {
        let nb = notebook();
        assert_eq!(pool_workers(&nb), Ok(2));
        assert_eq!(cell4_powers(&nb), Ok(vec![1, 2, 12, 15]));
        assert_eq!(dask_shape(&nb), Ok(vec![1000, 1000]));
        let tasks = cell2_tasks(&nb).unwrap();
        assert_eq!(tasks.len(), 8);
        assert_eq!(tasks[3].duration, Duration::from_millis(800));
    }

    #[test]
    fn every_output_cell_with_a_printed_part_has_a_rule_and_each_rule_cell_exists() {
        let nb = notebook();
        for cell in nb.output_cells().filter(|c| c.printed.is_some()) {
            assert!(
                rule_for(cell.number, Part::Printed).is_some(),
                "cell {}",
                cell.number
            );
        }
        for (n, part, _) in RULES {
            let cell = nb.cell(*n).unwrap_or_else(|| panic!("no cell {n}"));
            let shows = match part {
                Part::Printed => cell.printed.is_some(),
                Part::Value => cell.parsed_value().is_some(),
            };
            assert!(shows, "cell {n} shows no {part:?} for its rule to judge");
        }
        assert_eq!(rule_for(19, Part::Value), Some(Rule::MeanOfColumn));
        assert_eq!(rule_for(10, Part::Value), None, "cell 10 is an exact value");
    }

    #[test]
    fn the_tasks_print_exactly_the_notebooks_lines() {
        let nb = notebook();
        for (n, tasks) in [
            (2, cell2_tasks(&nb).unwrap()),
            (4, cell4_tasks(&nb).unwrap()),
        ] {
            let mut generated: Vec<String> = tasks
                .iter()
                .flat_map(|t| t.start_line.iter().chain(&t.done_line).cloned())
                .collect();
            let mut notebook_lines: Vec<String> = nb
                .cell(n)
                .unwrap()
                .printed_lines()
                .into_iter()
                .map(String::from)
                .collect();
            generated.sort();
            notebook_lines.sort();
            assert_eq!(generated, notebook_lines, "cell {n}");
        }
    }

    /// Every cell of the notebook, judged against itself, matches: the rules accept the original.
    #[test]
    fn the_notebook_matches_itself() {
        let nb = notebook();
        let settings = Settings::notebook();
        for cell in nb.output_cells() {
            let checks = judge(
                &nb,
                cell,
                cell.printed.as_deref().unwrap_or(""),
                cell.parsed_value().as_ref(),
                &settings,
            );
            assert!(!checks.is_empty(), "cell {}", cell.number);
            for check in checks {
                assert_eq!(check.result, Ok(()), "cell {} {}", cell.number, check.part);
            }
        }
    }

    #[test]
    fn near_misses_do_not_match() {
        let nb = notebook();
        let settings = Settings::notebook();
        let fails = |n: u32, printed: &str, value: Option<Value>| {
            let checks = judge(&nb, nb.cell(n).unwrap(), printed, value.as_ref(), &settings);
            checks.iter().any(|c| c.result.is_err())
        };
        let c2 = nb.cell(2).unwrap();
        let printed2 = c2.printed.clone().unwrap();
        assert!(!fails(2, &printed2, c2.parsed_value()));
        assert!(fails(2, &printed2, Some(Value::from(vec!["aa", "bb"]))));
        assert!(fails(
            2,
            &printed2.replace(" Process h\tDONE\n", ""),
            c2.parsed_value()
        ));
        // The right value but nothing printed.
        assert!(fails(2, "", c2.parsed_value()));
        // Cell 4 with means for 10^8 draws judged: a mean 6 standard errors off fails.
        let c4 = nb.cell(4).unwrap();
        let off = Value::List(vec![
            Value::Float(6e-4),
            Value::Float(1.0),
            Value::Float(10395.0),
            Value::Float(0.0),
        ]);
        assert!(fails(4, c4.printed.as_deref().unwrap(), Some(off)));
        // Extra printing, a missing value, a value where there is none.
        assert!(fails(10, "hello\n", Some(Value::from("foo"))));
        assert!(fails(10, "", None));
        assert!(fails(
            21,
            nb.cell(21).unwrap().printed.as_deref().unwrap(),
            Some(Value::Int(1))
        ));
        assert!(fails(17, "", Some(Value::Float(1.0))));
        assert!(fails(19, "", Some(Value::Float(0.2))));
        assert!(fails(22, "", Some(Value::Float(0.006))));
    }
}
