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
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
    if let Some(venv) = workspace.map(|root| root.join(".venv/bin/python"))
        && venv.exists()
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn python(numpy: bool, dask: bool) -> Python {
        Python {
            exe: PathBuf::from("python3"),
            version: "3.11.7".to_string(),
            numpy: numpy.then(|| "2.4.6".to_string()),
            dask: dask.then(|| "2026.8.0".to_string()),
        }
    }

    #[test]
    fn each_script_says_which_package_it_misses() {
        assert_eq!(python(false, false).missing(Needs::Stdlib), None);
        assert_eq!(
            python(false, false).missing(Needs::Numpy),
            Some("numpy not installed")
        );
        assert_eq!(python(true, false).missing(Needs::Numpy), None);
        assert_eq!(
            python(true, false).missing(Needs::Dask),
            Some("dask not installed")
        );
        assert_eq!(python(true, true).missing(Needs::Dask), None);
    }

    #[test]
    fn an_interpreter_that_does_not_exist_is_an_error() {
        let err = detect(Path::new("/nonexistent/python3")).unwrap_err();
        assert!(err.contains("cannot run /nonexistent/python3"), "{err}");
    }

    #[test]
    fn an_explicit_interpreter_wins() {
        assert_eq!(
            candidate(Some(Path::new("/x/python"))),
            PathBuf::from("/x/python")
        );
    }
}
