use multiprocessing::Pool;
use std::hint::black_box;
use std::time::Instant;

fn trivial(x: &u64) -> u64 {
    x.wrapping_mul(2_654_435_761) ^ 7
}

fn time<F: FnMut()>(name: &str, mut f: F) {
    let mut v = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        f();
        v.push(t.elapsed().as_secs_f64() * 1e6);
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{name:30} min {:8.1} med {:8.1} p90 {:8.1} us",
        v[0], v[100], v[180]
    );
}

fn main() {
    let data: Vec<u64> = (0..1_000_000).collect();
    let pool = Pool::new(2).unwrap();
    let which = std::env::args().nth(1).unwrap_or_default();
    if which == "map" {
        for _ in 0..2000 {
            black_box(pool.map(trivial, black_box(&data)).unwrap());
        }
        return;
    }
    if which == "slice" {
        for _ in 0..2000 {
            black_box(pool.map_slice(trivial, black_box(&data)).unwrap());
        }
        return;
    }
    let mut warm: Vec<&u64> = Vec::with_capacity(125_000);
    time("copy 125k into warm buf", || {
        warm.clear();
        warm.extend(data[..125_000].iter());
        black_box(&warm);
    });
    time("copy 125k into fresh buf", || {
        let mut b: Vec<&u64> = Vec::with_capacity(125_000);
        b.extend(data[..125_000].iter());
        black_box(&b);
    });
    time("copy 1M into 8 fresh bufs", || {
        let mut it = data.iter();
        for _ in 0..8 {
            let b: Vec<&u64> = it.by_ref().take(125_000).collect();
            black_box(&b);
        }
    });
    time("sequential map", || {
        black_box(black_box(&data).iter().map(trivial).collect::<Vec<_>>());
    });
    time("pool.map", || {
        black_box(pool.map(trivial, black_box(&data)).unwrap());
    });
    time("pool.map_slice", || {
        black_box(pool.map_slice(trivial, black_box(&data)).unwrap());
    });
}
