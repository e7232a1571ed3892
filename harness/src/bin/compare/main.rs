//! `cargo run --release -p harness --bin compare`: the notebook's workloads in Python and in
//! Rust, side by side, measured the same way in one run.
//!
//! Every implementation runs in a child process: the Python scripts of `harness/python/`, and
//! this binary re-run with the hidden argument `--workload NAME` for the Rust side. Each child
//! times its own work and prints one `RESULT {json}` line; the parent measures the child's wall
//! time and the peak memory of its whole process tree (see `measure`). Python and Rust
//! alternate, row by row, for several repetitions; then the table: workload, Python median,
//! Rust median, ratio, and every implementation's figures with the peak memory of its tree.
//! `--markdown PATH` writes the page for the book and the run's data beside it (`PATH` with a
//! `.json` extension); `--render JSON` writes the page again from saved data.
//!
//! The modules: `catalogue` (what is measured, and the notes each row declares), `measure`
//! (one child run), `stats` (runs folded into medians), `data` (what a run saves), `page`
//! (tables and Markdown).
//!
//! Without Python (or without numpy or dask) the command says so and still runs the Rust side.
//! Rows for our own crates are one function each in `workloads/ours.rs`.

mod catalogue;
mod cli;
mod data;
mod measure;
mod page;
mod python;
mod stats;
mod workloads;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, ExitCode};

use clap::Parser;

use catalogue::{Impl, Row, Spec};
use cli::Args as Options;
use data::Data;
use stats::{State, Stats};
use workloads::Sizes;

fn main() -> ExitCode {
    // ProcessPool's workers are this executable started again: they stop here, before the
    // arguments (see workloads/ours.rs).
    multiprocessing::worker_entry();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = Options::parse();
    if let Some(name) = &options.workload {
        return workloads::run_child(name, options.quick);
    }
    if let Some(json) = &options.render {
        return match Data::read(json).and_then(|data| write_page(&data, json)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(why) => {
                eprintln!("compare: {why}");
                ExitCode::FAILURE
            }
        };
    }
    compare(&options, &args)
}

/// Writes the Markdown page for `data` beside `path` (`path` with an `.md` extension).
fn write_page(data: &Data, path: &Path) -> Result<(), String> {
    let md = path.with_extension("md");
    std::fs::write(&md, page::markdown(data))
        .map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    eprintln!("compare: wrote {}", md.display());
    Ok(())
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
    if options.quick {
        eprintln!("compare: {}", page::QUICK_WARNING);
    }

    let stats = measure_all(options, &order, &python);
    let others_busy = cpu_before.others_busy_until(&measure::CpuSnapshot::now());
    if let Some(others) = others_busy {
        eprintln!("compare: other processes kept {others:.2} CPUs busy on average during the run");
    }

    let sizes = Sizes::new(options.quick);
    let (row_data, summaries) = data::rows_and_summaries(&rows, &order, &stats, &sizes);
    let notes = data::notes(
        &rows,
        &summaries,
        workloads::sleep_minimum(options.quick),
        options.quick,
    );
    let data = Data {
        command: data::command_line(args),
        date: harness::machine::utc_now(),
        reps: options.reps(),
        quick: options.quick,
        workers: workloads::WORKERS,
        machine: harness::machine::Machine::probe().describe(),
        load_before,
        load_after: harness::machine::load_average(),
        others_busy,
        python: python_line,
        rows: row_data,
        implementations: summaries,
        notes,
    };
    print!("{}", page::text(&data));

    if let Some(path) = &options.markdown {
        let json = path.with_extension("json");
        let written = std::fs::write(&json, data.json())
            .map_err(|e| format!("cannot write {}: {e}", json.display()))
            .and_then(|()| write_page(&data, &json));
        if let Err(why) = written {
            eprintln!("compare: {why}");
            return ExitCode::FAILURE;
        }
        eprintln!("compare: wrote {}", json.display());
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
    let wanted = |row: &&Row| options.wants(row.rust.group);
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
                data::portable(&p.exe),
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
    for rep in 1..=options.reps() {
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
            let run = measure::run(command, options.timeout());
            s.record(&run);
            let progress = progress(s, &run);
            eprintln!(
                "[{rep}/{}] {:<7} {:<34} {progress}",
                options.reps(),
                imp.side(),
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

fn progress(s: &Stats, run: &measure::Run) -> String {
    match &s.state {
        State::Failed(why) => format!("FAILED: {why}"),
        State::Skipped(why) => format!("skipped ({why})"),
        State::Measured => format!(
            "{} (wall {}, peak {:.0} MiB)",
            s.seconds
                .last()
                .map_or_else(String::new, |t| page::secs(*t)),
            page::secs(run.wall.as_secs_f64()),
            run.peak_kib() as f64 / 1024.0
        ),
    }
}
