//! Zarr arrays on disk, through the `zarrs` crate: a lazy source whose tasks read chunks
//! ([`from_zarr`]), and a writer that stores each chunk as soon as it is made
//! ([`Array::to_zarr`]).
//!
//! Only the filesystem store and the gzip codec are built in (besides the plain `bytes` codec
//! that every Zarr array has), to keep the build small.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ndarray::{ArrayD, IxDyn};
use zarrs::array::{Array as ZArray, ArrayBuilder, DataType, FillValue, data_type};
use zarrs::filesystem::FilesystemStore;

use super::error::ZarrError;
use super::store::{Target, WriteError, store_with};
use crate::array::{Array, bytes_of};
use crate::chunks::{self, ChunkSpec, Chunks};
use crate::compute::ComputeOptions;
use crate::element::Element;
use crate::error::TaskError;
use crate::graph::{Layer, TaskSpec};

/// An element type that Zarr stores: `f64` (`float64`), `f32` (`float32`), `i64` (`int64`).
pub trait ZarrElement: Element + zarrs::array::Element + zarrs::array::ElementOwned {
    /// The Zarr data type of this element type.
    fn zarr_data_type() -> DataType;
    /// Zero, the fill value of the arrays `to_zarr` writes.
    fn zarr_fill_value() -> FillValue;
}

impl ZarrElement for f64 {
    fn zarr_data_type() -> DataType {
        data_type::float64()
    }
    fn zarr_fill_value() -> FillValue {
        FillValue::from(0.0f64)
    }
}

impl ZarrElement for f32 {
    fn zarr_data_type() -> DataType {
        data_type::float32()
    }
    fn zarr_fill_value() -> FillValue {
        FillValue::from(0.0f32)
    }
}

impl ZarrElement for i64 {
    fn zarr_data_type() -> DataType {
        data_type::int64()
    }
    fn zarr_fill_value() -> FillValue {
        FillValue::from(0i64)
    }
}

type Stored = ZArray<FilesystemStore>;

/// Opens the Zarr array at `path` and checks its data type, without reading a chunk.
fn open<T: ZarrElement>(path: &Path) -> Result<Stored, ZarrError> {
    let shown = || path.display().to_string();
    if !path.exists() {
        return Err(ZarrError::NotFound { path: shown() });
    }
    let not_zarr = |message: String| ZarrError::NotZarr {
        path: shown(),
        message,
    };
    let store = FilesystemStore::new(path).map_err(|e| not_zarr(e.to_string()))?;
    let array = ZArray::open(Arc::new(store), "/").map_err(|e| not_zarr(e.to_string()))?;
    if array.data_type() != &T::zarr_data_type() {
        return Err(ZarrError::DataType {
            path: shown(),
            stored: array.data_type().to_string(),
            wanted: T::DTYPE,
        });
    }
    Ok(array)
}

/// The stored array's shape and its chunks (the grid's regular chunks, the last ones cut at
/// the edge), as lazyarray counts them.
fn stored_layout(array: &Stored) -> Result<(Vec<usize>, Chunks), String> {
    let too_big = |v: u64| usize::try_from(v).map_err(|_| format!("size {v} does not fit usize"));
    let shape: Vec<usize> = array
        .shape()
        .iter()
        .map(|&n| too_big(n))
        .collect::<Result<_, _>>()?;
    let first: Vec<u64> = vec![0; shape.len()];
    let chunk_shape = array.chunk_shape(&first).map_err(|e| e.to_string())?;
    let chunks = chunk_shape
        .iter()
        .map(|c| too_big(c.get()))
        .collect::<Result<Vec<usize>, String>>()?;
    let chunks = regular(&shape, &chunks);
    Ok((shape, chunks))
}

/// Zarr's regular grid as lazyarray's chunks: `chunk` along each axis, the last cut at the
/// edge (an empty axis has one empty chunk, as in dask).
fn regular(shape: &[usize], chunk: &[usize]) -> Chunks {
    shape
        .iter()
        .zip(chunk)
        .map(|(&n, &c)| {
            let c = c.max(1);
            let mut sizes = vec![c; n / c];
            if n % c != 0 || n == 0 {
                sizes.push(n % c);
            }
            sizes
        })
        .collect()
}

/// A lazy array reading the Zarr array at `path`, one task per stored chunk (dask's
/// `da.from_zarr`).
///
/// ```
/// let path = std::env::temp_dir().join(format!("lazyarray-doc-{}.zarr", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&path);
/// let x = lazyarray::arange(0.0, 10.0, 1.0, 4)?;
/// x.to_zarr(&path)?;
/// let y = lazyarray::from_zarr::<f64>(&path)?; // nothing read yet
/// assert_eq!(y.chunks(), &[vec![4, 4, 2]]);
/// assert_eq!(y.sum().compute_scalar()?, 45.0);
/// # std::fs::remove_dir_all(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ZarrError::NotFound`], [`ZarrError::NotZarr`], [`ZarrError::DataType`] when the stored
/// type is not `T`. A chunk that fails to decode fails its task when computed:
/// a [`ComputeError`](crate::ComputeError) whose [`TaskError::Storage`] names path and chunk.
pub fn from_zarr<T: ZarrElement>(path: impl AsRef<Path>) -> Result<Array<T>, ZarrError> {
    let path = path.as_ref();
    let array = open::<T>(path)?;
    let (shape, chunks) = stored_layout(&array).map_err(|message| ZarrError::NotZarr {
        path: path.display().to_string(),
        message,
    })?;
    Ok(reader(path.to_path_buf(), array, shape, chunks))
}

/// A lazy array reading the Zarr array at `path` in chunks of its own: each task reads its
/// block's region, from whichever stored chunks hold it.
///
/// # Errors
/// As [`from_zarr`], and [`ZarrError::Chunks`] for chunks that do not fit the shape.
pub fn from_zarr_chunks<T: ZarrElement>(
    path: impl AsRef<Path>,
    chunks: impl Into<ChunkSpec>,
) -> Result<Array<T>, ZarrError> {
    let path = path.as_ref();
    let array = open::<T>(path)?;
    let shown = path.display().to_string();
    let (shape, _) = stored_layout(&array).map_err(|message| ZarrError::NotZarr {
        path: shown.clone(),
        message,
    })?;
    let chunks = chunks::normalize(&shape, &chunks.into())
        .map_err(|error| ZarrError::Chunks { path: shown, error })?;
    Ok(reader(path.to_path_buf(), array, shape, chunks))
}

fn reader<T: ZarrElement>(
    path: PathBuf,
    array: Stored,
    shape: Vec<usize>,
    block_chunks: Chunks,
) -> Array<T> {
    let sizes = block_chunks.clone();
    let layout = block_chunks.clone();
    let offsets = chunks::Offsets::new(&block_chunks);
    let array = Arc::new(array);
    let layer = Layer::new(
        "from-zarr",
        Vec::new(),
        chunks::numblocks(&block_chunks),
        move |index| TaskSpec {
            bytes: bytes_of::<T>(&chunks::block_shape(&sizes, index)),
            inputs: Vec::new(),
        },
        Arc::new(move |index, _| {
            let failed = |message: String| TaskError::Storage {
                path: path.display().to_string(),
                chunk: index.to_vec(),
                message,
            };
            let offset = offsets.start(index);
            let block_shape = chunks::block_shape(&layout, index);
            let region: Vec<std::ops::Range<u64>> = offset
                .iter()
                .zip(&block_shape)
                .map(|(&o, &n)| o as u64..(o + n) as u64)
                .collect();
            let values: Vec<T> = array
                .retrieve_array_subset(&region.as_slice())
                .map_err(|e| failed(e.to_string()))?;
            let block = ArrayD::from_shape_vec(IxDyn(&block_shape), values)
                .map_err(|e| failed(e.to_string()))?;
            Ok(Box::new(block))
        }),
    );
    Array::from_layer(layer, shape, block_chunks)
}

/// Writes each block of a compute as one chunk of a Zarr array.
struct ZarrTarget {
    path: String,
    array: Stored,
    /// The stored chunk shape; edge blocks are padded with the fill value to it.
    chunk_shape: Vec<usize>,
}

impl<T: ZarrElement> Target<T> for ZarrTarget {
    fn shape(&self) -> Vec<usize> {
        self.array.shape().iter().map(|&n| n as usize).collect()
    }

    fn write_block(
        &self,
        index: &[usize],
        _offset: &[usize],
        block: &ArrayD<T>,
    ) -> Result<(), WriteError> {
        let at: Vec<u64> = index.iter().map(|&i| i as u64).collect();
        let result = if block.shape() == self.chunk_shape.as_slice() {
            let values: Vec<T> = block.iter().copied().collect();
            self.array.store_chunk(&at, &values[..])
        } else {
            // An edge block: Zarr stores whole chunks, the part outside the array is fill.
            let mut full = ArrayD::<T>::from_elem(IxDyn(&self.chunk_shape), T::default());
            let place: Vec<ndarray::SliceInfoElem> = block
                .shape()
                .iter()
                .map(|&n| ndarray::SliceInfoElem::from(0..n))
                .collect();
            full.slice_mut(place.as_slice()).assign(block);
            let values: Vec<T> = full.iter().copied().collect();
            self.array.store_chunk(&at, &values[..])
        };
        result.map_err(|e| format!("{}: {e}", self.path).into())
    }
}

impl<T: ZarrElement> Array<T> {
    /// Writes the array to a new Zarr array at `path`, each chunk as soon as it is computed,
    /// then frees it (dask's `x.to_zarr(path)`): memory stays near a chunk per worker.
    ///
    /// The stored chunks are the array's chunk size; an array with uneven chunks is
    /// rechunked to it first. The chunks are stored uncompressed except by gzip, which
    /// [`to_zarr_gzip`](Array::to_zarr_gzip) selects.
    ///
    /// # Errors
    /// [`ZarrError::Exists`] when `path` already holds something (nothing is overwritten);
    /// [`ZarrError::Create`] when the array cannot be created; [`ZarrError::Store`] when a
    /// chunk cannot be written or a task fails, with the chunks that were written.
    pub fn to_zarr(&self, path: impl AsRef<Path>) -> Result<(), ZarrError> {
        self.to_zarr_with(path, None, &ComputeOptions::new())
    }

    /// [`to_zarr`](Array::to_zarr) with the gzip codec at `level` (0 to 9).
    ///
    /// # Errors
    /// As [`to_zarr`](Array::to_zarr).
    pub fn to_zarr_gzip(&self, path: impl AsRef<Path>, level: u32) -> Result<(), ZarrError> {
        self.to_zarr_with(path, Some(level), &ComputeOptions::new())
    }

    /// [`to_zarr`](Array::to_zarr) with a gzip level (or none) and compute options.
    ///
    /// # Errors
    /// As [`to_zarr`](Array::to_zarr).
    pub fn to_zarr_with(
        &self,
        path: impl AsRef<Path>,
        gzip: Option<u32>,
        opts: &ComputeOptions,
    ) -> Result<(), ZarrError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        if path.exists() {
            return Err(ZarrError::Exists { path: shown });
        }
        let create = |message: String| ZarrError::Create {
            path: shown.clone(),
            message,
        };
        // Zarr's grid is regular: every chunk the size of the first, the last cut at the edge.
        // A chunk of size 0 (an empty axis) is stored as 1.
        let chunk_shape: Vec<usize> = self
            .chunks
            .iter()
            .map(|axis| axis.first().copied().unwrap_or(0).max(1))
            .collect();
        let source = if regular(&self.shape, &chunk_shape) == self.chunks {
            self.clone()
        } else {
            self.rechunk(chunk_shape.clone())
                .map_err(|e| create(e.to_string()))?
        };

        let store = FilesystemStore::new(path).map_err(|e| create(e.to_string()))?;
        let shape: Vec<u64> = self.shape.iter().map(|&n| n as u64).collect();
        let grid: Vec<u64> = chunk_shape.iter().map(|&c| c as u64).collect();
        let mut builder = ArrayBuilder::new(shape, grid, T::zarr_data_type(), T::zarr_fill_value());
        if let Some(level) = gzip {
            let codec =
                zarrs::array::codec::GzipCodec::new(level).map_err(|e| create(e.to_string()))?;
            builder.bytes_to_bytes_codecs(vec![Arc::new(codec)]);
        }
        let array = builder
            .build(Arc::new(store), "/")
            .map_err(|e| create(e.to_string()))?;
        array.store_metadata().map_err(|e| create(e.to_string()))?;

        let target = Arc::new(ZarrTarget {
            path: shown.clone(),
            array,
            chunk_shape,
        });
        store_with::<T, ZarrTarget>(&[(&source, target)], opts).map_err(|error| ZarrError::Store {
            path: shown,
            error: Box::new(error),
        })
    }
}
