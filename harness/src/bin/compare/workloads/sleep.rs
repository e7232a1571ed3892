//! Notebook cell 2: eight sleeping tasks on two workers; the figure is the makespan.

use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Outcome, Sizes, WORKERS};

/// The notebook's data: a name and how many seconds its task sleeps.
pub(crate) const DATA: [(&str, f64); 8] = [
    ("a", 0.2),
    ("b", 0.4),
    ("c", 0.6),
    ("d", 0.8),
    ("e", 0.1),
    ("f", 0.3),
    ("g", 0.5),
    ("h", 0.7),
];

/// The notebook's `mp_worker`, without its prints: sleep, then return the name twice.
pub(crate) fn mp_worker(name: &str, seconds: f64, scale: f64) -> String {
    thread::sleep(Duration::from_secs_f64(seconds * scale));
    format!("{name}{name}")
}

/// `['aa', 'bb', …, 'hh']`, in input order.
pub(crate) fn check(results: &[String]) -> bool {
    results.len() == DATA.len()
        && results
            .iter()
            .zip(DATA)
            .all(|(r, (name, _))| *r == format!("{name}{name}"))
}

/// The size string both sides print: the sleep scale.
pub(crate) fn size(s: &Sizes) -> String {
    format!("x{}", s.sleep_scale)
}

/// The makespan of the schedule `Pool.map` follows with chunk size 1: each task, in input order,
/// goes to the first worker to become free. For the notebook's data on 2 workers: 1.9 s.
pub(crate) fn minimum_makespan(workers: usize, scale: f64) -> f64 {
    let mut free_at = vec![0.0_f64; workers];
    for (_, seconds) in DATA {
        let first_free = free_at
            .iter_mut()
            .min_by(|a, b| a.total_cmp(b))
            .expect("at least one worker");
        *first_free += seconds * scale;
    }
    free_at.into_iter().fold(0.0, f64::max)
}

/// Two std threads taking tasks from a shared crossbeam channel, one at a time: the greedy
/// schedule of `Pool.map` with chunk size 1, written by hand.
pub(crate) fn threads_channel(s: &Sizes) -> Outcome {
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    for (index, task) in DATA.iter().enumerate() {
        task_tx.send((index, task)).expect("the receiver is alive");
    }
    drop(task_tx);
    let mut results = vec![String::new(); DATA.len()];
    let start = Instant::now();
    thread::scope(|scope| {
        let (result_tx, result_rx) = crossbeam_channel::unbounded();
        for _ in 0..WORKERS {
            let (tasks, result_tx) = (task_rx.clone(), result_tx.clone());
            scope.spawn(move || {
                for (index, (name, seconds)) in tasks {
                    let _ = result_tx.send((index, mp_worker(name, *seconds, s.sleep_scale)));
                }
            });
        }
        drop(result_tx);
        for (index, result) in result_rx {
            results[index] = result;
        }
    });
    Outcome::new(size(s), start.elapsed(), check(&results))
}

/// rayon's `par_iter` on a 2-thread pool. rayon splits the slice in halves and steals work,
/// which is not the greedy in-order schedule: expect a makespan of 2.0 s (a–d on one thread),
/// not 1.9 s.
pub(crate) fn rayon(s: &Sizes) -> Outcome {
    let pool = super::two_worker_pool();
    let start = Instant::now();
    let results: Vec<String> = pool.install(|| {
        DATA.par_iter()
            .map(|(name, seconds)| mp_worker(name, *seconds, s.sleep_scale))
            .collect()
    });
    Outcome::new(size(s), start.elapsed(), check(&results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notebook_schedule_takes_1_9_seconds_on_two_workers() {
        assert!((minimum_makespan(2, 1.0) - 1.9).abs() < 1e-9);
        assert!((minimum_makespan(1, 1.0) - 3.6).abs() < 1e-9);
    }

    #[test]
    fn check_wants_every_result_in_order() {
        let mut results: Vec<String> = DATA.iter().map(|(n, _)| format!("{n}{n}")).collect();
        assert!(check(&results));
        results.swap(0, 1);
        assert!(!check(&results));
    }
}
