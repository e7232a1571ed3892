//! `store`: every chunk goes to its target as soon as it is made, and is freed (dask's
//! `da.store`).
//!
//! Each array gets one more layer: a task per block that writes the block to the target and
//! returns nothing. The scheduler numbers a chunk's store task right after the tasks that
//! make it and frees the chunk once written, so a store holds a few chunks per worker at a
//! time, however big the array.

use std::error::Error;
use std::sync::{Arc, Mutex, MutexGuard};

use ndarray::{ArrayD, SliceInfoElem};

use super::error::StoreError;
use super::many::roots;
use crate::array::{Array, input};
use crate::chunks;
use crate::compute::{self, ComputeOptions};
use crate::element::Element;
use crate::error::TaskError;
use crate::graph::{Graph, Layer, TaskSpec};

/// What a [`Target`] returns when it cannot write a chunk.
pub type WriteError = Box<dyn Error + Send + Sync>;

/// Where [`store`] writes an array's chunks: an in-memory array, a Zarr array, a file.
///
/// `write_block` is called once per chunk, from the worker that made it, possibly from
/// several workers at once (on different blocks).
pub trait Target<T: Element>: Send + Sync {
    /// The shape the target holds; [`store`] refuses an array of another shape.
    fn shape(&self) -> Vec<usize>;
    /// Writes `block`, the chunk at block index `index`, whose first element is at `offset`.
    fn write_block(
        &self,
        index: &[usize],
        offset: &[usize],
        block: &ArrayD<T>,
    ) -> Result<(), WriteError>;
}

/// An `ndarray` behind a mutex is a target: each chunk is copied into its place.
impl<T: Element> Target<T> for Mutex<ArrayD<T>> {
    fn shape(&self) -> Vec<usize> {
        lock(self).shape().to_vec()
    }

    fn write_block(
        &self,
        _index: &[usize],
        offset: &[usize],
        block: &ArrayD<T>,
    ) -> Result<(), WriteError> {
        let place: Vec<SliceInfoElem> = offset
            .iter()
            .zip(block.shape())
            .map(|(&o, &n)| SliceInfoElem::from(o..o + n))
            .collect();
        lock(self).slice_mut(place.as_slice()).assign(block);
        Ok(())
    }
}

/// Writes each array to its target, all in one graph: tasks the arrays share run once.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// let a = lazyarray::arange(0.0, 6.0, 1.0, 4)?;
/// let target = Arc::new(Mutex::new(ndarray::ArrayD::<f64>::zeros(ndarray::IxDyn(&[6]))));
/// lazyarray::store(&[(&a, target.clone())])?;
/// assert_eq!(target.lock().unwrap().as_slice(), Some(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0][..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`StoreError::Shape`] before anything runs when a target's shape differs from its
/// array's; [`StoreError::Write`] when a target refuses a chunk; [`StoreError::Compute`] when
/// a task fails. Both of the last say which chunks were written.
pub fn store<T: Element, G: Target<T> + 'static>(
    pairs: &[(&Array<T>, Arc<G>)],
) -> Result<(), StoreError> {
    store_with(pairs, &ComputeOptions::new())
}

/// [`store`] with options.
///
/// # Errors
/// As [`store`].
pub fn store_with<T: Element, G: Target<T> + 'static>(
    pairs: &[(&Array<T>, Arc<G>)],
    opts: &ComputeOptions,
) -> Result<(), StoreError> {
    for (target, (array, dest)) in pairs.iter().enumerate() {
        let target_shape = dest.shape();
        if target_shape != array.shape() {
            return Err(StoreError::Shape {
                target,
                array_shape: array.shape().to_vec(),
                target_shape,
            });
        }
    }
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let layers: Vec<Arc<Layer>> = pairs
        .iter()
        .enumerate()
        .map(|(target, (array, dest))| {
            let dest: Arc<dyn Target<T>> = Arc::clone(dest) as Arc<dyn Target<T>>;
            store_layer(array, target, dest, Arc::clone(&ledger))
        })
        .collect();
    let graph = Graph::build_roots(&roots(layers.iter()));
    let graph = if opts.get_fuse() { graph.fuse() } else { graph };
    let result = compute::run(&graph, opts);
    let mut ledger = lock(&ledger);
    let written = std::mem::take(&mut ledger.written);
    match (result, ledger.failure.take()) {
        (Ok(_), _) => Ok(()),
        (Err(_), Some((target, chunk, source))) => Err(StoreError::Write {
            target,
            chunk,
            source,
            written,
        }),
        (Err(error), None) => Err(StoreError::Compute { error, written }),
    }
}

/// What a store's tasks report: the chunks written, and the first target error.
#[derive(Default)]
struct Ledger {
    written: Vec<(usize, Vec<usize>)>,
    failure: Option<(usize, Vec<usize>, WriteError)>,
}

/// A layer of one task per block of `array`, each writing its block to `dest`.
fn store_layer<T: Element>(
    array: &Array<T>,
    target: usize,
    dest: Arc<dyn Target<T>>,
    ledger: Arc<Mutex<Ledger>>,
) -> Arc<Layer> {
    let numblocks = array.numblocks();
    let offsets = chunks::Offsets::new(&array.chunks);
    let grid = numblocks.clone();
    Layer::new(
        "store",
        vec![Arc::clone(&array.layer)],
        numblocks,
        move |index| TaskSpec {
            inputs: vec![(0, chunks::ravel(index, &grid))],
            bytes: 0,
        },
        Arc::new(move |index, inputs| {
            let block = input::<ArrayD<T>>(inputs, 0)?;
            let offset = offsets.start(index);
            match dest.write_block(index, &offset, block) {
                Ok(()) => {
                    lock(&ledger).written.push((target, index.to_vec()));
                    Ok(Box::new(()))
                }
                Err(e) => {
                    let error = TaskError::Storage {
                        path: format!("target {target}"),
                        chunk: index.to_vec(),
                        message: format!("writing failed: {e}"),
                    };
                    lock(&ledger)
                        .failure
                        .get_or_insert((target, index.to_vec(), e));
                    Err(error)
                }
            }
        }),
    )
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Each critical section is one push or one copy: a panic elsewhere leaves it consistent.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
