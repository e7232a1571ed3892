//! Profile plots: where the time went, as a picture (dask's `visualize([prof, rprof])`).
//!
//! One lane per worker, each task a bar from its start to its end, coloured by operation; below
//! it, when resource samples are given, the process's CPU use and memory over the same time
//! axis. Drawn with `plotters`' SVG backend, in the book's figure style: 680 px wide, white,
//! sans-serif text of at least 13 px, grey axes and grid, the Okabe-Ito palette.

use std::fmt;
use std::time::Duration;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::profiler::{Profiler, TaskRecord};
use super::resource::{ResourceProfiler, ResourceSample};

/// The colours of the operations, in the order they first start (Okabe-Ito); an operation
/// after the eighth reuses them from the start.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// The most worker lanes a profile plot draws.
pub const MAX_LANES: usize = 256;

const WIDTH: u32 = 680;
/// plotters' SVG backend writes a font size of `size / 1.24`: this is 13 px in the file.
const FONT: f64 = 16.2;
const TITLE_FONT: f64 = 18.6;
const LANE_HEIGHT: u32 = 34;
const RESOURCE_HEIGHT: u32 = 150;
const AXIS: RGBColor = RGBColor(0x77, 0x77, 0x77);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// Why a profile could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlotError {
    /// The profiler recorded no finished task (nothing was computed while it was registered).
    NoTasks,
    /// The records name more workers than a figure can show lanes for ([`MAX_LANES`]).
    TooManyWorkers(usize),
    /// The drawing library failed.
    Draw(String),
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlotError::NoTasks => write!(f, "nothing to plot: the profiler recorded no task"),
            PlotError::TooManyWorkers(n) => {
                write!(f, "cannot draw {n} worker lanes (at most {MAX_LANES})")
            }
            PlotError::Draw(message) => write!(f, "cannot draw the profile: {message}"),
        }
    }
}

impl std::error::Error for PlotError {}

fn drawn<T, E: fmt::Display>(result: Result<T, E>) -> Result<T, PlotError> {
    result.map_err(|e| PlotError::Draw(e.to_string()))
}

/// The operation a task key belongs to: the key without its block index and without the `#n`
/// that tells apart two layers of the same name (`normal-(0, 3)` → `normal`,
/// `mean-combine#1-(1,)` → `mean-combine`).
///
/// ```
/// use lazyarray::diagnostics::operation_of;
/// assert_eq!(operation_of("mean-chunk-(0, 3)"), "mean-chunk");
/// assert_eq!(operation_of("mean-combine#2-(1,)"), "mean-combine");
/// assert_eq!(operation_of("mean-()"), "mean");
/// assert_eq!(operation_of("custom"), "custom");
/// ```
pub fn operation_of(key: &str) -> &str {
    let layer = key.rsplit_once("-(").map_or(key, |(layer, _)| layer);
    match layer.rsplit_once('#') {
        Some((name, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => layer,
    }
}

/// The operations of `tasks` in the order they first start, each with its colour.
pub fn operation_colours(tasks: &[TaskRecord]) -> Vec<(String, &'static str)> {
    let mut sorted: Vec<&TaskRecord> = tasks.iter().collect();
    sorted.sort_by_key(|r| (r.start, r.id));
    let mut ops: Vec<(String, &'static str)> = Vec::new();
    for r in sorted {
        let op = operation_of(&r.key);
        if !ops.iter().any(|(o, _)| o == op) {
            let colour = PALETTE[ops.len() % PALETTE.len()];
            ops.push((op.to_string(), colour));
        }
    }
    ops
}

/// Draws what `profiler` recorded (and what `resources` sampled, if given) as an SVG document:
/// dask's `visualize([prof, rprof])`.
///
/// Give both the same [`Clock`](super::Clock) (`Profiler::with_clock(clock.clone())`,
/// `ResourceProfiler::new().clock(clock)`) so their times share one origin.
///
/// ```standalone_crate
/// use lazyarray::diagnostics::{Profiler, visualize};
/// let prof = Profiler::new();
/// let total = lazyarray::ones([100], 25)?.sum();
/// assert_eq!(prof.run(|| total.compute_scalar())?, 100.0);
/// let svg = visualize(&prof, None)?;
/// assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 680 "));
/// assert!(svg.contains("worker 0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn visualize(
    profiler: &Profiler,
    resources: Option<&ResourceProfiler>,
) -> Result<String, PlotError> {
    let samples = resources.map(ResourceProfiler::results).unwrap_or_default();
    profile_svg(&profiler.results(), &samples)
}

/// Draws `tasks` (one lane per worker) and, when there are at least two `samples`, CPU % and
/// memory below them, on one time axis. See [`visualize`].
pub fn profile_svg(tasks: &[TaskRecord], samples: &[ResourceSample]) -> Result<String, PlotError> {
    if tasks.is_empty() {
        return Err(PlotError::NoTasks);
    }
    let workers = tasks
        .iter()
        .map(|r| r.worker)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    if workers > MAX_LANES {
        return Err(PlotError::TooManyWorkers(workers));
    }
    let samples = if samples.len() >= 2 { samples } else { &[] };
    let ops = operation_colours(tasks);

    // One time axis for everything, from the earliest event to the latest, in seconds.
    let times = tasks
        .iter()
        .flat_map(|r| [r.start, r.end])
        .chain(samples.iter().map(|s| s.time));
    let (first, last) = times.fold((Duration::MAX, Duration::ZERO), |(lo, hi), t| {
        (lo.min(t), hi.max(t))
    });
    let secs = |t: Duration| t.saturating_sub(first).as_secs_f64();
    let span = secs(last).max(1e-6);

    let legend_rows = legend_layout(&ops).last().map_or(1, |&(_, row)| row + 1);
    let legend_height = 14 + 22 * legend_rows as u32;
    let lanes_height = 40 + legend_height + LANE_HEIGHT * workers as u32 + 45;
    let resources_height = if samples.is_empty() {
        0
    } else {
        2 * RESOURCE_HEIGHT
    };
    let height = lanes_height + resources_height;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        drawn(root.fill(&WHITE))?;
        let (top, bottom) = root.split_vertically(lanes_height);
        let (legend, lanes) = top.split_vertically(40 + legend_height);
        draw_legend(&legend, &ops)?;
        draw_lanes(&lanes, tasks, workers, &ops, &secs, span)?;
        if !samples.is_empty() {
            let (cpu, memory) = bottom.split_vertically(RESOURCE_HEIGHT);
            let cpu_points: Vec<(f64, f64)> = samples
                .iter()
                .map(|s| (secs(s.time), s.cpu_percent))
                .collect();
            let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
            let memory_points: Vec<(f64, f64)> = samples
                .iter()
                .map(|s| (secs(s.time), mib(s.rss_bytes)))
                .collect();
            draw_line(&cpu, "CPU (%)", &cpu_points, span, 100.0, PALETTE[0])?;
            draw_line(
                &memory,
                "memory (MiB)",
                &memory_points,
                span,
                1.0,
                PALETTE[1],
            )?;
        }
        drawn(root.present())?;
    }
    Ok(svg)
}

fn font() -> TextStyle<'static> {
    ("sans-serif", FONT).into_font().color(&BLACK)
}

/// Where each legend entry goes: (x, row), wrapping at the figure's width.
fn legend_layout(ops: &[(String, &'static str)]) -> Vec<(u32, usize)> {
    let (mut x, mut row) = (90u32, 0usize);
    let mut places = Vec::with_capacity(ops.len());
    for (op, _) in ops {
        // A generous estimate of the text's width at 13 px, plus the marker and a gap.
        let width = 8 * op.chars().count() as u32 + 40;
        if x + width > WIDTH - 10 && x > 90 {
            (x, row) = (90, row + 1);
        }
        places.push((x, row));
        x += width;
    }
    places
}

fn draw_legend(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    ops: &[(String, &'static str)],
) -> Result<(), PlotError> {
    let title = ("sans-serif", TITLE_FONT).into_font().color(&BLACK);
    drawn(area.draw(&Text::new("tasks by worker", (10, 12), title)))?;
    let label = font().pos(Pos::new(HPos::Left, VPos::Center));
    for ((op, colour), (x, row)) in ops.iter().zip(legend_layout(ops)) {
        let y = 52 + 22 * row as i32;
        let colour = hex(colour);
        drawn(area.draw(&Circle::new((x as i32, y), 6, colour.filled())))?;
        drawn(area.draw(&Text::new(op.clone(), (x as i32 + 12, y), label.clone())))?;
    }
    Ok(())
}

fn draw_lanes(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    tasks: &[TaskRecord],
    workers: usize,
    ops: &[(String, &'static str)],
    secs: &dyn Fn(Duration) -> f64,
    span: f64,
) -> Result<(), PlotError> {
    // Lane k is worker `workers - 1 - k`, so worker 0 is on top. The lane axis counts in
    // hundredths of a lane (integers, so plotters can put a label at each lane's centre).
    let centres: Vec<i32> = (0..workers as i32).map(|k| 100 * k).collect();
    let lanes = (-50..100 * workers as i32 - 50).with_key_points(centres);
    let mut chart = drawn(
        ChartBuilder::on(area)
            .margin_left(10)
            .margin_right(20)
            .x_label_area_size(45)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..span, lanes),
    )?;
    let lane_label = |v: &i32| format!("worker {}", workers as i32 - 1 - v / 100);
    drawn(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("time (s)")
            .y_label_formatter(&lane_label)
            .label_style(font())
            .axis_desc_style(font())
            .axis_style(AXIS)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .draw(),
    )?;
    // A bar is at least one pixel wide, so the shortest task still shows.
    let pixel = span / f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    let bars = tasks.iter().map(|r| {
        let colour = ops
            .iter()
            .find(|(op, _)| op == operation_of(&r.key))
            .map_or(PALETTE[0], |(_, c)| c);
        let lane = 100 * (workers - 1 - r.worker) as i32;
        let (x0, x1) = (secs(r.start), secs(r.end).max(secs(r.start) + pixel));
        Rectangle::new([(x0, lane - 35), (x1, lane + 35)], hex(colour).filled())
    });
    drawn(chart.draw_series(bars))?;
    Ok(())
}

fn draw_line(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    points: &[(f64, f64)],
    span: f64,
    at_least: f64,
    colour: &str,
) -> Result<(), PlotError> {
    let top = points.iter().map(|p| p.1).fold(at_least, f64::max) * 1.1;
    let mut chart = drawn(
        ChartBuilder::on(area)
            .margin_left(10)
            .margin_right(20)
            .margin_top(10)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..span, 0.0..top),
    )?;
    drawn(
        chart
            .configure_mesh()
            .x_desc("time (s)")
            .y_desc(title)
            .y_labels(5)
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .label_style(font())
            .axis_desc_style(font())
            .axis_style(AXIS)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .draw(),
    )?;
    let style = hex(colour).stroke_width(2);
    drawn(chart.draw_series(LineSeries::new(points.iter().copied(), style)))?;
    Ok(())
}

fn hex(colour: &str) -> RGBColor {
    let byte = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    RGBColor(byte(1), byte(3), byte(5))
}
