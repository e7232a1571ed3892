//! Cell 2's schedule as a timeline: which worker ran which task when, for `multiprocessing::Pool`
//! and for rayon, from a real trace of each.
//!
//! The trace is recorded once into `book/checks/data/cell02_schedule.tsv`, and the figure is drawn
//! from that file, so the committed picture does not change with the timing noise of each run:
//!
//! ```text
//! cargo run --release -p book-checks --example schedule_svg -- record > book/checks/data/cell02_schedule.tsv
//! cargo run -p book-checks --example schedule_svg > book/src/multiprocessing/schedule.svg
//! ```

use book_checks::figure::{self, Anchor, GREY, INK, LIGHT, NORMAL, PALETTE, SMALL};
use multiprocessing::Pool;
use plotters::prelude::*;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// Cell 1's data: a task's name and how long it sleeps.
const DATA: [(&str, &str); 8] = [
    ("a", ".2"),
    ("b", ".4"),
    ("c", ".6"),
    ("d", ".8"),
    ("e", ".1"),
    ("f", ".3"),
    ("g", ".5"),
    ("h", ".7"),
];

/// The committed trace the figure is drawn from.
const TRACE: &str = include_str!("../data/cell02_schedule.tsv");

/// One task as it ran: who ran it, and when (seconds since the map started).
#[derive(Debug, Clone, PartialEq)]
struct Span {
    tool: String,
    worker: String,
    task: String,
    start: f64,
    end: f64,
}

/// Sleeps like cell 1's `mp_worker` and records the span it ran in.
fn traced(
    clock: Instant,
    worker: String,
    (task, secs): (&str, &str),
    trace: &Mutex<Vec<Span>>,
    tool: &str,
) {
    let start = clock.elapsed().as_secs_f64();
    thread::sleep(Duration::from_secs_f64(
        secs.parse().expect("a number of seconds"),
    ));
    let end = clock.elapsed().as_secs_f64();
    let span = Span {
        tool: tool.into(),
        worker,
        task: task.into(),
        start,
        end,
    };
    trace.lock().expect("no task panics").push(span);
}

/// Runs cell 2 on our `Pool` and on rayon, each with two workers, and returns both traces.
fn record() -> Vec<Span> {
    let trace = Mutex::new(Vec::new());
    let pool = Pool::new(2).expect("two workers can start");
    let clock = Instant::now();
    pool.map(
        |item| {
            let me = thread::current().name().unwrap_or("?").to_string();
            traced(clock, me, item, &trace, "Pool")
        },
        DATA,
    )
    .expect("no task fails");

    let rayon = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("two threads can start");
    let clock = Instant::now();
    rayon.install(|| {
        use rayon::prelude::*;
        DATA.par_iter().for_each(|&item| {
            let me = format!(
                "rayon-{}",
                rayon::current_thread_index().map_or(0, |i| i + 1)
            );
            traced(clock, me, item, &trace, "rayon")
        })
    });
    let mut spans = trace.into_inner().expect("no task panics");
    spans.sort_by(|a, b| {
        (&a.tool, &a.worker, a.start)
            .partial_cmp(&(&b.tool, &b.worker, b.start))
            .expect("times are numbers")
    });
    spans
}

fn to_tsv(spans: &[Span]) -> String {
    let mut out = String::from("tool\tworker\ttask\tstart_s\tend_s\n");
    for s in spans {
        out += &format!(
            "{}\t{}\t{}\t{:.3}\t{:.3}\n",
            s.tool, s.worker, s.task, s.start, s.end
        );
    }
    out
}

fn parse(tsv: &str) -> Vec<Span> {
    tsv.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "a trace line has five fields: {line:?}");
            let secs = |s: &str| s.parse::<f64>().expect("a number of seconds");
            Span {
                tool: f[0].into(),
                worker: f[1].into(),
                task: f[2].into(),
                start: secs(f[3]),
                end: secs(f[4]),
            }
        })
        .collect()
}

/// The workers of `tool`, in the order their lanes are drawn.
fn workers(spans: &[Span], tool: &str) -> Vec<String> {
    let mut names: Vec<String> = spans
        .iter()
        .filter(|s| s.tool == tool)
        .map(|s| s.worker.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn makespan(spans: &[Span], tool: &str) -> f64 {
    spans
        .iter()
        .filter(|s| s.tool == tool)
        .map(|s| s.end)
        .fold(0.0, f64::max)
}

/// The figure: one panel per tool, one lane per worker, one bar per task.
fn draw(spans: &[Span]) -> String {
    let panels = [
        (
            "Pool",
            "multiprocessing::Pool(2).map: chunks of one, taken in order",
        ),
        (
            "rayon",
            "rayon, two threads: the list split in halves, then stolen",
        ),
    ];
    let x_max = 2.5;
    figure::svg(330, |root| {
        let (top, bottom) = root.split_vertically(165);
        for ((tool, title), (area, colour, text)) in panels
            .iter()
            .zip([(&top, PALETTE[0], WHITE), (&bottom, PALETTE[1], INK)])
        {
            let lanes = workers(spans, tool);
            let mut chart = ChartBuilder::on(area)
                .caption(*title, figure::font(NORMAL, INK))
                .margin_right(20)
                .x_label_area_size(28)
                .y_label_area_size(110)
                .build_cartesian_2d(0.0..x_max, 0.0..lanes.len() as f64)
                .expect("drawing into a string cannot fail");
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_labels(6)
                .x_label_formatter(&|x| format!("{x:.1} s"))
                .x_label_style(figure::font(SMALL, GREY))
                .axis_style(GREY)
                .max_light_lines(0)
                .bold_line_style(LIGHT)
                .draw()
                .expect("drawing into a string cannot fail");
            for (lane, name) in lanes.iter().enumerate() {
                // The first worker's lane on top.
                let y = (lanes.len() - 1 - lane) as f64;
                let at = chart.backend_coord(&(0.0, y + 0.5));
                figure::label(root, name, (at.0 - 8, at.1), SMALL, INK, Anchor::Right);
                for s in spans
                    .iter()
                    .filter(|s| s.tool == *tool && s.worker == *name)
                {
                    chart
                        .draw_series([Rectangle::new(
                            [(s.start, y + 0.15), (s.end, y + 0.85)],
                            colour.filled(),
                        )])
                        .expect("drawing into a string cannot fail");
                    chart
                        .draw_series([Rectangle::new(
                            [(s.start, y + 0.15), (s.end, y + 0.85)],
                            WHITE.stroke_width(2),
                        )])
                        .expect("drawing into a string cannot fail");
                    let mid = chart.backend_coord(&((s.start + s.end) / 2.0, y + 0.5));
                    figure::label(root, &s.task, mid, NORMAL, text, Anchor::Centre);
                }
            }
            let end = makespan(spans, tool);
            chart
                .draw_series([PathElement::new(
                    vec![(end, 0.0), (end, lanes.len() as f64)],
                    INK.stroke_width(2),
                )])
                .expect("drawing into a string cannot fail");
            // `backend_coord` is in the whole figure's pixels, so labels go on `root`.
            let at = chart.backend_coord(&(end, lanes.len() as f64 / 2.0));
            figure::label(
                root,
                &format!("{end:.1} s"),
                (at.0 + 6, at.1),
                NORMAL,
                INK,
                Anchor::Left,
            );
        }
    })
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("record") {
        print!("{}", to_tsv(&record()));
    } else {
        print!("{}", draw(&parse(TRACE)));
    }
}

// `cargo test` runs these tests (`test = true` in Cargo.toml); none of them sleeps.
#[test]
fn the_books_picture_is_up_to_date() {
    figure::assert_up_to_date(
        include_str!("../../src/multiprocessing/schedule.svg"),
        &draw(&parse(TRACE)),
        "book/src/multiprocessing/schedule.svg",
        "cargo run -p book-checks --example schedule_svg",
    );
}

#[test]
fn the_trace_is_of_cell_2_on_two_workers() {
    let spans = parse(TRACE);
    for tool in ["Pool", "rayon"] {
        let mut tasks: Vec<(&str, f64)> = spans
            .iter()
            .filter(|s| s.tool == tool)
            .map(|s| (s.task.as_str(), s.end - s.start))
            .collect();
        tasks.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(tasks.len(), DATA.len(), "{tool} ran every task once");
        for ((task, took), (name, secs)) in tasks.iter().zip(DATA) {
            assert_eq!(*task, name);
            assert!(
                *took >= secs.parse::<f64>().unwrap() - 0.0005,
                "{tool}'s {task} slept its time"
            );
        }
        let lanes = workers(&spans, tool);
        assert_eq!(lanes.len(), 2, "{tool} used two workers");
        for lane in &lanes {
            let mut mine: Vec<&Span> = spans
                .iter()
                .filter(|s| s.tool == tool && s.worker == *lane)
                .collect();
            mine.sort_by(|a, b| a.start.partial_cmp(&b.start).unwrap());
            assert!(
                mine.windows(2).all(|w| w[0].end <= w[1].start),
                "a worker runs one task at a time"
            );
        }
    }
    // The Pool's workers take chunks of one from a FIFO channel: tasks start in input order.
    let start = |task: &str| {
        spans
            .iter()
            .find(|s| s.tool == "Pool" && s.task == task)
            .map(|s| s.start)
            .unwrap()
    };
    assert!(
        DATA.windows(2).all(|w| start(w[0].0) <= start(w[1].0)),
        "the Pool started the tasks in input order"
    );
}

#[test]
fn a_trace_survives_its_file_format() {
    let spans = vec![Span {
        tool: "Pool".into(),
        worker: "PoolWorker-1".into(),
        task: "a".into(),
        start: 0.001,
        end: 0.201,
    }];
    assert_eq!(parse(&to_tsv(&spans)), spans);
}
