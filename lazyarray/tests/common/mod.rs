//! Helpers shared by the diagnostics tests (a folder module, so Cargo does not run it as a test).

use std::io::Write;
use std::sync::{Arc, Mutex};

/// A `Write` that tests can read back (a progress bar's output).
#[derive(Clone, Default)]
pub(crate) struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    /// Everything written so far.
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// The text with each `\r` frame on its own line and control characters spelled out.
    pub(crate) fn frames(&self) -> String {
        let text = self.text();
        assert!(text.is_empty() || text.starts_with('\r'), "{text:?}");
        text.split('\r')
            .skip(1)
            .map(|frame| format!("\\r{}", frame.replace('\n', "\\n")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
