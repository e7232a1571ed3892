//! Zarr through `zarrs`: arrays written by zarr-python read exactly; round trips for 1-3
//! dimensions and uneven chunks equal the in-memory compute; every bad input is a typed error
//! naming the path (and the chunk).
#![cfg(not(loom))]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lazyarray::diagnostics::{Callback, TaskInfo};
use lazyarray::{
    Array, ComputeError, ComputeOptions, StoreError, TaskError, ZarrError, from_ndarray, from_zarr,
    from_zarr_chunks,
};
use ndarray::{ArrayD, IxDyn};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/zarr")
        .join(name)
}

/// A fresh path under the system's temporary directory, for this process only.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lazyarray-zarr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn arrays_written_by_zarr_python_read_exactly() {
    let x = from_zarr::<f64>(fixture("f64_2d.zarr")).unwrap();
    assert_eq!(x.shape(), &[7, 5]);
    assert_eq!(x.chunks(), &[vec![3, 3, 1], vec![2, 2, 1]]);
    let want = ArrayD::from_shape_fn(IxDyn(&[7, 5]), |d| (10 * d[0] + d[1]) as f64 * 0.5 - 3.0);
    assert_eq!(x.compute().unwrap(), want);

    let y = from_zarr::<i64>(fixture("i64_1d.zarr")).unwrap();
    assert_eq!(y.chunks(), &[vec![4, 4, 3]]);
    let want: Vec<i64> = (0..11).map(|i| i * -7 + 20).collect();
    assert_eq!(y.compute().unwrap().into_raw_vec_and_offset().0, want);

    let z = from_zarr::<f32>(fixture("f32_3d.zarr")).unwrap();
    assert_eq!(z.chunks(), &[vec![2, 1], vec![3, 1], vec![2, 2, 1]]);
    let want = ArrayD::from_shape_fn(IxDyn(&[3, 4, 5]), |d| {
        (100 * d[0] + 10 * d[1] + d[2]) as f32 / 4.0
    });
    assert_eq!(z.compute().unwrap(), want);
}

#[test]
fn any_chunking_reads_the_same_values() {
    let stored = from_zarr::<f64>(fixture("f64_2d.zarr")).unwrap();
    for chunks in [vec![vec![7], vec![5]], vec![vec![2, 4, 1], vec![1, 3, 1]]] {
        let x = from_zarr_chunks::<f64>(fixture("f64_2d.zarr"), chunks.clone()).unwrap();
        assert_eq!(x.chunks(), chunks.as_slice());
        assert_eq!(x.compute().unwrap(), stored.compute().unwrap());
    }
}

fn round_trip<T: lazyarray::ZarrElement>(x: &Array<T>, name: &str, gzip: Option<u32>) {
    let path = scratch(name);
    x.to_zarr_with(&path, gzip, &ComputeOptions::new().workers(3))
        .unwrap();
    let back = from_zarr::<T>(&path).unwrap();
    assert_eq!(back.shape(), x.shape());
    assert_eq!(back.compute().unwrap(), x.compute().unwrap(), "{name}");
    std::fs::remove_dir_all(&path).unwrap();
}

#[test]
fn round_trips_in_one_two_and_three_dimensions() {
    let mut rng = lazyarray::random::default_rng(5);
    round_trip(&rng.normal(0.0, 1.0, [23], [5]).unwrap(), "d1.zarr", None);
    round_trip(
        &rng.normal(0.0, 1.0, [17, 9], [4, 5]).unwrap(),
        "d2.zarr",
        Some(3),
    );
    round_trip(
        &rng.normal(0.0, 1.0, [5, 6, 7], [2, 4, 3]).unwrap(),
        "d3.zarr",
        None,
    );
    // Uneven chunks that Zarr's regular grid cannot hold are rechunked on the way.
    let uneven = rng
        .normal(0.0, 1.0, [10, 6], vec![vec![3, 5, 2], vec![1, 5]])
        .unwrap();
    round_trip(&uneven, "uneven.zarr", Some(1));
    let f32s = rng
        .normal(0.0, 1.0, [9, 4], [4, 3])
        .unwrap()
        .map(|v| v as f32);
    round_trip(&f32s, "f32.zarr", None);
    let ints = from_ndarray(ndarray::Array1::from_iter(-50i64..50), 7).unwrap();
    round_trip(&ints, "i64.zarr", Some(9));
}

#[test]
fn bad_paths_and_types_are_typed_errors_naming_the_path() {
    let missing = scratch("missing.zarr");
    let err = from_zarr::<f64>(&missing).unwrap_err();
    assert!(
        matches!(&err, ZarrError::NotFound { path } if path.ends_with("missing.zarr")),
        "{err}"
    );

    let empty_dir = scratch("empty.zarr");
    std::fs::create_dir_all(&empty_dir).unwrap();
    let err = from_zarr::<f64>(&empty_dir).unwrap_err();
    assert!(
        matches!(&err, ZarrError::NotZarr { path, .. } if path.ends_with("empty.zarr")),
        "{err}"
    );

    let garbage = scratch("garbage.zarr");
    std::fs::create_dir_all(&garbage).unwrap();
    std::fs::write(garbage.join("zarr.json"), "{ not json").unwrap();
    let err = from_zarr::<f64>(&garbage).unwrap_err();
    assert!(matches!(err, ZarrError::NotZarr { .. }), "{err}");

    let err = from_zarr::<i64>(fixture("f64_2d.zarr")).unwrap_err();
    let ZarrError::DataType {
        path,
        stored,
        wanted,
    } = &err
    else {
        panic!("{err}")
    };
    assert!(path.ends_with("f64_2d.zarr"));
    assert!(stored.starts_with("float64"), "{stored}");
    assert_eq!(*wanted, "int64");

    let err = from_zarr_chunks::<f64>(fixture("f64_2d.zarr"), [0, 2]).unwrap_err();
    assert!(matches!(err, ZarrError::Chunks { .. }), "{err}");
}

#[test]
fn a_chunk_that_fails_to_decode_names_its_path_and_chunk() {
    let path = scratch("corrupt.zarr");
    copy_dir(&fixture("f64_2d.zarr"), &path);
    std::fs::write(path.join("c/1/2"), b"this is not gzip").unwrap();
    let x = from_zarr::<f64>(&path).unwrap(); // opening reads no chunk
    let err = x.sum().compute().unwrap_err();
    let ComputeError::Task {
        key,
        error: TaskError::Storage { path: p, chunk, .. },
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(key, "from-zarr-(1, 2)");
    assert_eq!(chunk, &[1, 2]);
    assert!(p.ends_with("corrupt.zarr"));
    std::fs::remove_dir_all(&path).unwrap();
}

#[test]
fn to_zarr_never_overwrites() {
    let path = scratch("exists.zarr");
    std::fs::create_dir_all(&path).unwrap();
    let err = lazyarray::ones([4], 2).unwrap().to_zarr(&path).unwrap_err();
    assert!(
        matches!(&err, ZarrError::Exists { path } if path.ends_with("exists.zarr")),
        "{err}"
    );
}

/// Before the first store task runs, puts a file where the chunk directory `c` must go, so
/// every chunk write fails as on a full or broken disk.
struct BreakDisk(PathBuf);

impl Callback for BreakDisk {
    fn pretask(&self, task: &TaskInfo<'_>) {
        if task.key.starts_with("store-") && !self.0.join("c").exists() {
            std::fs::write(self.0.join("c"), b"in the way").unwrap();
        }
    }
}

#[test]
fn a_failed_write_names_the_chunk_and_what_was_written() {
    let path = scratch("broken.zarr");
    let x = lazyarray::ones([6, 4], [3, 2]).unwrap();
    let opts = ComputeOptions::new()
        .workers(1)
        .callback(Arc::new(BreakDisk(path.clone())));
    let err = x.to_zarr_with(&path, None, &opts).unwrap_err();
    let ZarrError::Store { path: p, error } = &err else {
        panic!("{err}")
    };
    assert!(p.ends_with("broken.zarr"));
    let StoreError::Write { chunk, written, .. } = &**error else {
        panic!("{error}")
    };
    // One worker, blocks in order: the first chunk already fails, nothing was written.
    assert_eq!(chunk, &[0, 0]);
    assert!(written.is_empty());
    assert!(err.to_string().contains("0 chunks were written"), "{err}");
}

#[test]
fn a_failing_task_stops_the_writing_and_reports_the_chunks_written() {
    let path = scratch("half.zarr");
    let x = lazyarray::arange(0.0, 8.0, 1.0, 2).unwrap().map(|v| {
        assert!(v < 4.0, "value {v} refused");
        v
    });
    let err = x
        .to_zarr_with(&path, None, &ComputeOptions::new().workers(1))
        .unwrap_err();
    let ZarrError::Store { error, .. } = &err else {
        panic!("{err}")
    };
    // Blocks 0 and 1 (values 0..4) were written before block 2 failed.
    assert!(matches!(**error, StoreError::Compute { .. }), "{error}");
    assert_eq!(error.written(), &[(0, vec![0]), (0, vec![1])]);
    std::fs::remove_dir_all(&path).unwrap();
}
