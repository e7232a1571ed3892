//! The notebook's `Y.mean()` at 20000 × 20000 in 1000 × 1000 chunks, on two workers either way:
//! one process of two worker threads, or two processes of one worker each (connected over
//! 127.0.0.1). Only partial results cross between the two processes, so the second should cost
//! little more than the first.
//!
//! Every run starts fresh processes of this same binary (`LAZYARRAY_BENCH_CHILD` set), so both
//! variants pay the same start-up; the time is from the first spawn to the last exit.
//!
//! `cargo bench -p lazyarray --features distributed --bench distributed`

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::Criterion;
use lazyarray::distributed::{Config, execute};
use lazyarray::random::default_rng;

const SIZE: usize = 20000;
const CHUNK: usize = 1000;
const CHILD: &str = "LAZYARRAY_BENCH_CHILD";

/// One process of the cluster: the arguments come in `LAZYARRAY_BENCH_CHILD`.
fn child(args: &str) {
    let args = std::iter::once("child".to_string()).chain(args.split(' ').map(String::from));
    let config = Config::from_args(args).expect("the bench passes valid arguments");
    let mean = execute(config, |cluster| {
        let y = default_rng(42).normal(0.0, 1.0, [SIZE, SIZE], [CHUNK, CHUNK])?;
        let mean = cluster.compute_scalar(&y.mean())?;
        Ok(mean.zip(cluster.report().cloned()))
    })
    .expect("the cluster computes the mean");
    if let Some((mean, report)) = mean {
        // Printed once per run on process 0: the bytes are the same every run.
        eprintln!(
            "mean {mean}: {} bytes between processes in {} messages (minimum {})",
            report.bytes_between_processes(),
            report.between_processes().count(),
            report.lower_bound_bytes_between_processes()
        );
    }
}

/// Runs the mean once on `processes` fresh processes of `workers` workers each.
fn run(processes: usize, workers: usize) -> Duration {
    let listeners: Vec<TcpListener> = (0..processes)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1"))
        .collect();
    let hosts: String = listeners
        .iter()
        .map(|l| format!("{}\n", l.local_addr().expect("a bound port")))
        .collect();
    let dir = std::env::temp_dir().join(format!("lazyarray-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let hostfile = dir.join("hosts.txt");
    std::fs::write(&hostfile, hosts).expect("the hostfile is written");
    drop(listeners);
    let exe = std::env::current_exe().expect("this bench binary");
    let started = Instant::now();
    let children: Vec<_> = (0..processes)
        .map(|p| {
            let args = format!(
                "-n {processes} -p {p} -w {workers} -h {}",
                hostfile.display()
            );
            Command::new(&exe)
                .env(CHILD, args)
                .stdout(Stdio::null())
                .spawn()
                .expect("a process of the cluster starts")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("the process ends").success());
    }
    started.elapsed()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("distributed_mean_20000");
    group.sample_size(10);
    for (name, processes, workers) in [
        ("1 process x 2 workers", 1, 2),
        ("2 processes x 1 worker", 2, 1),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| run(processes, workers)).sum())
        });
    }
    group.finish();
}

fn main() {
    if let Ok(args) = std::env::var(CHILD) {
        child(&args);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
