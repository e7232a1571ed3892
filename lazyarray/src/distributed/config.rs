//! Who is in the cluster: timely's command line (`-n`, `-p`, `-w`, `-h`) and the hostfile.

use std::fmt;
use std::net::{TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::DistributedError;

/// The most processes a hostfile may describe; a bound on what one run allocates per peer.
const MAX_PROCESSES: usize = 1024;
/// The most worker threads per process.
const MAX_WORKERS: usize = 256;

/// One process's view of the cluster: how many processes, which one this is, how many worker
/// threads each runs, and every process's address.
///
/// Build it from the command line in timely's style with [`Config::from_args`], or directly:
///
/// ```
/// use lazyarray::distributed::Config;
/// let cfg = Config::from_args(["prog", "-n", "1", "-w", "2"].map(String::from))?;
/// assert_eq!((cfg.processes(), cfg.process(), cfg.workers()), (1, 0, 2));
/// let err = Config::from_args(["prog", "-n", "2", "-p", "2"].map(String::from)).unwrap_err();
/// assert_eq!(err.to_string(), "bad arguments: -p 2 is not below -n 2");
/// # Ok::<(), lazyarray::distributed::DistributedError>(())
/// ```
pub struct Config {
    processes: usize,
    process: usize,
    workers: usize,
    addresses: Vec<String>,
    listener: Option<TcpListener>,
    connect_timeout: Duration,
    timeout: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("processes", &self.processes)
            .field("process", &self.process)
            .field("workers", &self.workers)
            .field("addresses", &self.addresses)
            .field("listener", &self.listener.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Config {
    /// One process with `workers` threads: no network at all.
    pub fn single(workers: usize) -> Result<Config, DistributedError> {
        Config::cluster(1, 0, workers, Vec::new())
    }

    /// Process `process` of `processes`, each with `workers` threads; `addresses[i]` is where
    /// process `i` listens (`host:port`).
    ///
    /// # Errors
    /// [`DistributedError::Args`] when the numbers do not describe a cluster or there are
    /// fewer addresses than processes.
    pub fn cluster(
        processes: usize,
        process: usize,
        workers: usize,
        addresses: Vec<String>,
    ) -> Result<Config, DistributedError> {
        check_numbers(processes, process, workers)?;
        let bad = |m: String| Err(DistributedError::Args(m));
        if processes > 1 && addresses.len() < processes {
            return bad(format!(
                "{} addresses for {processes} processes",
                addresses.len()
            ));
        }
        Ok(Config {
            processes,
            process,
            workers,
            addresses,
            listener: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
        })
    }

    /// Reads timely's flags: `-n PROCESSES` (default 1), `-p INDEX` (default 0), `-w WORKERS`
    /// per process (default 1), `-h HOSTFILE` (one `host:port` per line; needed when `-n` is
    /// above 1). The first item is the program's name, as in `std::env::args()`.
    ///
    /// # Errors
    /// [`DistributedError::Args`] for an unknown flag or a bad number,
    /// [`DistributedError::Hostfile`] for a hostfile that cannot be used.
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Config, DistributedError> {
        let (mut processes, mut process, mut workers) = (1, 0, 1);
        let mut hostfile: Option<PathBuf> = None;
        let mut args = args.into_iter().skip(1);
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .ok_or_else(|| DistributedError::Args(format!("{flag} needs a value")))
            };
            let number = |v: String, flag: &str| {
                v.parse::<usize>().map_err(|_| {
                    DistributedError::Args(format!("{flag} {v:?} is not a non-negative number"))
                })
            };
            match flag.as_str() {
                "-n" | "--processes" => processes = number(value()?, "-n")?,
                "-p" | "--process" => process = number(value()?, "-p")?,
                "-w" | "--workers" => workers = number(value()?, "-w")?,
                "-h" | "--hostfile" => hostfile = Some(PathBuf::from(value()?)),
                other => {
                    return Err(DistributedError::Args(format!(
                        "unknown argument {other:?}"
                    )));
                }
            }
        }
        check_numbers(processes, process, workers)?;
        let addresses = match (&hostfile, processes) {
            (Some(path), _) => read_hostfile(path, processes)?,
            (None, 1) => Vec::new(),
            (None, n) => {
                return Err(DistributedError::Args(format!(
                    "-n {n} needs a hostfile (-h) with one host:port per process"
                )));
            }
        };
        Config::cluster(processes, process, workers, addresses)
    }

    /// Uses an already bound listener for this process's address instead of binding it: a
    /// launcher or a test that picks free ports keeps them from being taken meanwhile.
    pub fn with_listener(mut self, listener: TcpListener) -> Config {
        self.listener = Some(listener);
        self
    }

    /// How long to keep trying to reach the other processes while the cluster forms
    /// (default 10 s); then [`DistributedError::ConnectionRefused`] or
    /// [`DistributedError::NotConnected`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Config {
        self.connect_timeout = timeout;
        self
    }

    /// How long a worker waits with nothing arriving and no task finishing before it gives up
    /// with [`DistributedError::Timeout`] (default 30 s). A killed peer is noticed sooner: its
    /// connections close.
    pub fn timeout(mut self, timeout: Duration) -> Config {
        self.timeout = timeout;
        self
    }

    /// How many processes.
    pub fn processes(&self) -> usize {
        self.processes
    }
    /// This process's index.
    pub fn process(&self) -> usize {
        self.process
    }
    /// Worker threads per process.
    pub fn workers(&self) -> usize {
        self.workers
    }
    /// Every process's address (empty for a single process).
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    pub(crate) fn get_connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
    pub(crate) fn get_timeout(&self) -> Duration {
        self.timeout
    }
    pub(crate) fn take_listener(&mut self) -> Option<TcpListener> {
        self.listener.take()
    }
}

fn check_numbers(processes: usize, process: usize, workers: usize) -> Result<(), DistributedError> {
    let bad = |m: String| Err(DistributedError::Args(m));
    if processes == 0 || processes > MAX_PROCESSES {
        return bad(format!(
            "-n {processes} must be between 1 and {MAX_PROCESSES}"
        ));
    }
    if process >= processes {
        return bad(format!("-p {process} is not below -n {processes}"));
    }
    if workers == 0 || workers > MAX_WORKERS {
        return bad(format!("-w {workers} must be between 1 and {MAX_WORKERS}"));
    }
    Ok(())
}

/// Reads a hostfile: one `host:port` per process, in process order; blank lines and lines
/// starting with `#` are skipped, lines beyond the first `processes` are ignored.
///
/// # Errors
/// [`DistributedError::Hostfile`] when the file cannot be read, has fewer addresses than
/// `processes`, or a line does not resolve as `host:port`.
pub fn read_hostfile(path: &Path, processes: usize) -> Result<Vec<String>, DistributedError> {
    let bad = |reason: String| DistributedError::Hostfile {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let mut addresses = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if addresses.len() == processes {
            break;
        }
        match line.to_socket_addrs() {
            Ok(resolved) if resolved.len() > 0 => addresses.push(line.to_string()),
            Ok(_) => return Err(bad(format!("line {}: {line:?} resolves to nothing", n + 1))),
            Err(e) => {
                return Err(bad(format!(
                    "line {}: {line:?} is not host:port ({e})",
                    n + 1
                )));
            }
        }
    }
    if addresses.len() < processes {
        return Err(bad(format!(
            "{} addresses for {processes} processes",
            addresses.len()
        )));
    }
    Ok(addresses)
}
