//! What workers send each other: chunks, a failure, and a final "done" with counts.
//!
//! A chunk inside the local scheduler is a `Box<dyn Any>`; on the wire it must have a type
//! serde can write. [`Payload`] lists the chunk types lazyarray's operations make (arrays of
//! the element types, and the partial results of the reductions that move between workers),
//! each as a shape plus its elements in row-major order.

use std::any::Any;

use ndarray::{ArrayD, IxDyn};
use serde::{Deserialize, Serialize};

use crate::error::TaskError;
use crate::graph::Chunk;

/// One message between two workers (global indices).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Message {
    pub(crate) to: usize,
    pub(crate) from: usize,
    pub(crate) body: Body,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Body {
    /// Task `task`'s output chunk.
    Chunk { task: usize, payload: Payload },
    /// A task failed on the sender; everyone stops.
    Failed { key: String, error: WireError },
    /// The sender ran all its tasks: its counts, for worker 0's report.
    Done { sent: Vec<Sent>, tasks: usize },
}

/// One chunk sent: which task made it, from and to which worker, and its size on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The task whose output moved.
    pub task: usize,
    /// The sending worker.
    pub from: usize,
    /// The receiving worker.
    pub to: usize,
    /// Bytes of the message as serialised (bincode, timely's encoding).
    pub bytes: u64,
}

/// A [`TaskError`] as it travels; the error is rebuilt on the other side.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum WireError {
    Panicked(String),
    BlockShape {
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    Internal(String),
    Unsupported,
}

impl WireError {
    pub(crate) fn from_task(error: &TaskError) -> WireError {
        match error {
            TaskError::Panicked(m) => WireError::Panicked(m.clone()),
            TaskError::BlockShape { expected, got } => WireError::BlockShape {
                expected: expected.clone(),
                got: got.clone(),
            },
            other => WireError::Internal(other.to_string()),
        }
    }

    /// The task error, or `None` for [`WireError::Unsupported`].
    pub(crate) fn into_task(self) -> Option<TaskError> {
        match self {
            WireError::Panicked(m) => Some(TaskError::Panicked(m)),
            WireError::BlockShape { expected, got } => {
                Some(TaskError::BlockShape { expected, got })
            }
            WireError::Internal(m) => Some(TaskError::Internal(m)),
            WireError::Unsupported => None,
        }
    }
}

/// An n-dimensional block: its shape and its elements, row-major.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Block<X> {
    shape: Vec<usize>,
    data: Vec<X>,
}

impl<X: Clone> Block<X> {
    fn from_array(a: &ArrayD<X>) -> Block<X> {
        Block {
            shape: a.shape().to_vec(),
            data: a.iter().cloned().collect(),
        }
    }

    fn into_array(self) -> Result<ArrayD<X>, TaskError> {
        ArrayD::from_shape_vec(IxDyn(&self.shape), self.data)
            .map_err(|e| TaskError::Internal(format!("a received block does not fit: {e}")))
    }
}

/// Lists the chunk types that can travel; `encode` tries each in turn.
macro_rules! payloads {
    ($($variant:ident($t:ty)),* $(,)?) => {
        /// A chunk on the wire: one variant per chunk type.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub(crate) enum Payload {
            $($variant(Block<$t>)),*
        }

        impl Payload {
            /// The chunk as a payload, or `None` for a type not listed here.
            pub(crate) fn encode(chunk: &(dyn Any + Send + Sync)) -> Option<Payload> {
                $(
                    if let Some(a) = chunk.downcast_ref::<ArrayD<$t>>() {
                        return Some(Payload::$variant(Block::from_array(a)));
                    }
                )*
                None
            }

            /// Back to the chunk the consuming task expects.
            pub(crate) fn decode(self) -> Result<Chunk, TaskError> {
                match self {
                    $(Payload::$variant(b) => Ok(Box::new(b.into_array()?))),*
                }
            }
        }
    };
}

// Arrays of every element type, then the partial results of sum (the element itself), mean
// (sum and count), min/max (`None` for an empty block) and argmin/argmax (value and index).
payloads! {
    F64(f64), F32(f32), I64(i64),
    MeanF64((f64, usize)), MeanF32((f32, usize)),
    ExtremeF64(Option<f64>), ExtremeF32(Option<f32>), ExtremeI64(Option<i64>),
    ArgF64(Option<(f64, usize)>), ArgF32(Option<(f32, usize)>), ArgI64(Option<(i64, usize)>),
}

/// The size of `message` on the wire.
pub(crate) fn wire_bytes(message: &Message) -> u64 {
    bincode::serialized_size(message).unwrap_or(0)
}
