//! The field lists of the cmdlets, as the caller needs them: which properties to read off
//! each record, in what order to pass their values, and which to copy into detailed
//! output itself. The names and their order are the rules crate's.

use immutableid_rules::records::{Role, Schema};

use crate::answer::{page_outputs, AnswerBuilder, IidAnswer, IidText, IID_NO_FIELD};
use crate::boundary::ffi_boundary;
use crate::enums::{IidRole, IidSchema};
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
