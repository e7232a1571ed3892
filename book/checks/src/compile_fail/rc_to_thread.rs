// ANCHOR: rc
use std::rc::Rc;
use std::thread;

fn main() {
    let data = Rc::new(vec![1, 2, 3]);
    let for_thread = Rc::clone(&data);
    // error[E0277]: `Rc<Vec<i32>>` cannot be sent between threads safely
    let handle = thread::spawn(move || for_thread.len());
    println!("{}", handle.join().unwrap());
}
// ANCHOR_END: rc
