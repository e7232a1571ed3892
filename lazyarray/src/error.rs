//! Typed errors, one per kind of operation; every message names the values involved.

use thiserror::Error;

// ANCHOR: chunk_error
/// Chunks that do not fit a shape (creation, `rechunk`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChunkError {
    /// A block size of zero or below (other than `-1`, the whole axis).
    #[error("chunk size {size} on axis {axis} must be positive (or -1 for the whole axis)")]
    NonPositive {
        /// The axis.
        axis: usize,
        /// The size given.
        size: i64,
    },
    /// Explicit block sizes that do not add up to the axis length.
    #[error("chunks {sizes:?} on axis {axis} add up to {total}, but the axis has length {len}")]
    WrongSum {
        /// The axis.
        axis: usize,
        /// The sizes given.
        sizes: Vec<usize>,
        /// Their sum.
        total: usize,
        /// The axis length.
        len: usize,
    },
    /// A chunk rule per axis, but not as many rules as axes.
    #[error("chunks for {chunk_ndim} axes given for an array of shape {shape:?}")]
    WrongNdim {
        /// How many per-axis rules were given.
        chunk_ndim: usize,
        /// The array's shape.
        shape: Vec<usize>,
    },
    /// An argument that makes no array (`arange` with a zero step, `uniform` with `low > high`).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// Chunks that cut the shape into more blocks than can be counted or listed in memory.
    #[error(
        "chunks that cut shape {shape:?} into {numblocks:?} blocks per axis: too many blocks to list"
    )]
    TooManyBlocks {
        /// The array's shape.
        shape: Vec<usize>,
        /// Blocks along every axis.
        numblocks: Vec<usize>,
    },
    /// Explicit block sizes whose sum does not fit in a `usize`.
    #[error("chunks {sizes:?} on axis {axis} add up to more than usize::MAX")]
    SumOverflow {
        /// The axis.
        axis: usize,
        /// The sizes given.
        sizes: Vec<usize>,
    },
    /// A shape whose number of bytes does not fit in a `usize` (dask's `nbytes`).
    #[error(
        "an array of shape {shape:?} with {itemsize}-byte elements has more than usize::MAX bytes"
    )]
    TooLarge {
        /// The array's shape.
        shape: Vec<usize>,
        /// Bytes per element.
        itemsize: usize,
    },
}
// ANCHOR_END: chunk_error

/// Two arrays whose shapes do not fit an elementwise operation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("shapes {left:?} and {right:?} do not match for `{op}`")]
pub struct ShapeError {
    /// The operation (`add`, `mul`, ...).
    pub op: &'static str,
    /// The left array's shape.
    pub left: Vec<usize>,
    /// The right array's shape.
    pub right: Vec<usize>,
}

/// An axis that the array does not have (reductions, `transpose`, indexing).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AxisError {
    /// The axis is not below the number of dimensions.
    #[error("axis {axis} is out of range for an array with {ndim} dimensions")]
    OutOfRange {
        /// The axis given.
        axis: usize,
        /// The array's number of dimensions.
        ndim: usize,
    },
    /// The same axis twice.
    #[error("axis {axis} is given more than once")]
    Repeated {
        /// The repeated axis.
        axis: usize,
    },
    /// `transpose` needs every axis exactly once.
    #[error("axes {axes:?} are not a permutation of 0..{ndim}")]
    NotAPermutation {
        /// The axes given.
        axes: Vec<usize>,
        /// The array's number of dimensions.
        ndim: usize,
    },
    /// A reduction with `split_every` below 2 would never finish.
    #[error("split_every must be at least 2, got {0}")]
    SplitEvery(usize),
    /// A negative axis below `-ndim`.
    #[error("axis {axis} is out of range for an array with {ndim} dimensions")]
    NegativeOutOfRange {
        /// The axis given.
        axis: isize,
        /// The array's number of dimensions.
        ndim: usize,
    },
    /// `argmin`/`argmax` run over every axis or exactly one.
    #[error("argmin and argmax take one axis or none, got {0}")]
    ArgAxes(usize),
    /// `squeeze` of an axis whose length is not 1.
    #[error("cannot squeeze axis {axis} of length {len}: only axes of length 1")]
    NotLengthOne {
        /// The axis.
        axis: usize,
        /// Its length.
        len: usize,
    },
}

/// Why `tensordot`, `dot` or `matmul` cannot contract two arrays.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TensordotError {
    /// An axis out of range or given twice.
    #[error(transparent)]
    Axis(#[from] AxisError),
    /// Not as many axes for one array as for the other.
    #[error("{left} axes of the left array paired with {right} of the right one")]
    AxesCount {
        /// Axes given for the left array.
        left: usize,
        /// Axes given for the right array.
        right: usize,
    },
    /// Paired axes of different lengths.
    #[error(
        "axis {left_axis} (length {left}) cannot be contracted with axis {right_axis} (length {right})"
    )]
    Lengths {
        /// The left array's axis.
        left_axis: usize,
        /// Its length.
        left: usize,
        /// The right array's axis.
        right_axis: usize,
        /// Its length.
        right: usize,
    },
    /// `matmul` of a 0-d array or of stacks of matrices (more than 2 dimensions).
    #[error("matmul of shapes {left:?} and {right:?}: only 1-d and 2-d arrays")]
    Matmul {
        /// The left shape.
        left: Vec<usize>,
        /// The right shape.
        right: Vec<usize>,
    },
    /// `dot` with a 0-d array multiplies, and the shapes did not broadcast.
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// Why `concatenate` or `stack` cannot join arrays.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConcatError {
    /// No arrays to join.
    #[error("need at least one array to join")]
    NoArrays,
    /// An axis out of range.
    #[error(transparent)]
    Axis(#[from] AxisError),
    /// Shapes that differ along an axis other than the joined one (or at all, for `stack`).
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// A bad index or slice.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IndexError {
    /// An integer index outside `-len..len`.
    #[error("index {index} is out of bounds for axis {axis} with length {len}")]
    OutOfBounds {
        /// The index given.
        index: isize,
        /// The axis.
        axis: usize,
        /// The axis length.
        len: usize,
    },
    /// An axis that does not exist.
    #[error(transparent)]
    Axis(#[from] AxisError),
    /// A step of zero.
    #[error("slice step {step} on axis {axis} must not be zero")]
    Step {
        /// The axis.
        axis: usize,
        /// The step given.
        step: isize,
    },
    /// More slices than axes.
    #[error("{given} slices given for an array with {ndim} dimensions")]
    TooManySlices {
        /// How many slices.
        given: usize,
        /// The array's number of dimensions.
        ndim: usize,
    },
}

/// Why a task failed while computing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TaskError {
    /// The task's code panicked (a `map` closure, say); the panic message.
    #[error("panicked: {0}")]
    Panicked(String),
    /// `map_blocks` returned a block of another shape.
    #[error("map_blocks returned a block of shape {got:?}, expected {expected:?}")]
    BlockShape {
        /// The block's shape.
        expected: Vec<usize>,
        /// What the function returned.
        got: Vec<usize>,
    },
    /// A storage task could not read or write its chunk: where (a path, or `target N` of a
    /// `store`), which chunk, and the storage's message.
    #[error("chunk {chunk:?} of {path}: {message}")]
    Storage {
        /// The file or directory, or `target N`.
        path: String,
        /// The chunk's block index.
        chunk: Vec<usize>,
        /// What the storage said.
        message: String,
    },
    /// An input chunk was not of the type the task expected: a bug in lazyarray.
    #[error("internal error: {0}")]
    Internal(String),
    /// A reduction with no identity (`min`, `max`, `argmin`, `argmax`) over no elements,
    /// an error in NumPy and dask too.
    #[error("zero-size array to reduction operation {op}, which has no identity")]
    EmptyReduction {
        /// The reduction.
        op: &'static str,
    },
}

/// Why `compute` failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ComputeError {
    /// A task failed; the first failure stops the compute.
    #[error("task {key} failed: {error}")]
    Task {
        /// The failing task's key.
        key: String,
        /// What went wrong.
        error: TaskError,
    },
    /// `compute_scalar` on an array that is not 0-dimensional.
    #[error("compute_scalar needs a 0-d array, this one has shape {shape:?}")]
    NotScalar {
        /// The array's shape.
        shape: Vec<usize>,
    },
    /// `workers(0)`.
    #[error("a parallel compute needs at least one worker, got {0}")]
    ZeroWorkers(usize),
    /// The worker threads for a parallel compute could not start.
    #[error("could not start {workers} workers: {message}")]
    Pool {
        /// How many workers were asked for.
        workers: usize,
        /// The operating system's message.
        message: String,
    },
    /// The memory estimate exceeds the compute's memory limit.
    #[error(transparent)]
    MemoryLimit(#[from] crate::diagnostics::MemoryLimitError),
    /// A task's chunk (or the assembled result) is larger than the compute's chunk limit
    /// ([`ComputeOptions::chunk_limit`](crate::ComputeOptions::chunk_limit)), checked before
    /// anything runs, so an allocation that cannot succeed is refused instead of aborting.
    #[error("{key} needs a chunk of {bytes} bytes, above the chunk limit of {limit} bytes")]
    ChunkTooLarge {
        /// The task's key (or the array's name for the assembled result).
        key: String,
        /// The bytes it needs.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
}
