//! How an array is cut into chunks, normalised like dask's `normalize_chunks`.

use crate::error::ChunkError;

// ANCHOR: chunk_spec
/// How to chunk one axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AxisChunks {
    /// Blocks of this size; the last one may be smaller. Zero or negative is an error, except
    /// `-1`, which means the whole axis (like dask).
    Size(i64),
    /// The whole axis in one block (dask's `-1`).
    Whole,
    /// Explicit block sizes, which must add up to the axis length.
    Explicit(Vec<usize>),
}

/// How to chunk an array, before it is checked against the shape.
///
/// Build one from a single size for every axis (`100`), a size per axis (`[100, -1]`) or
/// explicit sizes per axis (`vec![vec![50, 50], vec![30, 70]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkSpec {
    /// The same rule for every axis.
    All(AxisChunks),
    /// One rule per axis.
    PerAxis(Vec<AxisChunks>),
}
// ANCHOR_END: chunk_spec

impl From<AxisChunks> for ChunkSpec {
    fn from(a: AxisChunks) -> Self {
        ChunkSpec::All(a)
    }
}

impl From<Vec<AxisChunks>> for ChunkSpec {
    fn from(v: Vec<AxisChunks>) -> Self {
        ChunkSpec::PerAxis(v)
    }
}

impl From<Vec<Vec<usize>>> for ChunkSpec {
    fn from(v: Vec<Vec<usize>>) -> Self {
        ChunkSpec::PerAxis(v.into_iter().map(AxisChunks::Explicit).collect())
    }
}

macro_rules! spec_from_ints {
    ($($t:ty),*) => {$(
        impl From<$t> for ChunkSpec {
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn from(n: $t) -> Self {
                ChunkSpec::All(size(n as i64))
            }
        }
        impl<const N: usize> From<[$t; N]> for ChunkSpec {
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn from(a: [$t; N]) -> Self {
                ChunkSpec::PerAxis(a.iter().map(|&n| size(n as i64)).collect())
            }
        }
        impl From<&[$t]> for ChunkSpec {
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn from(a: &[$t]) -> Self {
                ChunkSpec::PerAxis(a.iter().map(|&n| size(n as i64)).collect())
            }
        }
    )*};
}

fn size(n: i64) -> AxisChunks {
    if n == -1 {
        AxisChunks::Whole
    } else {
        AxisChunks::Size(n)
    }
}

spec_from_ints!(i32, i64);

impl From<usize> for ChunkSpec {
    fn from(n: usize) -> Self {
        ChunkSpec::All(AxisChunks::Size(i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

impl<const N: usize> From<[usize; N]> for ChunkSpec {
    fn from(a: [usize; N]) -> Self {
        ChunkSpec::from(&a[..])
    }
}

impl From<Vec<usize>> for ChunkSpec {
    fn from(v: Vec<usize>) -> Self {
        ChunkSpec::from(&v[..])
    }
}

impl From<&[usize]> for ChunkSpec {
    fn from(a: &[usize]) -> Self {
        ChunkSpec::PerAxis(
            a.iter()
                .map(|&n| AxisChunks::Size(i64::try_from(n).unwrap_or(i64::MAX)))
                .collect(),
        )
    }
}

/// The block sizes of every axis, checked against a shape: the normalised form of a
/// [`ChunkSpec`] (dask's `chunks` tuple of tuples).
pub(crate) type Chunks = Vec<Vec<usize>>;

/// Checks `spec` against `shape` and returns every axis's block sizes.
///
/// A size larger than the axis gives one block (like dask); an axis of length 0 has one empty
/// block. dask's shorthands are accepted with dask's meaning: a flat list of sizes for a 1-d
/// shape (`[5, 5, 2]` for `[12]`), an empty list for a shape of zeros, and any list for a 0-d
/// shape. Every count is checked before anything is allocated: a spec that would list more
/// blocks than fit in memory is [`ChunkError::TooManyBlocks`].
pub(crate) fn normalize(shape: &[usize], spec: &ChunkSpec) -> Result<Chunks, ChunkError> {
    let explicit_1d;
    let zeros;
    let rules: Vec<&AxisChunks> = match spec {
        ChunkSpec::All(rule) => vec![rule; shape.len()],
        // dask: `chunks=()` on an all-zero shape, `chunks=(1,)` on a 0-d one.
        ChunkSpec::PerAxis(rules)
            if shape.is_empty() || (rules.is_empty() && shape.iter().all(|&n| n == 0)) =>
        {
            zeros = AxisChunks::Explicit(vec![0]);
            vec![&zeros; shape.len()]
        }
        // dask: a flat tuple of sizes on a 1-d shape is that axis's explicit sizes.
        ChunkSpec::PerAxis(rules) if shape.len() == 1 && rules.len() > 1 => {
            let mut sizes = Vec::new();
            for rule in rules {
                match *rule {
                    AxisChunks::Size(n) if n >= 0 => {
                        sizes.push(usize::try_from(n).unwrap_or(usize::MAX));
                    }
                    AxisChunks::Size(n) => {
                        return Err(ChunkError::NonPositive { axis: 0, size: n });
                    }
                    _ => {
                        return Err(ChunkError::WrongNdim {
                            chunk_ndim: rules.len(),
                            shape: shape.to_vec(),
                        });
                    }
                }
            }
            explicit_1d = AxisChunks::Explicit(sizes);
            vec![&explicit_1d]
        }
        ChunkSpec::PerAxis(rules) => {
            if rules.len() != shape.len() {
                return Err(ChunkError::WrongNdim {
                    chunk_ndim: rules.len(),
                    shape: shape.to_vec(),
                });
            }
            rules.iter().collect()
        }
    };
    // Count the blocks first, so that no list is allocated for a spec that cannot be listed.
    let mut counts = Vec::with_capacity(shape.len());
    for (axis, (&len, rule)) in shape.iter().zip(&rules).enumerate() {
        counts.push(axis_count(axis, len, rule)?);
    }
    let too_many = || ChunkError::TooManyBlocks {
        shape: shape.to_vec(),
        numblocks: counts.clone(),
    };
    counts
        .iter()
        .try_fold(1usize, |n, &c| n.checked_mul(c))
        .ok_or_else(too_many)?;
    let mut out = Vec::with_capacity(shape.len());
    for (axis, (&len, rule)) in shape.iter().zip(rules).enumerate() {
        out.push(normalize_axis(axis, len, rule, counts[axis]).ok_or_else(too_many)?);
    }
    Ok(out)
}

/// How many blocks `rule` cuts an axis of length `len` into, or why it cannot.
fn axis_count(axis: usize, len: usize, rule: &AxisChunks) -> Result<usize, ChunkError> {
    match rule {
        AxisChunks::Whole | AxisChunks::Size(-1) => Ok(1),
        &AxisChunks::Size(n) if n <= 0 => Err(ChunkError::NonPositive { axis, size: n }),
        &AxisChunks::Size(n) => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            Ok(len.div_ceil(n).max(1))
        }
        AxisChunks::Explicit(sizes) => {
            let total = sizes
                .iter()
                .try_fold(0usize, |t, &s| t.checked_add(s))
                .ok_or_else(|| ChunkError::SumOverflow {
                    axis,
                    sizes: sizes.clone(),
                })?;
            if total != len || sizes.is_empty() {
                return Err(ChunkError::WrongSum {
                    axis,
                    sizes: sizes.clone(),
                    total,
                    len,
                });
            }
            Ok(sizes.len())
        }
    }
}

/// The block sizes of one axis already checked by [`axis_count`]; `None` if the list of
/// `count` sizes cannot be allocated.
fn normalize_axis(_axis: usize, len: usize, rule: &AxisChunks, count: usize) -> Option<Vec<usize>> {
    let mut sizes = Vec::new();
    sizes.try_reserve_exact(count).ok()?;
    match rule {
        AxisChunks::Whole | AxisChunks::Size(_) if count == 1 => sizes.push(len),
        AxisChunks::Whole => sizes.push(len),
        &AxisChunks::Size(n) => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            sizes.resize(len / n, n);
            if !len.is_multiple_of(n) {
                sizes.push(len % n);
            }
        }
        AxisChunks::Explicit(given) => sizes.extend_from_slice(given),
    }
    Some(sizes)
}

/// Start of every block along one axis, plus the axis length at the end.
pub(crate) fn offsets(sizes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sizes.len() + 1);
    let mut at = 0;
    out.push(0);
    for &s in sizes {
        at += s;
        out.push(at);
    }
    out
}

/// The block of one axis that holds element `i`, given that axis's [`offsets`].
///
/// Zero-length blocks hold no element and are skipped. An `i` at or past the end of the axis
/// gives the last block, so an empty range starting at the end still has a block to read.
pub(crate) fn block_containing(offsets: &[usize], i: usize) -> usize {
    let nblocks = offsets.len() - 1;
    // Offsets never decrease, so the blocks ending at or before `i` form a prefix.
    offsets[1..]
        .partition_point(|&end| end <= i)
        .min(nblocks.saturating_sub(1))
}

/// How many blocks along every axis.
pub(crate) fn numblocks(chunks: &Chunks) -> Vec<usize> {
    chunks.iter().map(Vec::len).collect()
}

/// Every block index in row-major order (one empty index for a 0-d array).
pub(crate) fn block_indices(numblocks: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = numblocks.iter().product();
    let mut out = Vec::with_capacity(total);
    for flat in 0..total {
        out.push(unravel(flat, numblocks));
    }
    out
}

/// Row-major multi-index of `flat` in `dims`.
pub(crate) fn unravel(mut flat: usize, dims: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; dims.len()];
    for axis in (0..dims.len()).rev() {
        idx[axis] = flat % dims[axis];
        flat /= dims[axis];
    }
    idx
}

/// Row-major flat position of `idx` in `dims`.
pub(crate) fn ravel(idx: &[usize], dims: &[usize]) -> usize {
    idx.iter().zip(dims).fold(0, |acc, (&i, &d)| acc * d + i)
}

/// The shape of block `idx`.
pub(crate) fn block_shape(chunks: &Chunks, idx: &[usize]) -> Vec<usize> {
    chunks.iter().zip(idx).map(|(c, &i)| c[i]).collect()
}

/// The start of every block along every axis: one prefix sum per axis, computed once when a
/// layer is built, so that finding a block's position costs the same for the millionth block
/// as for the first.
#[derive(Debug, Clone)]
pub(crate) struct Offsets(Vec<Vec<usize>>);

impl Offsets {
    pub(crate) fn new(chunks: &Chunks) -> Offsets {
        Offsets(chunks.iter().map(|c| offsets(c)).collect())
    }

    /// The global start of block `idx` along every axis.
    pub(crate) fn start(&self, idx: &[usize]) -> Vec<usize> {
        self.0.iter().zip(idx).map(|(o, &i)| o[i]).collect()
    }

    /// One axis's [`offsets`].
    pub(crate) fn axis(&self, axis: usize) -> &[usize] {
        &self.0[axis]
    }
}

/// The largest block size per axis: dask's `chunksize`.
pub(crate) fn chunksize(chunks: &Chunks) -> Vec<usize> {
    chunks
        .iter()
        .map(|c| c.iter().copied().max().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_chunk_uneven() {
        let c = normalize(&[1050, 1000], &[100, 100].into()).unwrap();
        assert_eq!(c[0], [vec![100; 10], vec![50]].concat());
        assert_eq!(c[1], vec![100; 10]);
    }

    #[test]
    fn one_size_whole_axis_and_explicit() {
        assert_eq!(
            normalize(&[5, 3], &2.into()).unwrap(),
            vec![vec![2, 2, 1], vec![2, 1]]
        );
        assert_eq!(
            normalize(&[5, 3], &[2, -1].into()).unwrap(),
            vec![vec![2, 2, 1], vec![3]]
        );
        let explicit: ChunkSpec = vec![vec![1, 4], vec![3]].into();
        assert_eq!(
            normalize(&[5, 3], &explicit).unwrap(),
            vec![vec![1, 4], vec![3]]
        );
        assert_eq!(normalize(&[5], &10.into()).unwrap(), vec![vec![5]]);
        assert_eq!(normalize(&[0], &10.into()).unwrap(), vec![vec![0]]);
    }

    #[test]
    fn bad_chunks_are_typed_errors_naming_values() {
        let e = normalize(&[5, 3], &[0, 1].into()).unwrap_err();
        assert_eq!(e, ChunkError::NonPositive { axis: 0, size: 0 });
        assert!(e.to_string().contains("0"), "{e}");
        let e = normalize(&[5, 3], &[2, -3].into()).unwrap_err();
        assert_eq!(e, ChunkError::NonPositive { axis: 1, size: -3 });
        let bad: ChunkSpec = vec![vec![1, 2], vec![3]].into();
        let e = normalize(&[5, 3], &bad).unwrap_err();
        assert!(
            e.to_string().contains("[1, 2]") && e.to_string().contains('5'),
            "{e}"
        );
        let e = normalize(&[5, 3], &[2].into()).unwrap_err();
        assert!(matches!(e, ChunkError::WrongNdim { chunk_ndim: 1, .. }));
    }

    #[test]
    fn block_containing_finds_the_block_of_each_element() {
        // Uneven blocks 3, 1, 0, 2: elements 0..3 | 3 | (empty) | 4..6.
        let off = offsets(&[3, 1, 0, 2]);
        let blocks: Vec<usize> = (0..6).map(|i| block_containing(&off, i)).collect();
        assert_eq!(blocks, [0, 0, 0, 1, 3, 3]);
        // Past the end: the last block.
        assert_eq!(block_containing(&off, 6), 3);
        // Even chunking, first and last element.
        let off = offsets(&[100; 10]);
        assert_eq!(block_containing(&off, 0), 0);
        assert_eq!(block_containing(&off, 99), 0);
        assert_eq!(block_containing(&off, 100), 1);
        assert_eq!(block_containing(&off, 999), 9);
        // An empty axis has one empty block.
        assert_eq!(block_containing(&offsets(&[0]), 0), 0);
    }

    #[test]
    fn ravel_unravel_round_trip() {
        let dims = [3, 4, 5];
        for flat in 0..60 {
            assert_eq!(ravel(&unravel(flat, &dims), &dims), flat);
        }
    }
}
