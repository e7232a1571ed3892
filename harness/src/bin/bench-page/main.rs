//! `cargo run --release -p harness --bin bench-page -- <crate> [--quick] [-- <criterion args>]`:
//! runs a crate's criterion benchmarks and writes its `BENCHMARKS.md`.
//!
//! The crate declares its tables in `<crate>/benches/page.toml` (see `spec.rs`): for each, a
//! criterion group, our function and the baseline the ratio is taken against, an optional
//! target ratio and a one-sentence note. This command runs `cargo bench -p <crate>` (in the
//! target directory cargo uses, so `CARGO_TARGET_DIR` is honoured), reads the medians criterion
//! wrote during that run, and writes the page with the date, the machine and its load before
//! and after. It is the only writer of those pages: every other document links to them.

mod render;
mod results;
mod spec;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::SystemTime;

use clap::Parser;
use harness::machine::{self, Machine};

use results::Id;
use spec::PageSpec;

/// Runs a crate's criterion benchmarks and writes its BENCHMARKS.md from the results.
#[derive(Debug, Parser)]
#[command(name = "bench-page")]
struct Args {
    /// The workspace package whose benchmarks to run (e.g. threading).
    #[arg(value_name = "CRATE")]
    package: String,
    /// Short criterion runs (1 s warm-up, 2 s measurement per benchmark): rough figures.
    #[arg(long)]
    quick: bool,
    /// Passed to criterion after its own arguments (e.g. a benchmark name filter).
    #[arg(last = true, value_name = "CRITERION ARGS")]
    criterion_args: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(path) => {
            eprintln!("bench-page: wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("bench-page: {message}");
            ExitCode::FAILURE
        }
    }
}

fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// What `cargo metadata` says about the workspace.
struct Workspace {
    target_dir: PathBuf,
    /// The package's directory (where its Cargo.toml is).
    package_dir: PathBuf,
}

fn workspace(package: &str) -> Result<Workspace, String> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot read cargo metadata's output: {e}"))?;
    let target_dir = metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or("cargo metadata gave no target_directory")?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let manifest = packages
        .iter()
        .find(|p| p["name"] == package)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| {
            let names: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
            format!(
                "no package {package:?} in this workspace (its packages: {})",
                names.join(", ")
            )
        })?;
    let package_dir = Path::new(manifest)
        .parent()
        .ok_or("a manifest path without a directory")?
        .to_path_buf();
    Ok(Workspace {
        target_dir,
        package_dir,
    })
}

/// The command as a reader would type it again.
fn command_line(args: &Args) -> String {
    let mut line = format!(
        "cargo run --release -p harness --bin bench-page -- {}",
        args.package
    );
    if args.quick {
        line += " --quick";
    }
    if !args.criterion_args.is_empty() {
        line += " -- ";
        line += &args.criterion_args.join(" ");
    }
    line
}

/// A table whose group or functions criterion never wrote is a mistake in page.toml.
fn check_ids(spec: &PageSpec, results: &results::Results) -> Result<(), String> {
    for table in &spec.tables {
        for function in [&table.ours, &table.baseline] {
            let known = |id: &&Id| id.group == table.group && &id.function == function;
            if !results.keys().any(|id| known(&id)) {
                let in_group: Vec<String> = results
                    .keys()
                    .filter(|id| id.group == table.group)
                    .map(|id| id.function.clone())
                    .collect();
                return Err(format!(
                    "page.toml table {:?}: criterion has no results for group {:?}, function {:?} \
                     (functions in that group: {})",
                    table.title,
                    table.group,
                    function,
                    if in_group.is_empty() {
                        "none, no such group".to_string()
                    } else {
                        in_group.join(", ")
                    }
                ));
            }
        }
    }
    Ok(())
}

fn run(args: &Args) -> Result<PathBuf, String> {
    let ws = workspace(&args.package)?;
    let spec_path = ws.package_dir.join("benches").join("page.toml");
    let spec = PageSpec::read(&spec_path).map_err(|e| format!("{}: {e}", spec_path.display()))?;

    let load_before = machine::load_average();
    let started = SystemTime::now();
    let mut bench = Command::new(cargo());
    bench
        .args(["bench", "-p", &args.package, "--bench", "*", "--"])
        // Criterion finds its output directory itself; an absolute target directory makes it
        // the one read below whatever the bench's working directory is.
        .env("CARGO_TARGET_DIR", &ws.target_dir);
    if args.quick {
        bench.args(render::QUICK_ARGS);
    }
    bench.args(&args.criterion_args);
    eprintln!("bench-page: running cargo bench -p {}", args.package);
    let status = bench
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err(format!("cargo bench -p {} failed ({status})", args.package));
    }
    let load_after = machine::load_average();

    let criterion_dir = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ws.target_dir.join("criterion"));
    let results = results::collect(&criterion_dir, started).map_err(|e| e.to_string())?;
    check_ids(&spec, &results)?;
    for table in &spec.tables {
        let fresh = results
            .iter()
            .any(|(id, e)| id.group == table.group && e.fresh);
        if !fresh {
            eprintln!(
                "bench-page: warning: group {:?} was not measured in this run",
                table.group
            );
        }
    }

    let machine = Machine::probe();
    let date = machine::utc_now();
    let command = command_line(args);
    let page = render::Page {
        crate_name: &args.package,
        command: &command,
        date: &date,
        machine: &machine,
        load_before: &load_before,
        load_after: &load_after,
        quick: args.quick,
        spec: &spec,
        results: &results,
    };
    let out = ws.package_dir.join("BENCHMARKS.md");
    std::fs::write(&out, page.markdown())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_round_trips() {
        let args = Args::try_parse_from([
            "bench-page",
            "threading",
            "--quick",
            "--",
            "queue",
            "--sample-size",
            "10",
        ])
        .expect("valid");
        assert_eq!(args.package, "threading");
        assert!(args.quick);
        assert_eq!(args.criterion_args, ["queue", "--sample-size", "10"]);
        assert_eq!(
            command_line(&args),
            "cargo run --release -p harness --bin bench-page -- threading --quick -- queue --sample-size 10"
        );
        assert!(Args::try_parse_from(["bench-page"]).is_err());
        assert!(Args::try_parse_from(["bench-page", "x", "--frobnicate"]).is_err());
    }

    #[test]
    fn a_table_naming_an_unknown_function_is_an_error() {
        let spec = PageSpec::parse(
            r#"
            [[table]]
            title = "t"
            group = "map"
            ours = "pool_map"
            baseline = "rayonn"
            note = "n"
            "#,
        )
        .expect("valid");
        let dir = results::fixture::temp_dir("check");
        results::fixture::write(&dir, "map", "pool_map", None, 1.0);
        results::fixture::write(&dir, "map", "rayon", None, 1.0);
        let found = results::collect(&dir, SystemTime::UNIX_EPOCH).expect("readable");
        std::fs::remove_dir_all(&dir).expect("clean up");
        let message = check_ids(&spec, &found).unwrap_err();
        assert!(
            message.contains("\"rayonn\"") && message.contains("pool_map, rayon"),
            "{message}"
        );
    }
}
