//! The process-backed [`ProcessPool`]: workers are this executable started again.

mod entry;
mod spawn;
mod wire;

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::process::Child;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, unbounded};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use self::entry::worker_entry;

use self::entry::{WORKER_ENV, offset_of, trampoline_address};
use self::spawn::{executable_identity, spawn_worker};
use self::wire::{Reply, Request};
use crate::error::{MapError, PoolError, SubmitError, TaskError, TaskErrorKind};

/// A pool of worker *processes*: what Python's `multiprocessing.Pool` really is.
///
/// Each worker is this executable started again in worker mode (see [`worker_entry`]); tasks
/// are plain `fn` items over serde types, sent to the workers as JSON over pipes of their
/// own. A task's stdin reads end-of-file and its stdout is the parent's, as in Python; a
/// worker checks that it runs the parent's very executable file before it serves, and ends
/// when the parent dies, even in the middle of a task. An argument or result over the
/// message limit (1 GiB of JSON) fails its own task with [`TaskErrorKind::Transport`]. Because the
/// workers are separate processes, a task that crashes its worker (a signal, an abort, running
/// out of memory) cannot take the pool down: that one task gives a
/// [`TaskErrorKind::WorkerDied`] error with the worker's exit status, a fresh worker takes the
/// dead one's place, and every other task completes. (Python's `multiprocessing.Pool` hangs
/// forever in that case, CPython issue gh-66587, and `ProcessPoolExecutor` fails every pending
/// task with `BrokenProcessPool`.)
///
/// A failed task is never retried: a worker that died may have run part of it, and running it
/// again could repeat its side effects. A worker found dead before a task is handed to it is
/// replaced first, so only a task the worker actually held is charged. Dropping the pool lets
/// each worker finish its current task, so a task that never ends keeps the drop waiting.
///
/// Every task is one message each way, so a task should be worth more than a round trip
/// through a pipe and two JSON encodings (the crate's benchmarks measure that cost).
///
/// ```no_run
/// use multiprocessing::ProcessPool;
///
/// fn square(x: u64) -> u64 {
///     x * x
/// }
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     multiprocessing::worker_entry(); // workers stop here and serve tasks
///     let pool = ProcessPool::new(2)?;
///     assert_eq!(pool.map(square, [1, 2, 3])?, [1, 4, 9]);
///     Ok(())
/// }
/// ```
pub struct ProcessPool {
    tasks: Option<Sender<Task>>,
    slots: Vec<JoinHandle<()>>,
    processes: usize,
}

impl fmt::Debug for ProcessPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessPool")
            .field("processes", &self.processes)
            .finish()
    }
}

/// One task on its way to a worker; its outcome goes to `reply` exactly once.
struct Task {
    index: usize,
    request: Request,
    reply: Sender<(usize, Result<Vec<u8>, TaskError>)>,
}

/// One worker process and its pipes.
struct Worker {
    child: Child,
    /// `None` only while dropping.
    requests: Option<BufWriter<File>>,
    replies: BufReader<File>,
    /// Closed when the worker is dropped (or this process dies): the worker then exits.
    _lifeline: File,
}

impl Worker {
    /// Starts this executable in worker mode and waits until it says it serves.
    ///
    /// Errors with [`PoolError::Spawn`] if it cannot start or never enters worker mode, and
    /// with [`PoolError::WorkerRefused`] if it runs another executable than `identity` names.
    fn spawn(identity: &str) -> Result<Worker, PoolError> {
        let spawned = spawn_worker(identity)?;
        let mut child = spawned.child;
        let mut replies = BufReader::new(spawned.replies);
        let verdict = wire::await_ready(&mut replies).and_then(|()| Reply::read(&mut replies));
        let refusal = match verdict {
            Ok(Reply::Value(_)) => None,
            Ok(Reply::Transport(why) | Reply::Panicked(why)) => Some(PoolError::WorkerRefused(why)),
            Err(e) => Some(PoolError::Spawn(e)),
        };
        if let Some(error) = refusal {
            let _ = child.kill();
            let _ = child.wait();
            return Err(error);
        }
        Ok(Worker {
            child,
            requests: Some(BufWriter::new(spawned.requests)),
            replies,
            _lifeline: spawned.lifeline,
        })
    }

    /// Sends one request and reads its reply; an I/O error means the worker died.
    fn call(&mut self, request: &Request) -> io::Result<Reply> {
        let requests = self.requests.as_mut().expect("present until drop");
        request.write(requests)?;
        requests.flush()?;
        Reply::read(&mut self.replies)
    }

    /// Whether the worker is still alive (it may have been killed while idle).
    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Makes sure the worker is gone and returns how it ended.
    fn reap(mut self) -> String {
        let _ = self.child.kill(); // It is normally dead already; this makes sure.
        match self.child.wait() {
            Ok(status) => status.to_string(),
            Err(e) => format!("exit status unknown: {e}"),
        }
    }
}

impl Drop for Worker {
    /// Closing the request pipe ends the worker's loop; then collect its exit status so that
    /// no zombie process is left behind (after `reap` this returns at once).
    fn drop(&mut self) {
        self.requests.take();
        let _ = self.child.wait();
    }
}

/// A slot keeps one live worker and serves tasks from the shared queue with it.
fn serve_slot(tasks: Receiver<Task>, mut worker: Option<Worker>, identity: Arc<str>) {
    for task in tasks {
        // A worker killed while idle is replaced before it can cost a task.
        if let Some(w) = worker.as_mut()
            && !w.alive()
        {
            worker.take().map(Worker::reap);
        }
        if worker.is_none() {
            match Worker::spawn(&identity) {
                Ok(w) => worker = Some(w),
                Err(e) => {
                    let error = TaskError::new(task.index, TaskErrorKind::Transport(e.to_string()));
                    let _ = task.reply.send((task.index, Err(error)));
                    continue;
                }
            }
        }
        let w = worker.as_mut().expect("just started");
        let outcome = match w.call(&task.request) {
            Ok(Reply::Value(bytes)) => Ok(bytes),
            Ok(Reply::Panicked(message)) => Err(TaskErrorKind::Panicked(message)),
            Ok(Reply::Transport(message)) => Err(TaskErrorKind::Transport(message)),
            Err(_) => {
                let status = worker.take().map(Worker::reap).unwrap_or_default();
                // Start the replacement now, so the pool is back to full strength before
                // the next task; if that fails, the next task retries.
                worker = Worker::spawn(&identity).ok();
                Err(TaskErrorKind::WorkerDied(status))
            }
        };
        let outcome = outcome.map_err(|kind| TaskError::new(task.index, kind));
        // The caller may have given up (dropped its receiver); the outcome is not wanted then.
        let _ = task.reply.send((task.index, outcome));
    }
    // Dropping the worker closes its request pipe and waits for it to end.
    drop(worker);
}

impl ProcessPool {
    /// Starts `processes` worker processes and waits until each is ready.
    ///
    /// Errors with [`PoolError::ZeroWorkers`] if `processes` is 0, and with
    /// [`PoolError::Spawn`] if a worker cannot be started or does not enter worker mode (the
    /// program must call [`worker_entry`] first thing in `main`, or a test file must invoke
    /// [`enable_test_worker!`](crate::enable_test_worker)).
    pub fn new(processes: usize) -> Result<ProcessPool, PoolError> {
        if processes == 0 {
            return Err(PoolError::ZeroWorkers);
        }
        if std::env::var_os(WORKER_ENV).is_some() {
            // We are a worker that did not enter worker mode: starting workers of our own
            // would recurse.
            return Err(PoolError::Spawn(io::Error::other(
                "a ProcessPool cannot start inside a worker process",
            )));
        }
        if processes > crate::Pool::MAX_PROCESSES {
            return Err(PoolError::TooManyWorkers {
                requested: processes,
                max: crate::Pool::MAX_PROCESSES,
            });
        }
        let identity: Arc<str> = executable_identity()?.into();
        // Start the workers in parallel: each start is a process launch plus a handshake.
        let started: Vec<Result<Worker, PoolError>> = thread::scope(|s| {
            let handles: Vec<_> = (0..processes)
                .map(|_| s.spawn(|| Worker::spawn(&identity)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(PoolError::Spawn(io::Error::other("spawn panicked")))
                    })
                })
                .collect()
        });
        let mut workers = Vec::with_capacity(processes);
        for worker in started {
            // On error the workers already started drop here, and their slots never start.
            workers.push(worker?);
        }
        let (tx, rx) = unbounded();
        let mut slots = Vec::with_capacity(processes);
        for (i, worker) in workers.into_iter().enumerate() {
            let rx = rx.clone();
            let identity = Arc::clone(&identity);
            let slot = thread::Builder::new()
                .name(format!("ProcessPool-slot-{}", i + 1))
                .spawn(move || serve_slot(rx, Some(worker), identity))?;
            slots.push(slot);
        }
        Ok(ProcessPool {
            tasks: Some(tx),
            slots,
            processes,
        })
    }

    /// The number of worker processes.
    pub fn processes(&self) -> usize {
        self.processes
    }

    /// Applies `f` to every item in the workers and returns the results in input order
    /// (Python's `map`). If any task fails, the error names the first failed one, after every
    /// task has finished.
    pub fn map<A, R>(
        &self,
        f: fn(A) -> R,
        items: impl IntoIterator<Item = A>,
    ) -> Result<Vec<R>, MapError>
    where
        A: Serialize + DeserializeOwned,
        R: Serialize + DeserializeOwned,
    {
        let outcomes = self.map_each(f, items)?;
        let failed = outcomes.iter().filter(|o| o.is_err()).count();
        let mut values = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            match outcome {
                Ok(value) => values.push(value),
                Err(error) => return Err(MapError::Task { error, failed }),
            }
        }
        Ok(values)
    }

    /// Like [`map`](Self::map), but gives every task's own outcome, so one failure does not
    /// hide the others' values.
    pub fn map_each<A, R>(
        &self,
        f: fn(A) -> R,
        items: impl IntoIterator<Item = A>,
    ) -> Result<Vec<Result<R, TaskError>>, SubmitError>
    where
        A: Serialize + DeserializeOwned,
        R: Serialize + DeserializeOwned,
    {
        let tasks = self.tasks.as_ref().ok_or(SubmitError::NotRunning)?;
        let trampoline = offset_of(trampoline_address::<A, R>());
        let function = offset_of(f as usize);
        let (reply, replies) = unbounded();
        let mut outcomes: Vec<Option<Result<R, TaskError>>> = Vec::new();
        let mut sent = 0;
        for (index, item) in items.into_iter().enumerate() {
            outcomes.push(None);
            let encoded = serde_json::to_vec(&item)
                .map_err(|e| format!("could not encode the argument: {e}"))
                .and_then(|payload| wire::check_request_size(payload.len()).map(|()| payload));
            match encoded {
                Ok(payload) => {
                    let task = Task {
                        index,
                        request: Request {
                            trampoline,
                            function,
                            payload,
                        },
                        reply: reply.clone(),
                    };
                    // The slots only stop when the pool drops, which cannot happen while we
                    // borrow it, so the send succeeds.
                    tasks.send(task).map_err(|_| SubmitError::NotRunning)?;
                    sent += 1;
                }
                Err(why) => {
                    let kind = TaskErrorKind::Transport(why);
                    outcomes[index] = Some(Err(TaskError::new(index, kind)));
                }
            }
        }
        drop(reply);
        for (index, outcome) in replies.iter().take(sent) {
            let decoded = outcome.and_then(|bytes| {
                serde_json::from_slice(&bytes).map_err(|e| {
                    TaskError::new(
                        index,
                        TaskErrorKind::Transport(format!("could not decode the result: {e}")),
                    )
                })
            });
            outcomes[index] = Some(decoded);
        }
        Ok(outcomes
            .into_iter()
            .enumerate()
            .map(|(index, outcome)| {
                // Every slot answers every task it takes; a missing answer means the slot
                // thread itself is gone, which we report rather than hide.
                outcome.unwrap_or_else(|| Err(TaskError::new(index, TaskErrorKind::Terminated)))
            })
            .collect())
    }

    /// Runs `f(arg)` in a worker and returns its result (Python's `apply`).
    pub fn apply<A, R>(&self, f: fn(A) -> R, arg: A) -> Result<R, MapError>
    where
        A: Serialize + DeserializeOwned,
        R: Serialize + DeserializeOwned,
    {
        let mut values = self.map(f, [arg])?;
        Ok(values.pop().expect("one task, one value"))
    }
}

impl Drop for ProcessPool {
    /// Stops the workers (each finishes its current task) and waits for them.
    fn drop(&mut self) {
        self.tasks.take();
        for slot in self.slots.drain(..) {
            let _ = slot.join();
        }
    }
}
