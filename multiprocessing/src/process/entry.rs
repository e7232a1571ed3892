//! Worker mode: the same executable, started again, serving tasks on its stdin and stdout.
//!
//! How a `fn` crosses the process boundary: both processes run the same executable, so a
//! function sits at the same distance from any other function in both, even though the OS
//! loads the executable at a different address in each (ASLR). The parent sends the distance
//! from [`worker_entry`] to the task's function, and to a small generic "trampoline" that knows
//! the task's argument and result types; the worker adds its own address of `worker_entry`
//! and calls the trampoline. The `procspawn` crate uses the same idea.

use std::io::{self, BufReader, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::wire::{self, Reply, Request};
use crate::error::panic_message;

/// The environment variable that puts a re-run executable into worker mode.
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
    if std::env::var_os(WORKER_ENV).is_none() {
        return;
    }
    let code = match serve() {
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
            Ok(bytes) => Reply::Value(bytes),
            Err(e) => Reply::Transport(format!("could not encode the result: {e}")),
        },
        Err(payload) => Reply::Panicked(panic_message(&*payload)),
    }
}

/// The worker's loop: one request in, one reply out, until the parent closes stdin.
fn serve() -> io::Result<()> {
    let mut out = protocol_stdout()?;
    let mut input = BufReader::new(io::stdin().lock());
    out.write_all(wire::READY)?;
    out.flush()?;
    while let Some(request) = Request::read(&mut input)? {
        let trampoline_address = address_of(request.trampoline);
        // SAFETY: `trampoline_address` is the address of `trampoline::<A, R>` in this process,
        // sent by our parent running this same executable (see the module doc). That holds only
        // while (1) the file `current_exe()` names is the parent's own binary, unchanged on disk
        // (a rebuild between two worker starts breaks it), (2) task functions live in that
        // binary, not in a library loaded at run time, and (3) only our parent writes to this
        // worker's stdin: whoever sets `MULTIPROCESSING_WORKER` and feeds the pipe chooses the
        // address called. procspawn rests on the same three assumptions.
        let trampoline = unsafe { std::mem::transmute::<usize, Trampoline>(trampoline_address) };
        let reply = trampoline(address_of(request.function), &request.payload);
        reply.write(&mut out)?;
        out.flush()?;
    }
    Ok(())
}

/// Takes stdout for the protocol and points fd 1 at stderr, so that a task's `println!`
/// cannot corrupt the replies.
#[cfg(unix)]
fn protocol_stdout() -> io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // Flush what the test harness may have buffered ("running 1 test") to the real stdout;
    // the parent skips everything up to `wire::READY`.
    io::stdout().flush()?;
    // SAFETY: plain fd calls on fds this process owns. F_DUPFD_CLOEXEC so that a process a
    // task starts does not inherit (and hold open) the reply pipe.
    let fd = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::dup2(2, 1) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor that nothing else owns.
    Ok(unsafe { std::fs::File::from_raw_fd(fd) })
}
