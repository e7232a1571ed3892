//! The progress bar's frames. The task, its tests and hints are on the page
//! `book/src/exercises/la5_progress.md`.

// ANCHOR: task
/// The elapsed time as dask's `format_time` writes it: `{:4.1f}s` under a minute,
/// then minutes, then hours: `" 0.2s"`, `"16min 40.4s"`, `" 1hr  2min  5.0s"`.
///
/// Python's `f"{s:4.1f}"` is Rust's `format!("{s:4.1}")`: width 4, one decimal.
pub fn format_time(seconds: f64) -> String {
    todo!()
}

/// One frame of the bar: `\r[` + `width` characters (`#` for the finished fraction,
/// truncated, then spaces) + `] | ` + the percentage (truncated) + `% Completed | ` +
/// the elapsed time. With no tasks at all the work counts as finished.
pub fn frame(
    done: usize,
    total: usize,
    width: usize,
    elapsed_seconds: f64,
) -> String {
    todo!()
}
// ANCHOR_END: task
