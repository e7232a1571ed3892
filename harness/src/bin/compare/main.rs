//! `cargo run --release -p harness --bin compare`: the notebook's workloads in Python and in
//! Rust, side by side, measured the same way in one run.
//!
//! Every implementation runs in a child process: the Python scripts of `harness/python/`, and
//! this binary re-run with the hidden argument `--workload NAME` for the Rust side. Each child
//! times its own work and prints one `RESULT {json}` line; the parent measures the child's wall
//! time and the peak memory of its whole process tree (see `measure`). Python and Rust
//! alternate, row by row, for several repetitions; then the table: workload, Python median,
//! Rust median, ratio, peak memory of each. `--markdown PATH` writes it for the book.
//!
//! Without Python (or without numpy or dask) the command says so and still runs the Rust side.
//! Rows for our own crates are one function each in `workloads/ours.rs`.

mod catalogue;
mod cli;
mod measure;
mod python;
mod report;
mod workloads;

use std::collections::HashMap;
use std::process::{Command, ExitCode};

use catalogue::{Impl, Row, Spec};
use cli::Options;
use report::{State, Stats};

fn main() -> ExitCode {
    // ProcessPool's workers are this executable started again: they stop here, before the
    // arguments (see workloads/ours.rs).
    multiprocessing::worker_entry();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(cli::Command::Workload { name, quick }) => workloads::run_child(&name, quick),
        Ok(cli::Command::Help) => {
            print!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(cli::Command::Compare(options)) => compare(&options, &args),
        Err(message) => {
            eprintln!("compare: {message}");
            ExitCode::from(2)
        }
    }
}

/// The Python side as found, or why it cannot run at all.
fn find_python(options: &Options) -> Result<python::Python, String> {
    if options.no_python {
        return Err("--no-python given".to_string());
    }
    if !python::scripts_dir().is_dir() {
        return Err(format!(
            "the scripts are not at {}",
            python::scripts_dir().display()
        ));
    }
    python::detect(&python::candidate(options.python.as_deref()))
}

fn compare(options: &Options, args: &[String]) -> ExitCode {
    let load_before = harness::machine::load_average();
    let cpu_before = measure::CpuSnapshot::now();
    let rows = selected_rows(options);
    let order = catalogue::run_order(&rows);
    let python = find_python(options);
    let python_line = describe(&python);
    announce(&python, &python_line);

    let stats = measure_all(options, &order, &python);
    let others_busy = cpu_before.others_busy_until(&measure::CpuSnapshot::now());
    if let Some(others) = others_busy {
        eprintln!("compare: other processes kept {others:.2} CPUs busy on average during the run");
    }

    let minimum = workloads::sleep_minimum(options.quick);
    let summary = report::summary(&rows, &stats);
    let details = report::details(&order, &stats);
    let notes = report::notes(&rows, &order, &stats, minimum);
    println!("{}", summary.text());
    for note in &notes {
        println!("- {note}");
    }
    println!("\n{}", details.text());

    if let Some(path) = &options.markdown {
        let moment = report::Moment {
            date: harness::machine::utc_now(),
            machine: harness::machine::Machine::probe(),
            load_before,
            load_after: harness::machine::load_average(),
            others_busy,
        };
        let command = format!(
            "cargo run --release -p harness --bin compare -- {}",
            args.join(" ")
        );
        let page = report::Page {
            command: command.trim_end(),
            reps: options.reps,
            quick: options.quick,
            python: &python_line,
            moment: &moment,
            summary: &summary,
            details: &details,
            notes: &notes,
        };
        if let Err(e) = std::fs::write(path, page.markdown()) {
            eprintln!("compare: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("compare: wrote {}", path.display());
    }

    // Failing runs (crashes, failed checks) make the command fail; skipped rows do not.
    let failed = stats
        .values()
        .any(|s| matches!(s.state, State::Failed(_)) || s.failed_checks > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The rows of the groups `--only` names (all rows without it).
fn selected_rows(options: &Options) -> Vec<Row> {
    let wanted = |row: &&Row| {
        options
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|group| group == row.rust.group))
    };
    catalogue::ROWS.iter().filter(wanted).copied().collect()
}

/// One line on the Python side: interpreter, version, packages; or why there is none.
fn describe(python: &Result<python::Python, String>) -> String {
    match python {
        Ok(p) => {
            let package = |name: &str, version: &Option<String>| match version {
                Some(v) => format!("{name} {v}"),
                None => format!("{name} MISSING"),
            };
            format!(
                "Python {} ({}), {}, {}",
                p.version,
                p.exe.display(),
                package("numpy", &p.numpy),
                package("dask", &p.dask)
            )
        }
        Err(why) => format!("none ({why})"),
    }
}

/// Says on stderr what will run, and how to set Python up when something is missing.
fn announce(python: &Result<python::Python, String>, line: &str) {
    match python {
        Ok(p) if p.numpy.is_some() && p.dask.is_some() => eprintln!("compare: using {line}"),
        Ok(_) => eprintln!(
            "compare: {line}.\n  The rows that need them are skipped. Set up once with:\n    {}",
            python::SETUP
        ),
        Err(why) => eprintln!(
            "compare: Python side skipped: {why}.\n  Running the Rust side only. Set up once with:\n    {}",
            python::SETUP
        ),
    }
}

/// Runs every implementation `options.reps` times, in `order` (Python and Rust alternating),
/// skipping what cannot run and what is known to fail.
fn measure_all(
    options: &Options,
    order: &[Impl],
    python: &Result<python::Python, String>,
) -> HashMap<String, Stats> {
    let mut stats: HashMap<String, Stats> = order
        .iter()
        .map(|imp| (imp.key(), Stats::new(*imp)))
        .collect();
    for imp in order {
        if let Spec::Python { needs, .. } = imp.spec {
            let why = match python {
                Err(_) => Some("no Python".to_string()),
                Ok(p) => p.missing(needs).map(str::to_string),
            };
            if let (Some(why), Some(s)) = (why, stats.get_mut(&imp.key())) {
                s.state = State::Skipped(why);
            }
        }
    }
    for rep in 1..=options.reps {
        for imp in order {
            let Some(s) = stats.get_mut(&imp.key()) else {
                continue;
            };
            if !s.wants_more() {
                continue;
            }
            let command = match child_command(imp, options, python) {
                Ok(command) => command,
                Err(why) => {
                    s.state = State::Failed(why);
                    continue;
                }
            };
            let run = measure::run(command, options.timeout);
            s.record(&run);
            let progress = progress(s, &run);
            eprintln!(
                "[{rep}/{}] {:<7} {:<34} {progress}",
                options.reps,
                side(imp),
                imp.label
            );
        }
    }
    stats
}

/// The child process for one implementation: a Python script, or this binary in worker mode.
fn child_command(
    imp: &Impl,
    options: &Options,
    python: &Result<python::Python, String>,
) -> Result<Command, String> {
    let mut command = match imp.spec {
        Spec::Rust { workload } => {
            let exe =
                std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
            let mut c = Command::new(exe);
            c.args(["--workload", workload]);
            c
        }
        Spec::Python {
            script, variant, ..
        } => {
            let p = python.as_ref().map_err(|why| format!("no Python: {why}"))?;
            let mut c = Command::new(&p.exe);
            c.arg(python::scripts_dir().join(script))
                .args(["--variant", variant]);
            c
        }
    };
    if options.quick {
        command.arg("--quick");
    }
    Ok(command)
}

fn side(imp: &Impl) -> &'static str {
    if imp.is_python() { "Python" } else { "Rust" }
}

fn progress(s: &Stats, run: &measure::Run) -> String {
    match &s.state {
        State::Failed(why) => format!("FAILED: {why}"),
        State::Skipped(why) => format!("skipped ({why})"),
        State::Measured => format!(
            "{} (wall {}, peak {:.0} MiB)",
            s.seconds
                .last()
                .map_or_else(String::new, |t| report::secs(*t)),
            report::secs(run.wall.as_secs_f64()),
            run.peak_kib() as f64 / 1024.0
        ),
    }
}
