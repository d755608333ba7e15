//! The panic boundary: every export runs its body through [`guard`] (or the
//! `ffi_boundary!` macro), so a panic becomes `IID_STATUS_PANIC` instead of aborting the
//! host (since Rust 1.81 unwinding out of `extern "C"` aborts). The panic prints nothing:
//! a quiet hook keeps its message for [`iid_panic_message`] on the calling thread.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use immutableid_rules::worker::WORKER_THREAD_NAME;

use crate::answer::{AnswerBuilder, IidAnswer};

/// What every export returns.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IidStatus {
    /// The call ran; per-item failures, if any, are notes in its answer.
    Ok = 0,
    /// A pointer, length, buffer, range or enum value the call cannot take; nothing was done.
    InvalidArgument = 1,
    /// The library panicked (a bug); the panic was caught, and its message kept for
    /// `iid_panic_message`. Out-parameters hold what they were reset to.
    Panic = 2,
    /// The caller's interrupt flag was set; the work stopped between two chunks.
    Interrupted = 3,
}

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
        $crate::boundary::guard(move || -> Result<(), $crate::boundary::IidStatus> { $($body)* })
    };
}
pub(crate) use ffi_boundary;

/// The message of the last panic caught on this thread (empty text when there was none),
/// as one note in `answer`; the message is then forgotten.
///
/// # Safety
/// `answer` must be null or point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_panic_message(answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let out = crate::answer::out_answer(answer)?;
        let mut built = AnswerBuilder::default();
        let message = LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_default();
        built.note(0, crate::enums::IidSeverity::Error, "Panic", &message);
        built.finish(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An export-shaped function that panics: the panic must come back as a status, with
    /// its message, and print nothing.
    extern "C" fn panicking_export() -> IidStatus {
        ffi_boundary! {
            let items: Vec<u32> = Vec::new();
            let _ = items[3];
            Ok(())
        }
    }

    #[test]
    fn a_panic_becomes_a_status_with_its_message() {
        assert_eq!(panicking_export(), IidStatus::Panic);
        let mut answer = IidAnswer::EMPTY;
        assert_eq!(unsafe { iid_panic_message(&mut answer) }, IidStatus::Ok);
        let message = crate::answer::note_message(&answer, 0);
        assert!(message.contains("index out of bounds") && message.contains("boundary.rs"), "{message}");
        unsafe { iid_answer_free(&mut answer) };
        assert_eq!(unsafe { iid_panic_message(&mut answer) }, IidStatus::Ok);
        assert_eq!(crate::answer::note_message(&answer, 0), "");
        unsafe { iid_answer_free(&mut answer) };
    }

    use crate::answer::iid_answer_free;
}
