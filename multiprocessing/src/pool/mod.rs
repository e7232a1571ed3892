//! The thread-backed [`Pool`]: worker threads that take jobs from one shared channel.

mod builder;
mod callbacks;
mod chunk;
mod handle;
mod imap;
mod scoped;
mod starmap;
mod worker;

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crossbeam_channel::{Sender, unbounded};

pub use self::builder::PoolBuilder;
pub use self::callbacks::AsyncOptions;
pub use self::chunk::default_chunksize;
pub use self::handle::AsyncResult;
pub use self::imap::{IMap, IMapUnordered};
pub use self::starmap::StarFn;

use self::callbacks::{Delivery, ResultThread};
use self::chunk::{ChunkOutcome, Gather, Reporter, Sink, split};
use self::imap::Queue;
use self::scoped::{IterInput, SliceInput, map_in_place};
use self::worker::{Job, Shared};
use crate::error::{JoinError, MapError, PoolError, SubmitError, TaskError, TaskErrorKind};
use crate::unwind::take_message;

/// A pool of worker threads, like Python's `multiprocessing.Pool` (see the [crate] docs for a
/// tour).
///
/// Jobs go into one crossbeam channel that every worker receives from, so an idle worker takes
/// the next job. A panicking task becomes that task's [`TaskError`]; the worker and the pool
/// carry on. Dropping the pool closes it and joins its workers (queued work still runs).
pub struct Pool {
    shared: Arc<Shared>,
    /// The job queue's sending side; `None` once closed or terminated. Shared with the
    /// `imap` iterators, which send their chunks as they read their input.
    sender: Queue,
    /// Runs the callbacks of the asynchronous calls.
    results: ResultThread,
    processes: usize,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("processes", &self.processes)
            .field("running", &self.is_running())
            .finish()
    }
}

impl Pool {
    /// The most workers a pool accepts (rayon's limit for its thread pools): a count beyond it
    /// is a mistake, refused with [`PoolError::TooManyWorkers`] before any thread starts.
    pub const MAX_PROCESSES: usize = 0xFFFF;

    /// A pool of `processes` worker threads (Python's `Pool(processes)`).
    ///
    /// Errors with [`PoolError::ZeroWorkers`] if `processes` is 0, with
    /// [`PoolError::TooManyWorkers`] above [`MAX_PROCESSES`](Self::MAX_PROCESSES).
    ///
    /// ```
    /// use multiprocessing::{Pool, PoolError};
    /// assert!(matches!(Pool::new(0), Err(PoolError::ZeroWorkers)));
    /// assert_eq!(Pool::new(3)?.processes(), 3);
    /// # Ok::<(), PoolError>(())
    /// ```
    pub fn new(processes: usize) -> Result<Pool, PoolError> {
        Pool::builder().processes(processes).build()
    }

    /// A builder for worker names, an initializer and `maxtasksperchild`.
    pub fn builder() -> PoolBuilder {
        PoolBuilder::new()
    }

    pub(crate) fn start(
        processes: usize,
        names: worker::NameFn,
        initializer: Option<worker::Initializer>,
        max_tasks: Option<usize>,
    ) -> Result<Pool, PoolError> {
        let (sender, jobs) = unbounded();
        let shared = Arc::new(Shared {
            id: worker::new_pool_id(),
            jobs,
            terminated: AtomicBool::new(false),
            initializer,
            max_tasks,
            names,
            started: AtomicUsize::new(0),
            handles: Mutex::new(Vec::new()),
            #[cfg(test)]
            refuse_spawns: AtomicBool::new(false),
        });
        let pool = Pool {
            shared,
            sender: Arc::new(Mutex::new(Some(sender))),
            results: ResultThread::default(),
            processes,
        };
        for _ in 0..processes {
            // On failure `pool` drops here, which closes it and joins the workers already up.
            pool.shared.spawn()?;
        }
        Ok(pool)
    }

    /// The number of workers.
    pub fn processes(&self) -> usize {
        self.processes
    }

    fn is_running(&self) -> bool {
        self.lock_sender().is_some()
    }

    fn lock_sender(&self) -> std::sync::MutexGuard<'_, Option<Sender<Job>>> {
        lock(&self.sender)
    }

    /// A sender for the job queue, or `NotRunning`. Holding a clone keeps the workers alive
    /// until the jobs sent through it are queued, even if `close` runs meanwhile.
    fn sender(&self) -> Result<Sender<Job>, SubmitError> {
        self.lock_sender().clone().ok_or(SubmitError::NotRunning)
    }

    /// Applies `f` to every item and returns the results in input order (Python's `map`), with
    /// Python's default chunk size ([`default_chunksize`]).
    ///
    /// `f` and the items may borrow from the caller (Python cannot do that): `map` returns only
    /// after every chunk has finished. If tasks panic, the error names the first failed task
    /// (by index) and its panic message, and is returned once every chunk is done; the other
    /// tasks still ran.
    ///
    /// As in Python, a task must not wait on a `map` of its own pool: when every worker waits,
    /// none is left to run the inner tasks.
    ///
    /// ```
    /// use multiprocessing::Pool;
    ///
    /// let pool = Pool::new(2)?;
    /// let words = vec!["a".to_string(), "bb".to_string()];
    /// let suffix = String::from("!"); // borrowed by the closure, not moved
    /// let shouted = pool.map(|w: &String| format!("{w}{suffix}"), &words)?;
    /// assert_eq!(shouted, ["a!", "bb!"]);
    ///
    /// let err = pool.map(|x: i32| if x == 3 { panic!("three") } else { x }, 0..6).unwrap_err();
    /// assert_eq!(err.task_error().unwrap().index(), 3);
    /// assert_eq!(err.task_error().unwrap().panic_message(), Some("three"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # The iterator runs on the workers
    ///
    /// Each worker takes its next chunk's items from `items` itself, under a lock, so the
    /// copying of the items is spread over the workers instead of being done on the calling
    /// thread before they can start (for a trivial `f` that copy costs about as much as the
    /// mapping). That is why the iterator must be [`Send`]. Nearly every
    /// iterator over `Send` items is; one that captures something tied to the calling thread,
    /// such as an `Rc` or a `Cell`, is not:
    ///
    /// ```compile_fail,E0277
    /// # use multiprocessing::Pool;
    /// # let pool = Pool::new(2).unwrap();
    /// let offset = std::rc::Rc::new(10);
    /// // error: the iterator (its closure borrows the `Rc`) cannot go to another thread
    /// let _ = pool.map(|x: i32| x * 2, (0..4).map(|x| x + *offset));
    /// ```
    ///
    /// Collect such an iterator first: a `Vec` of `Send` items is `Send`. (A separate path
    /// that keeps non-`Send` iterators on the calling thread would cost a second method for
    /// this rare case, and `collect` does the same copy that path would do.)
    ///
    /// ```
    /// # use multiprocessing::Pool;
    /// # let pool = Pool::new(2)?;
    /// let offset = std::rc::Rc::new(10);
    /// let items: Vec<i32> = (0..4).map(|x| x + *offset).collect();
    /// assert_eq!(pool.map(|x: i32| x * 2, items)?, [20, 22, 24, 26]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// If the iterator panics, the chunks already taken finish and the panic continues in the
    /// caller, as if the caller had run the iterator itself. An iterator with an unknown
    /// length (`size_hint` not exact, e.g. after `filter`) is collected on the calling
    /// thread first, since Python's chunk size rule needs the length.
    pub fn map<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T, IntoIter: Send>,
    ) -> Result<Vec<R>, MapError>
    where
        F: Fn(T) -> R + Sync,
        T: Send,
        R: Send,
    {
        self.map_scoped(&f, items, None)
    }

    /// `map` with `chunksize`, or Python's default for `None` (see `scoped.rs`).
    fn map_scoped<T, R, F>(
        &self,
        f: &F,
        items: impl IntoIterator<Item = T, IntoIter: Send>,
        chunksize: Option<usize>,
    ) -> Result<Vec<R>, MapError>
    where
        F: Fn(T) -> R + Sync,
        T: Send,
        R: Send,
    {
        let sender = self.sender()?;
        let mut items = items.into_iter();
        let chunksize_for =
            |len| chunksize.unwrap_or_else(|| default_chunksize(len, self.processes));
        let mut out = match items.size_hint() {
            // The length is known (a slice, a range, a `Vec`): the workers take the items
            // straight from the iterator.
            (low, Some(high)) if low == high => {
                let input = IterInput(items.by_ref());
                map_in_place(&sender, f, input, low, chunksize_for(low), 0)?
            }
            // Python's rule (and the output's size) needs the length first.
            _ => {
                let all: Vec<T> = items.by_ref().collect();
                let len = all.len();
                let input = IterInput(all.into_iter());
                map_in_place(&sender, f, input, len, chunksize_for(len), 0)?
            }
        };
        // An iterator whose exact `size_hint` undercounted still has items: map them too,
        // rather than drop them.
        let mut leftover = items.peekable();
        while leftover.peek().is_some() {
            let more: Vec<T> = leftover.by_ref().collect();
            let (len, base) = (more.len(), out.len());
            out.extend(map_in_place(
                &sender,
                f,
                IterInput(more.into_iter()),
                len,
                chunksize_for(len),
                base,
            )?);
        }
        Ok(out)
    }

    /// [`map`](Self::map) for a borrowed slice, without copying the items into chunks: each
    /// chunk is a sub-slice (the fast path for data already in memory, like rayon's
    /// `par_iter`). Python's default chunk size.
    ///
    /// `map(f, &data)` sees only an iterator, so its workers move each chunk's items (here
    /// references, one pointer each) out of it, one chunk at a time, before mapping them. For
    /// a function as cheap as a multiplication that extra write of every item is a large part
    /// of the work; `map_slice` skips it (`BENCHMARKS.md` in the crate has the figures).
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let data: Vec<u64> = (0..1000).collect();
    /// let doubled = pool.map_slice(|x: &u64| 2 * x, &data)?;
    /// assert_eq!(doubled[999], 1998);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map_slice<'a, T, R, F>(&self, f: F, items: &'a [T]) -> Result<Vec<R>, MapError>
    where
        F: Fn(&'a T) -> R + Sync,
        T: Sync,
        R: Send,
    {
        let sender = self.sender()?;
        let chunksize = default_chunksize(items.len(), self.processes);
        // Each chunk is a sub-slice: nothing to copy.
        map_in_place(&sender, &f, SliceInput(items), items.len(), chunksize, 0)
    }

    /// [`map`](Self::map) with an explicit chunk size (Python's `map(f, items, chunksize)`).
    ///
    /// Errors with [`SubmitError::ZeroChunkSize`] if `chunksize` is 0.
    pub fn map_chunked<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T, IntoIter: Send>,
        chunksize: usize,
    ) -> Result<Vec<R>, MapError>
    where
        F: Fn(T) -> R + Sync,
        T: Send,
        R: Send,
    {
        if chunksize == 0 {
            return Err(SubmitError::ZeroChunkSize.into());
        }
        self.map_scoped(&f, items, Some(chunksize))
    }

    /// [`map`](Self::map) for functions of several arguments, each item a tuple of them
    /// (Python's `starmap`).
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let powers = pool.starmap(|base: u64, exp: u32| base.pow(exp), [(2, 10), (3, 3)])?;
    /// assert_eq!(powers, [1024, 27]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn starmap<Args, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = Args, IntoIter: Send>,
    ) -> Result<Vec<F::Output>, MapError>
    where
        F: StarFn<Args> + Sync,
        Args: Send,
        F::Output: Send,
    {
        self.map(|args| f.call(args), items)
    }

    /// [`starmap`](Self::starmap) with an explicit chunk size (Python's
    /// `starmap(f, items, chunksize)`).
    ///
    /// Errors with [`SubmitError::ZeroChunkSize`] if `chunksize` is 0.
    pub fn starmap_chunked<Args, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = Args, IntoIter: Send>,
        chunksize: usize,
    ) -> Result<Vec<F::Output>, MapError>
    where
        F: StarFn<Args> + Sync,
        Args: Send,
        F::Output: Send,
    {
        self.map_chunked(|args| f.call(args), items, chunksize)
    }

    /// Runs `f` on a worker and waits for its result (Python's `apply`).
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(1)?;
    /// let name = pool.apply(|| std::thread::current().name().map(String::from))?;
    /// assert_eq!(name.as_deref(), Some("PoolWorker-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply<R, F>(&self, f: F) -> Result<R, MapError>
    where
        F: FnOnce() -> R + Send,
        R: Send,
    {
        // `map` wants an `Fn` that can be shared; the mutex lends our `FnOnce` to one call.
        let f = Mutex::new(Some(f));
        let run_once = |()| {
            let f = lock(&f).take();
            (f.expect("apply runs its function once"))()
        };
        let mut values = self.map_scoped(&run_once, [()], Some(1))?;
        Ok(values.pop().expect("one task, one value"))
    }

    /// Starts `f` on a worker and returns a handle to its result (Python's `apply_async`).
    pub fn apply_async<R, F>(&self, f: F) -> Result<AsyncResult<R>, SubmitError>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.apply_async_with(f, AsyncOptions::new())
    }

    /// [`apply_async`](Self::apply_async) with Python's `callback` and `error_callback`
    /// ([`AsyncOptions`]; its chunk size does not apply to one task).
    ///
    /// ```
    /// use multiprocessing::{AsyncOptions, Pool, TaskErrorKind};
    ///
    /// let pool = Pool::new(2)?;
    /// let (tx, rx) = crossbeam_channel::unbounded();
    /// let options = AsyncOptions::new()
    ///     .error_callback(move |e: &multiprocessing::TaskError| tx.send(e.to_string()).unwrap());
    /// let handle = pool.apply_async_with(|| -> u32 { panic!("no luck") }, options)?;
    /// assert!(handle.get().is_err());
    /// assert_eq!(rx.recv()?, "task 0 panicked: no luck");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_async_with<R, F>(
        &self,
        f: F,
        options: AsyncOptions<R>,
    ) -> Result<AsyncResult<R>, SubmitError>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let sender = self.sender()?;
        let (tx, rx) = crossbeam_channel::bounded(1);
        let delivery = self.results.delivery(self.shared.id, tx, options)?;
        let reply = Reply(Some(delivery));
        let job: Job = Box::new(move || {
            let result = catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
                TaskError::new(0, TaskErrorKind::Panicked(take_message(payload)))
            });
            reply.send(result);
        });
        // If the queue is gone the job drops here and its `Reply` says `Terminated`.
        let _ = sender.send(job);
        Ok(AsyncResult::new(rx))
    }

    /// Starts a [`map`](Self::map) and returns a handle to its whole result (Python's
    /// `map_async`). The items are collected first (as Python does), so the input must end.
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let handle = pool.map_async(|x: u32| x * x, vec![1, 2, 3])?;
    /// assert_eq!(handle.get()?, [1, 4, 9]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map_async<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
    ) -> Result<AsyncResult<Vec<R>>, SubmitError>
    where
        F: Fn(T) -> R + Send + Sync + 'static,
        T: Send + 'static,
        R: Send + 'static,
    {
        self.map_async_with(f, items, AsyncOptions::new())
    }

    /// [`map_async`](Self::map_async) with a chunk size, `callback` and `error_callback`
    /// ([`AsyncOptions`]). The callback gets the whole result, as in Python.
    ///
    /// Errors with [`SubmitError::ZeroChunkSize`] for a chunk size of 0.
    pub fn map_async_with<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        options: AsyncOptions<Vec<R>>,
    ) -> Result<AsyncResult<Vec<R>>, SubmitError>
    where
        F: Fn(T) -> R + Send + Sync + 'static,
        T: Send + 'static,
        R: Send + 'static,
    {
        self.sender()?;
        let items = items.into_iter();
        // Python's chunk size rule needs the length: an iterator that knows it is cut
        // straight into chunks; any other is collected into one vector first.
        let chunks = match items.size_hint() {
            (low, Some(high)) if low == high => {
                split(items, options.chunksize_for(low, self.processes)?)
            }
            _ => {
                let items: Vec<T> = items.collect();
                let chunksize = options.chunksize_for(items.len(), self.processes)?;
                split(items, chunksize)
            }
        };
        let len = chunks.iter().map(|(_, chunk)| chunk.len()).sum();
        let (tx, rx) = crossbeam_channel::bounded(1);
        let delivery = self.results.delivery(self.shared.id, tx, options)?;
        let gather = Arc::new(Gather::new(chunks.len(), len, delivery));
        self.submit(f, chunks, len, |_| Sink::Gather(Arc::clone(&gather)))?;
        Ok(AsyncResult::new(rx))
    }

    /// [`starmap`](Self::starmap), asynchronously (Python's `starmap_async`).
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let handle = pool.starmap_async(|a: u32, b: u32| a * b, vec![(2, 3), (4, 5)])?;
    /// assert_eq!(handle.get()?, [6, 20]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn starmap_async<Args, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = Args>,
    ) -> Result<AsyncResult<Vec<F::Output>>, SubmitError>
    where
        F: StarFn<Args> + Send + Sync + 'static,
        Args: Send + 'static,
        F::Output: Send + 'static,
    {
        self.starmap_async_with(f, items, AsyncOptions::new())
    }

    /// [`starmap_async`](Self::starmap_async) with a chunk size, `callback` and
    /// `error_callback` ([`AsyncOptions`]).
    pub fn starmap_async_with<Args, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = Args>,
        options: AsyncOptions<Vec<F::Output>>,
    ) -> Result<AsyncResult<Vec<F::Output>>, SubmitError>
    where
        F: StarFn<Args> + Send + Sync + 'static,
        Args: Send + 'static,
        F::Output: Send + 'static,
    {
        self.map_async_with(move |args| f.call(args), items, options)
    }

    /// Applies `f` to every item, yielding results in input order as they become ready
    /// (Python's `imap`, chunk size 1).
    ///
    /// The input is read lazily, on the thread that reads the results (inside `next`), never
    /// on a worker: at most twice as many chunks as there are workers are read ahead. So the
    /// input may be endless, or slow, or call this same pool. If the input panics, the
    /// results of the items before it come first, then one
    /// [`TaskErrorKind::InputPanicked`] error, then the end. If the pool is closed before the
    /// input is used up, the rest of the input is not read: one
    /// [`TaskErrorKind::Terminated`] error ends the results.
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let squares: Result<Vec<u32>, _> = pool.imap(|x: u32| x * x, 0..5)?.collect();
    /// assert_eq!(squares?, [0, 1, 4, 9, 16]);
    ///
    /// // An endless input: take what you need.
    /// let first: Vec<u64> = pool.imap(|x: u64| x * x, 0..)?.take(3).map(Result::unwrap).collect();
    /// assert_eq!(first, [0, 1, 4]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn imap<I, R, F>(&self, f: F, items: I) -> Result<IMap<I::IntoIter, R>, SubmitError>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        self.imap_chunked(f, items, 1)
    }

    /// [`imap`](Self::imap) with an explicit chunk size.
    ///
    /// Errors with [`SubmitError::ZeroChunkSize`] if `chunksize` is 0.
    pub fn imap_chunked<I, R, F>(
        &self,
        f: F,
        items: I,
        chunksize: usize,
    ) -> Result<IMap<I::IntoIter, R>, SubmitError>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        self.check_lazy(chunksize)?;
        let queue = Arc::clone(&self.sender);
        Ok(IMap::new(
            queue,
            Arc::new(f),
            items.into_iter(),
            chunksize,
            self.processes,
        ))
    }

    /// Applies `f` to every item, yielding results as they finish (Python's
    /// `imap_unordered`, chunk size 1). The input is read lazily, as for [`imap`](Self::imap).
    ///
    /// ```
    /// use multiprocessing::Pool;
    /// let pool = Pool::new(2)?;
    /// let mut squares: Vec<u32> =
    ///     pool.imap_unordered(|x: u32| x * x, 0..5)?.collect::<Result<_, _>>()?;
    /// squares.sort();
    /// assert_eq!(squares, [0, 1, 4, 9, 16]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn imap_unordered<I, R, F>(
        &self,
        f: F,
        items: I,
    ) -> Result<IMapUnordered<I::IntoIter, R>, SubmitError>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        self.imap_unordered_chunked(f, items, 1)
    }

    /// [`imap_unordered`](Self::imap_unordered) with an explicit chunk size.
    ///
    /// Errors with [`SubmitError::ZeroChunkSize`] if `chunksize` is 0.
    pub fn imap_unordered_chunked<I, R, F>(
        &self,
        f: F,
        items: I,
        chunksize: usize,
    ) -> Result<IMapUnordered<I::IntoIter, R>, SubmitError>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        self.check_lazy(chunksize)?;
        let queue = Arc::clone(&self.sender);
        let input = items.into_iter();
        Ok(IMapUnordered::new(
            queue,
            Arc::new(f),
            input,
            chunksize,
            self.processes,
        ))
    }

    /// What `imap` and `imap_unordered` check before they read anything.
    fn check_lazy(&self, chunksize: usize) -> Result<(), SubmitError> {
        if chunksize == 0 {
            return Err(SubmitError::ZeroChunkSize);
        }
        self.sender().map(drop)
    }

    /// Sends one `'static` job per chunk; the first chunk reserves room for `first_capacity`
    /// values (see `ChunkOutcome::run`).
    fn submit<T, R, F>(
        &self,
        f: F,
        chunks: Vec<(usize, Vec<T>)>,
        first_capacity: usize,
        sink: impl Fn(usize) -> Sink<R>,
    ) -> Result<(), SubmitError>
    where
        F: Fn(T) -> R + Send + Sync + 'static,
        T: Send + 'static,
        R: Send + 'static,
    {
        let sender = self.sender()?;
        let f = Arc::new(f);
        for (start, chunk) in chunks {
            let reporter = Reporter::new(sink(start), start, chunk.len());
            let f = Arc::clone(&f);
            let capacity = if start == 0 { first_capacity } else { 0 };
            let job: Job = Box::new(move || {
                reporter.report(ChunkOutcome::run(&*f, start, chunk, capacity));
            });
            let _ = sender.send(job);
        }
        Ok(())
    }

    /// Stops accepting work; queued work still runs, then the workers end (Python's `close`).
    pub fn close(&self) {
        self.lock_sender().take();
    }

    /// Stops accepting work and drops the queued jobs: their tasks report
    /// [`TaskErrorKind::Terminated`]. Tasks already running finish (a thread cannot be killed
    /// safely; Python kills its worker processes here). Then joins the workers, unless called
    /// from one of this pool's own tasks: there the workers end on their own once their
    /// current tasks finish.
    pub fn terminate(&self) {
        self.shared.terminated.store(true, Ordering::Release);
        self.close();
        let _ = self.join();
    }

    /// Waits for every worker to end (Python's `join`).
    ///
    /// Errors with [`JoinError::StillRunning`] unless [`close`](Self::close) or
    /// [`terminate`](Self::terminate) was called first, and with [`JoinError::FromWorker`]
    /// when called from one of this pool's own tasks (a worker cannot wait for itself).
    ///
    /// ```
    /// use multiprocessing::{JoinError, Pool};
    /// let pool = Pool::new(2)?;
    /// assert_eq!(pool.join(), Err(JoinError::StillRunning));
    /// pool.close();
    /// assert_eq!(pool.join(), Ok(()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn join(&self) -> Result<(), JoinError> {
        if self.is_running() {
            return Err(JoinError::StillRunning);
        }
        if worker::on_pool_thread(self.shared.id) {
            return Err(JoinError::FromWorker);
        }
        // Every running worker's handle is in the list, or is being joined here, or belongs
        // to a worker whose creator is still running: a retiring worker pushes its
        // replacement's handle before it ends. So once the list is empty after a join, every
        // worker has ended.
        loop {
            let handle = lock(&self.shared.handles).pop();
            match handle {
                // Workers catch every panic, so a join error cannot carry a task's panic.
                Some(handle) => {
                    let _ = handle.join();
                }
                None => break,
            }
        }
        // No job is left to deliver a result: the result thread can end.
        self.results.join(self.shared.id);
        Ok(())
    }
}

impl Drop for Pool {
    /// Closes the pool and joins its workers: queued work finishes first. Dropped inside one
    /// of its own tasks, it only closes: the workers end on their own once the queue is empty.
    fn drop(&mut self) {
        self.close();
        let _ = self.join();
    }
}

/// Delivers `apply_async`'s result exactly once: from the job, or from `Drop` if the job was
/// dropped without running (the pool was terminated).
struct Reply<R: Send + 'static>(Option<Delivery<R>>);

impl<R: Send + 'static> Reply<R> {
    fn send(mut self, result: Result<R, TaskError>) {
        if let Some(delivery) = self.0.take() {
            delivery.deliver(result);
        }
    }
}

impl<R: Send + 'static> Drop for Reply<R> {
    fn drop(&mut self) {
        if let Some(delivery) = self.0.take() {
            delivery.deliver(Err(TaskError::new(0, TaskErrorKind::Terminated)));
        }
    }
}

/// Locks `mutex`, even if a thread panicked while holding it. The pool's locks guard only its
/// own bookkeeping, and tasks' panics are caught before they can reach it, so the state behind
/// a poisoned lock is still consistent: carry on rather than turn one panic into many.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
