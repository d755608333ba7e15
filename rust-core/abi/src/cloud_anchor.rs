//! `ConvertFrom-CloudAnchor` and `ConvertTo-CloudAnchor`.

use immutableid_rules::cloud_anchor::{self, CloudAnchorForms};
use immutableid_rules::codec::{stored_bytes, CloudObjectType};
use immutableid_rules::convert::subject_of;
use immutableid_rules::records::Schema;
use strum::IntoEnumIterator;

use crate::answer::{out_answer, out_answer_apart, outputs_and_answer, AnswerBuilder, IidAnswer, IidText};
use crate::boundary::ffi_boundary;
use crate::enums::IidSeverity;
use crate::input::{parameter_text, IidInput, Input};
use crate::memory::region;
use crate::status::IidStatus;

/// One cloud object named every way Entra Connect writes it.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidCloudAnchor {
    /// `User_<objectId>`.
    pub name: IidText,
    /// `User`, `Group`...
    pub object_type: IidText,
    /// The Base64 CloudAnchor.
    pub cloud_anchor: IidText,
    /// The object's connector-space DN, `CN={hex of the name}`.
    pub distinguished_name: IidText,
    /// The object id, in `Guid.ToByteArray()` order.
    pub object_id: [u8; 16],
    /// 1 when read; 0 when the record failed (its error is a note).
    pub ok: u32,
}

impl IidCloudAnchor {
    const FAILED: IidCloudAnchor = IidCloudAnchor {
        name: IidText::NONE,
        object_type: IidText::NONE,
        cloud_anchor: IidText::NONE,
        distinguished_name: IidText::NONE,
        object_id: [0; 16],
        ok: 0,
    };

    fn of(forms: &CloudAnchorForms, built: &mut AnswerBuilder) -> IidCloudAnchor {
        IidCloudAnchor {
            name: built.text(&forms.name.text()),
            object_type: built.text(&forms.name.object_type),
            cloud_anchor: built.text(&forms.cloud_anchor),
            distinguished_name: built.text(&forms.distinguished_name),
            object_id: stored_bytes(&forms.name.object_id),
            ok: 1,
        }
    }
}

/// The out-parameters, reset (each that lies apart from the `inputs` the call reads).
unsafe fn outputs<'a>(
    out: *mut IidCloudAnchor,
    out_len: usize,
    answer: *mut IidAnswer,
    inputs: &[(usize, usize)],
) -> Result<(&'a mut [IidCloudAnchor], &'a mut IidAnswer), IidStatus> {
    outputs_and_answer(out, out_len, IidCloudAnchor::FAILED, answer, inputs)
}

/// Reads every record of `input` into `out` with `read`.
fn each(
    input: Input,
    (out, answer): (&mut [IidCloudAnchor], &mut IidAnswer),
    read: impl Fn(immutableid_rules::records::Value) -> Result<CloudAnchorForms, immutableid_rules::error::ConvertError>,
) -> Result<(), IidStatus> {
    if out.len() < input.records() {
        return Err(IidStatus::InvalidArgument);
    }
    let mut built = AnswerBuilder::default();
    for (i, slot) in out.iter_mut().enumerate().take(input.records()) {
        let result = input.with_record(i, |record| {
            let picked = subject_of(record)?;
            read(picked.value).map_err(|e| e.from_property(picked.property))
        });
        match result.and_then(|r| r) {
            Ok(forms) => *slot = IidCloudAnchor::of(&forms, &mut built),
            Err(e) => built.note(i, IidSeverity::Error, e.code, &e.message),
        }
    }
    built.finish(answer);
    Ok(())
}

/// `ConvertFrom-CloudAnchor`: reads each record of the `CloudAnchorFrom` schema (a
/// CloudAnchor, or the connector-space DN of an object that came from the cloud).
///
/// # Safety
/// As for `iid_to_immutable_id`.
#[no_mangle]
pub unsafe extern "C" fn iid_cloud_anchor_decode(
    input: *const IidInput,
    out: *mut IidCloudAnchor,
    out_len: usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let input = Input::read(input, Schema::CloudAnchorFrom);
        let outputs = outputs(out, out_len, answer, &Input::regions_of(&input))?;
        each(input?, outputs, cloud_anchor::decode_value)
    }
}

/// `ConvertTo-CloudAnchor`: encodes each record of the `CloudAnchorTo` schema (an object
/// id, or `Type_<objectId>`); bare ids get `object_type` (UTF-16; one of
/// `iid_cloud_object_types`, any case, else `INVALID_ARGUMENT`).
///
/// # Safety
/// As for `iid_to_immutable_id`; `object_type` must be valid for `object_type_len` reads,
/// apart from `out` and `answer`.
#[no_mangle]
pub unsafe extern "C" fn iid_cloud_anchor_encode(
    input: *const IidInput,
    object_type: *const u16,
    object_type_len: usize,
    out: *mut IidCloudAnchor,
    out_len: usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let input = Input::read(input, Schema::CloudAnchorTo);
        let mut inputs = Input::regions_of(&input);
        inputs.push(region(object_type, object_type_len));
        let outputs = outputs(out, out_len, answer, &inputs)?;
        let kind = parameter_text(object_type, object_type_len)?.and_then(|k| CloudObjectType::parse(&k)).ok_or(IidStatus::InvalidArgument)?;
        each(input?, outputs, |v| cloud_anchor::encode_value(v, kind))
    }
}

/// Checks an object type for `ConvertTo-CloudAnchor -ObjectType`: `answer` receives its
/// own spelling as its one list item, or an error note saying which types there are.
///
/// # Safety
/// `name` must be valid for `name_len` reads; `answer` must point to an `IidAnswer` the
/// caller owns, apart from `name`.
#[no_mangle]
pub unsafe extern "C" fn iid_cloud_object_type(name: *const u16, name_len: usize, answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer_apart(answer, &[region(name, name_len)])?;
        let name = parameter_text(name, name_len)?.unwrap_or_default();
        let mut built = AnswerBuilder::default();
        match cloud_anchor::object_type(&name) {
            Ok(kind) => {
                built.list([kind.name()]);
            }
            Err(e) => built.note(0, IidSeverity::Error, e.code, &e.message),
        }
        built.finish(answer);
        Ok(())
    }
}

/// The object types Entra Connect uses in CloudAnchors, as `answer`'s list.
///
/// # Safety
/// `answer` must point to an `IidAnswer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_cloud_object_types(answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let answer = out_answer(answer)?;
        let mut built = AnswerBuilder::default();
        built.list(CloudObjectType::iter().map(CloudObjectType::name));
        built.finish(answer);
        Ok(())
    }
}
