//! `with ProgressBar(): Y.mean().compute()` prints frames like
//! `[########################################] | 100% Completed |  0.2s`: finished
//! tasks out of all tasks as 40 characters of `#`, the percentage, and the elapsed
//! time in dask's format. Here you write the two formatting functions; drawing them
//! every 0.1 s is the easy part.

// ANCHOR: solution
/// The elapsed time as dask's `format_time` writes it: `{:4.1f}s` under a minute,
/// then minutes, then hours: `" 0.2s"`, `"16min 40.4s"`, `" 1hr  2min  5.0s"`.
pub fn format_time(seconds: f64) -> String {
    let hours = (seconds / 3600.0).floor();
    let minutes = ((seconds - hours * 3600.0) / 60.0).floor();
    let secs = seconds - hours * 3600.0 - minutes * 60.0;
    if hours > 0.0 {
        format!("{hours:2.0}hr {minutes:2.0}min {secs:4.1}s")
    } else if minutes > 0.0 {
        format!("{minutes:2.0}min {secs:4.1}s")
    } else {
        format!("{secs:4.1}s")
    }
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
    let (done, total) = if total == 0 {
        (1, 1)
    } else {
        (done.min(total), total)
    };
    // Integer arithmetic truncates exactly; with floats, 100 * 0.57 is
    // 56.99999999999999.
    let hashes = width * done / total;
    let percent = 100 * done / total;
    format!(
        "\r[{}{}] | {percent}% Completed | {}",
        "#".repeat(hashes),
        " ".repeat(width - hashes),
        format_time(elapsed_seconds)
    )
}
// ANCHOR_END: solution
