//! The notebook's `Y.mean()` on several processes, on this machine or on several hosts.
//!
//! ```text
//! # on one machine: start 2 processes on 127.0.0.1 (free ports), print the mean and the bytes
//! cargo run --release --features distributed --example distributed_mean -- --processes 2
//!
//! # on two hosts: the same binary on each, with the same hostfile (one host:port per line)
//! distributed_mean -n 2 -p 0 -h hosts.txt        # prints the result
//! distributed_mean -n 2 -p 1 -h hosts.txt
//! ```
//!
//! Options: `--size N` (the array is N×N, default 20000), `--chunk C` (C×C blocks, default
//! 1000), `-w W` worker threads per process (default 1), `--check` to compare with the local
//! compute bit for bit.

use std::net::TcpListener;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use lazyarray::distributed::{Config, DistributedError, Report, execute};
use lazyarray::random::default_rng;

/// The example's own options; everything else is timely's (`-n -p -w -h`).
struct Options {
    launch: Option<usize>,
    size: usize,
    chunk: usize,
    check: bool,
    timely: Vec<String>,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        launch: None,
        size: 20000,
        chunk: 1000,
        check: false,
        timely: vec!["distributed_mean".into()],
    };
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            let v = args.next().ok_or(format!("{name} needs a value"))?;
            v.parse()
                .map_err(|_| format!("{name} {v:?} is not a number"))
        };
        match a.as_str() {
            "--processes" => o.launch = Some(number("--processes")?),
            "--size" => o.size = number("--size")?,
            "--chunk" => o.chunk = number("--chunk")?,
            "--check" => o.check = true,
            _ => o.timely.push(a),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let options = match parse(std::env::args()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("distributed_mean: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match options.launch {
        Some(n) => launch(n, &options),
        None => run(&options),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("distributed_mean: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One process of the cluster: compute the mean, print it and the bytes moved on process 0.
fn run(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_args(options.timely.iter().cloned())?;
    let processes = config.processes();
    let (size, chunk) = (options.size, options.chunk);
    let started = Instant::now();
    // ANCHOR: spmd
    // Every process runs this closure, on every one of its workers: all build the same graph.
    let result = execute(config, move |cluster| {
        let y = default_rng(42).normal(0.0, 1.0, [size, size], [chunk, chunk])?;
        let mean = cluster.compute_scalar(&y.mean())?; // Some(..) on worker 0 only
        Ok(mean.zip(cluster.report().cloned()))
    })?;
    let Some((mean, report)) = result else {
        return Ok(()); // not process 0: the result is printed there
    };
    // ANCHOR_END: spmd
    println!("mean of a {size}x{size} normal array in {chunk}x{chunk} chunks: {mean}");
    println!("{processes} processes, {:.2?}", started.elapsed());
    print_bytes(&report, processes);
    if options.check {
        let local = default_rng(42)
            .normal(0.0, 1.0, [size, size], [chunk, chunk])?
            .mean()
            .compute_scalar()?;
        println!(
            "bit-identical to the local compute: {}",
            local.to_bits() == mean.to_bits()
        );
    }
    Ok(())
}

fn print_bytes(report: &Report, processes: usize) {
    let crossed: Vec<_> = report.between_processes().collect();
    println!(
        "bytes between processes: {} in {} messages (each a partial result: {})",
        report.bytes_between_processes(),
        crossed.len(),
        crossed
            .iter()
            .map(|s| report.keys()[s.task].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "minimum: {} bytes (each of {} processes sends one partial result to the last one)",
        report.lower_bound_bytes_between_processes(),
        processes.saturating_sub(1)
    );
    println!(
        "bytes between workers of one process: {}",
        report.bytes_within_processes()
    );
}

/// Starts `n` processes of this same program on 127.0.0.1, on ports the kernel picks, and
/// waits for all of them; process 0's output is printed as it comes.
fn launch(n: usize, options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    if n == 0 {
        return Err(DistributedError::Args("--processes 0".into()).into());
    }
    // Bind every port at once so they are distinct, note them, then free them for the
    // processes to bind. Between the two another program could take one: that process then
    // fails with a `Bind` error, and the others with `ConnectionRefused`, never a hang.
    let listeners = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut hosts = String::new();
    for l in &listeners {
        hosts.push_str(&format!("{}\n", l.local_addr()?));
    }
    let dir = std::env::temp_dir().join(format!("distributed_mean-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let hostfile = dir.join("hosts.txt");
    std::fs::write(&hostfile, hosts)?;
    drop(listeners);
    let exe = std::env::current_exe()?;
    let mut children = Vec::with_capacity(n);
    for p in 0..n {
        let mut cmd = Command::new(&exe);
        cmd.args(["-n", &n.to_string(), "-p", &p.to_string(), "-h"])
            .arg(&hostfile)
            .args(["--size", &options.size.to_string()])
            .args(["--chunk", &options.chunk.to_string()])
            .args(&options.timely[1..]);
        if options.check {
            cmd.arg("--check");
        }
        if p > 0 {
            cmd.stdout(Stdio::null());
        }
        children.push(cmd.spawn()?);
    }
    let mut failed = 0;
    for (p, mut child) in children.into_iter().enumerate() {
        // Each process ends on its own: its result, or a typed error within its timeouts.
        if !child.wait()?.success() {
            eprintln!("process {p} failed");
            failed += 1;
        }
    }
    std::fs::remove_dir_all(&dir)?;
    if failed > 0 {
        return Err(format!("{failed} of {n} processes failed").into());
    }
    Ok(())
}
