use std::hint::black_box;
use std::mem::MaybeUninit;
use std::time::Instant;

fn trivial(x: &u64) -> u64 {
    x.wrapping_mul(2_654_435_761) ^ 7
}

#[inline(never)]
fn run<'a>(items: impl Iterator<Item = &'a u64>, slots: &mut [MaybeUninit<u64>]) {
    let mut k = 0;
    for item in items.take(slots.len()) {
        slots[k].write(trivial(item));
        k += 1;
    }
}
#[inline(never)]
fn run_zip<'a>(items: impl Iterator<Item = &'a u64>, slots: &mut [MaybeUninit<u64>]) -> usize {
    let mut k = 0;
    for (slot, item) in slots.iter_mut().zip(items) {
        slot.write(trivial(item));
        k += 1;
    }
    k
}

fn med(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let data: Vec<u64> = (0..1_000_000).collect();
    let cs = 125_000;
    let mut out: Vec<u64> = Vec::with_capacity(1_000_000);
    let mut buf: Vec<&u64> = Vec::with_capacity(cs);
    let mut small: Vec<&u64> = Vec::with_capacity(4096);
    for k in [0, 3, 7] {
        let (mut copy, mut tv, mut tz, mut ts, mut tb) = (vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..50 {
            let t = Instant::now();
            buf.clear();
            buf.extend(data[k * cs..(k + 1) * cs].iter());
            copy.push(t.elapsed().as_secs_f64() * 1e6);
            let slots = &mut out.spare_capacity_mut()[k * cs..(k + 1) * cs];
            let t = Instant::now();
            run(buf.drain(..), slots);
            tv.push(t.elapsed().as_secs_f64() * 1e6);
            buf.extend(data[k * cs..(k + 1) * cs].iter());
            let t = Instant::now();
            run_zip(buf.drain(..), slots);
            tz.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            run(data[k * cs..(k + 1) * cs].iter(), slots);
            ts.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            let mut it = data[k * cs..(k + 1) * cs].iter();
            let mut off = 0;
            loop {
                small.extend(it.by_ref().take(2048));
                if small.is_empty() {
                    break;
                }
                let n = small.len();
                run_zip(small.drain(..), &mut slots[off..off + n]);
                off += n;
            }
            tb.push(t.elapsed().as_secs_f64() * 1e6);
            black_box(&out);
        }
        println!(
            "chunk {k}: copy {:5.1} take-drain {:5.1} zip-drain {:5.1} slice {:5.1} batches-of-2048(copy incl) {:5.1}",
            med(copy),
            med(tv),
            med(tz),
            med(ts),
            med(tb)
        );
    }
}
