//! A pool that outlives a single call: workers wait for jobs until the pool is
//! dropped. Python's `with Pool(2) as p:` ends by terminating the workers; forgetting
//! `close()` and `join()` outside a `with` leaks them. In Rust, `Drop` is where a
//! pool shuts down: close the job channel, then join every worker, so no job is lost
//! and no thread outlives the pool.

use crossbeam_channel::{Sender, unbounded};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::thread::{self, JoinHandle};

/// A job: any closure that runs once on some worker.
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// `ThreadPool::new(0)`: a pool needs at least one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZeroWorkers;

impl fmt::Display for ZeroWorkers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pool needs at least one worker")
    }
}

impl std::error::Error for ZeroWorkers {}

/// A fixed set of worker threads running the jobs given to [`ThreadPool::execute`].
#[derive(Debug)]
pub struct ThreadPool {
    /// `None` once the pool is shutting down: dropping the sender closes the channel.
    jobs: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

// ANCHOR: solution
impl ThreadPool {
    /// Starts `workers` threads, each waiting for jobs.
    pub fn new(workers: usize) -> Result<ThreadPool, ZeroWorkers> {
        if workers == 0 {
            return Err(ZeroWorkers);
        }
        let (jobs, receiver) = unbounded::<Job>();
        let workers = (0..workers)
            .map(|_| {
                let receiver = receiver.clone();
                thread::spawn(move || {
                    for job in receiver {
                        // A panicking job must not take its worker with it: the pool
                        // would shrink by one thread with every panic.
                        let _ = panic::catch_unwind(AssertUnwindSafe(job));
                    }
                })
            })
            .collect();
        Ok(ThreadPool {
            jobs: Some(jobs),
            workers,
        })
    }

    /// Queues `job` to run on the first free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(jobs) = &self.jobs {
            // The workers hold the receiver until the pool is dropped, so this cannot
            // fail.
            jobs.send(Box::new(job)).expect("the workers are alive");
        }
    }

    /// How many worker threads the pool has.
    pub fn workers(&self) -> usize {
        self.workers.len()
    }
}

impl Drop for ThreadPool {
    /// Runs every job already queued, then stops and joins the workers.
    fn drop(&mut self) {
        // Closing the channel ends each worker's `for` loop once the queue is
        // drained.
        drop(self.jobs.take());
        for worker in self.workers.drain(..) {
            // A worker only ends by finishing its loop: jobs' panics are caught
            // inside it.
            let _ = worker.join();
        }
    }
}
// ANCHOR_END: solution
