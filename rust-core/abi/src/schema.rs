//! The field lists of the cmdlets, as the caller needs them: which properties to read off
//! each record, in what order to pass their values, and which to copy into detailed
//! output itself. The names and their order are the rules crate's; so is the reading of a
//! `-SourceAnchor`, which says what the `SOURCE_ANCHOR` field is named in a call.

use immutableid_rules::records::{Role, Schema, SourceAnchor};

use crate::answer::{out_answer, page_outputs, AnswerBuilder, IidAnswer, IidText, IID_NO_FIELD};
use crate::boundary::ffi_boundary;
use crate::enums::{IidRole, IidSchema, IidSeverity, IidSourceAnchorKind};
use crate::input::parameter_text;
use crate::memory::{disjoint, out_ref, region};
use crate::status::IidStatus;

/// One field of a schema.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidField {
    /// The property or column name (match it ignoring case), in the answer's text.
    pub name: IidText,
    /// An `IidRole`.
    pub role: u32,
    /// Its position among the values a record passes; `IID_NO_FIELD` for `Identity`
    /// fields, which are not passed.
    pub passed: u32,
}

/// The fields of `schema` (an `IidSchema`), in order: `out` receives them (`out_len` must
/// be at least their number), `count` their number, `answer` their names.
///
/// # Safety
/// `out` must be valid for `out_len` writes; `count` and `answer` must point to values the
/// caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_schema(
    schema: u32,
    out: *mut IidField,
    out_len: usize,
    count: *mut usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let (out, count, answer) = page_outputs(out, out_len, count, answer)?;
        let schema = Schema::from(IidSchema::from_repr(schema).ok_or(IidStatus::InvalidArgument)?);
        let fields = schema.fields();
        if out.len() < fields.len() {
            return Err(IidStatus::InvalidArgument);
        }
        let mut built = AnswerBuilder::default();
        let mut passed = 0u32;
        for (slot, field) in out.iter_mut().zip(fields) {
            *slot = IidField {
                name: built.text(field.name),
                role: IidRole::from(field.role) as u32,
                passed: if field.role == Role::Identity { IID_NO_FIELD } else { passed },
            };
            passed += u32::from(field.role != Role::Identity);
        }
        *count = fields.len();
        built.finish(answer);
        Ok(())
    }
}

/// Reads a `-SourceAnchor` as `iid_to_immutable_id`, `iid_validator_new` and
/// `iid_reconciler_new` read their `source_anchor`: `kind` receives its
/// `IidSourceAnchorKind` and `answer` its name as its one list item (`ConsistencyGuid`,
/// `ObjectGUID`, or the attribute as given, which is the property to read for a schema's
/// `SOURCE_ANCHOR` field). A name that is none of these (empty, or not an LDAP attribute
/// name) gives an `InvalidSourceAnchor` error note instead, `kind` 0: unlike the calls,
/// which take null or empty as `ConsistencyGuid`, this checks what a person typed.
/// `INVALID_ARGUMENT` for text that is not UTF-16.
///
/// # Safety
/// `name` must be valid for `name_len` reads; `kind` and `answer` must point to values the
/// caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_source_anchor(name: *const u16, name_len: usize, kind: *mut u32, answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        // Both reset before any check can fail; if they share memory, only the answer (what
        // the caller frees), and no reference to the other is made.
        if disjoint(&[region(kind.cast_const(), 1), region(answer.cast_const(), 1)]).is_err() {
            out_answer(answer)?;
            return Err(IidStatus::InvalidArgument);
        }
        let kind = out_ref(kind).map(|k| {
            *k = 0;
            k
        });
        let answer = out_answer(answer);
        let (kind, answer) = (kind?, answer?);
        let name = parameter_text(name, name_len)?.unwrap_or_default();
        let mut built = AnswerBuilder::default();
        match SourceAnchor::parse(&name) {
            Ok(choice) => {
                *kind = IidSourceAnchorKind::from(choice) as u32;
                built.list([choice.name()]);
            }
            Err(e) => built.note(0, IidSeverity::Error, e.code, &e.message),
        }
        built.finish(answer);
        Ok(())
    }
}
