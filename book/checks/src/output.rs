//! What an example prints, shown on its page and checked by its test.
//!
//! A page shows an example's output by including a committed text file,
//! `book/src/<chapter>/<example>.txt`. The example's test runs the example in a child process
//! (the test binary itself, re-run on one test), reads what it printed, and fails when the
//! committed file is not what the example prints now. Timings are masked, since they change from
//! run to run: `took 1.93 s` is written and compared as `took [time]`.
//!
//! An example declares its output with [`shows_output!`](crate::shows_output). To rewrite the
//! committed files from a fresh run:
//!
//! ```text
//! BOOK_BLESS=1 cargo test -p book-checks
//! ```

use std::path::Path;
use std::process::Command;

/// Set in the child process that runs the example.
pub const CHILD: &str = "BOOK_CHECKS_PRINT_EXAMPLE";
/// Set to rewrite the committed output files instead of checking them.
pub const BLESS: &str = "BOOK_BLESS";
/// Printed by the child before the example runs.
pub const BEGIN: &str = "--- begin of the example's output ---";
/// Printed by the child after the example returned.
pub const END: &str = "--- end of the example's output ---";

/// How a run's output is compared with the committed one, after timings are masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// Line for line.
    Exact,
    /// The same lines in any order: threads print in the order they happen to run.
    AnyOrder,
    /// Line for line, every number with a decimal point masked on both sides: the committed file
    /// keeps one run's random values, which the next run cannot repeat, while counts (integers)
    /// are still compared.
    Decimals,
    /// Both: decimals masked, lines in any order.
    DecimalsAnyOrder,
}

/// Replaces every duration (`1.93 s`, `12.5ms`, `2.1µs`) with `[time]` and every speedup
/// (`1.87x`) with `[ratio]`.
///
/// ```
/// use book_checks::output::mask_timings;
/// assert_eq!(mask_timings("took 1.93 s, then 12.5ms"), "took [time], then [time]");
/// assert_eq!(mask_timings("speedup: 1.87x"), "speedup: [ratio]");
/// assert_eq!(mask_timings("25 primes below 100"), "25 primes below 100");
/// ```
pub fn mask_timings(text: &str) -> String {
    mask(text, |number, rest| {
        let unit_at = rest.strip_prefix(' ').unwrap_or(rest);
        let ends = |unit: &str| {
            unit_at
                .strip_prefix(unit)
                .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
        };
        let skipped = rest.len() - unit_at.len();
        if number.contains('.') {
            for unit in ["ms", "µs", "ns", "s"] {
                if ends(unit) {
                    return Some(("[time]", skipped + unit.len()));
                }
            }
            if rest.starts_with('x') && ends("x") {
                return Some(("[ratio]", 1));
            }
        }
        None
    })
}

/// Replaces every number with a decimal point or an exponent with `#`; integers stay.
///
/// ```
/// use book_checks::output::mask_decimals;
/// assert_eq!(mask_decimals("[0.0012, -1.5e-3, 10395]"), "[#, #, 10395]");
/// assert_eq!(mask_decimals("mu[0] runs 25 tasks: mean -0.054"), "mu[0] runs 25 tasks: mean #");
/// ```
pub fn mask_decimals(text: &str) -> String {
    mask(text, |number, _| {
        (number.contains('.') || number.contains(['e', 'E'])).then_some(("#", 0))
    })
}

/// Finds each number (digits with an optional sign, point and exponent) and asks `replace`
/// what to write instead, given the number and the text after it: a replacement and how many
/// bytes after the number it swallows, or `None` to keep the number.
fn mask(text: &str, replace: impl Fn(&str, &str) -> Option<(&'static str, usize)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        // A sign belongs to the number unless it follows a letter or digit (`x-1` stays).
        let before = &rest[..start];
        let signed = before.ends_with('-')
            && !before[..before.len() - 1].ends_with(|c: char| c.is_alphanumeric());
        let start_with_sign = if signed { start - 1 } else { start };
        // A digit inside a word (`mu0`, `cell02`) is not a number.
        if before[..start_with_sign].ends_with(|c: char| c.is_alphabetic() || c == '_') {
            let end = start
                + rest[start..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len() - start);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let mut end = start;
        let bytes = rest.as_bytes();
        let digits = |mut i: usize| {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        end = digits(end);
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end = digits(end + 1);
        }
        if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
            let sign = usize::from(end + 1 < bytes.len() && matches!(bytes[end + 1], b'-' | b'+'));
            if end + 1 + sign < bytes.len() && bytes[end + 1 + sign].is_ascii_digit() {
                end = digits(end + 1 + sign);
            }
        }
        let number = &rest[start_with_sign..end];
        out.push_str(&rest[..start_with_sign]);
        match replace(number, &rest[end..]) {
            Some((with, swallowed)) => {
                out.push_str(with);
                rest = &rest[end + swallowed..];
            }
            None => {
                out.push_str(number);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs the test `child_test` of the current test binary in a child process, with [`CHILD`]
/// set, and returns what it printed between [`BEGIN`] and [`END`].
pub fn run_child(child_test: &str) -> String {
    let me = std::env::current_exe().expect("a test binary knows its path");
    let out = Command::new(me)
        .args([child_test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary can run itself");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the example failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let begin = stdout
        .find(BEGIN)
        .expect("the child printed its begin marker")
        + BEGIN.len()
        + 1;
    let end = stdout[begin..]
        .find(END)
        .expect("the child printed its end marker")
        + begin;
    stdout[begin..end].to_string()
}

/// Checks the committed output `book/src/<page_file>` against `printed` (or, with [`BLESS`] set,
/// writes it). `book_src` is the book's `src/` directory.
pub fn check(book_src: &Path, page_file: &str, printed: &str, compare: Compare) {
    let path = book_src.join(page_file);
    // What a terminal shows: of a line redrawn with `\r` (a progress bar), its last drawing.
    let shown: Vec<&str> = printed
        .lines()
        .map(|line| line.rsplit('\r').next().unwrap_or(""))
        .collect();
    let printed = mask_timings(&(shown.join("\n") + "\n"));
    if std::env::var_os(BLESS).is_some() {
        std::fs::write(&path, &printed).expect("the book's folder is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let normal = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = match compare {
            Compare::Decimals | Compare::DecimalsAnyOrder => {
                text.lines().map(mask_decimals).collect()
            }
            Compare::Exact | Compare::AnyOrder => text.lines().map(String::from).collect(),
        };
        if matches!(compare, Compare::AnyOrder | Compare::DecimalsAnyOrder) {
            lines.sort();
        }
        lines
    };
    assert!(
        normal(&committed) == normal(&printed),
        "book/src/{page_file} is not what the example prints now:\n--- committed\n{committed}\n--- printed\n{printed}\n\
         rewrite it with `BOOK_BLESS=1 cargo test -p book-checks`"
    );
}

/// Declares that the page shows what `$run` prints, in `book/src/$file`: adds the two tests
/// that run it in a child process and compare (see the [module docs](crate::output)).
#[macro_export]
macro_rules! shows_output {
    ($run:expr, $file:literal, $compare:ident) => {
        #[test]
        fn print_the_example_for_its_page() {
            if std::env::var_os($crate::output::CHILD).is_some() {
                println!("{}", $crate::output::BEGIN);
                $run;
                println!("{}", $crate::output::END);
            }
        }

        #[test]
        fn the_pages_copy_of_the_output_is_up_to_date() {
            if std::env::var_os($crate::output::CHILD).is_some() {
                return;
            }
            let printed = $crate::output::run_child("print_the_example_for_its_page");
            let book_src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
            $crate::output::check(
                &book_src,
                $file,
                &printed,
                $crate::output::Compare::$compare,
            );
        }
    };
}
