//! The notebook replay: every cell of `seed-notebook.txt`, run again in Rust and checked.
//!
//! The harness has four parts, one module each:
//!
//! - [`notebook`] parses the notebook fixture (`fixtures/seed-notebook.txt`, a copy of the
//!   course's source notebook) into [`Cell`]s: number, source, printed output and value.
//! - [`rules`] are the comparison rules: how a Rust output is judged against the notebook's
//!   (exact values, transcripts of concurrent work, random numbers, reprs, the progress bar).
//! - [`cells`] holds the Rust version of every cell, one module per notebook section.
//! - [`replay`] runs the cells in order and prints, for each, the Rust output beside the
//!   notebook's and a verdict; `cargo run --release` ends with `notebook: M of N output cells match`.
//!
//! Beside them, [`machine`] describes the machine and the moment for the pages that the
//! `compare` and `bench-page` binaries write.
//!
//! ```
//! let notebook = harness::notebook::Notebook::fixture();
//! let printing: Vec<u32> = notebook.output_cells().map(|c| c.number).collect();
//! assert_eq!(printing, [2, 4, 10, 14, 17, 18, 19, 21, 22]);
//! ```
#![deny(missing_docs)]

pub mod cells;
pub mod expect;
pub mod machine;
pub mod notebook;
pub mod replay;
pub mod rules;
mod value;

pub use notebook::Cell;
pub use value::{Value, ValueParseError};
