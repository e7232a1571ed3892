// ANCHOR: tests
//! Tests of the progress bar exercise.
use exercises::la5_progress::{format_time, frame};

#[test]
fn times_like_dask() {
    assert_eq!(format_time(0.2), " 0.2s");
    assert_eq!(format_time(0.0), " 0.0s");
    assert_eq!(format_time(10.4), "10.4s");
    assert_eq!(format_time(59.9), "59.9s");
    assert_eq!(format_time(1000.4), "16min 40.4s");
    assert_eq!(format_time(3725.0), " 1hr  2min  5.0s");
}

#[test]
fn the_notebooks_last_frame() {
    assert_eq!(
        frame(241, 241, 40, 0.2),
        "\r[########################################] | 100% Completed |  0.2s"
    );
}

#[test]
fn thirds_truncate() {
    let empty = " ".repeat(40);
    assert_eq!(
        frame(0, 3, 40, 0.0),
        format!("\r[{empty}] | 0% Completed |  0.0s")
    );
    assert_eq!(
        frame(1, 3, 40, 0.1),
        format!(
            "\r[{}{}] | 33% Completed |  0.1s",
            "#".repeat(13),
            " ".repeat(27)
        )
    );
    assert_eq!(
        frame(2, 3, 40, 0.1),
        format!(
            "\r[{}{}] | 66% Completed |  0.1s",
            "#".repeat(26),
            " ".repeat(14)
        )
    );
}

#[test]
fn exact_percentages_and_odd_cases() {
    assert!(frame(57, 100, 40, 1.0).contains("| 57% Completed |"));
    assert!(frame(999, 1000, 40, 1.0).contains("| 99% Completed |"));
    assert_eq!(
        frame(5, 10, 10, 1.0),
        "\r[#####     ] | 50% Completed |  1.0s"
    );
    // No tasks: finished. More done than total: capped.
    assert_eq!(frame(0, 0, 4, 0.0), "\r[####] | 100% Completed |  0.0s");
    assert_eq!(frame(7, 5, 4, 0.0), "\r[####] | 100% Completed |  0.0s");
}
// ANCHOR_END: tests
