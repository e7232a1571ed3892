//! Bad input is a typed error naming the values, never a panic.

use lazyarray::random::default_rng;
use lazyarray::{AxisError, ChunkError, IndexError, ShapeError, Slice, arange, ones, zeros};

#[test]
fn chunk_errors() {
    assert_eq!(
        zeros([10, 10], [0, 5]).unwrap_err(),
        ChunkError::NonPositive { axis: 0, size: 0 }
    );
    assert_eq!(
        ones([10], -2).unwrap_err().to_string(),
        "chunk size -2 on axis 0 must be positive (or -1 for the whole axis)"
    );
    let e = ones([10, 4], vec![vec![3, 3], vec![4]]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "chunks [3, 3] on axis 0 add up to 6, but the axis has length 10"
    );
    assert!(matches!(
        ones([10, 4], [5]).unwrap_err(),
        ChunkError::WrongNdim { chunk_ndim: 1, .. }
    ));
    assert!(ones([10], 5).unwrap().rechunk(0).is_err());
    assert!(arange(0.0, 1.0, 0.0, 5).is_err());
    assert!(default_rng(0).normal(0.0, -1.0, [3], 1).is_err());
    assert!(default_rng(0).uniform(2.0, 1.0, [3], 1).is_err());
}

#[test]
fn shape_errors() {
    let e = (&ones([3, 4], 2).unwrap() * &ones([4, 3], 2).unwrap()).unwrap_err();
    assert_eq!(
        e,
        ShapeError {
            op: "mul",
            left: vec![3, 4],
            right: vec![4, 3]
        }
    );
}

#[test]
fn axis_errors() {
    let x = ones([3, 4], 2).unwrap();
    assert_eq!(
        x.mean_axis(2).unwrap_err(),
        AxisError::OutOfRange { axis: 2, ndim: 2 }
    );
    assert_eq!(
        x.sum_axis([1, 1]).unwrap_err(),
        AxisError::Repeated { axis: 1 }
    );
    assert_eq!(
        x.transpose(&[0, 0]).unwrap_err().to_string(),
        "axes [0, 0] are not a permutation of 0..2"
    );
    // Too few, too many, out of range: each a typed error; a true permutation is fine.
    for axes in [&[1][..], &[1, 0, 2], &[0, 2]] {
        assert_eq!(
            x.transpose(axes).unwrap_err(),
            AxisError::NotAPermutation {
                axes: axes.to_vec(),
                ndim: 2
            }
        );
    }
    assert_eq!(x.transpose(&[1, 0]).unwrap().shape(), vec![4, 3]);
    assert!(x.reduction(lazyarray::Reduction::Sum, &[0], 1).is_err());
    assert!(x.argmin_axis(5).is_err());
}

#[test]
fn index_errors() {
    let x = ones([3, 4], 2).unwrap();
    assert_eq!(
        x.index_axis(1, 4).unwrap_err().to_string(),
        "index 4 is out of bounds for axis 1 with length 4"
    );
    assert_eq!(
        x.at(-4).unwrap_err(),
        IndexError::OutOfBounds {
            index: -4,
            axis: 0,
            len: 3
        }
    );
    assert!(matches!(
        x.index_axis(2, 0).unwrap_err(),
        IndexError::Axis(_)
    ));
    assert!(x.sum().at(0).is_err());
    assert_eq!(
        x.slice(&[Slice::full().step_by(0)]).unwrap_err(),
        IndexError::Step { axis: 0, step: 0 }
    );
    assert!(
        x.slice(&[Slice::full(), Slice::full(), Slice::full()])
            .is_err()
    );
}

#[test]
fn empty_selections_and_negative_indices() {
    let x = arange(0.0, 10.0, 1.0, 3).unwrap();
    let empty = x.slice(&[Slice::new(8, Some(2), 1)]).unwrap();
    assert_eq!(empty.shape(), &[0]);
    assert_eq!(empty.compute().unwrap().len(), 0);
    assert_eq!(empty.sum().compute_scalar().unwrap(), 0.0);
    let mean: f64 = empty.mean().compute_scalar().unwrap();
    assert!(mean.is_nan());
    assert_eq!(x.at(-3).unwrap().compute_scalar().unwrap(), 7.0);
    let tail = x.slice(&[Slice::new(-4, None, 2)]).unwrap();
    assert_eq!(tail.compute().unwrap().as_slice().unwrap(), &[6.0, 8.0]);
}

#[test]
fn broadcasting_follows_numpy() {
    let x = ones([4, 3], 2).unwrap();
    let row = arange(0.0, 3.0, 1.0, 1).unwrap();
    let y = (&x + &row).unwrap();
    assert_eq!(y.shape(), &[4, 3]);
    assert_eq!(y.sum().compute_scalar().unwrap(), 12.0 + 4.0 * 3.0);
    // (4, 1) against (3,) gives (4, 3).
    let col = ones([4, 1], 1).unwrap();
    assert_eq!((&col * &row).unwrap().shape(), &[4, 3]);
    // (4, 3) against (4,) does not broadcast (aligned at the right).
    let e = (&x + &ones([4], 4).unwrap()).unwrap_err();
    assert_eq!(
        e,
        ShapeError {
            op: "add",
            left: vec![4, 3],
            right: vec![4]
        }
    );
}
