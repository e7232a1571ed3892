//! Programs the book shows as ` ```rust,compile_fail ` blocks, each proven not to compile by a
//! `compile_fail` doctest that includes the very file the page includes. The expected error code
//! makes sure it fails for the reason the page gives, not for a typo.

use std::path::PathBuf;

/// Two scoped threads increment one counter through `&mut`: the data race Python's GIL does not
/// prevent (`count += 1` is several bytecodes) and Rust refuses to compile (error E0499: `count`
/// is mutably borrowed twice).
///
#[doc = "```compile_fail,E0499"]
#[doc = include_str!("data_race.rs")]
#[doc = "```"]
#[derive(Debug)]
pub struct DataRace;

/// An `Rc` moved into a thread: its reference count is not atomic, so `Rc` is not `Send` and
/// `thread::spawn` refuses it (error E0277).
///
#[doc = "```compile_fail,E0277"]
#[doc = include_str!("rc_to_thread.rs")]
#[doc = "```"]
#[derive(Debug)]
pub struct RcToThread;

/// A program proven not to compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileFail {
    /// The program's file.
    pub file: PathBuf,
    /// The error code the doctest expects (stable rustdoc does not check it;
    /// `tests/compile_fail.rs` does).
    pub error_code: Option<String>,
}

/// The files the doctests above include: the only files a `rust,compile_fail` block in the book
/// may include. Read from this module's source, so adding a doctest is enough to prove a file.
pub fn proven() -> Vec<CompileFail> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/compile_fail");
    let source = include_str!("mod.rs");
    let lines: Vec<&str> = source.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let attrs = pair[0]
                .strip_prefix("#[doc = \"```compile_fail")?
                .strip_suffix("\"]")?;
            let name = pair[1]
                .strip_prefix("#[doc = include_str!(\"")?
                .strip_suffix("\")]")?;
            let error_code = attrs
                .split(',')
                .map(str::trim)
                .find(|a| a.starts_with('E'))
                .map(String::from);
            Some(CompileFail {
                file: here.join(name),
                error_code,
            })
        })
        .collect()
}
