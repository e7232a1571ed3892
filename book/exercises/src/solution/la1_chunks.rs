//! A dask array is cut into chunks along every axis. `chunks=(100, 100)` on a
//! `(1050, 1000)` array means ten 100-row chunks and a 50-row one, by ten 100-column
//! chunks. Here you turn a chunk specification into explicit chunk sizes, the way
//! `dask.array.core.normalize_chunks` does, with a typed error for every bad input.

use std::fmt;

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

// ANCHOR: solution
/// The explicit chunk sizes along every axis of `shape`. An axis of length 0 has one
/// empty chunk, as in dask.
pub fn normalize_chunks(
    shape: &[usize],
    chunks: &[AxisChunks],
) -> Result<Vec<Vec<usize>>, ChunkError> {
    if shape.len() != chunks.len() {
        return Err(ChunkError::WrongRank {
            shape_axes: shape.len(),
            chunk_axes: chunks.len(),
        });
    }
    shape
        .iter()
        .zip(chunks)
        .enumerate()
        .map(|(axis, (&len, spec))| match spec {
            AxisChunks::Size(0) => Err(ChunkError::ZeroSize { axis }),
            _ if len == 0 => Ok(vec![0]),
            AxisChunks::Size(size) => Ok((0..len)
                .step_by(*size)
                .map(|start| (*size).min(len - start))
                .collect()),
            AxisChunks::Whole => Ok(vec![len]),
            AxisChunks::Explicit(sizes) => {
                let sum = sizes.iter().sum();
                if sum == len {
                    Ok(sizes.clone())
                } else {
                    Err(ChunkError::DoesNotAddUp { axis, sum, len })
                }
            }
        })
        .collect()
}

/// Where each chunk starts along one axis: `[100, 100, 50]` starts at
/// `[0, 100, 200]`.
pub fn chunk_starts(sizes: &[usize]) -> Vec<usize> {
    sizes
        .iter()
        .scan(0, |start, &size| {
            let this = *start;
            *start += size;
            Some(this)
        })
        .collect()
}

/// How many chunks (blocks) the whole array has: the product of the chunk counts per
/// axis.
pub fn num_blocks(chunks: &[Vec<usize>]) -> usize {
    chunks.iter().map(Vec::len).product()
}
// ANCHOR_END: solution
