//! A process killed in the middle of a compute: the other processes return
//! `DistributedError::PeerLost` instead of waiting forever.
//!
//! The processes are this test binary run again (`child_process`, ignored in a normal run), on
//! 127.0.0.1 ports the kernel picked. Process 1 stops inside its first task and tells the test,
//! which kills it (SIGKILL: no clean shutdown of anything).
#![cfg(feature = "distributed")]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use lazyarray::distributed::{Cluster, Config, execute};

/// Longest the test waits for any line from a child before calling it a hang.
const WATCHDOG: Duration = Duration::from_secs(120);
const PROCESSES: usize = 3;
const VICTIM: usize = 1;

#[test]
#[ignore = "a process of the cluster that `a_killed_process_is_peer_lost_everywhere` starts"]
fn child_process() {
    let (Ok(p), Ok(hostfile)) = (
        std::env::var("LAZYARRAY_KILL_P"),
        std::env::var("LAZYARRAY_KILL_HOSTFILE"),
    ) else {
        return;
    };
    let victim = p == VICTIM.to_string();
    let args = [
        "child",
        "-n",
        &PROCESSES.to_string(),
        "-p",
        &p,
        "-h",
        &hostfile,
    ];
    let config = Config::from_args(args.map(String::from))
        .unwrap()
        .timeout(Duration::from_secs(60));
    let outcome = execute(config, move |c: &mut Cluster| {
        let y = lazyarray::random::default_rng(3).normal(0.0, 1.0, [600, 600], [100, 100])?;
        let x = y.map_blocks(move |block| {
            if victim {
                println!("VICTIM READY");
                // Wait for the parent, which never writes: it kills this process instead.
                let mut line = String::new();
                let _ = std::io::stdin().lock().read_line(&mut line);
            }
            block.to_owned()
        });
        c.compute(&x.sum())
    });
    println!("OUTCOME {:?}", outcome.map(|o| o.is_some()));
}

fn spawn(p: usize, hostfile: &std::path::Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_process", "--ignored", "--nocapture"])
        .env("LAZYARRAY_KILL_P", p.to_string())
        .env("LAZYARRAY_KILL_HOSTFILE", hostfile)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_process_is_peer_lost_everywhere() {
    let listeners: Vec<TcpListener> = (0..PROCESSES)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let hosts: String = listeners
        .iter()
        .map(|l| format!("{}\n", l.local_addr().unwrap()))
        .collect();
    let dir = std::env::temp_dir().join(format!("lazyarray-kill-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hostfile = dir.join("hosts.txt");
    std::fs::write(&hostfile, hosts).unwrap();
    drop(listeners);

    let (tx, rx) = mpsc::channel();
    let mut children: Vec<Child> = (0..PROCESSES).map(|p| spawn(p, &hostfile)).collect();
    for (p, child) in children.iter_mut().enumerate() {
        let out = BufReader::new(child.stdout.take().unwrap());
        let tx = tx.clone();
        thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send((p, line));
            }
        });
    }
    drop(tx);
    let mut outcomes: Vec<Option<String>> = vec![None; PROCESSES];
    let mut killed = false;
    while outcomes
        .iter()
        .enumerate()
        .any(|(p, o)| p != VICTIM && o.is_none())
    {
        let (p, line) = rx.recv_timeout(WATCHDOG).expect("a process hangs");
        if line == "VICTIM READY" && p == VICTIM && !killed {
            children[VICTIM].kill().unwrap();
            killed = true;
        } else if let Some(rest) = line.strip_prefix("OUTCOME ") {
            outcomes[p] = Some(rest.to_string());
        }
    }
    for mut c in children {
        let _ = c.kill();
        let _ = c.wait();
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(killed, "the victim never reached its task: {outcomes:?}");
    for (p, o) in outcomes.iter().enumerate().filter(|&(p, _)| p != VICTIM) {
        let o = o.as_deref().unwrap_or("none");
        assert!(o.starts_with("Err(PeerLost("), "process {p}: {o}");
    }
}
