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

/// Why a Zarr array could not be read or written; every variant names the path.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ZarrError {
    /// Nothing exists at the path.
    #[error("no Zarr array at {path}: the path does not exist")]
    NotFound {
        /// The path.
        path: String,
    },
    /// The path exists but holds no readable Zarr array metadata.
    #[error("{path} is not a Zarr array: {message}")]
    NotZarr {
        /// The path.
        path: String,
        /// What `zarrs` said.
        message: String,
    },
    /// The stored data type is not the element type asked for.
    #[error("{path} holds {stored}, not {wanted}")]
    DataType {
        /// The path.
        path: String,
        /// The stored Zarr data type.
        stored: String,
        /// The element type asked for.
        wanted: &'static str,
    },
    /// The chunks asked for do not fit the stored shape.
    #[error("chunks for {path}: {error}")]
    Chunks {
        /// The path.
        path: String,
        /// Why the chunks do not fit.
        error: crate::error::ChunkError,
    },
    /// `to_zarr` found something at the path already; nothing was written.
    #[error("{path} already exists; to_zarr writes only new arrays")]
    Exists {
        /// The path.
        path: String,
    },
    /// The array (its directory or metadata) could not be created.
    #[error("cannot create a Zarr array at {path}: {message}")]
    Create {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Writing the chunks stopped: a chunk could not be written or a task failed. The
    /// [`StoreError`] says which chunks were written.
    #[error("writing {path}: {error}")]
    Store {
        /// The path.
        path: String,
        /// What stopped the writing, and the chunks written.
        error: Box<StoreError>,
    },
}
