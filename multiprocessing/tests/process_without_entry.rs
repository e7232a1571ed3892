//! A test binary that forgot `enable_test_worker!()`: the pool says so instead of hanging.
#![cfg(unix)]

use multiprocessing::{PoolError, ProcessPool};

#[test]
fn a_binary_without_worker_mode_is_a_spawn_error() {
    // The re-run binary finds no worker-entry test, runs nothing and exits, so the handshake
    // never comes.
    let err = ProcessPool::new(1).unwrap_err();
    assert!(matches!(err, PoolError::Spawn(_)), "{err:?}");
    assert!(err.to_string().contains("worker_entry"), "{err}");
}
