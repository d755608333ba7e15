//! Threads the core starts for itself. They are named, so that a host's panic hook can tell
//! their panics from its own, and joined so that a panic comes back to the caller's thread
//! with its message (where the ABI's boundary turns it into a status).

use std::any::Any;
use std::thread::{Scope, ScopedJoinHandle};

/// The name of every thread the core starts.
pub const WORKER_THREAD_NAME: &str = "immutableid-worker";

/// Starts `work` on a named thread of `scope`; `None` when no thread can be had.
pub fn spawn_worker<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new().name(WORKER_THREAD_NAME.to_string()).spawn_scoped(scope, work).ok()
}

/// Waits for a worker; a panic there is raised again on this thread, with its message.
pub fn join_worker<T>(handle: ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|payload| resume(payload))
}

/// Raises a caught panic again on this thread, with the message it carried.
pub fn resume(payload: Box<dyn Any + Send>) -> ! {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_string());
    panic!("{message} (on the core's worker thread)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_panic_comes_back_with_its_message() {
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let handle = spawn_worker(scope, || -> u32 { panic!("the worker's own words") }).expect("a thread");
                join_worker(handle)
            })
        })
        .expect_err("the panic comes back");
        let message = caught.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.contains("the worker's own words"), "{message}");
    }

    #[test]
    fn a_worker_is_named() {
        let name =
            std::thread::scope(|scope| join_worker(spawn_worker(scope, || std::thread::current().name().map(str::to_string)).unwrap()));
        assert_eq!(name.as_deref(), Some(WORKER_THREAD_NAME));
    }
}
