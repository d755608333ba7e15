//! The panic boundary: every export runs its body through [`guard`] (or the
//! `ffi_boundary!` macro), so a panic becomes `IID_STATUS_PANIC` instead of aborting the
//! host (since Rust 1.81 unwinding out of `extern "C"` aborts). The panic prints nothing:
//! a quiet hook keeps its message on the calling thread for
//! [`crate::panic_message::iid_panic_message`].

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use immutableid_rules::worker::WORKER_THREAD_NAME;

use crate::status::IidStatus;

thread_local! {
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// Panics inside an export are kept quietly; any other panic in the process goes to the
/// hook that was there before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(WORKER_THREAD_NAME) {
                // A thread the core started: the caller's thread raises the panic again with
                // its message, and keeps it there.
            } else if INSIDE.with(Cell::get) {
                let message = match info.payload().downcast_ref::<&str>() {
                    Some(s) => (*s).to_string(),
                    None => info.payload().downcast_ref::<String>().cloned().unwrap_or_else(|| "a panic with no message".to_string()),
                };
                let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs an export body; a panic becomes `IID_STATUS_PANIC`.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), IidStatus>) -> IidStatus {
    install_quiet_hook();
    let outer = INSIDE.with(|inside| inside.replace(true));
    let result = catch_unwind(AssertUnwindSafe(body));
    INSIDE.with(|inside| inside.set(outer));
    match result {
        Ok(Ok(())) => IidStatus::Ok,
        Ok(Err(status)) => status,
        Err(_) => IidStatus::Panic,
    }
}

/// The body of an export, behind the panic boundary: `ffi_boundary! { ...; Ok(()) }`.
macro_rules! ffi_boundary {
    ($($body:tt)*) => {
        $crate::boundary::guard(move || -> Result<(), $crate::status::IidStatus> { $($body)* })
    };
}
pub(crate) use ffi_boundary;

/// The message of the last panic caught on this thread, which is then forgotten.
pub(crate) fn take_last_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}
