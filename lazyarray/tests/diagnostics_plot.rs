//! The profile plot draws what the profiler recorded: a lane per worker, a bar per task at its
//! time, in its operation's colour; CPU and memory below when there are samples.

use std::collections::BTreeMap;
use std::time::Duration;

use lazyarray::ComputeOptions;
use lazyarray::diagnostics::{
    MAX_LANES, PALETTE, PlotError, Profiler, ResourceSample, TaskRecord, operation_colours,
    operation_of, profile_svg,
};
use lazyarray::random::default_rng;

/// A `<rect>` of the SVG, in pixels.
#[derive(Debug, Clone, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    fill: String,
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// The task bars: every rectangle filled with a palette colour (the background is white, the
/// legend's markers are circles, axes and grid are lines).
fn bars(svg: &str) -> Vec<Rect> {
    svg.split("<rect")
        .skip(1)
        .map(|rest| &rest[..rest.find("/>").expect("a closed <rect")])
        .filter_map(|e| {
            let num = |n| attr(e, n).and_then(|v| v.parse::<f64>().ok());
            Some(Rect {
                x: num("x")?,
                y: num("y")?,
                width: num("width")?,
                height: num("height")?,
                fill: attr(e, "fill")?.to_string(),
            })
        })
        .filter(|r| PALETTE.contains(&r.fill.as_str()))
        .collect()
}

/// The data lines: (colour, number of points) of each polyline stroked in a palette colour
/// (axes and ticks are grey).
fn data_lines(svg: &str) -> Vec<(String, usize)> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|e| Some((attr(e, "stroke")?, attr(e, "points")?)))
        .filter(|(s, _)| PALETTE.contains(s))
        .map(|(s, points)| (s.to_string(), points.split_whitespace().count()))
        .collect()
}

/// Checks the SVG's bars against the records: one lane per worker, worker 0 on top; in each
/// lane, as many bars as the worker ran tasks, in their order, at their times (within a pixel
/// of one linear time axis), in their operation's colour.
fn check_bars_match(svg: &str, records: &[TaskRecord]) {
    let bars = bars(svg);
    assert_eq!(bars.len(), records.len(), "one bar per task");

    let mut lanes: BTreeMap<i64, Vec<&Rect>> = BTreeMap::new(); // by pixel y, top first
    for b in &bars {
        lanes.entry(b.y.round() as i64).or_default().push(b);
    }
    let mut by_worker: BTreeMap<usize, Vec<&TaskRecord>> = BTreeMap::new();
    for r in records {
        by_worker.entry(r.worker).or_default().push(r);
    }
    assert_eq!(
        lanes.len(),
        by_worker.len(),
        "one lane per worker that ran tasks"
    );

    // The time axis: pixels = left + scale * (time - first), from the earliest start and the
    // latest end.
    let first = records.iter().map(|r| r.start).min().unwrap();
    let last = records.iter().map(|r| r.end).max().unwrap();
    let left = bars.iter().map(|b| b.x).fold(f64::MAX, f64::min);
    let right = bars.iter().map(|b| b.x + b.width).fold(f64::MIN, f64::max);
    let scale = (right - left) / (last - first).as_secs_f64();
    let px = |t: Duration| left + scale * (t - first).as_secs_f64();

    let colours: BTreeMap<String, &str> = operation_colours(records).into_iter().collect();
    for ((_, lane), (worker, tasks)) in lanes.iter_mut().zip(&mut by_worker) {
        assert_eq!(lane.len(), tasks.len(), "worker {worker}: one bar per task");
        lane.sort_by(|a, b| a.x.total_cmp(&b.x));
        tasks.sort_by_key(|r| (r.start, r.id));
        for (bar, task) in lane.iter().zip(tasks.iter()) {
            assert!(
                (bar.x - px(task.start)).abs() <= 1.0,
                "{task:?} drawn at {bar:?}"
            );
            let width = (px(task.end) - px(task.start)).max(1.0);
            assert!(
                (bar.width - width).abs() <= 1.5,
                "{task:?} drawn as {bar:?}"
            );
            assert!(bar.height > 0.0);
        }
        // Bars that start within a pixel of each other may be drawn in either order: compare
        // the lane's colours as a multiset.
        let mut drawn: Vec<&str> = lane.iter().map(|b| b.fill.as_str()).collect();
        let mut wanted: Vec<&str> = tasks
            .iter()
            .map(|t| colours[operation_of(&t.key)])
            .collect();
        drawn.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(drawn, wanted, "worker {worker}: colours by operation");
    }
}

#[test]
fn a_real_compute_draws_a_bar_per_task_in_its_workers_lane() {
    let y = default_rng(0)
        .normal(0.0, 1.0, [400, 400], [100, 100])
        .unwrap();
    let prof = Profiler::new();
    let opts = ComputeOptions::new().workers(3);
    prof.run(|| y.mean().compute_scalar_with(&opts)).unwrap();
    let records = prof.results();
    assert_eq!(records.len(), y.mean().graph().len());

    let svg = profile_svg(&records, &[]).unwrap();
    check_bars_match(&svg, &records);
    for w in records.iter().map(|r| r.worker) {
        assert!(
            svg.contains(&format!(">\nworker {w}\n<")),
            "a label for worker {w}"
        );
    }
    // Four operations, in the palette's first four colours in the order they first ran.
    let ops: Vec<(String, &str)> = operation_colours(&records);
    let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(names, ["normal", "mean-chunk", "mean-combine", "mean"]);
    assert_eq!(
        ops.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
        PALETTE[..4]
    );
    assert!(data_lines(&svg).is_empty(), "no resource samples, no lines");
}

fn record(id: usize, key: &str, worker: usize, start_ms: u64, end_ms: u64) -> TaskRecord {
    TaskRecord {
        id,
        key: key.into(),
        start: Duration::from_millis(start_ms),
        end: Duration::from_millis(end_ms),
        worker,
        bytes: 8,
    }
}

#[test]
fn hand_made_records_land_in_their_lanes_at_their_times() {
    let records = [
        record(0, "load-(0,)", 0, 100, 300),
        record(1, "load-(1,)", 2, 100, 200),
        record(2, "add-(0,)", 2, 200, 250),
        record(3, "add#1-(1,)", 0, 300, 900),
        record(4, "sum-()", 2, 900, 1000),
    ];
    let svg = profile_svg(&records, &[]).unwrap();
    check_bars_match(&svg, &records);
    // Worker 1 ran nothing but has its lane and label; the figure is the book's width.
    assert!(svg.contains(">\nworker 1\n<"));
    assert!(svg.starts_with("<svg width=\"680\""));
    let fills: Vec<String> = bars(&svg).into_iter().map(|b| b.fill).collect();
    assert_eq!(
        fills,
        [PALETTE[0], PALETTE[0], PALETTE[1], PALETTE[1], PALETTE[2]]
    );
}

#[test]
fn samples_add_a_cpu_and_a_memory_panel() {
    let records = [record(0, "x-(0,)", 0, 0, 100)];
    let sample = |ms, mib: u64, cpu| ResourceSample {
        time: Duration::from_millis(ms),
        rss_bytes: mib << 20,
        cpu_percent: cpu,
    };
    let samples = [
        sample(0, 10, 0.0),
        sample(50, 30, 180.0),
        sample(100, 20, 90.0),
    ];
    let svg = profile_svg(&records, &samples).unwrap();
    // A point per sample: CPU in the first colour, memory in the second.
    let lines = data_lines(&svg);
    assert_eq!(
        lines,
        [(PALETTE[0].to_string(), 3), (PALETTE[1].to_string(), 3)]
    );
    assert!(svg.contains(">\nCPU (%)\n<") && svg.contains(">\nmemory (MiB)\n<"));
    // One sample is not a line: no panels.
    let svg = profile_svg(&records, &samples[..1]).unwrap();
    assert!(data_lines(&svg).is_empty());
}

#[test]
fn nothing_recorded_or_absurd_workers_is_a_typed_error() {
    assert_eq!(profile_svg(&[], &[]), Err(PlotError::NoTasks));
    let records = [record(0, "x-(0,)", usize::MAX, 0, 1)];
    let err = profile_svg(&records, &[]).unwrap_err();
    assert_eq!(err, PlotError::TooManyWorkers(usize::MAX));
    assert!(err.to_string().contains(&MAX_LANES.to_string()));
}
