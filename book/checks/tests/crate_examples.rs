//! The pages show what the crates' own examples print, from committed `.txt` files; these tests
//! run each example and fail when its page's copy is stale (timings masked, as for the book's
//! own examples: see `book_checks::output`).
//!
//! The examples are built again inside this crate (the `crate_*` examples of its Cargo.toml, whose
//! `path` is the crate's example file), because only a package's own examples are built by its
//! `cargo test`: they are fresh whenever `cargo test -p book-checks` or `cargo test --workspace`
//! runs this file. Rewrite the copies with `BOOK_BLESS=1 cargo test -p book-checks`.

use book_checks::output::{Compare, check};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the example `crate_<name>` with `args` and checks its stdout against `book/src/<page_file>`.
fn shows(name: &str, args: &[&str], page_file: &str, compare: Compare) {
    let me = std::env::current_exe().expect("a test binary knows its path");
    // This test runs from target/<profile>/deps/; cargo puts examples in target/<profile>/examples/.
    let profile_dir = me
        .parent()
        .and_then(Path::parent)
        .expect("the test binary is in deps/");
    let exe: PathBuf = profile_dir.join("examples").join(format!("crate_{name}"));
    assert!(
        exe.exists(),
        "{} is not built: run `cargo test -p book-checks` without a --test filter, which builds the examples",
        exe.display()
    );
    let out = Command::new(&exe)
        .args(args)
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    check(&book_src, page_file, &stdout, compare);
}

#[test]
fn cell2_on_our_pool() {
    // Two workers print as they go: the order of their lines may change.
    shows("cell2", &[], "multiprocessing/cell2.txt", Compare::AnyOrder);
}

#[test]
fn cell4_on_our_pool() {
    // The two workers print in either order; the means are random.
    shows(
        "cell4",
        &["1000000"],
        "multiprocessing/cell4.txt",
        Compare::DecimalsAnyOrder,
    );
}

#[test]
fn a_worker_process_that_dies() {
    shows(
        "process_pool",
        &[],
        "multiprocessing/process_pool.txt",
        Compare::Exact,
    );
}

#[test]
fn the_threading_notebook() {
    shows("notebook", &[], "threading/notebook.txt", Compare::Decimals);
}

#[test]
fn threads_and_scoped_threads() {
    shows("threads", &[], "threading/threads.txt", Compare::Exact);
}

#[test]
fn the_dask_notebook() {
    shows(
        "dask_notebook",
        &[],
        "lazy/dask_notebook.txt",
        Compare::Decimals,
    );
}

#[test]
fn chunk_invariance() {
    shows(
        "chunk_invariance",
        &[],
        "lazy/chunk_invariance.txt",
        Compare::Exact,
    );
}
