//! The progress bar's exact output, frame by frame, on a fake clock.
//!
//! The tests drive the [`Callback`] hooks the way a scheduler does, and move the fake clock to
//! decide when the drawing thread wakes. Each snapshot shows one frame per line: `\r` starts a
//! frame, `\n` is the final newline.

use std::time::Duration;

use lazyarray::diagnostics::{Callback, FakeClock, ProgressBar, TaskInfo};

mod common;
use common::Buffer;

fn bar(clock: &FakeClock, out: &Buffer) -> ProgressBar {
    ProgressBar::new().clock(clock.clone()).out(out.clone())
}

const TICK: Duration = Duration::from_millis(100);

/// Runs task `id` to completion.
fn task(bar: &ProgressBar, id: usize) {
    let key = format!("task-{id}");
    let info = TaskInfo {
        id,
        key: &key,
        worker: 0,
    };
    bar.pretask(&info);
    bar.posttask(&info, 8);
}

#[test]
fn three_tasks_truncate_at_one_third_and_two_thirds() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out);
    bar.start(3);
    clock.advance(TICK);
    task(&bar, 0);
    clock.advance(TICK);
    task(&bar, 1);
    clock.advance(TICK);
    task(&bar, 2);
    // All done: the drawing thread draws no more; `finish` draws the full bar.
    clock.advance(TICK);
    bar.finish(true);
    insta::assert_snapshot!(out.frames());
    assert!(out.text().contains("| 33% Completed"));
    assert!(out.text().contains("| 66% Completed"));
}

#[test]
fn no_frame_after_finish() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out);
    bar.start(2);
    task(&bar, 0);
    bar.finish(true);
    let before = out.text();
    // A drawing thread still alive would wake and draw here.
    clock.advance(TICK * 10);
    assert_eq!(out.text(), before);
    assert!(before.ends_with("| 100% Completed |  0.0s\n"));
}

#[test]
fn a_late_wake_up_draws_one_frame() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out);
    bar.start(4);
    task(&bar, 0);
    clock.advance(Duration::from_millis(350));
    clock.advance(Duration::from_millis(100));
    bar.finish(true);
    insta::assert_snapshot!(out.frames());
}

#[test]
fn nothing_when_shorter_than_minimum() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out).minimum(Duration::from_millis(500));
    bar.start(2);
    for i in 0..2 {
        clock.advance(TICK * 2);
        task(&bar, i);
    }
    assert_eq!(clock.now(), Duration::from_millis(400));
    bar.finish(true);
    assert_eq!(out.text(), "");
}

#[test]
fn frames_only_after_minimum() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out).minimum(Duration::from_millis(500));
    bar.start(2);
    for _ in 0..7 {
        clock.advance(TICK);
    }
    task(&bar, 0);
    clock.advance(TICK);
    task(&bar, 1);
    bar.finish(true);
    insta::assert_snapshot!(out.frames());
}

#[test]
fn failing_compute_leaves_a_partial_frame() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out);
    bar.start(3);
    task(&bar, 0);
    clock.advance(TICK);
    clock.advance(TICK);
    // Task 1 starts and fails: no posttask; the scheduler calls finish(false).
    bar.pretask(&TaskInfo {
        id: 1,
        key: "task-1",
        worker: 0,
    });
    clock.advance(TICK);
    bar.finish(false);
    insta::assert_snapshot!(out.frames());
    assert!(out.text().ends_with("| 33% Completed |  0.3s\n"));
}

#[test]
fn custom_width_and_minutes() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out).width(10).dt(Duration::from_secs(30));
    bar.start(4);
    clock.advance(Duration::from_secs(30));
    task(&bar, 0);
    clock.advance(Duration::from_secs(30));
    task(&bar, 1);
    task(&bar, 2);
    clock.advance(Duration::from_secs(30));
    task(&bar, 3);
    clock.advance(Duration::from_millis(1500));
    bar.finish(true);
    insta::assert_snapshot!(out.frames());
}

#[test]
fn two_computes_under_one_bar_draw_two_bars() {
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let bar = bar(&clock, &out);
    for n in [1, 2] {
        bar.start(n);
        clock.advance(TICK);
        for i in 0..n {
            task(&bar, i);
        }
        bar.finish(true);
    }
    insta::assert_snapshot!(out.frames());
}

#[test]
fn system_clock_redraws_from_a_background_thread() {
    let out = Buffer::default();
    let bar = ProgressBar::new()
        .dt(Duration::from_millis(1))
        .out(out.clone());
    bar.start(2);
    task(&bar, 0);
    // Wait (bounded) for the drawing thread's first 50% frame: the thread, not `finish`, draws it.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !out.text().contains("| 50% Completed") {
        assert!(
            std::time::Instant::now() < deadline,
            "no frame drawn in 10 s"
        );
        std::thread::yield_now();
    }
    task(&bar, 1);
    bar.finish(true);
    let text = out.text();
    let last = text.rsplit('\r').next().unwrap();
    assert!(last.starts_with(&format!("[{}] | 100% Completed | ", "#".repeat(40))));
    assert!(last.ends_with("s\n"));
    assert_eq!(text.matches('\n').count(), 1);
}

#[test]
fn dropping_the_guard_stops_a_bar_whose_compute_never_finished() {
    use lazyarray::diagnostics::active;
    let (clock, out) = (FakeClock::new(), Buffer::default());
    let guard = bar(&clock, &out).register();
    // A scheduler would do this; this is the only test here that registers anything.
    let callbacks = active();
    assert_eq!(callbacks.len(), 1);
    callbacks[0].start(2);
    clock.advance(TICK);
    assert_eq!(
        out.frames(),
        format!("\\r[{:40}] | 0% Completed |  0.1s", "")
    );
    drop(guard);
    assert!(active().is_empty());
    // The drawing thread is gone: time passes, nothing more is drawn.
    clock.advance(TICK * 5);
    assert_eq!(
        out.frames(),
        format!("\\r[{:40}] | 0% Completed |  0.1s", "")
    );
    drop(callbacks);
}
