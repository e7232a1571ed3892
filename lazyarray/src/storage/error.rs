//! What can go wrong when results go to a target.

use thiserror::Error;

use crate::error::ComputeError;

/// Why [`store`](crate::store) (or a `to_*` writer) did not write every chunk.
///
/// Every variant that can follow some writes says which chunks were written, as
/// `(target, block index)` pairs, so nothing half-written passes for a success.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A target's shape is not its array's; nothing was written.
    #[error("target {target} has shape {target_shape:?}, but its array has shape {array_shape:?}")]
    Shape {
        /// The position of the pair in the `store` call.
        target: usize,
        /// The array's shape.
        array_shape: Vec<usize>,
        /// The target's shape.
        target_shape: Vec<usize>,
    },
    /// A target refused a chunk (a full disk, a failing writer).
    #[error(
        "target {target} could not write chunk {chunk:?}: {source} ({} chunks were written)",
        written.len()
    )]
    Write {
        /// The position of the pair in the `store` call.
        target: usize,
        /// The block index of the chunk.
        chunk: Vec<usize>,
        /// The target's error.
        source: super::WriteError,
        /// The chunks written before the compute stopped.
        written: Vec<(usize, Vec<usize>)>,
    },
    /// A task failed, so some chunks were never made.
    #[error("{error} ({} chunks were written)", written.len())]
    Compute {
        /// The compute's error.
        error: ComputeError,
        /// The chunks written before the compute stopped.
        written: Vec<(usize, Vec<usize>)>,
    },
}

impl StoreError {
    /// The chunks written before the failure, as `(target, block index)` pairs, in the order
    /// they were written.
    pub fn written(&self) -> &[(usize, Vec<usize>)] {
        match self {
            StoreError::Shape { .. } => &[],
            StoreError::Write { written, .. } | StoreError::Compute { written, .. } => written,
        }
    }
}
