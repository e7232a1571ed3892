//! Results that do not come back as one `ndarray`: several arrays from one graph
//! ([`compute_many`]), chunks written to a target as they are made ([`store`]), and chunks
//! kept in memory for later computes ([`Array::persist`](crate::Array::persist)).

mod error;
mod many;
mod persist;
mod store;
#[cfg(not(loom))]
mod zarr;

pub use error::{StoreError, ZarrError};
pub use many::{compute_many, compute_many_with, graph_many};
pub use store::{Target, WriteError, store, store_with};
#[cfg(not(loom))]
pub use zarr::{ZarrElement, from_zarr, from_zarr_chunks};
