//! `cargo run --release`: replays the notebook. (Being written: see issue 2.)
fn main() {}
