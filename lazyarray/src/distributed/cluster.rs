//! One worker's share of a compute: run its tasks, send chunks to the workers that need them,
//! take in the chunks it needs, and stop at once when anyone fails.
//!
//! Every compute is one timely dataflow with a single operator: an exchange that routes each
//! [`Message`] to the worker it names. Timely moves the bytes (serialising only between
//! processes) and tracks when every worker has closed its input; the scheduling is lazyarray's,
//! the same rule as the local scheduler's: the ready task with the smallest id runs first, and
//! a chunk is dropped once the last task on this worker that reads it has run.

use std::any::Any;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ndarray::ArrayD;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::InputHandle;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::operator::Operator;
use timely::dataflow::operators::{Exchange, Input, Probe};
use timely::worker::Worker;

use super::DistributedError;
use super::placement::Plan;
use super::report::Report;
use super::wire::{Body, Message, Payload, Sent, WireError, wire_bytes};
use crate::array::Array;
use crate::element::Element;
use crate::error::TaskError;
use crate::graph::Graph;

type Shared = Arc<dyn Any + Send + Sync>;
/// Where this worker puts the messages it sends.
type Sender = InputHandle<u64, CapacityContainerBuilder<Vec<Message>>>;

/// How long a worker with nothing to do parks before it looks again (it is woken earlier
/// when a message arrives).
const PARK: Duration = Duration::from_millis(20);

/// One worker of the cluster, handed to the closure of [`execute`](super::execute): build
/// arrays, then [`compute`](Cluster::compute) them. Every worker of every process runs the
/// same closure and must ask for the same computes in the same order (SPMD).
pub struct Cluster<'w> {
    worker: &'w mut Worker,
    workers_per_process: usize,
    timeout: Duration,
    report: Option<Report>,
}

impl std::fmt::Debug for Cluster<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("index", &self.index())
            .field("peers", &self.peers())
            .finish()
    }
}

impl<'w> Cluster<'w> {
    pub(crate) fn new(
        worker: &'w mut Worker,
        workers_per_process: usize,
        timeout: Duration,
    ) -> Self {
        Cluster {
            worker,
            workers_per_process,
            timeout,
            report: None,
        }
    }

    /// This worker's global index: `process * workers + local`.
    pub fn index(&self) -> usize {
        self.worker.index()
    }
    /// How many workers in all processes.
    pub fn peers(&self) -> usize {
        self.worker.peers()
    }
    /// This worker's process.
    pub fn process(&self) -> usize {
        self.index() / self.workers_per_process.max(1)
    }
    /// The record of the last compute (complete on worker 0; on other workers, their own
    /// share).
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Computes `array` on all workers together. Worker 0 (process 0's first) returns
    /// `Some(array)`; every other worker returns `None` once its part is done.
    ///
    /// # Errors
    /// [`DistributedError::Task`] when a task fails on any worker (the same error on every
    /// worker), [`DistributedError::PeerLost`] when another process goes away,
    /// [`DistributedError::Timeout`] when nothing happens for the configured time,
    /// [`DistributedError::Unsupported`] for a chunk that cannot be serialised.
    pub fn compute<T: Element>(
        &mut self,
        array: &Array<T>,
    ) -> Result<Option<ArrayD<T>>, DistributedError> {
        let graph = array.graph();
        let outs = self.run(&graph)?;
        match outs {
            Some(outs) => Ok(Some(array.assemble(outs)?)),
            None => Ok(None),
        }
    }

    /// [`compute`](Cluster::compute) for a 0-d array: its value on worker 0.
    ///
    /// # Errors
    /// As [`compute`](Cluster::compute), and [`crate::ComputeError::NotScalar`].
    pub fn compute_scalar<T: Element>(
        &mut self,
        array: &Array<T>,
    ) -> Result<Option<T>, DistributedError> {
        if !array.shape().is_empty() {
            return Err(crate::ComputeError::NotScalar {
                shape: array.shape().to_vec(),
            }
            .into());
        }
        Ok(self.compute(array)?.and_then(|a| a.first().copied()))
    }

    /// Runs `graph`; the output chunks on worker 0.
    fn run(&mut self, graph: &Graph) -> Result<Option<Vec<Shared>>, DistributedError> {
        let inbox: Rc<RefCell<Vec<Message>>> = Rc::new(RefCell::new(Vec::new()));
        let sink = Rc::clone(&inbox);
        let mut input = Sender::new();
        let dataflow = self.worker.next_dataflow_index();
        let probe = self.worker.dataflow::<u64, _, _>(|scope| {
            let (probe, stream) = scope
                .input_from(&mut input)
                .exchange(|m: &Message| m.to as u64)
                .probe();
            stream.sink(Pipeline, "inbox", move |(handle, _frontier)| {
                handle.for_each(|_time, data| sink.borrow_mut().append(data));
            });
            probe
        });
        let worker = &mut *self.worker;
        let mut run = Run::new(
            graph,
            worker.index(),
            worker.peers(),
            self.workers_per_process,
        );
        let timeout = self.timeout;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let result = run.until_done(worker, &mut input, &inbox, timeout);
            if let Err(e) = &result {
                run.broadcast_failure(&mut input, e);
            }
            // Close our input, then keep stepping until every worker has closed its own and
            // every message is delivered: the end of this compute for everyone.
            drop(input);
            let deadline = Instant::now() + timeout;
            while !probe.done() {
                if Instant::now() > deadline {
                    return Err(result.err().unwrap_or(DistributedError::Timeout(timeout)));
                }
                worker.step_or_park(Some(PARK));
            }
            // Every message is delivered now, a failure elsewhere included: a worker that had
            // finished its own share still reports it.
            if result.is_ok() {
                for m in std::mem::take(&mut *inbox.borrow_mut()) {
                    if let Body::Failed { .. } = m.body {
                        return Err(run.receive(m).err().unwrap_or_else(|| {
                            DistributedError::PeerLost("another worker failed".into())
                        }));
                    }
                }
            }
            result
        }));
        let result = match outcome {
            Ok(r) => r,
            // timely's network threads panic when a connection breaks, and the worker's next
            // step panics with them ("MergeQueue poisoned").
            Err(payload) => Err(DistributedError::PeerLost(panic_message(&*payload))),
        };
        if result.is_err() {
            worker.drop_dataflow(dataflow);
        } else {
            // The dataflow is complete; stepping once lets timely retire it.
            worker.step();
        }
        self.report = Some(run.report(graph));
        result
    }
}

/// Sends what `input` holds now. timely's exchange keeps messages until their epoch closes,
/// so every batch of messages is an epoch of its own: advancing the time closes it.
fn deliver(input: &mut Sender) {
    let next = input.time().saturating_add(1);
    input.advance_to(next);
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a worker thread panicked".to_string()
    }
}

/// One worker's state during one compute.
struct Run<'g> {
    graph: &'g Graph,
    me: usize,
    peers: usize,
    workers_per_process: usize,
    worker_of: Vec<usize>,
    consumers: Vec<Vec<usize>>,
    send_to: Vec<Vec<usize>>,
    /// Consumers of each chunk on this worker still to run (+1 for an output on worker 0).
    uses_left: Vec<usize>,
    /// Inputs each of this worker's tasks still waits for.
    waiting_on: Vec<usize>,
    ready: BinaryHeap<Reverse<usize>>,
    chunks: Vec<Option<Shared>>,
    /// Tasks of this worker still to run, and remote chunks still to arrive.
    tasks_left: usize,
    arrivals_left: usize,
    /// Workers whose "done" worker 0 still waits for.
    dones_left: usize,
    tasks_run: Vec<usize>,
    sent: Vec<Sent>,
}

impl<'g> Run<'g> {
    fn new(graph: &'g Graph, me: usize, peers: usize, workers_per_process: usize) -> Self {
        let plan = Plan::new(graph, peers);
        let worker_of = plan.worker_of().to_vec();
        let send_to: Vec<Vec<usize>> = (0..graph.len()).map(|t| plan.send_to(t).to_vec()).collect();
        let n = graph.len();
        let mut uses_left = vec![0; n];
        let mut waiting_on = vec![0; n];
        for t in graph.tasks() {
            if worker_of[t.id()] == me {
                waiting_on[t.id()] = t.deps().len();
                for &d in t.deps() {
                    uses_left[d] += 1;
                }
            }
        }
        if me == 0 {
            for &o in graph.outputs() {
                uses_left[o] += 1;
            }
        }
        let mine: Vec<usize> = (0..n).filter(|&t| worker_of[t] == me).collect();
        let ready = mine
            .iter()
            .filter(|&&t| waiting_on[t] == 0)
            .map(|&t| Reverse(t))
            .collect();
        let arrivals_left = (0..n)
            .filter(|&t| worker_of[t] != me && uses_left[t] > 0)
            .count();
        Run {
            graph,
            me,
            peers,
            workers_per_process,
            tasks_left: mine.len(),
            worker_of,
            consumers: graph.consumers(),
            send_to,
            uses_left,
            waiting_on,
            ready,
            chunks: vec![None; n],
            arrivals_left,
            dones_left: if me == 0 { peers - 1 } else { 0 },
            tasks_run: vec![0; peers],
            sent: Vec::new(),
        }
    }

    /// Runs this worker's tasks and takes in its chunks until it has done its share (worker 0:
    /// until everyone has).
    fn until_done(
        &mut self,
        worker: &mut Worker,
        input: &mut Sender,
        inbox: &Rc<RefCell<Vec<Message>>>,
        timeout: Duration,
    ) -> Result<Option<Vec<Shared>>, DistributedError> {
        let mut last_progress = Instant::now();
        let mut said_done = false;
        loop {
            if let Some(Reverse(id)) = self.ready.pop() {
                self.run_task(id, input)?;
                // Push what this task sent onto the network before the next task starts.
                deliver(input);
                worker.step();
                last_progress = Instant::now();
            } else {
                if self.tasks_left == 0 && self.arrivals_left == 0 && !said_done {
                    said_done = true;
                    if self.me != 0 {
                        let body = Body::Done {
                            sent: std::mem::take(&mut self.sent),
                            tasks: self.tasks_run[self.me],
                        };
                        input.send(Message {
                            to: 0,
                            from: self.me,
                            body,
                        });
                        deliver(input);
                        return Ok(None);
                    }
                }
                if said_done && self.dones_left == 0 {
                    return self.outputs().map(Some);
                }
                worker.step_or_park(Some(PARK));
            }
            let messages = std::mem::take(&mut *inbox.borrow_mut());
            if !messages.is_empty() {
                last_progress = Instant::now();
            }
            for m in messages {
                self.receive(m)?;
            }
            if last_progress.elapsed() > timeout {
                return Err(DistributedError::Timeout(timeout));
            }
        }
    }

    fn run_task(&mut self, id: usize, input: &mut Sender) -> Result<(), DistributedError> {
        let task = &self.graph.tasks()[id];
        let fail = |error: TaskError| DistributedError::Task {
            key: task.key().to_string(),
            worker: self.me,
            error,
        };
        let inputs: Vec<Shared> = task
            .deps()
            .iter()
            .map(|&d| self.chunks[d].clone())
            .collect::<Option<_>>()
            .ok_or_else(|| fail(TaskError::Internal("an input chunk is missing".into())))?;
        let refs: Vec<&(dyn Any + Send + Sync)> = inputs.iter().map(|a| &**a).collect();
        let out = catch_unwind(AssertUnwindSafe(|| task.run(&refs)))
            .unwrap_or_else(|p| Err(TaskError::Panicked(panic_message(&*p))))
            .map_err(fail)?;
        drop(refs);
        drop(inputs);
        self.tasks_run[self.me] += 1;
        self.tasks_left -= 1;
        if !self.send_to[id].is_empty() {
            let payload = Payload::encode(&*out).ok_or_else(|| DistributedError::Unsupported {
                key: task.key().to_string(),
            })?;
            for &to in &self.send_to[id] {
                let message = Message {
                    to,
                    from: self.me,
                    body: Body::Chunk {
                        task: id,
                        payload: payload.clone(),
                    },
                };
                self.sent.push(Sent {
                    task: id,
                    from: self.me,
                    to,
                    bytes: wire_bytes(&message),
                });
                input.send(message);
            }
        }
        for &d in task.deps() {
            self.uses_left[d] -= 1;
            if self.uses_left[d] == 0 {
                self.chunks[d] = None;
            }
        }
        self.arrive(id, Arc::from(out));
        Ok(())
    }

    /// Chunk `id` is here: keep it if a task of this worker reads it, and wake those tasks.
    fn arrive(&mut self, id: usize, chunk: Shared) {
        if self.uses_left[id] == 0 {
            return;
        }
        self.chunks[id] = Some(chunk);
        for &c in &self.consumers[id] {
            if self.worker_of[c] == self.me {
                self.waiting_on[c] -= 1;
                if self.waiting_on[c] == 0 {
                    self.ready.push(Reverse(c));
                }
            }
        }
    }

    fn receive(&mut self, m: Message) -> Result<(), DistributedError> {
        match m.body {
            Body::Chunk { task, payload } => {
                let key = || {
                    self.graph
                        .tasks()
                        .get(task)
                        .map_or_else(|| format!("task {task}"), |t| t.key().to_string())
                };
                if task >= self.graph.len() || self.chunks[task].is_some() {
                    return Err(DistributedError::Task {
                        key: key(),
                        worker: m.from,
                        error: TaskError::Internal("an unexpected chunk arrived".into()),
                    });
                }
                let chunk = payload.decode().map_err(|error| DistributedError::Task {
                    key: key(),
                    worker: m.from,
                    error,
                })?;
                self.arrivals_left = self.arrivals_left.saturating_sub(1);
                self.arrive(task, Arc::from(chunk));
                Ok(())
            }
            Body::Failed { key, error } => Err(match error.into_task() {
                Some(error) => DistributedError::Task {
                    key,
                    worker: m.from,
                    error,
                },
                None => DistributedError::Unsupported { key },
            }),
            Body::Done { sent, tasks } => {
                self.dones_left = self.dones_left.saturating_sub(1);
                if let Some(t) = self.tasks_run.get_mut(m.from) {
                    *t = tasks;
                }
                self.sent.extend(sent);
                Ok(())
            }
        }
    }

    /// Tells every other worker that this compute failed, unless the failure came from them.
    fn broadcast_failure(&self, input: &mut Sender, error: &DistributedError) {
        let (key, wire) = match error {
            DistributedError::Task { key, worker, error } if *worker == self.me => {
                (key.clone(), WireError::from_task(error))
            }
            DistributedError::Unsupported { key } => (key.clone(), WireError::Unsupported),
            _ => return,
        };
        for to in (0..self.peers).filter(|&w| w != self.me) {
            input.send(Message {
                to,
                from: self.me,
                body: Body::Failed {
                    key: key.clone(),
                    error: wire.clone(),
                },
            });
        }
        deliver(input);
    }

    fn outputs(&self) -> Result<Vec<Shared>, DistributedError> {
        self.graph
            .outputs()
            .iter()
            .map(|&o| {
                self.chunks[o]
                    .clone()
                    .ok_or_else(|| DistributedError::Task {
                        key: self.graph.tasks()[o].key().to_string(),
                        worker: self.me,
                        error: TaskError::Internal("an output chunk is missing".into()),
                    })
            })
            .collect()
    }

    fn report(&self, graph: &Graph) -> Report {
        Report {
            workers_per_process: self.workers_per_process,
            worker_of: self.worker_of.clone(),
            outputs: graph.outputs().to_vec(),
            keys: graph.tasks().iter().map(|t| t.key().to_string()).collect(),
            tasks_per_worker: self.tasks_run.clone(),
            sent: self.sent.clone(),
        }
    }
}
