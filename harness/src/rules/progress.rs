//! The progress bar: `[########################################] | 100% Completed |  0.2s`.

use super::Mismatch;

/// The bar's width in characters, as in dask's `ProgressBar(width=40)`.
const WIDTH: usize = 40;

/// Accepts an elapsed-time field in the format of dask's `format_time` (the notebook's era):
/// `{s:4.1f}s` under a minute (`" 0.2s"`, `"10.4s"`), `{m:2.0f}min {s:4.1f}s` under an hour
/// (`"16min 40.4s"`), and `{h:2.0f}hr {m:2.0f}min {s:4.1f}s` beyond.
///
/// ```
/// use harness::rules::elapsed_field_is_well_formed;
/// assert!(elapsed_field_is_well_formed(" 0.2s"));
/// assert!(elapsed_field_is_well_formed("16min 40.4s"));
/// assert!(!elapsed_field_is_well_formed("0.2s")); // `{:4.1f}` pads to four characters
/// assert!(!elapsed_field_is_well_formed(" 0.25s"));
/// ```
pub fn elapsed_field_is_well_formed(field: &str) -> bool {
    /// `{:2.0f}`: a whole number padded to two characters.
    fn whole(s: &str, max: u32) -> bool {
        s.len() >= 2
            && s.trim_start().chars().all(|c| c.is_ascii_digit())
            && s.trim_start().parse::<u32>().is_ok_and(|v| v <= max)
            && (s.len() == 2 || !s.starts_with(' '))
    }
    /// `{:4.1f}` seconds below a minute (60.0 can appear: 59.96 rounds up).
    fn seconds(s: &str) -> bool {
        let Some((int, frac)) = s.split_once('.') else {
            return false;
        };
        s.len() == 4
            && frac.len() == 1
            && frac.chars().all(|c| c.is_ascii_digit())
            && whole(int, 60)
    }
    let Some(field) = field.strip_suffix('s') else {
        return false;
    };
    if let Some((hours, rest)) = field.split_once("hr ") {
        let Some((minutes, secs)) = rest.split_once("min ") else {
            return false;
        };
        return whole(hours, u32::MAX) && whole(minutes, 60) && seconds(secs);
    }
    if let Some((minutes, secs)) = field.split_once("min ") {
        return whole(minutes, 60) && seconds(secs);
    }
    seconds(field)
}

/// One frame: `[<bar>] | <pct>% Completed | <elapsed>`; returns (hashes, percent).
fn frame(text: &str) -> Result<(usize, u32), String> {
    let rest = text
        .strip_prefix('[')
        .ok_or_else(|| format!("{text:?} does not start with '['"))?;
    let (bar, rest) = rest
        .split_once(']')
        .ok_or_else(|| format!("{text:?} has no ']'"))?;
    if bar.chars().count() != WIDTH {
        return Err(format!(
            "the bar is {} characters wide, not {WIDTH}",
            bar.chars().count()
        ));
    }
    let hashes = bar.chars().take_while(|&c| c == '#').count();
    if !bar.chars().skip(hashes).all(|c| c == ' ') {
        return Err(format!("the bar {bar:?} is not '#'s followed by spaces"));
    }
    let rest = rest
        .strip_prefix(" | ")
        .ok_or_else(|| format!("{text:?}: no ' | ' after the bar"))?;
    let (percent, rest) = rest
        .split_once("% Completed | ")
        .ok_or_else(|| format!("{text:?}: no '% Completed | ' after the bar"))?;
    let percent: u32 = percent
        .trim_start()
        .parse()
        .map_err(|_| format!("{percent:?} is not a percentage"))?;
    if percent > 100 {
        return Err(format!("{percent}% is more than done"));
    }
    if !elapsed_field_is_well_formed(rest) {
        return Err(format!(
            "the elapsed time {rest:?} is not in the `{{:4.1f}}s` format"
        ));
    }
    Ok((hashes, percent))
}

/// Accepts what a progress bar printed when its final frame carries the notebook's meaning: a full
/// 40-character bar, `100% Completed`, and an elapsed time in [`elapsed_field_is_well_formed`]'s
/// format (its value is free), followed by a newline. Earlier `\r`-separated frames, if printed,
/// must be frames of the same format.
///
/// ```
/// use harness::rules::progress_bar_matches;
/// let notebook = "[########################################] | 100% Completed |  0.2s\n";
/// assert!(progress_bar_matches(notebook).is_ok());
/// let redrawn = "\r[#############                           ] | 33% Completed |  0.1s\r[########################################] | 100% Completed |  1.3s\n";
/// assert!(progress_bar_matches(redrawn).is_ok());
/// assert!(progress_bar_matches("[#######################################] | 100% Completed |  0.2s\n").is_err());
/// ```
pub fn progress_bar_matches(printed: &str) -> Result<(), Mismatch> {
    const RULE: &str = "progress bar";
    let body = printed
        .strip_suffix('\n')
        .ok_or_else(|| Mismatch::new(RULE, format!("{printed:?} does not end with a newline")))?;
    let frames: Vec<&str> = body.split('\r').filter(|f| !f.is_empty()).collect();
    let Some((last, earlier)) = frames.split_last() else {
        return Err(Mismatch::new(RULE, "nothing was printed"));
    };
    for f in earlier {
        frame(f).map_err(|why| Mismatch::new(RULE, format!("an earlier frame: {why}")))?;
    }
    let (hashes, percent) = frame(last).map_err(|why| Mismatch::new(RULE, why))?;
    if hashes != WIDTH || percent != 100 {
        return Err(Mismatch::new(
            RULE,
            format!(
                "the last frame shows {hashes} of {WIDTH} '#' and {percent}%, not a finished bar"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTEBOOK: &str = "[########################################] | 100% Completed |  0.2s\n";

    #[test]
    fn elapsed_fields() {
        for ok in [
            " 0.0s",
            " 0.2s",
            "10.4s",
            "59.9s",
            "60.0s",
            " 1min  0.2s",
            "16min 40.4s",
            " 1hr  0min  0.0s",
            "100hr 59min 59.9s",
        ] {
            assert!(elapsed_field_is_well_formed(ok), "{ok:?}");
        }
        for bad in [
            "0.2s",
            " 0.2",
            " 0.25s",
            "  0.2s",
            "61.0s",
            "1min  0.2s",
            "16min 40s",
            "0.2 s",
            "",
            "s",
            "16min  40.4s",
        ] {
            assert!(!elapsed_field_is_well_formed(bad), "{bad:?}");
        }
    }

    #[test]
    fn accepts_the_notebook_and_any_elapsed_value() {
        assert_eq!(progress_bar_matches(NOTEBOOK), Ok(()));
        assert_eq!(
            progress_bar_matches(&NOTEBOOK.replace(" 0.2s", "12.7s")),
            Ok(())
        );
        assert_eq!(progress_bar_matches(&format!("\r{NOTEBOOK}")), Ok(()));
    }

    #[test]
    fn rejects_near_misses() {
        let reject = |s: &str| progress_bar_matches(s).unwrap_err().detail;
        assert!(reject(&NOTEBOOK.replace("100%", "99%")).contains("not a finished bar"));
        assert!(reject(&NOTEBOOK.replace("#]", " ]")).contains("not a finished bar"));
        assert!(reject(&NOTEBOOK.replace("[#", "[")).contains("wide"));
        assert!(reject(&NOTEBOOK.replace("|  0.2s", "| 0.2s")).contains("elapsed"));
        assert!(reject(&NOTEBOOK.replace("Completed", "Done")).contains("Completed"));
        assert!(reject(NOTEBOOK.trim_end()).contains("newline"));
        assert!(reject("\n").contains("nothing"));
        let bad_earlier = format!(
            "[## ##                                   ] | 10% Completed |  0.1s\r{NOTEBOOK}"
        );
        assert!(reject(&bad_earlier).contains("earlier frame"));
    }
}
