//! The lazy [`Array`]: a shape, its chunks, and the layer of tasks that makes them.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use ndarray::{ArrayD, IxDyn, SliceInfoElem};

use crate::chunks::{self, Chunks};
use crate::compute::{self, ComputeOptions};
use crate::element::Element;
use crate::error::{ComputeError, TaskError};
use crate::graph::{Graph, Layer, TaskSpec, fmt_tuple};

/// A lazy chunked N-dimensional array: a recipe (a task graph over chunks) that runs only on
/// [`compute`](Array::compute).
///
/// Cloning is cheap (the graph is shared). The element type defaults to `f64`, the notebook's
/// `dtype=float64`.
pub struct Array<T: Element = f64> {
    pub(crate) layer: Arc<Layer>,
    pub(crate) shape: Vec<usize>,
    pub(crate) chunks: Chunks,
    _element: PhantomData<fn() -> T>,
}

impl<T: Element> Clone for Array<T> {
    fn clone(&self) -> Self {
        Array {
            layer: Arc::clone(&self.layer),
            shape: self.shape.clone(),
            chunks: self.chunks.clone(),
            _element: PhantomData,
        }
    }
}

impl<T: Element> fmt::Display for Array<T> {
    /// dask's repr: `lazyarray<normal, shape=(1000, 1000), dtype=float64, chunksize=(100, 100)>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "lazyarray<{}, shape={}, dtype={}, chunksize={}>",
            self.layer.name,
            fmt_tuple(&self.shape),
            T::DTYPE,
            fmt_tuple(&chunks::chunksize(&self.chunks))
        )
    }
}

impl<T: Element> fmt::Debug for Array<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The largest chunk (or assembled result) a compute makes unless
/// [`ComputeOptions::chunk_limit`] says otherwise: 4 GiB. A bigger chunk is refused with
/// [`ComputeError::ChunkTooLarge`] before anything runs.
pub const DEFAULT_CHUNK_LIMIT: usize = 1 << 32;

/// Bytes of a block of `shape` holding `E`s, or `None` when that does not fit in a `usize`.
pub(crate) fn checked_bytes<E>(shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(std::mem::size_of::<E>(), |n, &len| n.checked_mul(len))
}

/// Bytes of a block of `shape` holding `E`s, saturating at `usize::MAX` (which no chunk
/// limit admits, so a saturated size is refused before it runs).
pub(crate) fn bytes_of<E>(shape: &[usize]) -> usize {
    checked_bytes::<E>(shape).unwrap_or(usize::MAX)
}

/// Downcasts a task input to the chunk type the task expects.
pub(crate) fn input<'a, C: 'static>(
    inputs: &[&'a (dyn std::any::Any + Send + Sync)],
    i: usize,
) -> Result<&'a C, TaskError> {
    inputs
        .get(i)
        .and_then(|x| x.downcast_ref::<C>())
        .ok_or_else(|| {
            TaskError::Internal(format!("input {i} is not a {}", std::any::type_name::<C>()))
        })
}

impl<T: Element> Array<T> {
    pub(crate) fn from_layer(layer: Arc<Layer>, shape: Vec<usize>, chunks: Chunks) -> Self {
        Array {
            layer,
            shape,
            chunks,
            _element: PhantomData,
        }
    }

    /// A new array with the same chunks, each block made by `f(block index, input block)`:
    /// one task per block, reading the same block of `self` (dask's `blockwise`).
    pub(crate) fn blockwise<U: Element>(
        &self,
        name: &str,
        f: impl Fn(&[usize], &ArrayD<T>) -> Result<ArrayD<U>, TaskError> + Send + Sync + 'static,
    ) -> Array<U> {
        self.one_block_each(
            name,
            self.shape.clone(),
            self.chunks.clone(),
            |index| index.to_vec(),
            f,
        )
    }

    /// A new array of `shape` and `out_chunks` whose block `index` is `f(index, block)`, where
    /// `block` is the one block `source(index)` of `self`: the layer behind `blockwise`,
    /// indexing, slicing and transposing.
    pub(crate) fn one_block_each<U: Element>(
        &self,
        name: &str,
        shape: Vec<usize>,
        out_chunks: Chunks,
        source: impl Fn(&[usize]) -> Vec<usize> + Send + Sync + 'static,
        f: impl Fn(&[usize], &ArrayD<T>) -> Result<ArrayD<U>, TaskError> + Send + Sync + 'static,
    ) -> Array<U> {
        let in_numblocks = self.numblocks();
        let spec_chunks = out_chunks.clone();
        let layer = Layer::new(
            name,
            vec![Arc::clone(&self.layer)],
            chunks::numblocks(&out_chunks),
            move |index| TaskSpec {
                bytes: bytes_of::<U>(&chunks::block_shape(&spec_chunks, index)),
                inputs: vec![(0, chunks::ravel(&source(index), &in_numblocks))],
            },
            Arc::new(move |index, inputs| {
                let block = input::<ArrayD<T>>(inputs, 0)?;
                Ok(Box::new(f(index, block)?))
            }),
        );
        Array::from_layer(layer, shape, out_chunks)
    }

    /// The array's shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements (saturating at `usize::MAX`, which only a broadcast of huge
    /// shapes reaches: every array made by creation has a size that fits).
    pub fn len(&self) -> usize {
        self.shape
            .iter()
            .try_fold(1usize, |n, &len| n.checked_mul(len))
            .unwrap_or(usize::MAX)
    }

    /// No elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The block sizes along every axis (dask's `.chunks`).
    ///
    /// ```
    /// let x = lazyarray::zeros([5, 4], [2, 4]).unwrap();
    /// assert_eq!(x.chunks(), &[vec![2, 2, 1], vec![4]]);
    /// ```
    pub fn chunks(&self) -> &[Vec<usize>] {
        &self.chunks
    }

    /// The largest block size along every axis (dask's `.chunksize`).
    pub fn chunksize(&self) -> Vec<usize> {
        chunks::chunksize(&self.chunks)
    }

    /// How many blocks along every axis (dask's `.numblocks`).
    pub fn numblocks(&self) -> Vec<usize> {
        chunks::numblocks(&self.chunks)
    }

    /// The name of the operation that made this array (`normal`, `mean`, `add`).
    pub fn name(&self) -> &str {
        &self.layer.name
    }

    /// The data type's NumPy name (`float64`).
    pub fn dtype(&self) -> &'static str {
        T::DTYPE
    }

    /// Bytes the whole array would take in memory (dask's `.nbytes`).
    pub fn nbytes(&self) -> usize {
        bytes_of::<T>(&self.shape)
    }

    /// The culled task graph that [`compute`](Array::compute) would run.
    pub fn graph(&self) -> Graph {
        Graph::build(&self.layer)
    }

    /// Computes the array with the default (parallel) scheduler.
    ///
    /// # Errors
    /// [`ComputeError`] if a task fails (a closure panics) or the options are invalid.
    pub fn compute(&self) -> Result<ArrayD<T>, ComputeError> {
        self.compute_with(&ComputeOptions::new())
    }

    /// Computes the array with the given options (scheduler, workers, callbacks, limit).
    ///
    /// # Errors
    /// As [`compute`](Array::compute), and [`ComputeError::MemoryLimit`].
    pub fn compute_with(&self, opts: &ComputeOptions) -> Result<ArrayD<T>, ComputeError> {
        let graph = if opts.get_fuse() {
            self.graph().fuse()
        } else {
            self.graph()
        };
        let limit = opts.get_chunk_limit();
        if let Some(big) = graph.tasks().iter().find(|t| t.peak_bytes() > limit) {
            return Err(ComputeError::ChunkTooLarge {
                key: big.key().to_string(),
                bytes: big.peak_bytes(),
                limit,
            });
        }
        if graph.outputs().len() > 1 && self.nbytes() > limit {
            return Err(ComputeError::ChunkTooLarge {
                key: self.layer.name.clone(),
                bytes: self.nbytes(),
                limit,
            });
        }
        let outs = compute::run(&graph, opts)?;
        self.assemble(outs)
    }

    /// The whole array from its output chunks, in [`Graph::outputs`] order: the last step of a
    /// compute, shared by the local schedulers and the distributed one.
    pub(crate) fn assemble(
        &self,
        outs: Vec<Arc<dyn std::any::Any + Send + Sync>>,
    ) -> Result<ArrayD<T>, ComputeError> {
        let internal = || ComputeError::Task {
            key: self.layer.name.clone(),
            error: TaskError::Internal("output chunk of the wrong type".into()),
        };
        let mut blocks = Vec::with_capacity(outs.len());
        for chunk in outs {
            blocks.push(chunk.downcast::<ArrayD<T>>().map_err(|_| internal())?);
        }
        if blocks.len() == 1 {
            // One block is the whole array: hand it over without a copy when we hold the only
            // reference (we do once the scheduler's state is gone).
            let block = blocks.pop().ok_or_else(internal)?;
            return Ok(Arc::try_unwrap(block).unwrap_or_else(|shared| (*shared).clone()));
        }
        let mut result = ArrayD::<T>::from_elem(IxDyn(&self.shape), T::default());
        let offsets = chunks::Offsets::new(&self.chunks);
        let numblocks = self.numblocks();
        for (flat, block) in blocks.iter().enumerate() {
            let offset = offsets.start(&chunks::unravel(flat, &numblocks));
            let info: Vec<SliceInfoElem> = offset
                .iter()
                .zip(block.shape())
                .map(|(&o, &n)| SliceInfoElem::from(o..o + n))
                .collect();
            result.slice_mut(info.as_slice()).assign(&**block);
        }
        Ok(result)
    }

    /// Computes a 0-dimensional array (a full reduction, `mu[0]`) and returns its value.
    ///
    /// # Errors
    /// [`ComputeError::NotScalar`] when the array has dimensions; else as `compute`.
    pub fn compute_scalar(&self) -> Result<T, ComputeError> {
        self.compute_scalar_with(&ComputeOptions::new())
    }

    /// [`compute_scalar`](Array::compute_scalar) with options.
    ///
    /// # Errors
    /// As [`compute_scalar`](Array::compute_scalar).
    pub fn compute_scalar_with(&self, opts: &ComputeOptions) -> Result<T, ComputeError> {
        if !self.shape.is_empty() {
            return Err(ComputeError::NotScalar {
                shape: self.shape.clone(),
            });
        }
        let a = self.compute_with(opts)?;
        a.first().copied().ok_or_else(|| ComputeError::NotScalar {
            shape: self.shape.clone(),
        })
    }
}
