//! `iid_panic_message`: what the last panic caught by the boundary said.

use crate::answer::{out_answer, AnswerBuilder, IidAnswer};
use crate::boundary::{ffi_boundary, take_last_panic};
use crate::enums::IidSeverity;
use crate::status::IidStatus;

/// The message of the last panic caught on this thread (empty text when there was none),
/// as one note in `answer`; the message is then forgotten.
///
/// # Safety
/// `answer` must be null or point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_panic_message(answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let out = out_answer(answer)?;
        let mut built = AnswerBuilder::default();
        let message = take_last_panic().unwrap_or_default();
        built.note(0, IidSeverity::Error, "Panic", &message);
        built.finish(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{iid_answer_free, note_message};

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
        let message = note_message(&answer, 0);
        assert!(message.contains("index out of bounds") && message.contains("panic_message.rs"), "{message}");
        unsafe { iid_answer_free(&mut answer) };
        assert_eq!(unsafe { iid_panic_message(&mut answer) }, IidStatus::Ok);
        assert_eq!(note_message(&answer, 0), "");
        unsafe { iid_answer_free(&mut answer) };
    }
}
