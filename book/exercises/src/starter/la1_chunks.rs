//! Normalising chunk specifications. The task, its tests and hints are on the page
//! `book/src/exercises/la1_chunks.md`.

use std::fmt;

// ANCHOR: spec
/// How one axis is cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AxisChunks {
    /// Chunks of this many elements; the last one takes the remainder.
    Size(usize),
    /// One chunk spanning the whole axis (dask's `-1`).
    Whole,
    /// Explicit sizes, which must add up to the axis length.
    Explicit(Vec<usize>),
}

/// Why a chunk specification does not fit a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkError {
    /// One specification per axis is needed.
    WrongRank {
        /// The array's number of axes.
        shape_axes: usize,
        /// The number of axis specifications given.
        chunk_axes: usize,
    },
    /// `Size(0)`: chunks must hold at least one element.
    ZeroSize {
        /// The offending axis.
        axis: usize,
    },
    /// Explicit sizes that do not add up to the axis length.
    DoesNotAddUp {
        /// The offending axis.
        axis: usize,
        /// The sum of the sizes given.
        sum: usize,
        /// The axis length.
        len: usize,
    },
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkError::WrongRank {
                shape_axes,
                chunk_axes,
            } => write!(
                f,
                "chunks have {chunk_axes} axes but the shape has {shape_axes}"
            ),
            ChunkError::ZeroSize { axis } => write!(f, "chunk size 0 on axis {axis}"),
            ChunkError::DoesNotAddUp { axis, sum, len } => write!(
                f,
                "chunks on axis {axis} add up to {sum}, but the axis has length {len}"
            ),
        }
    }
}

impl std::error::Error for ChunkError {}
// ANCHOR_END: spec

// ANCHOR: task
/// The explicit chunk sizes along every axis of `shape`. An axis of length 0 has one
/// empty chunk, as in dask.
pub fn normalize_chunks(
    shape: &[usize],
    chunks: &[AxisChunks],
) -> Result<Vec<Vec<usize>>, ChunkError> {
    todo!()
}

/// Where each chunk starts along one axis: `[100, 100, 50]` starts at
/// `[0, 100, 200]`.
pub fn chunk_starts(sizes: &[usize]) -> Vec<usize> {
    todo!()
}

/// How many chunks (blocks) the whole array has: the product of the chunk counts per
/// axis.
pub fn num_blocks(chunks: &[Vec<usize>]) -> usize {
    todo!()
}
// ANCHOR_END: task
