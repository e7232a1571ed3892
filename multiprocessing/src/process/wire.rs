//! The pipe protocol between a `ProcessPool` and its workers (on pipes of their own; see
//! `spawn.rs`).
//!
//! Every message is a frame: a 4-byte little-endian length, then that many bytes. A request is
//! two function offsets (8 bytes each) and the argument as JSON; a reply is one tag byte and
//! the result as JSON (or a message). Before its first reply a worker writes [`READY`] and a
//! reply that says whether it serves (`Value`, empty) or refuses (`Transport`, why).

use std::io::{self, Read, Write};

/// What a worker writes once it is in worker mode.
pub(crate) const READY: &[u8] = b"\0multiprocessing worker ready v1\0";

/// Frames larger than this are refused rather than allocated (a corrupt length would
/// otherwise ask for gigabytes).
pub(crate) const MAX_FRAME: usize = 1 << 30;

/// A request frame holds two 8-byte offsets before the argument.
const REQUEST_HEADER: usize = 16;

/// Whether an argument of `len` encoded bytes fits in a request, or why not: checked before
/// it is sent, so an argument over the limit fails its own task and no worker is harmed.
pub(crate) fn check_request_size(len: usize) -> Result<(), String> {
    check_size("argument", len, REQUEST_HEADER)
}

/// Whether a result of `len` encoded bytes fits in a reply (one tag byte before it).
pub(crate) fn check_reply_size(len: usize) -> Result<(), String> {
    check_size("result", len, 1)
}

fn check_size(what: &str, len: usize, header: usize) -> Result<(), String> {
    match len.checked_add(header) {
        Some(frame) if frame <= MAX_FRAME => Ok(()),
        _ => Err(format!(
            "the {what} is {len} bytes as JSON, over the {MAX_FRAME}-byte message limit"
        )),
    }
}

/// One task for a worker.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) trampoline: i64,
    pub(crate) function: i64,
    pub(crate) payload: Vec<u8>,
}

/// One task's outcome, from a worker.
#[derive(Debug)]
pub(crate) enum Reply {
    Value(Vec<u8>),
    Panicked(String),
    Transport(String),
}

/// Reads exactly `buf.len()` bytes, or reports a clean end of input (`Ok(false)`) when none
/// are left.
fn read_exact_or_eof(input: &mut impl Read, buf: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

fn write_frame(out: &mut impl Write, parts: &[&[u8]]) -> io::Result<()> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let len = u32::try_from(len)
        .ok()
        .filter(|&l| (l as usize) <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "message too large"))?;
    out.write_all(&len.to_le_bytes())?;
    for part in parts {
        out.write_all(part)?;
    }
    Ok(())
}

/// The next frame, or `None` at a clean end of input.
fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0; 4];
    if !read_exact_or_eof(input, &mut len)? {
        return Ok(None);
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut body = vec![0; len];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl Request {
    pub(crate) fn write(&self, out: &mut impl Write) -> io::Result<()> {
        write_frame(
            out,
            &[
                &self.trampoline.to_le_bytes(),
                &self.function.to_le_bytes(),
                &self.payload,
            ],
        )
    }

    pub(crate) fn read(input: &mut impl Read) -> io::Result<Option<Request>> {
        let Some(body) = read_frame(input)? else {
            return Ok(None);
        };
        if body.len() < 16 {
            return Err(invalid("short request"));
        }
        let word = |at: usize| i64::from_le_bytes(body[at..at + 8].try_into().expect("8 bytes"));
        Ok(Some(Request {
            trampoline: word(0),
            function: word(8),
            payload: body[16..].to_vec(),
        }))
    }
}

impl Reply {
    pub(crate) fn write(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Reply::Value(bytes) => write_frame(out, &[&[0], bytes]),
            Reply::Panicked(message) => write_frame(out, &[&[1], message.as_bytes()]),
            Reply::Transport(message) => write_frame(out, &[&[2], message.as_bytes()]),
        }
    }

    /// The next reply; a clean end of input here means the worker died mid-task.
    pub(crate) fn read(input: &mut impl Read) -> io::Result<Reply> {
        let body =
            read_frame(input)?.ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        let (&tag, rest) = body.split_first().ok_or_else(|| invalid("empty reply"))?;
        let text = || String::from_utf8_lossy(rest).into_owned();
        match tag {
            0 => Ok(Reply::Value(rest.to_vec())),
            1 => Ok(Reply::Panicked(text())),
            2 => Ok(Reply::Transport(text())),
            _ => Err(invalid("unknown reply tag")),
        }
    }
}

/// Skips input up to and including [`READY`]; errors if the input ends first.
pub(crate) fn await_ready(input: &mut impl Read) -> io::Result<()> {
    let mut matched = 0;
    let mut byte = [0];
    while matched < READY.len() {
        if !read_exact_or_eof(input, &mut byte)? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the worker ended before entering worker mode: call \
                 multiprocessing::worker_entry() first thing in main, or \
                 multiprocessing::enable_test_worker!() in a test file",
            ));
        }
        matched = if byte[0] == READY[matched] {
            matched + 1
        } else if byte[0] == READY[0] {
            1
        } else {
            0
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut buf = Vec::new();
        Request {
            trampoline: -5,
            function: 1 << 40,
            payload: b"[1,2]".to_vec(),
        }
        .write(&mut buf)
        .unwrap();
        Reply::Panicked("boom".into()).write(&mut buf).unwrap();
        let mut input = &buf[..];
        let request = Request::read(&mut input).unwrap().unwrap();
        assert_eq!((request.trampoline, request.function), (-5, 1 << 40));
        assert_eq!(request.payload, b"[1,2]");
        assert!(matches!(Reply::read(&mut input).unwrap(), Reply::Panicked(m) if m == "boom"));
        assert!(Request::read(&mut input).unwrap().is_none());
    }

    #[test]
    fn sizes_over_the_frame_limit_are_refused_before_sending() {
        assert!(check_request_size(MAX_FRAME - REQUEST_HEADER).is_ok());
        let over = check_request_size(MAX_FRAME - REQUEST_HEADER + 1).unwrap_err();
        assert!(
            over.contains("argument") && over.contains("limit"),
            "{over}"
        );
        assert!(check_reply_size(MAX_FRAME - 1).is_ok());
        assert!(check_reply_size(MAX_FRAME).is_err());
        assert!(check_request_size(usize::MAX).is_err());
    }

    #[test]
    fn ready_marker_is_found_after_noise() {
        let mut text = b"\nrunning 1 test\n\0mult".to_vec();
        text.extend_from_slice(READY);
        text.extend_from_slice(b"rest");
        let mut input = &text[..];
        await_ready(&mut input).unwrap();
        assert_eq!(input, b"rest");
        assert!(await_ready(&mut &b"no marker"[..]).is_err());
    }
}
