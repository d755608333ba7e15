//! Names the caller shows but does not define: reason codes, ErrorIds, the version.

use immutableid_rules::csv::CsvErrorCode;
use immutableid_rules::error::ErrorCode;
use immutableid_rules::inspect::{Reason, Severity};
use strum::IntoEnumIterator;

use crate::answer::{out_answer, AnswerBuilder, IidAnswer};
use crate::boundary::ffi_boundary;
use crate::enums::IidSeverity;
use crate::status::IidStatus;

/// Every reason code, by number (a reason's number is its bit in `IidTestRecord.reasons`
/// and its slot in `IidSummary.reasons`): `answer`'s list item `n` is reason `n`'s name,
/// and `numbers[n]` its `IidSeverity` (`ERROR` for reasons that make a value Invalid).
///
/// # Safety
/// `answer` must point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_reason_names(answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer(answer)?;
        let mut built = AnswerBuilder::default();
        built.list(Reason::iter().map(Reason::code));
        let severities: Vec<u64> = Reason::iter()
            .map(|r| match r.severity() {
                Severity::Invalid => IidSeverity::Error as u64,
                Severity::Warning => IidSeverity::Warning as u64,
            })
            .collect();
        built.numbers(&severities);
        built.finish(answer);
        Ok(())
    }
}

/// Every ErrorId the library can give (conversion errors, reason codes, CSV file errors),
/// each once, as `answer`'s list: for documentation and for the tests that check it.
///
/// # Safety
/// `answer` must point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_error_codes(answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer(answer)?;
        let mut built = AnswerBuilder::default();
        // A reason may share its name with a conversion error (AmbiguousHex): listed once.
        let mut codes: Vec<&str> = Vec::new();
        for code in ErrorCode::iter().map(ErrorCode::as_str).chain(Reason::iter().map(Reason::code)).chain(CsvErrorCode::iter().map(CsvErrorCode::as_str)) {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        built.list(codes);
        built.finish(answer);
        Ok(())
    }
}

/// The library's version, a static NUL-terminated string; the module checks it matches its own.
#[no_mangle]
pub extern "C" fn iid_version() -> *const std::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
