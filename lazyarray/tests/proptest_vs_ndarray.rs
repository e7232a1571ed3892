//! Property tests: for random shapes, chunkings and chains of operations, `compute()` equals
//! the same computation done eagerly with ndarray.

use lazyarray::{Array, ComputeOptions, Reduction, Scheduler, Slice, from_ndarray};
use ndarray::{ArrayD, Axis, IxDyn};
use proptest::prelude::*;

/// One step of a chain; its raw numbers are read modulo the current shape when applied, so
/// every generated chain is valid for whatever shape the previous steps left.
#[derive(Debug, Clone)]
struct Step {
    kind: u8,
    a: usize,
    b: usize,
    x: f64,
}

/// A lazy array and its eager twin.
struct Pair {
    lazy: Array,
    eager: ArrayD<f64>,
}

fn chunking(shape: &[usize], seeds: &[usize]) -> Vec<usize> {
    shape
        .iter()
        .zip(seeds.iter().cycle())
        .map(|(&n, &s)| 1 + s % n.max(1))
        .collect()
}

impl Pair {
    fn apply(self, step: &Step) -> Pair {
        let Pair { lazy, eager } = self;
        let ndim = eager.ndim();
        let shape = eager.shape().to_vec();
        match step.kind % 10 {
            0 => Pair {
                lazy: &lazy + step.x,
                eager: &eager + step.x,
            },
            1 => Pair {
                lazy: &lazy * step.x,
                eager: &eager * step.x,
            },
            2 => Pair {
                lazy: lazy.powi(2),
                eager: eager.mapv(|v| v.powi(2)),
            },
            3 => Pair {
                lazy: lazy.map(|v| v.abs().sqrt() - 1.0),
                eager: eager.mapv(|v| v.abs().sqrt() - 1.0),
            },
            4 => {
                // Add a differently chunked copy of itself: chunks are aligned automatically.
                let other = lazy.rechunk(chunking(&shape, &[step.a, step.b])).unwrap();
                Pair {
                    lazy: (&lazy - &(&other * 0.5)).unwrap(),
                    eager: &eager - &(&eager * 0.5),
                }
            }
            5 => Pair {
                lazy: lazy.rechunk(chunking(&shape, &[step.a, step.b])).unwrap(),
                eager,
            },
            6 => {
                let mut perm: Vec<usize> = (0..ndim).collect();
                perm.rotate_left(step.a % ndim.max(1));
                Pair {
                    lazy: lazy.transpose(&perm).unwrap(),
                    eager: eager
                        .view()
                        .permuted_axes(IxDyn(&perm))
                        .as_standard_layout()
                        .into_owned(),
                }
            }
            7 => {
                // Python-style slice with a step in -3..=3 (not 0) and optional bounds.
                let axis = step.a % ndim;
                let len = shape[axis] as isize;
                let stepn = [-3isize, -2, -1, 1, 2, 3][step.b % 6];
                let start = (!(step.b / 6).is_multiple_of(5))
                    .then_some((step.a as isize % (2 * len + 1)) - len);
                let stop = (!(step.b / 30).is_multiple_of(3))
                    .then_some((step.b as isize % (2 * len + 1)) - len);
                let s = Slice {
                    start,
                    stop,
                    step: stepn,
                };
                let mut slices = vec![Slice::full(); ndim];
                slices[axis] = s;
                let picked = python_slice(shape[axis], start, stop, stepn);
                Pair {
                    lazy: lazy.slice(&slices).unwrap(),
                    eager: eager.select(Axis(axis), &picked),
                }
            }
            8 if !eager.is_empty() => {
                // Broadcasting: subtract each column's maximum (a reduced array), scale by the
                // overall maximum (a 0-d array). Both exact, so the comparison stays exact.
                let col_max = lazy.max_axis(0).unwrap();
                let all_max = lazy.max();
                let lazy = (&(&lazy - &col_max).unwrap() * &all_max).unwrap();
                let e_col = eager.map_axis(Axis(0), |l| {
                    l.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                });
                let e_all = eager.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                Pair {
                    lazy,
                    eager: (&eager - &e_col) * e_all,
                }
            }
            9 if ndim > 1 && !eager.is_empty() => {
                let axis = step.a % ndim;
                let i = step.b % shape[axis];
                Pair {
                    lazy: lazy.index_axis(axis, i as isize).unwrap(),
                    eager: eager.index_axis(Axis(axis), i).to_owned(),
                }
            }
            _ => Pair {
                lazy: &lazy / 3.0,
                eager: &eager / 3.0,
            },
        }
    }
}

/// The indices Python's `range(len)[start:stop:step]` takes: the model for `slice`.
fn python_slice(len: usize, start: Option<isize>, stop: Option<isize>, step: isize) -> Vec<usize> {
    let n = len as isize;
    let norm = |i: isize, lo: isize, hi: isize| if i < 0 { (i + n).max(lo) } else { i.min(hi) };
    let mut out = Vec::new();
    if step > 0 {
        let (mut i, stop) = (
            start.map_or(0, |s| norm(s, 0, n)),
            stop.map_or(n, |s| norm(s, 0, n)),
        );
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        let (mut i, stop) = (
            start.map_or(n - 1, |s| norm(s, -1, n - 1)),
            stop.map_or(-1, |s| norm(s, -1, n - 1)),
        );
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

/// `|a - b| <= tol` elementwise, where `tol` grows with the number of values summed.
fn assert_close(lazy: &ArrayD<f64>, eager: &ArrayD<f64>, tol: f64) -> Result<(), TestCaseError> {
    prop_assert_eq!(lazy.shape(), eager.shape());
    for (a, b) in lazy.iter().zip(eager) {
        if a.is_nan() && b.is_nan() {
            continue;
        }
        prop_assert!((a - b).abs() <= tol, "{} vs {} (tol {})", a, b, tol);
    }
    Ok(())
}

fn max_abs(a: &ArrayD<f64>) -> f64 {
    a.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

fn shape_and_data() -> impl Strategy<Value = (ArrayD<f64>, Vec<usize>)> {
    prop::collection::vec(1usize..9, 1..=3).prop_flat_map(|shape| {
        let n: usize = shape.iter().product();
        let chunk_seeds = prop::collection::vec(0usize..9, shape.len());
        (prop::collection::vec(-10.0f64..10.0, n), chunk_seeds).prop_map(move |(data, seeds)| {
            let a = ArrayD::from_shape_vec(IxDyn(&shape), data).unwrap();
            let chunks = chunking(&shape, &seeds);
            (a, chunks)
        })
    })
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (any::<u8>(), 0usize..64, 0usize..64, -2.0f64..2.0).prop_map(|(kind, a, b, x)| Step {
            kind,
            a,
            b,
            x,
        }),
        0..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn chains_match_ndarray((data, chunks) in shape_and_data(), chain in steps(), sync in any::<bool>(), fuse in any::<bool>()) {
        let mut pair = Pair { lazy: from_ndarray(data.clone(), chunks).unwrap(), eager: data };
        for step in &chain {
            pair = pair.apply(step);
        }
        let opts = if sync { ComputeOptions::new().scheduler(Scheduler::Synchronous) } else { ComputeOptions::new().workers(2) };
        let opts = opts.fuse(fuse);
        // Elementwise steps, rechunks, slices and transposes do the same arithmetic: exact.
        prop_assert_eq!(pair.lazy.compute_with(&opts).unwrap(), pair.eager.clone());
    }

    #[test]
    fn reductions_match_ndarray(
        (data, chunks) in shape_and_data(),
        chain in steps(),
        which in 0u8..6,
        axis_seed in 0usize..8,
        split_every in 2usize..6,
    ) {
        let mut pair = Pair { lazy: from_ndarray(data.clone(), chunks).unwrap(), eager: data };
        for step in &chain {
            pair = pair.apply(step);
        }
        let Pair { lazy, eager } = pair;
        // Reductions over nothing (an empty slice) follow our own conventions (NaN, -1, 0),
        // tested in errors.rs; ndarray has none to compare with.
        prop_assume!(!eager.is_empty());
        let n = eager.len() as f64;
        let m = max_abs(&eager);
        // Summing n values of size <= m in any order errs by at most about n·ε·(n·m); var
        // squares the scale.
        let tol = 8.0 * n * f64::EPSILON * (n * m + 1.0);
        let tol2 = 8.0 * n * f64::EPSILON * (n * m * m + 1.0) + tol * m;
        let all: Vec<usize> = (0..eager.ndim()).collect();
        let axis = axis_seed % eager.ndim();
        let ddof = axis_seed % 2;
        match which {
            0 => {
                let got = lazy.reduction(Reduction::Sum, &all, split_every).unwrap().compute_scalar().unwrap();
                prop_assert!((got - eager.sum()).abs() <= tol, "{} vs {}", got, eager.sum());
            }
            1 => {
                let got = lazy.reduction(Reduction::Mean, &[axis], split_every).unwrap().compute().unwrap();
                assert_close(&got, &eager.mean_axis(Axis(axis)).unwrap(), tol / n.max(1.0) + tol)?;
            }
            2 => {
                let got = lazy.reduction(Reduction::Var { ddof }, &[axis], split_every).unwrap().compute().unwrap();
                let len = eager.shape()[axis];
                let want = if len > ddof { eager.var_axis(Axis(axis), ddof as f64) } else { eager.map_axis(Axis(axis), |_| f64::NAN) };
                assert_close(&got, &want, tol2)?;
            }
            3 => {
                let got = lazy.reduction(Reduction::Min, &[axis], split_every).unwrap().compute().unwrap();
                let want = eager.map_axis(Axis(axis), |l| l.iter().copied().fold(f64::INFINITY, f64::min));
                assert_close(&got, &want, 0.0)?;
                let got = lazy.max().compute_scalar().unwrap();
                prop_assert_eq!(got, eager.iter().copied().fold(f64::NEG_INFINITY, f64::max));
            }
            4 => {
                let got = lazy.argmax().compute_scalar().unwrap();
                let flat: Vec<f64> = eager.iter().copied().collect();
                let mut best = 0;
                for (i, &v) in flat.iter().enumerate() {
                    if v > flat[best] { best = i; }
                }
                prop_assert_eq!(got, best as i64);
                let got = lazy.argmin_axis(axis).unwrap().compute().unwrap();
                let want = eager.map_axis(Axis(axis), |l| {
                    let mut b = 0;
                    for (i, &v) in l.iter().enumerate() { if v < l[b] { b = i; } }
                    b as i64
                });
                prop_assert_eq!(got, want);
            }
            _ => {
                let got = lazy.std(ddof).compute_scalar().unwrap();
                if eager.len() > ddof {
                    let want = eager.std(ddof as f64);
                    prop_assert!((got - want).abs() <= tol2.sqrt() + tol, "{} vs {}", got, want);
                } else {
                    prop_assert!(got.is_nan());
                }
            }
        }
    }
}
