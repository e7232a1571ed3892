// ANCHOR: tests
//! Tests of the chunk-normalisation exercise.
use exercises::la1_chunks::{
    AxisChunks, ChunkError, chunk_starts, normalize_chunks, num_blocks,
};

#[test]
fn the_notebooks_array() {
    let chunks = normalize_chunks(
        &[1000, 1000],
        &[AxisChunks::Size(100), AxisChunks::Size(100)],
    )
    .unwrap();
    assert_eq!(chunks, vec![vec![100; 10], vec![100; 10]]);
    assert_eq!(num_blocks(&chunks), 100);
}

#[test]
fn the_last_chunk_takes_the_remainder() {
    let chunks = normalize_chunks(
        &[1050, 1000],
        &[AxisChunks::Size(100), AxisChunks::Size(300)],
    )
    .unwrap();
    let mut rows = vec![100; 10];
    rows.push(50);
    assert_eq!(chunks, vec![rows, vec![300, 300, 300, 100]]);
    assert_eq!(num_blocks(&chunks), 44);
}

#[test]
fn whole_axis_and_explicit_sizes() {
    let chunks = normalize_chunks(
        &[7, 10, 3],
        &[
            AxisChunks::Whole,
            AxisChunks::Explicit(vec![2, 5, 3]),
            AxisChunks::Size(10),
        ],
    )
    .unwrap();
    assert_eq!(chunks, vec![vec![7], vec![2, 5, 3], vec![3]]);
}

#[test]
fn empty_axes_have_one_empty_chunk() {
    let chunks =
        normalize_chunks(&[0, 4], &[AxisChunks::Size(3), AxisChunks::Whole]).unwrap();
    assert_eq!(chunks, vec![vec![0], vec![4]]);
    assert_eq!(
        normalize_chunks(&[], &[]).unwrap(),
        Vec::<Vec<usize>>::new()
    );
}

#[test]
fn bad_specifications_are_typed_errors() {
    assert_eq!(
        normalize_chunks(&[10, 10], &[AxisChunks::Size(5)]),
        Err(ChunkError::WrongRank {
            shape_axes: 2,
            chunk_axes: 1
        })
    );
    assert_eq!(
        normalize_chunks(&[10, 0], &[AxisChunks::Size(5), AxisChunks::Size(0)]),
        Err(ChunkError::ZeroSize { axis: 1 })
    );
    let err =
        normalize_chunks(&[10], &[AxisChunks::Explicit(vec![4, 4])]).unwrap_err();
    assert_eq!(
        err,
        ChunkError::DoesNotAddUp {
            axis: 0,
            sum: 8,
            len: 10
        }
    );
    assert_eq!(
        err.to_string(),
        "chunks on axis 0 add up to 8, but the axis has length 10"
    );
}

#[test]
fn chunks_start_where_the_previous_ends() {
    assert_eq!(chunk_starts(&[100, 100, 50]), vec![0, 100, 200]);
    assert_eq!(chunk_starts(&[]), Vec::<usize>::new());
    for len in 1..50 {
        for size in 1..12 {
            let sizes = normalize_chunks(&[len], &[AxisChunks::Size(size)]).unwrap();
            let sizes = &sizes[0];
            assert_eq!(sizes.iter().sum::<usize>(), len);
            let (last, rest) = sizes.split_last().unwrap();
            assert!(rest.iter().all(|&s| s == size) && (1..=size).contains(last));
            let starts = chunk_starts(sizes);
            assert_eq!(starts[0], 0);
            assert_eq!(starts.last().unwrap() + sizes.last().unwrap(), len);
        }
    }
}
// ANCHOR_END: tests
