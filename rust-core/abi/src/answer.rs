//! Answers: what the library gives back beyond fixed-size outputs. Text (UTF-16, so the
//! caller makes strings without transcoding), per-item notes (errors and warnings), and
//! lists of texts and numbers that records point into. One allocation the library owns,
//! freed with [`iid_answer_free`]; an answer with nothing in it owns nothing.

use std::ffi::c_void;

use crate::boundary::ffi_boundary;
use crate::enums::IidSeverity;
use crate::memory::out_ref;
use crate::status::IidStatus;

/// `IidText.offset` of a text that is not there (a null value, no suggestion). The header
/// spells it `SIZE_MAX` (cbindgen.toml `after_includes`): cbindgen writes `!0` as `~0`, an
/// int, which C compilers warn about when it is compared with a `size_t`.
///
/// cbindgen:ignore
pub const IID_NO_TEXT: usize = usize::MAX;
/// A field number that is not there (an item that failed).
pub const IID_NO_FIELD: u32 = u32::MAX;

/// A run of UTF-16 code units in an answer's `text`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IidText {
    /// `IID_NO_TEXT` when there is no text.
    pub offset: usize,
    pub len: usize,
}

impl IidText {
    pub const NONE: IidText = IidText { offset: IID_NO_TEXT, len: 0 };
}

/// A run of items in one of an answer's lists (`lists` or `numbers`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IidSpan {
    pub start: usize,
    pub len: usize,
}

/// An error or warning about one item of a call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidNote {
    /// The item (record) it is about, 0-based in the call.
    pub item: usize,
    /// An `IidSeverity`: an error means the item has no result; a warning comes with one.
    pub severity: u32,
    /// The PowerShell ErrorId, such as `WrongByteCount`.
    pub code: IidText,
    /// A sentence naming the value and what is wrong with it.
    pub message: IidText,
}

/// What a call gives back besides fixed-size outputs. Owned by the library; free it with
/// `iid_answer_free`. Every pointer is null when its length is 0.
#[repr(C)]
#[derive(Debug)]
pub struct IidAnswer {
    pub text: *const u16,
    pub text_len: usize,
    pub notes: *const IidNote,
    pub notes_len: usize,
    /// Lists of texts that records point into with an `IidSpan` (messages, columns).
    pub lists: *const IidText,
    pub lists_len: usize,
    /// Lists of numbers that records point into (duplicates).
    pub numbers: *const u64,
    pub numbers_len: usize,
    /// The allocation behind it all; null for an empty answer.
    pub owner: *mut c_void,
}

impl IidAnswer {
    pub const EMPTY: IidAnswer = IidAnswer {
        text: std::ptr::null(),
        text_len: 0,
        notes: std::ptr::null(),
        notes_len: 0,
        lists: std::ptr::null(),
        lists_len: 0,
        numbers: std::ptr::null(),
        numbers_len: 0,
        owner: std::ptr::null_mut(),
    };
}

/// What an answer's `owner` points to.
struct Storage {
    text: Vec<u16>,
    notes: Vec<IidNote>,
    lists: Vec<IidText>,
    numbers: Vec<u64>,
}

/// An answer being written.
#[derive(Default)]
pub(crate) struct AnswerBuilder {
    text: Vec<u16>,
    notes: Vec<IidNote>,
    lists: Vec<IidText>,
    numbers: Vec<u64>,
}

impl AnswerBuilder {
    pub fn text(&mut self, s: &str) -> IidText {
        let offset = self.text.len();
        self.text.extend(s.encode_utf16());
        IidText { offset, len: self.text.len() - offset }
    }

    pub fn optional_text(&mut self, s: Option<&str>) -> IidText {
        s.map_or(IidText::NONE, |s| self.text(s))
    }

    pub fn note(&mut self, item: usize, severity: IidSeverity, code: &str, message: &str) {
        let code = self.text(code);
        let message = self.text(message);
        self.notes.push(IidNote { item, severity: severity as u32, code, message });
    }

    pub fn list<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) -> IidSpan {
        let start = self.lists.len();
        for item in items {
            let text = self.text(item);
            self.lists.push(text);
        }
        IidSpan { start, len: self.lists.len() - start }
    }

    pub fn numbers(&mut self, numbers: &[u64]) -> IidSpan {
        let start = self.numbers.len();
        self.numbers.extend_from_slice(numbers);
        IidSpan { start, len: numbers.len() }
    }

    /// Hands the answer to the caller's `out` (reset before, by [`out_answer`]).
    pub fn finish(self, out: &mut IidAnswer) {
        if self.text.is_empty() && self.notes.is_empty() && self.lists.is_empty() && self.numbers.is_empty() {
            return;
        }
        let storage = Box::new(Storage { text: self.text, notes: self.notes, lists: self.lists, numbers: self.numbers });
        let view = |len: usize, ptr: *const u8| if len == 0 { std::ptr::null() } else { ptr };
        *out = IidAnswer {
            text: view(storage.text.len(), storage.text.as_ptr().cast()).cast(),
            text_len: storage.text.len(),
            notes: view(storage.notes.len(), storage.notes.as_ptr().cast()).cast(),
            notes_len: storage.notes.len(),
            lists: view(storage.lists.len(), storage.lists.as_ptr().cast()).cast(),
            lists_len: storage.lists.len(),
            numbers: view(storage.numbers.len(), storage.numbers.as_ptr().cast()).cast(),
            numbers_len: storage.numbers.len(),
            owner: Box::into_raw(storage).cast(),
        };
    }
}

/// The caller's answer out-parameter, reset to empty. Required: a null answer is
/// `INVALID_ARGUMENT` (after every other out-parameter was reset).
///
/// # Safety
/// `ptr` must be null or valid for writes of an `IidAnswer`.
pub(crate) unsafe fn out_answer<'a>(ptr: *mut IidAnswer) -> Result<&'a mut IidAnswer, IidStatus> {
    let answer = out_ref(ptr)?;
    *answer = IidAnswer::EMPTY;
    Ok(answer)
}

/// The caller's answer out-parameter, reset to empty, when it lies apart from the call's
/// `inputs`; an answer over an input is left as it was and refused (`INVALID_ARGUMENT`).
///
/// # Safety
/// As for [`out_answer`].
pub(crate) unsafe fn out_answer_apart<'a>(ptr: *mut IidAnswer, inputs: &[(usize, usize)]) -> Result<&'a mut IidAnswer, IidStatus> {
    if crate::memory::touches(crate::memory::region(ptr.cast_const(), 1), inputs) {
        return Err(IidStatus::InvalidArgument);
    }
    out_answer(ptr)
}

/// An output array and the answer, each reset before any check can fail (so a caller may
/// free either whatever the status). An answer inside the array is `INVALID_ARGUMENT`
/// with the answer reset and the array left alone: writing both would corrupt one (two
/// `&mut` to one place), and the caller that frees the answer then frees nothing. An output
/// that shares memory with one of `inputs` (the regions the call reads) is left as it was,
/// the other reset, and the call is `INVALID_ARGUMENT`: resetting it would change the input.
///
/// # Safety
/// `out` must be null or valid for writes of `out_len` elements; `answer` as for [`out_answer`].
pub(crate) unsafe fn outputs_and_answer<'a, T: Copy>(
    out: *mut T,
    out_len: usize,
    reset: T,
    answer: *mut IidAnswer,
    inputs: &[(usize, usize)],
) -> Result<(&'a mut [T], &'a mut IidAnswer), IidStatus> {
    use crate::memory::{disjoint, region, slice_out, touches};
    let out_region = region(out.cast_const(), out_len);
    let out_over_input = touches(out_region, inputs);
    let overlap = disjoint(&[out_region, region(answer.cast_const(), 1)]);
    let answer = out_answer_apart(answer, inputs);
    overlap?;
    if out_over_input {
        return Err(IidStatus::InvalidArgument);
    }
    let out = slice_out(out, out_len)?;
    out.fill(reset);
    Ok((out, answer?))
}

/// A page of output: the caller's array, the count written into it, and the answer holding
/// its texts. The count and the answer are reset before any check can fail; outputs that
/// share memory are `INVALID_ARGUMENT`, found before any reference to them is made.
///
/// # Safety
/// `out` must be null or valid for writes of `out_len` elements; `written` must be null or
/// valid for a write; `answer` as for [`out_answer`].
pub(crate) unsafe fn page_outputs<'a, T>(
    out: *mut T,
    out_len: usize,
    written: *mut usize,
    answer: *mut IidAnswer,
) -> Result<(&'a mut [T], &'a mut usize, &'a mut IidAnswer), IidStatus> {
    use crate::memory::{disjoint, out_ref, region, slice_out};
    let overlap = disjoint(&[region(out.cast_const(), out_len), region(written.cast_const(), 1), region(answer.cast_const(), 1)]);
    let written = out_ref(written).map(|n| {
        *n = 0;
        n
    });
    let answer = out_answer(answer);
    let (written, answer) = (written?, answer?);
    overlap?;
    Ok((slice_out(out, out_len)?, written, answer))
}

/// Releases what an answer owns and resets it to empty. Null, or an empty answer, is fine;
/// freeing twice is fine (the first free empties it).
///
/// # Safety
/// `answer` must be null or point to an `IidAnswer` filled by this library (or empty).
#[no_mangle]
pub unsafe extern "C" fn iid_answer_free(answer: *mut IidAnswer) {
    let _ = ffi_boundary! {
        let Ok(answer) = out_ref(answer) else { return Ok(()) };
        if !answer.owner.is_null() {
            drop(Box::from_raw(answer.owner.cast::<Storage>()));
        }
        *answer = IidAnswer::EMPTY;
        Ok(())
    };
}

/// Reads a text of an answer (tests and Rust callers).
///
/// # Safety
/// The answer must have been filled by this library and not yet freed.
#[cfg(test)]
pub(crate) unsafe fn text_of(answer: &IidAnswer, text: IidText) -> Option<String> {
    if text.offset == IID_NO_TEXT {
        return None;
    }
    let units = std::slice::from_raw_parts(answer.text.add(text.offset), text.len);
    Some(String::from_utf16(units).expect("the library writes UTF-16"))
}

#[cfg(test)]
pub(crate) fn note_message(answer: &IidAnswer, index: usize) -> String {
    unsafe { text_of(answer, (*answer.notes.add(index)).message).unwrap() }
}
