//! Transcripts of concurrent work: the lines a pool's workers print, in the order they print them.
//!
//! Two runs of the same pool print the same lines in different orders, so a transcript cannot be
//! compared line by line. Instead, [`list_schedule`] works out *when* each task starts and ends in
//! an ideal run (every task takes exactly its duration, every free worker takes the next chunk at
//! once, as `multiprocessing.Pool` does), and [`transcript_fits_schedule`] accepts any order of
//! the lines that such a run could have printed: lines are printed in the order of their events'
//! times; lines whose events happen at the same moment may come in either order (the notebook
//! itself prints `b` before `a`), as long as no more tasks are running at any point than there are
//! workers.

use std::collections::HashMap;
use std::time::Duration;

use super::Mismatch;

/// One task of a pool's map, as the transcript rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// How long the task runs (cell 2: its `time.sleep`; cell 4: equal for every task).
    pub duration: Duration,
    /// The line the task prints when it starts, if any.
    pub start_line: Option<String>,
    /// The line the task prints when it ends, if any.
    pub done_line: Option<String>,
}

/// Whether an event is a task's start or its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The task's first line.
    Start,
    /// The task's last line.
    Done,
}

/// A line of a transcript, placed in the ideal schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The task that prints it (its index in the input).
    pub task: usize,
    /// Start or end.
    pub kind: EventKind,
    /// When it happens in the ideal schedule.
    pub at: Duration,
    /// The text printed.
    pub line: String,
}

/// When each task starts and ends if `workers` workers share a queue of chunks of `chunksize`
/// consecutive tasks, each free worker taking the next chunk at once and running its tasks one
/// after another (list scheduling, as `multiprocessing.Pool.map` does).
///
/// Returns `(start, end)` per task, in input order. Which worker takes a chunk when several are
/// free at the same moment does not change any time, so the schedule is unique.
///
/// ```
/// use std::time::Duration;
/// let ms = Duration::from_millis;
/// let times = harness::rules::list_schedule(&[ms(200), ms(400), ms(600)], 2, 1);
/// assert_eq!(times, [(ms(0), ms(200)), (ms(0), ms(400)), (ms(200), ms(800))]);
/// ```
///
/// **Panics** if `workers` or `chunksize` is zero (a pool with no workers has no schedule).
pub fn list_schedule(
    durations: &[Duration],
    workers: usize,
    chunksize: usize,
) -> Vec<(Duration, Duration)> {
    assert!(
        workers > 0 && chunksize > 0,
        "a schedule needs workers and chunks"
    );
    let mut free_at = vec![Duration::ZERO; workers];
    let mut times = Vec::with_capacity(durations.len());
    for chunk in durations.chunks(chunksize) {
        // The worker that becomes free first takes the next chunk.
        let worker = (0..workers)
            .min_by_key(|&w| free_at[w])
            .expect("at least one worker");
        let mut t = free_at[worker];
        for &d in chunk {
            times.push((t, t + d));
            t += d;
        }
        free_at[worker] = t;
    }
    times
}

/// The events of `tasks` in the ideal schedule (see [`list_schedule`]), in no particular order.
pub fn schedule_events(tasks: &[Task], workers: usize, chunksize: usize) -> Vec<Event> {
    let durations: Vec<Duration> = tasks.iter().map(|t| t.duration).collect();
    let times = list_schedule(&durations, workers, chunksize);
    let mut events = Vec::new();
    for (i, (task, (start, end))) in tasks.iter().zip(times).enumerate() {
        for (kind, at, line) in [
            (EventKind::Start, start, &task.start_line),
            (EventKind::Done, end, &task.done_line),
        ] {
            if let Some(line) = line {
                events.push(Event {
                    task: i,
                    kind,
                    at,
                    line: line.clone(),
                });
            }
        }
    }
    events
}

/// Accepts `transcript` when a pool of `workers` workers, taking `chunksize` tasks at a time,
/// could have printed exactly these lines in exactly this order.
///
/// It must hold:
/// 1. the same multiset of lines as the tasks print (nothing missing, nothing extra);
/// 2. lines in the order of their events in the ideal schedule ([`list_schedule`]); lines whose
///    events happen at the same moment may come in any order;
/// 3. a task's start line before its end line;
/// 4. at no point more running tasks (started, not yet done) than workers — of tasks that print
///    both lines.
///
/// ```
/// use std::time::Duration;
/// use harness::rules::{Task, transcript_fits_schedule};
/// let task = |name: &str, ms| Task {
///     duration: Duration::from_millis(ms),
///     start_line: Some(format!("start {name}")),
///     done_line: Some(format!("done {name}")),
/// };
/// let tasks = [task("a", 200), task("b", 400), task("c", 600)];
/// let ok = ["start b", "start a", "done a", "start c", "done b", "done c"];
/// assert!(transcript_fits_schedule(&ok, &tasks, 2, 1).is_ok());
/// // c cannot start before a has finished: only two workers.
/// let bad = ["start a", "start b", "start c", "done a", "done b", "done c"];
/// assert!(transcript_fits_schedule(&bad, &tasks, 2, 1).is_err());
/// ```
pub fn transcript_fits_schedule<S: AsRef<str>>(
    transcript: &[S],
    tasks: &[Task],
    workers: usize,
    chunksize: usize,
) -> Result<(), Mismatch> {
    const RULE: &str = "transcript";
    if workers == 0 || chunksize == 0 {
        return Err(Mismatch::new(
            RULE,
            "a pool needs at least one worker and chunks of at least one task",
        ));
    }
    let events = schedule_events(tasks, workers, chunksize);

    // 1. Match each line to an event that prints it. Where several events print the same text,
    //    give the earliest to the first such line: any other choice only makes rule 2 harder.
    let mut unused: HashMap<&str, Vec<&Event>> = HashMap::new();
    for e in &events {
        unused.entry(e.line.as_str()).or_default().push(e);
    }
    for list in unused.values_mut() {
        list.sort_by_key(|e| std::cmp::Reverse((e.at, e.task)));
    }
    let mut matched = Vec::with_capacity(transcript.len());
    for (i, line) in transcript.iter().enumerate() {
        let line = line.as_ref();
        match unused.get_mut(line).and_then(Vec::pop) {
            Some(e) => matched.push(e),
            None => {
                return Err(Mismatch::new(
                    RULE,
                    format!(
                        "line {} {line:?} is not one the tasks print (or is printed too often)",
                        i + 1
                    ),
                ));
            }
        }
    }
    let mut missing: Vec<&str> = unused.values().flatten().map(|e| e.line.as_str()).collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        return Err(Mismatch::new(RULE, format!("missing lines: {missing:?}")));
    }

    // 2. Event times never go backwards.
    for (i, pair) in matched.windows(2).enumerate() {
        let (before, after) = (pair[0], pair[1]);
        if after.at < before.at {
            return Err(Mismatch::new(
                RULE,
                format!(
                    "line {} {:?} happens at {:?} in the schedule, yet line {} {:?} (at {:?}) comes before it",
                    i + 2,
                    after.line,
                    after.at,
                    i + 1,
                    before.line,
                    before.at
                ),
            ));
        }
    }

    // 3 and 4. Starts before ends; never more tasks running than workers.
    let both_lines =
        |task: usize| tasks[task].start_line.is_some() && tasks[task].done_line.is_some();
    let mut started = vec![false; tasks.len()];
    let mut running = 0usize;
    for (i, e) in matched.iter().enumerate() {
        match e.kind {
            EventKind::Start => {
                started[e.task] = true;
                if both_lines(e.task) {
                    running += 1;
                    if running > workers {
                        return Err(Mismatch::new(
                            RULE,
                            format!(
                                "at line {} {:?}, {running} tasks are running, but the pool has {workers} workers",
                                i + 1,
                                e.line
                            ),
                        ));
                    }
                }
            }
            EventKind::Done => {
                if both_lines(e.task) {
                    if !started[e.task] {
                        return Err(Mismatch::new(
                            RULE,
                            format!(
                                "line {} {:?} ends a task that has not started",
                                i + 1,
                                e.line
                            ),
                        ));
                    }
                    running -= 1;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// The notebook's cell 2: eight sleeps on two workers, from cell 1's `data`.
    fn cell2_tasks() -> Vec<Task> {
        crate::expect::cell2_tasks(&crate::notebook::Notebook::fixture())
            .expect("the fixture notebook's cell 1")
    }

    const NOTEBOOK_CELL2: [&str; 16] = [
        " Processs b\tWaiting .4 seconds",
        " Processs a\tWaiting .2 seconds",
        " Process a\tDONE",
        " Processs c\tWaiting .6 seconds",
        " Process b\tDONE",
        " Processs d\tWaiting .8 seconds",
        " Process c\tDONE",
        " Processs e\tWaiting .1 seconds",
        " Process e\tDONE",
        " Processs f\tWaiting .3 seconds",
        " Process d\tDONE",
        " Processs g\tWaiting .5 seconds",
        " Process f\tDONE",
        " Processs h\tWaiting .7 seconds",
        " Process g\tDONE",
        " Process h\tDONE",
    ];

    #[test]
    fn the_schedule_of_cell_2_has_the_notebooks_makespan() {
        let durations: Vec<Duration> = cell2_tasks().iter().map(|t| t.duration).collect();
        let times = list_schedule(&durations, 2, 1);
        let makespan = times.iter().map(|&(_, end)| end).max().unwrap();
        assert_eq!(makespan, ms(1900));
        // d (0.4 + 0.8) and f (0.8 + 0.1 + 0.3) end at the same moment; so g and h start together.
        assert_eq!(times[3].1, ms(1200));
        assert_eq!(times[5].1, ms(1200));
        assert_eq!((times[6].0, times[7].0), (ms(1200), ms(1200)));
    }

    #[test]
    fn chunks_run_back_to_back_on_one_worker() {
        let times = list_schedule(&[ms(1), ms(1), ms(1), ms(5)], 2, 2);
        assert_eq!(
            times,
            [
                (ms(0), ms(1)),
                (ms(1), ms(2)),
                (ms(0), ms(1)),
                (ms(1), ms(6))
            ]
        );
    }

    #[test]
    fn accepts_the_notebooks_own_transcript() {
        assert_eq!(
            transcript_fits_schedule(&NOTEBOOK_CELL2, &cell2_tasks(), 2, 1),
            Ok(())
        );
    }

    #[test]
    fn accepts_other_orders_of_simultaneous_events() {
        let mut t = NOTEBOOK_CELL2;
        t.swap(0, 1); // a and b start together
        assert_eq!(transcript_fits_schedule(&t, &cell2_tasks(), 2, 1), Ok(()));
        // At 1.2 s: f ends before d, and h is taken before g.
        let mut t = NOTEBOOK_CELL2;
        t[10..14].copy_from_slice(&[
            " Process f\tDONE",
            " Processs h\tWaiting .7 seconds",
            " Process d\tDONE",
            " Processs g\tWaiting .5 seconds",
        ]);
        assert_eq!(transcript_fits_schedule(&t, &cell2_tasks(), 2, 1), Ok(()));
    }

    #[test]
    fn rejects_a_swap_the_schedule_forbids() {
        // b ends (0.4 s) before c starts (0.2 s): time runs backwards.
        let mut t = NOTEBOOK_CELL2;
        t.swap(3, 4);
        let err = transcript_fits_schedule(&t, &cell2_tasks(), 2, 1).unwrap_err();
        assert!(err.detail.contains("comes before it"), "{err}");
        // c starts before a ends: the same moment, but three tasks would be running on two workers.
        let mut t = NOTEBOOK_CELL2;
        t.swap(2, 3);
        let err = transcript_fits_schedule(&t, &cell2_tasks(), 2, 1).unwrap_err();
        assert!(err.detail.contains("3 tasks are running"), "{err}");
    }

    #[test]
    fn rejects_missing_extra_and_changed_lines() {
        let t = &NOTEBOOK_CELL2[..15];
        assert!(
            transcript_fits_schedule(t, &cell2_tasks(), 2, 1)
                .unwrap_err()
                .detail
                .contains("missing")
        );
        let mut t = NOTEBOOK_CELL2.to_vec();
        t.push(" Process h\tDONE");
        assert!(transcript_fits_schedule(&t, &cell2_tasks(), 2, 1).is_err());
        let mut t = NOTEBOOK_CELL2;
        t[0] = " Process b\tWaiting .4 seconds"; // the notebook's "Processs" typo is part of the text
        assert!(transcript_fits_schedule(&t, &cell2_tasks(), 2, 1).is_err());
    }

    #[test]
    fn the_same_transcript_on_one_worker_is_rejected() {
        assert!(transcript_fits_schedule(&NOTEBOOK_CELL2, &cell2_tasks(), 1, 1).is_err());
        assert!(transcript_fits_schedule(&NOTEBOOK_CELL2, &cell2_tasks(), 0, 1).is_err());
    }

    #[test]
    fn equal_durations_and_end_lines_only() {
        // Cell 4: four equal tasks on two workers print when they end.
        let tasks: Vec<Task> = [1, 2, 12, 15]
            .iter()
            .map(|p| Task {
                duration: ms(1000),
                start_line: None,
                done_line: Some(format!("Raising random array to the {p}th power")),
            })
            .collect();
        let line = |p: u32| format!("Raising random array to the {p}th power");
        let order = |ps: [u32; 4]| ps.map(line);
        assert!(transcript_fits_schedule(&order([2, 1, 12, 15]), &tasks, 2, 1).is_ok());
        assert!(transcript_fits_schedule(&order([1, 2, 15, 12]), &tasks, 2, 1).is_ok());
        assert!(transcript_fits_schedule(&order([1, 12, 2, 15]), &tasks, 2, 1).is_err());
        // With four workers all end together, so any order fits.
        assert!(transcript_fits_schedule(&order([15, 12, 2, 1]), &tasks, 4, 1).is_ok());
    }
}
