//! A pool that shuts down on drop. The task, its tests and hints are on the page
//! `book/src/exercises/mp5_pool_drop.md`.

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

// ANCHOR: task
impl ThreadPool {
    /// Starts `workers` threads, each waiting for jobs.
    pub fn new(workers: usize) -> Result<ThreadPool, ZeroWorkers> {
        todo!()
    }

    /// Queues `job` to run on the first free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        todo!()
    }

    /// How many worker threads the pool has.
    pub fn workers(&self) -> usize {
        todo!()
    }
}

impl Drop for ThreadPool {
    /// Runs every job already queued, then stops and joins the workers.
    fn drop(&mut self) {
        todo!()
    }
}
// ANCHOR_END: task
