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

/// Python's default chunk size for `Pool.map`: `ceil(len / (4 * workers))`.
pub fn default_chunksize(len: usize, workers: usize) -> usize {
    len.div_ceil(4 * workers).max(1)
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
    let chunksize = default_chunksize(tasks.len(), workers);
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

/// Judges one cell's Rust output (`printed` text and `value`) against the notebook's `cell`.
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
    let printed_check = match cell.number {
        _ if cell.printed.is_none() => {
            if printed.is_empty() {
                None
            } else {
                Some(Err(Mismatch::new(
                    "printed",
                    format!("the notebook prints nothing here, Rust printed {printed:?}"),
                )))
            }
        }
        2 => Some(printed_transcript(
            notebook,
            cell,
            printed,
            cell2_tasks(notebook),
        )),
        4 => Some(printed_transcript(
            notebook,
            cell,
            printed,
            cell4_tasks(notebook),
        )),
        21 => Some(rules::progress_bar_matches(printed)),
        n => Some(Err(Mismatch::new(
            "notebook",
            format!("no rule for the printed output of cell {n}"),
        ))),
    };

    let value_check = match (cell.number, cell.parsed_value()) {
        (_, None) => value.map(|v| {
            Err(Mismatch::new(
                "value",
                format!("the notebook shows no value here, Rust returned {v}"),
            ))
        }),
        (4, Some(_)) => Some(judge_cell4_value(notebook, value, settings)),
        (19, Some(_)) | (22, Some(_)) => Some(
            dask_shape(notebook)
                .map_err(|why| Mismatch::new("notebook", why))
                .and_then(|shape| {
                    // Cell 19 is the mean of one column (shape[0] draws); cell 22 the mean of all of Y.
                    let n: usize = if cell.number == 19 {
                        shape[0]
                    } else {
                        shape.iter().product()
                    };
                    rules::within_standard_errors(float(value)?, rules::normal_power_moments(1), n)
                }),
        ),
        (17, Some(Value::Repr(expected))) | (18, Some(Value::Repr(expected))) => {
            Some(match value {
                Some(actual) => rules::array_repr_matches(&expected, &actual.to_string()),
                None => Err(Mismatch::new("array repr", "Rust returned no value")),
            })
        }
        (_, Some(expected)) => Some(match value {
            Some(actual) => rules::exact_value(&expected, actual),
            None => Err(Mismatch::new(
                "exact value",
                format!("expected {expected}, Rust returned no value"),
            )),
        }),
    };

    let mut checks = Vec::new();
    if let Some(result) = printed_check {
        checks.push(Check {
            part: "printed",
            result,
        });
    }
    if let Some(result) = value_check {
        checks.push(Check {
            part: "value",
            result,
        });
    }
    checks
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
        assert_eq!(default_chunksize(8, 2), 1);
        assert_eq!(default_chunksize(100, 2), 13);
        assert_eq!(cell4_powers(&nb), Ok(vec![1, 2, 12, 15]));
        assert_eq!(dask_shape(&nb), Ok(vec![1000, 1000]));
        let tasks = cell2_tasks(&nb).unwrap();
        assert_eq!(tasks.len(), 8);
        assert_eq!(tasks[3].duration, Duration::from_millis(800));
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
