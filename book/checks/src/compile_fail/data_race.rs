// ANCHOR: race
use std::thread;

fn main() {
    let mut count = 0;
    thread::scope(|s| {
        s.spawn(|| count += 1);
        s.spawn(|| count += 1); // error[E0499]: `count` is already borrowed mutably
    });
    println!("{count}");
}
// ANCHOR_END: race
