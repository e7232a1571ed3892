// ANCHOR: starter
//! `with ProgressBar(): Y.mean().compute()` prints frames like
//! `[########################################] | 100% Completed |  0.2s`: finished tasks out of
//! all tasks as 40 characters of `#`, the percentage, and the elapsed time in dask's format. Here
//! you write the two formatting functions; drawing them every 0.1 s is the easy part.

/// The elapsed time as dask's `format_time` writes it: `{:4.1f}s` under a minute, then minutes,
/// then hours: `" 0.2s"`, `"16min 40.4s"`, `" 1hr  2min  5.0s"`.
///
/// Python's `f"{s:4.1f}"` is Rust's `format!("{s:4.1}")`: width 4, one decimal.
pub fn format_time(seconds: f64) -> String {
    todo!()
}

/// One frame of the bar: `\r[` + `width` characters (`#` for the finished fraction, truncated,
/// then spaces) + `] | ` + the percentage (truncated) + `% Completed | ` + the elapsed time.
/// With no tasks at all the work counts as finished.
///
/// Hint: integer arithmetic truncates exactly; with floats, `100.0 * 0.57` is
/// `56.99999999999999`.
pub fn frame(done: usize, total: usize, width: usize, elapsed_seconds: f64) -> String {
    todo!()
}
// ANCHOR_END: starter
