//! Finding the Python side: an interpreter, and whether numpy and dask import.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::catalogue::Needs;

/// The one-command set-up, printed whenever something is missing.
pub(crate) const SETUP: &str =
    "python3 -m venv .venv && .venv/bin/pip install -r harness/python/requirements.txt";

/// The directory of the workload scripts.
pub(crate) fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

/// What was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Python {
    pub(crate) exe: PathBuf,
    pub(crate) version: String,
    pub(crate) numpy: Option<String>,
    pub(crate) dask: Option<String>,
}

impl Python {
    /// `None` when this interpreter can run a script with these needs, or why it cannot.
    pub(crate) fn missing(&self, needs: Needs) -> Option<&'static str> {
        match needs {
            Needs::Stdlib => None,
            Needs::Numpy if self.numpy.is_none() => Some("numpy not installed"),
            Needs::Dask if self.numpy.is_none() || self.dask.is_none() => {
                Some("dask not installed")
            }
            Needs::Numpy | Needs::Dask => None,
        }
    }
}

/// The interpreter to use: `--python PATH`, else `$COMPARE_PYTHON`, else the workspace's
/// `.venv/bin/python` if it exists, else `python3` from `PATH`.
pub(crate) fn candidate(explicit: Option<&Path>) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os("COMPARE_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python");
    if venv.exists() {
        return venv;
    }
    PathBuf::from("python3")
}

const PROBE: &str = r#"
import json, sys
found = {"python": sys.version.split()[0], "numpy": None, "dask": None}
try:
    import numpy
    found["numpy"] = numpy.__version__
    import dask, dask.array
    found["dask"] = dask.__version__
except Exception:
    pass
print(json.dumps(found))
"#;

/// Runs the interpreter once to learn its version and packages; `Err` says why it cannot run.
pub(crate) fn detect(exe: &Path) -> Result<Python, String> {
    let output = Command::new(exe)
        .args(["-c", PROBE])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().last().unwrap_or("").trim().to_string();
        return Err(format!(
            "{} failed ({}): {last}",
            exe.display(),
            output.status
        ));
    }
    let found: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("{} printed no version ({e})", exe.display()))?;
    let text = |key: &str| found[key].as_str().map(str::to_string);
    let version = text("python").unwrap_or_default();
    if !version.starts_with('3') {
        return Err(format!(
            "{} is Python {version}; the scripts need Python 3",
            exe.display()
        ));
    }
    Ok(Python {
        exe: exe.to_path_buf(),
        version,
        numpy: text("numpy"),
        dask: text("dask"),
    })
}
