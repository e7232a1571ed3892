//! [`IMap`] and [`IMapUnordered`]: results streamed back while the input is read lazily.
//!
//! The input iterator runs on the thread that iterates the results, inside `next`, never on a
//! worker: so an input that itself calls the pool works, and an input that never ends is fine.
//! Each `next` first tops the pool up to a bounded number of chunks ahead of the consumer
//! (twice the number of workers: one running and one queued per worker), then waits for a
//! result. Memory stays bounded by that many chunks, whatever the input's length; CPython's
//! `imap` instead reads its whole input ahead on a task thread.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};

use super::chunk::{ChunkOutcome, Reporter, Sink};
use super::lock;
use super::worker::Job;
use crate::error::{TaskError, TaskErrorKind, TimeoutError};
use crate::unwind::{drop_each, drop_quietly, take_message};

/// The pool's job queue as the pool holds it: `None` once closed or terminated.
pub(crate) type Queue = Arc<Mutex<Option<Sender<Job>>>>;

/// A chunk's vector reserves at most this many items up front: the chunk size is the
/// caller's, and may be far larger than the input (`usize::MAX` for "everything").
const PREALLOCATE: usize = 1024;

/// Feeds one `imap`'s chunks to the pool, a bounded number ahead of its consumer.
struct Feed<I: Iterator, R> {
    /// `None` once it ended, panicked, or the pool closed.
    input: Option<I>,
    f: Arc<dyn Fn(I::Item) -> R + Send + Sync>,
    queue: Queue,
    tx: Sender<ChunkOutcome<R>>,
    rx: Receiver<ChunkOutcome<R>>,
    chunksize: usize,
    /// Items taken from the input so far: the index of the next chunk's first item.
    taken: usize,
    /// Chunks sent whose outcome has not arrived.
    in_flight: usize,
    /// The most chunks in flight or arrived but not yet handed out.
    ahead: usize,
    /// Why the input stopped before its end, reported after every result before it.
    end: Option<TaskError>,
}

impl<I, R> Feed<I, R>
where
    I: Iterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
    fn new(
        queue: Queue,
        f: Arc<dyn Fn(I::Item) -> R + Send + Sync>,
        input: I,
        chunksize: usize,
        workers: usize,
    ) -> Self {
        let (tx, rx) = unbounded();
        Feed {
            input: Some(input),
            f,
            queue,
            tx,
            rx,
            chunksize,
            taken: 0,
            in_flight: 0,
            ahead: workers.saturating_mul(2).max(2),
            end: None,
        }
    }

    /// Sends chunks until `held` (chunks arrived but not handed out) plus those in flight
    /// reach the bound, or the input ends.
    fn fill(&mut self, held: usize) {
        while self.in_flight + held < self.ahead && self.send_next() {}
    }

    /// Takes the next chunk from the input and sends it; `false` when nothing more will be
    /// sent. A panicking input ends the feed after the items it gave before the panic.
    fn send_next(&mut self) -> bool {
        let Some(input) = self.input.as_mut() else {
            return false;
        };
        let chunksize = self.chunksize;
        let mut chunk = Vec::with_capacity(chunksize.min(PREALLOCATE));
        let read = catch_unwind(AssertUnwindSafe(|| {
            while chunk.len() < chunksize {
                match input.next() {
                    Some(item) => chunk.push(item),
                    None => return false,
                }
            }
            true
        }));
        let more = read.unwrap_or_else(|payload| {
            let index = self.taken + chunk.len();
            let kind = TaskErrorKind::InputPanicked(take_message(payload));
            self.end = Some(TaskError::new(index, kind));
            false
        });
        if !more {
            drop_quietly(self.input.take());
        }
        if chunk.is_empty() {
            return false;
        }
        let (start, len) = (self.taken, chunk.len());
        let queue = lock(&self.queue);
        let Some(jobs) = queue.as_ref() else {
            // The pool was closed: what is left of the input does not run.
            drop(queue);
            self.end = Some(TaskError::new(start, TaskErrorKind::Terminated));
            drop_each(chunk);
            drop_quietly(self.input.take());
            return false;
        };
        let reporter = Reporter::new(Sink::Channel(self.tx.clone()), start, len);
        let f = Arc::clone(&self.f);
        let job: Job = Box::new(move || reporter.report(ChunkOutcome::run(&*f, start, chunk, 0)));
        // The workers hold the receiving side for as long as the pool lives; if the send
        // failed anyway, the job drops here and its reporter says its tasks were terminated.
        let _ = jobs.send(job);
        self.taken += len;
        self.in_flight += 1;
        more
    }

    /// The next chunk to arrive, by `deadline` if there is one.
    fn recv(&mut self, deadline: Option<Instant>) -> Result<ChunkOutcome<R>, TimeoutError> {
        let outcome = match deadline {
            None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => self.rx.recv_deadline(deadline),
        };
        match outcome {
            Ok(outcome) => {
                self.in_flight -= 1;
                Ok(outcome)
            }
            Err(RecvTimeoutError::Timeout) => Err(TimeoutError),
            // We hold a sender ourselves, so the channel cannot disconnect.
            Err(RecvTimeoutError::Disconnected) => unreachable!("the feed holds a sender"),
        }
    }

    /// What the input may still give, as a `size_hint`.
    fn input_hint(&self) -> (usize, Option<usize>) {
        let (low, high) = self
            .input
            .as_ref()
            .map_or((0, Some(0)), Iterator::size_hint);
        let end = usize::from(self.end.is_some());
        (
            low.saturating_add(end),
            high.and_then(|h| h.checked_add(end)),
        )
    }
}

/// Adds `n` to both ends of a `size_hint`.
fn plus((low, high): (usize, Option<usize>), n: usize) -> (usize, Option<usize>) {
    (low.saturating_add(n), high.and_then(|h| h.checked_add(n)))
}

/// Results of [`Pool::imap`](crate::Pool::imap), in input order, each as soon as it and every
/// result before it are ready.
///
/// Reading the results drives the input: see [`Pool::imap`](crate::Pool::imap). It is an
/// [`ExactSizeIterator`] when the input is one, so a progress bar can show how far it got.
/// Its `size_hint` is the input's plus the results on their way, so, like the input's own,
/// it holds only while nothing stops the input early (a panic in it, or closing the pool).
pub struct IMap<I: Iterator, R> {
    feed: Feed<I, R>,
    /// Chunks that arrived ahead of their turn, by start index.
    waiting: BTreeMap<usize, ChunkOutcome<R>>,
    ready: VecDeque<Result<R, TaskError>>,
    /// The index of the first item not yet moved to `ready`.
    next: usize,
}

impl<I: Iterator, R> fmt::Debug for IMap<I, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IMap")
            .field("next", &self.next)
            .field("taken", &self.feed.taken)
            .finish_non_exhaustive()
    }
}

impl<I, R> IMap<I, R>
where
    I: Iterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
    pub(crate) fn new(
        queue: Queue,
        f: Arc<dyn Fn(I::Item) -> R + Send + Sync>,
        input: I,
        chunksize: usize,
        workers: usize,
    ) -> Self {
        let mut feed = Feed::new(queue, f, input, chunksize, workers);
        feed.fill(0);
        IMap {
            feed,
            waiting: BTreeMap::new(),
            ready: VecDeque::new(),
            next: 0,
        }
    }

    /// The next result, waiting at most `timeout` for it (Python's `next(timeout)`).
    ///
    /// `Ok(None)` once every result was given; `Err(TimeoutError)` if the next one was not
    /// ready in time, and then the iterator is unchanged: call it again to keep waiting.
    ///
    /// ```
    /// use std::time::Duration;
    /// use multiprocessing::{Pool, TimeoutError};
    ///
    /// let pool = Pool::new(1)?;
    /// let (go, gate) = crossbeam_channel::bounded::<()>(0);
    /// let mut results = pool.imap(move |x: u32| { gate.recv().unwrap(); x }, [7])?;
    /// assert_eq!(results.next_timeout(Duration::from_millis(10)), Err(TimeoutError));
    /// go.send(())?;
    /// assert_eq!(results.next_timeout(Duration::from_secs(60)), Ok(Some(Ok(7))));
    /// assert_eq!(results.next_timeout(Duration::from_secs(60)), Ok(None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<Result<R, TaskError>>, TimeoutError> {
        self.next_by(Instant::now().checked_add(timeout))
    }

    fn next_by(
        &mut self,
        deadline: Option<Instant>,
    ) -> Result<Option<Result<R, TaskError>>, TimeoutError> {
        loop {
            if let Some(result) = self.ready.pop_front() {
                return Ok(Some(result));
            }
            self.feed.fill(self.waiting.len());
            if let Some(outcome) = self.waiting.remove(&self.next) {
                self.next += outcome.len;
                self.ready.extend(outcome.into_results());
                continue;
            }
            if self.feed.in_flight == 0 {
                // Every chunk sent was handed out: what is left is why the input stopped.
                return Ok(self.feed.end.take().map(Err));
            }
            let outcome = self.feed.recv(deadline)?;
            self.waiting.insert(outcome.start, outcome);
        }
    }
}

impl<I, R> Iterator for IMap<I, R>
where
    I: Iterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
    type Item = Result<R, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        // Without a deadline there is no timeout.
        self.next_by(None).unwrap_or(None)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let sent = self.feed.taken - self.next;
        plus(self.feed.input_hint(), self.ready.len() + sent)
    }
}

impl<I, R> ExactSizeIterator for IMap<I, R>
where
    I: ExactSizeIterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
}

impl<I: Iterator, R> Drop for IMap<I, R> {
    /// Results nobody took are dropped one at a time, quietly (see `unwind`). Chunks still in
    /// the pool run to the end; their results are dropped where they finish.
    fn drop(&mut self) {
        drop_each(self.ready.drain(..));
    }
}

/// Results of [`Pool::imap_unordered`](crate::Pool::imap_unordered), in the order chunks
/// finish. Each result's task index is in its error, or use [`Pool::imap`](crate::Pool::imap)
/// when the order matters. Reading the results drives the input, as for [`IMap`].
pub struct IMapUnordered<I: Iterator, R> {
    feed: Feed<I, R>,
    ready: VecDeque<Result<R, TaskError>>,
    /// Items whose results were moved to `ready`.
    moved: usize,
}

impl<I: Iterator, R> fmt::Debug for IMapUnordered<I, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IMapUnordered")
            .field("moved", &self.moved)
            .field("taken", &self.feed.taken)
            .finish_non_exhaustive()
    }
}

impl<I, R> IMapUnordered<I, R>
where
    I: Iterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
    pub(crate) fn new(
        queue: Queue,
        f: Arc<dyn Fn(I::Item) -> R + Send + Sync>,
        input: I,
        chunksize: usize,
        workers: usize,
    ) -> Self {
        let mut feed = Feed::new(queue, f, input, chunksize, workers);
        feed.fill(0);
        IMapUnordered {
            feed,
            ready: VecDeque::new(),
            moved: 0,
        }
    }

    /// The next result to finish, waiting at most `timeout` for it; see
    /// [`IMap::next_timeout`].
    pub fn next_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<Result<R, TaskError>>, TimeoutError> {
        self.next_by(Instant::now().checked_add(timeout))
    }

    fn next_by(
        &mut self,
        deadline: Option<Instant>,
    ) -> Result<Option<Result<R, TaskError>>, TimeoutError> {
        loop {
            if let Some(result) = self.ready.pop_front() {
                return Ok(Some(result));
            }
            self.feed.fill(0);
            if self.feed.in_flight == 0 {
                return Ok(self.feed.end.take().map(Err));
            }
            let outcome = self.feed.recv(deadline)?;
            self.moved += outcome.len;
            self.ready.extend(outcome.into_results());
        }
    }
}

impl<I, R> Iterator for IMapUnordered<I, R>
where
    I: Iterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
    type Item = Result<R, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        // Without a deadline there is no timeout.
        self.next_by(None).unwrap_or(None)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let sent = self.feed.taken - self.moved;
        plus(self.feed.input_hint(), self.ready.len() + sent)
    }
}

impl<I, R> ExactSizeIterator for IMapUnordered<I, R>
where
    I: ExactSizeIterator,
    I::Item: Send + 'static,
    R: Send + 'static,
{
}

impl<I: Iterator, R> Drop for IMapUnordered<I, R> {
    /// Results nobody took are dropped one at a time, quietly (see `unwind`).
    fn drop(&mut self) {
        drop_each(self.ready.drain(..));
    }
}
