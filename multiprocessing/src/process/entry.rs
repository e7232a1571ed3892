//! Worker mode: the same executable, started again, serving tasks on its own pipes (see
//! `spawn.rs`).
//!
//! How a `fn` crosses the process boundary: both processes run the same executable, so a
//! function sits at the same distance from any other function in both, even though the OS
//! loads the executable at a different address in each (ASLR). The parent sends the distance
//! from [`worker_entry`] to the task's function, and to a small generic "trampoline" that knows
//! the task's argument and result types; the worker adds its own address of `worker_entry`
//! and calls the trampoline. The `procspawn` crate uses the same idea.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::fd::FromRawFd;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::spawn::{LIFELINE_FD, REPLIES_FD, REQUESTS_FD, STDOUT_FD, executable_identity};
use super::wire::{self, Reply, Request};
use crate::unwind::take_message;

/// The environment variable that puts a re-run executable into worker mode; its value is the
/// identity of the parent's executable (see `spawn::executable_identity`).
pub(crate) const WORKER_ENV: &str = "MULTIPROCESSING_WORKER";

/// The name of the test that [`enable_test_worker!`](crate::enable_test_worker) defines; the
/// pool passes it to a test binary as an exact filter so that only that test runs.
pub(crate) const TEST_ENTRY: &str = "multiprocessing_worker_entry_point";

/// What the worker calls: decode the argument, run the function, encode the result.
pub(crate) type Trampoline = fn(usize, &[u8]) -> Reply;

/// Enters worker mode if this process was started by a [`ProcessPool`](crate::ProcessPool)
/// (then it never returns); otherwise returns at once.
///
/// Call it first thing in `main` of any program that uses a `ProcessPool`, before it parses
/// arguments or prints, because workers are this same executable started again. In tests, use
/// [`enable_test_worker!`](crate::enable_test_worker) instead.
///
/// ```no_run
/// # #![allow(clippy::needless_doctest_main)]
/// fn main() {
///     multiprocessing::worker_entry();
///     // ... the program, which may now use ProcessPool ...
/// }
/// ```
pub fn worker_entry() {
    let Some(parent) = std::env::var_os(WORKER_ENV) else {
        return;
    };
    let code = match serve(&parent) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("multiprocessing worker: {e}");
            1
        }
    };
    std::process::exit(code);
}

/// Defines the test through which a test binary's `ProcessPool` workers enter worker mode.
///
/// Invoke it once at the root of an integration test file (or of the crate for unit tests)
/// that uses [`ProcessPool`](crate::ProcessPool). The test it defines does nothing in a normal
/// run; the pool starts the test binary again with a filter that runs only this test, in
/// worker mode.
#[macro_export]
macro_rules! enable_test_worker {
    () => {
        #[test]
        fn multiprocessing_worker_entry_point() {
            $crate::worker_entry();
        }
    };
}

/// The address every function offset is measured from.
pub(crate) fn anchor() -> usize {
    worker_entry as fn() as usize
}

/// The signed distance from the anchor to `address`.
pub(crate) fn offset_of(address: usize) -> i64 {
    address.wrapping_sub(anchor()) as i64
}

fn address_of(offset: i64) -> usize {
    anchor().wrapping_add(offset as usize)
}

/// The trampoline for `fn(A) -> R`, as an address.
pub(crate) fn trampoline_address<A, R>() -> usize
where
    A: DeserializeOwned,
    R: Serialize,
{
    trampoline::<A, R> as Trampoline as usize
}

fn trampoline<A, R>(function: usize, input: &[u8]) -> Reply
where
    A: DeserializeOwned,
    R: Serialize,
{
    // SAFETY: the parent took `function` from a `fn(A) -> R` with these very `A` and `R` (it
    // chose this trampoline by them), in this same executable; `address_of` has moved it to
    // this process's load address.
    let function = unsafe { std::mem::transmute::<usize, fn(A) -> R>(function) };
    let argument: A = match serde_json::from_slice(input) {
        Ok(argument) => argument,
        Err(e) => return Reply::Transport(format!("could not decode the argument: {e}")),
    };
    match catch_unwind(AssertUnwindSafe(|| function(argument))) {
        Ok(result) => match serde_json::to_vec(&result) {
            Ok(bytes) => match wire::check_reply_size(bytes.len()) {
                Ok(()) => Reply::Value(bytes),
                Err(why) => Reply::Transport(why),
            },
            Err(e) => Reply::Transport(format!("could not encode the result: {e}")),
        },
        Err(payload) => Reply::Panicked(take_message(payload)),
    }
}

/// Whether this process runs the executable the parent described (`parent`), or why not.
pub(crate) fn check_identity(parent: &OsStr) -> Result<(), String> {
    let own = executable_identity().map_err(|e| format!("cannot identify the executable: {e}"))?;
    if parent == OsStr::new(&own) {
        Ok(())
    } else {
        Err(format!(
            "the worker runs a different executable than its parent (file {own}, parent's \
             {}): function addresses would not match",
            parent.to_string_lossy()
        ))
    }
}

/// Ends this process when the parent dies: a thread reads the lifeline, which only the
/// parent can write to and never does, so the read ends only when the parent is gone.
fn watch_lifeline(mut lifeline: File) -> io::Result<()> {
    std::thread::Builder::new()
        .name("multiprocessing-lifeline".to_string())
        .spawn(move || {
            let mut byte = [0];
            let _ = lifeline.read(&mut byte);
            // SAFETY: `_exit` ends the process at once, without running other threads'
            // destructors or atexit handlers that could wait for a task that never ends.
            unsafe { libc::_exit(0) };
        })?;
    Ok(())
}

/// Points fd 1 at the parent's stdout (fd 6) from here on: a task's `println!` goes where
/// the parent's would. What was buffered before (a test harness's header) goes to `/dev/null`.
fn restore_stdout() -> io::Result<()> {
    io::stdout().flush()?;
    // SAFETY: plain fd calls on fds this process owns (placed by `spawn_worker`).
    if unsafe { libc::dup2(STDOUT_FD, 1) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above; fd 6 is not used again.
    unsafe { libc::close(STDOUT_FD) };
    Ok(())
}

/// The worker's loop: one request in, one reply out, until the parent closes the request
/// pipe.
fn serve(parent: &OsStr) -> io::Result<()> {
    // SAFETY: `spawn_worker` placed these fds in this process for the protocol, and nothing
    // else in it owns them.
    let (requests, replies, lifeline) = unsafe {
        (
            File::from_raw_fd(REQUESTS_FD),
            File::from_raw_fd(REPLIES_FD),
            File::from_raw_fd(LIFELINE_FD),
        )
    };
    watch_lifeline(lifeline)?;
    restore_stdout()?;
    let mut out = BufWriter::new(replies);
    let mut input = BufReader::new(requests);
    out.write_all(wire::READY)?;
    // The handshake's second half: serve, or say why not.
    let verdict = match check_identity(parent) {
        Ok(()) => Reply::Value(Vec::new()),
        Err(why) => Reply::Transport(why),
    };
    verdict.write(&mut out)?;
    out.flush()?;
    if matches!(verdict, Reply::Transport(_)) {
        return Ok(());
    }
    while let Some(request) = Request::read(&mut input)? {
        let trampoline_address = address_of(request.trampoline);
        // SAFETY: `trampoline_address` is the address of `trampoline::<A, R>` in this process,
        // sent by our parent running this same executable: `check_identity` verified that
        // this process runs the very file the parent runs (see the module doc). What is left
        // unchecked: (1) task functions must live in that file, not in a library loaded at
        // run time, and (2) only our parent writes to the request pipe, which no other
        // process inherits.
        let trampoline = unsafe { std::mem::transmute::<usize, Trampoline>(trampoline_address) };
        let reply = trampoline(address_of(request.function), &request.payload);
        reply.write(&mut out)?;
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_refuses_another_executable() {
        let own = executable_identity().unwrap();
        assert_eq!(check_identity(OsStr::new(&own)), Ok(()));
        let other = check_identity(OsStr::new("1:2:3:4.5")).unwrap_err();
        assert!(other.contains("different executable"), "{other}");
    }
}
