//! Forming the cluster: one TCP connection between every pair of processes, within a deadline.
//!
//! timely's own `create_sockets` retries refused connections forever (and panics on a bad
//! greeting); here every wait is bounded by [`Config::connect_timeout`] and every failure is a
//! [`DistributedError`]. The layout is timely's: process `i` connects to every process below
//! it and accepts a connection from every process above it, and the sockets are then handed
//! to timely's network threads unchanged.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use super::{Config, DistributedError};

/// The first bytes on every connection: says "lazyarray cluster", then who is speaking.
const MAGIC: u64 = u64::from_be_bytes(*b"lzarray1");
/// The pause between two connection attempts, and between two polls for arrivals.
const RETRY: Duration = Duration::from_millis(50);

/// The connected sockets, one per process (`None` at this process's own index), plus a
/// clone of each that [`Sockets::shut_down`] closes to free timely's network threads when
/// the run is abandoned.
#[derive(Debug)]
pub(crate) struct Sockets {
    pub(crate) streams: Vec<Option<TcpStream>>,
    clones: Vec<TcpStream>,
}

impl Sockets {
    /// Closes every connection, so the other processes (and this one's network threads) see
    /// the end of the stream at once instead of waiting.
    pub(crate) fn shut_down(&self) {
        for s in &self.clones {
            // Already closed by the peer is fine: the point is that it is closed.
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    pub(crate) fn take(&mut self) -> (Vec<Option<TcpStream>>, Sockets) {
        let streams = std::mem::take(&mut self.streams);
        let rest = Sockets {
            streams: Vec::new(),
            clones: std::mem::take(&mut self.clones),
        };
        (streams, rest)
    }
}

/// Connects this process to every other one.
pub(crate) fn connect(config: &mut Config) -> Result<Sockets, DistributedError> {
    let (n, me) = (config.processes(), config.process());
    let deadline = Instant::now() + config.get_connect_timeout();
    // Bind first (a process above us can connect as soon as we listen, before we accept).
    let listener = if me + 1 < n {
        match config.take_listener() {
            Some(l) => Some(l),
            None => {
                let address = &config.addresses()[me];
                Some(
                    TcpListener::bind(address).map_err(|source| DistributedError::Bind {
                        address: address.clone(),
                        source,
                    })?,
                )
            }
        }
    } else {
        None
    };
    let mut streams: Vec<Option<TcpStream>> = (0..n).map(|_| None).collect();
    for (process, address) in config.addresses().iter().enumerate().take(me) {
        let mut stream = connect_to(process, address, deadline)?;
        greet(&mut stream, me, n).map_err(|source| DistributedError::Connect {
            process,
            address: address.clone(),
            source,
        })?;
        streams[process] = Some(stream);
    }
    if let Some(listener) = listener {
        accept_from_above(&listener, me, n, deadline, &mut streams, config)?;
    }
    let clones = streams
        .iter()
        .flatten()
        .map(TcpStream::try_clone)
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| DistributedError::PeerLost(e.to_string()))?;
    Ok(Sockets { streams, clones })
}

fn connect_to(
    process: usize,
    address: &str,
    deadline: Instant,
) -> Result<TcpStream, DistributedError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        match TcpStream::connect(address) {
            Ok(stream) => {
                stream
                    .set_nodelay(true)
                    .map_err(|source| DistributedError::Connect {
                        process,
                        address: address.to_string(),
                        source,
                    })?;
                return Ok(stream);
            }
            // The peer may not listen yet: retry until the deadline.
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                if Instant::now() + RETRY > deadline {
                    return Err(DistributedError::ConnectionRefused {
                        process,
                        address: address.to_string(),
                        attempts,
                    });
                }
                thread::sleep(RETRY);
            }
            Err(source) => {
                return Err(DistributedError::Connect {
                    process,
                    address: address.to_string(),
                    source,
                });
            }
        }
    }
}

fn greet(stream: &mut TcpStream, me: usize, n: usize) -> io::Result<()> {
    let mut hello = [0u8; 24];
    hello[..8].copy_from_slice(&MAGIC.to_be_bytes());
    hello[8..16].copy_from_slice(&(me as u64).to_be_bytes());
    hello[16..].copy_from_slice(&(n as u64).to_be_bytes());
    stream.write_all(&hello)
}

fn accept_from_above(
    listener: &TcpListener,
    me: usize,
    n: usize,
    deadline: Instant,
    streams: &mut [Option<TcpStream>],
    config: &Config,
) -> Result<(), DistributedError> {
    let started = Instant::now();
    let own = config
        .addresses()
        .get(me)
        .cloned()
        .unwrap_or_else(|| "this process".to_string());
    let io_err = |source: io::Error| DistributedError::Bind {
        address: own.clone(),
        source,
    };
    listener.set_nonblocking(true).map_err(io_err)?;
    while streams[me + 1..].iter().any(Option::is_none) {
        match listener.accept() {
            Ok((mut stream, peer)) => {
                let peer = peer.to_string();
                let bad = |reason: String| DistributedError::Handshake {
                    peer: peer.clone(),
                    reason,
                };
                stream.set_nonblocking(false).map_err(io_err)?;
                stream.set_nodelay(true).map_err(io_err)?;
                let left = deadline.saturating_duration_since(Instant::now());
                stream
                    .set_read_timeout(Some(left.max(Duration::from_millis(100))))
                    .map_err(io_err)?;
                let mut hello = [0u8; 24];
                stream
                    .read_exact(&mut hello)
                    .map_err(|e| bad(format!("no greeting: {e}")))?;
                stream.set_read_timeout(None).map_err(io_err)?;
                let word = |i: usize| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&hello[8 * i..8 * i + 8]);
                    u64::from_be_bytes(b)
                };
                if word(0) != MAGIC {
                    return Err(bad("not a lazyarray process".into()));
                }
                let (from, their_n) = (word(1), word(2));
                if their_n != n as u64 {
                    return Err(bad(format!("it expects {their_n} processes, this one {n}")));
                }
                let from = usize::try_from(from)
                    .ok()
                    .filter(|&f| f > me && f < n)
                    .ok_or_else(|| bad(format!("process index {from} cannot connect to {me}")))?;
                if streams[from].is_some() {
                    return Err(bad(format!("process {from} connected twice")));
                }
                streams[from] = Some(stream);
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    let missing = (me + 1..n).filter(|&p| streams[p].is_none()).collect();
                    return Err(DistributedError::NotConnected {
                        missing,
                        waited: started.elapsed(),
                    });
                }
                thread::sleep(RETRY);
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    Ok(())
}
