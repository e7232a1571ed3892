//! Starting a worker process: its own pipes, a lifeline, and the same executable.
//!
//! The protocol has pipes of its own, so a task's standard streams are ordinary: its stdin
//! reads end-of-file (as in Python's workers) and its stdout is the parent's. In the worker,
//! fd 3 carries requests, fd 4 replies, fd 5 is the lifeline and fd 6 the parent's stdout:
//!
//! - the lifeline is a pipe whose writing end only the parent holds and never writes: when
//!   the parent dies, for whatever reason (SIGKILL included), the worker's read of it ends,
//!   and the worker exits even in the middle of a task that never ends (a pipe rather than
//!   Linux's `PR_SET_PDEATHSIG`, which fires when the *thread* that started the worker ends,
//!   and works on every Unix);
//! - the worker's stdout is `/dev/null` until it enters worker mode, so whatever a test
//!   harness prints first goes nowhere; then fd 6 becomes its stdout.
//!
//! The worker is started from the parent's own executable file (on Linux `/proc/self/exe`,
//! which stays the running file even if the path is rebuilt meanwhile), and it checks that
//! file's identity (device, inode, size, modification time) against the parent's before it
//! serves: the function addresses the parent sends are only meaningful in the same
//! executable (see `entry.rs`).

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::entry::{TEST_ENTRY, WORKER_ENV};

/// The worker's fds: requests, replies, lifeline, the parent's stdout.
pub(crate) const REQUESTS_FD: RawFd = 3;
pub(crate) const REPLIES_FD: RawFd = 4;
pub(crate) const LIFELINE_FD: RawFd = 5;
pub(crate) const STDOUT_FD: RawFd = 6;

/// The executable this process runs.
fn own_executable() -> io::Result<PathBuf> {
    if cfg!(target_os = "linux") {
        Ok(PathBuf::from("/proc/self/exe"))
    } else {
        std::env::current_exe()
    }
}

/// The identity of the file this process runs, as the worker and its parent compare it.
pub(crate) fn executable_identity() -> io::Result<String> {
    let meta = std::fs::metadata(own_executable()?)?;
    Ok(format!(
        "{}:{}:{}:{}.{}",
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec()
    ))
}

/// A pipe whose two ends are closed on `exec`, so no other child inherits them.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe` writes.
    #[cfg(target_os = "linux")]
    let made = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    // SAFETY: as above; then both fresh fds are marked close-on-exec.
    #[cfg(not(target_os = "linux"))]
    let made = unsafe {
        let made = libc::pipe(fds.as_mut_ptr());
        if made == 0 {
            libc::fcntl(fds[0], libc::F_SETFD, libc::FD_CLOEXEC);
            libc::fcntl(fds[1], libc::F_SETFD, libc::FD_CLOEXEC);
        }
        made
    };
    if made != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `pipe` just made both fds, and nothing else owns them.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// A duplicate of this process's stdout, closed on `exec`.
fn dup_stdout() -> io::Result<OwnedFd> {
    // SAFETY: a plain fcntl on fd 1.
    let fd = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 10) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A started worker process and the parent's ends of its pipes.
pub(crate) struct Spawned {
    pub(crate) child: Child,
    pub(crate) requests: File,
    pub(crate) replies: File,
    /// Held, never written: the worker exits when it closes (see the module doc).
    pub(crate) lifeline: File,
}

/// Starts this executable in worker mode with its pipes in place.
pub(crate) fn spawn_worker(identity: &str) -> io::Result<Spawned> {
    let (requests_in, requests) = pipe()?;
    let (replies, replies_out) = pipe()?;
    let (lifeline_in, lifeline) = pipe()?;
    let stdout = dup_stdout()?;
    let targets = [
        (requests_in.as_raw_fd(), REQUESTS_FD),
        (replies_out.as_raw_fd(), REPLIES_FD),
        (lifeline_in.as_raw_fd(), LIFELINE_FD),
        (stdout.as_raw_fd(), STDOUT_FD),
    ];
    let mut command = Command::new(own_executable()?);
    command
        .env(WORKER_ENV, identity)
        // Ignored by a program that calls `worker_entry` first; in a test binary, runs only
        // the test that `enable_test_worker!` defines.
        .args([
            TEST_ENTRY,
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    // SAFETY: the closure runs in the child between `fork` and `exec`, and makes only
    // async-signal-safe calls (`fcntl`, `dup2`, `close`) on fds it names, allocating nothing.
    unsafe {
        command.pre_exec(move || {
            // First move every fd above the targets, so that placing one cannot overwrite
            // another; `F_DUPFD` copies do not close on exec.
            let mut high = [0; 4];
            for (slot, &(fd, _)) in high.iter_mut().zip(&targets) {
                *slot = libc::fcntl(fd, libc::F_DUPFD, 10);
                if *slot < 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            for (&fd, &(_, target)) in high.iter().zip(&targets) {
                if libc::dup2(fd, target) < 0 {
                    return Err(io::Error::last_os_error());
                }
                libc::close(fd);
            }
            Ok(())
        });
    }
    let child = command.spawn()?;
    // The child's ends are the child's now; ours close here.
    drop((requests_in, replies_out, lifeline_in, stdout));
    Ok(Spawned {
        child,
        requests: File::from(requests),
        replies: File::from(replies),
        lifeline: File::from(lifeline),
    })
}
