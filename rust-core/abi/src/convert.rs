//! `ConvertTo-ImmutableId` and `ConvertFrom-ImmutableId`: one record or many per call, and
//! GUIDs given as packed bytes.

use immutableid_rules::codec::guid::IMMUTABLE_ID_CHARS;
use immutableid_rules::codec::{guid_from_stored_bytes, render, stored_bytes, write_immutable_id, OutputForm};
use immutableid_rules::convert::{self, nil_guid_warning, Anchor, SourceFormat};
use immutableid_rules::error::ConvertError;
use immutableid_rules::records::Schema;

use crate::answer::{outputs_and_answer, AnswerBuilder, IidAnswer, IidText, IID_NO_FIELD};
use crate::boundary::ffi_boundary;
use crate::enums::{IidOutputForm, IidSeverity, IidSourceFormat};
use crate::input::{source_anchor_parameter, IidInput, Input};
use crate::memory::{disjoint, region, slice_in, slice_out};
use crate::status::IidStatus;

/// One record converted by `iid_to_immutable_id`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidConverted {
    /// The ImmutableId, 24 ASCII characters; zeros when the anchor is `anchor`.
    pub immutable_id: [u8; 24],
    /// The GUID, in .NET `Guid.ToByteArray()` order; zeros when the anchor is `anchor`.
    pub guid: [u8; 16],
    /// The schema field (among the passed ones) that supplied the GUID: 0 for the input
    /// itself, else the property's; `IID_NO_FIELD` when the record failed.
    pub field: u32,
    /// 1 when converted; 0 when the record failed (its error is a note).
    pub ok: u32,
    /// An anchor that is not a GUID's ImmutableId (the string, or the Base64 of the bytes,
    /// of the attribute `source_anchor` names), in the answer; `IID_NO_TEXT` otherwise.
    pub anchor: IidText,
}

impl IidConverted {
    const FAILED: IidConverted = IidConverted { immutable_id: [0; 24], guid: [0; 16], field: IID_NO_FIELD, ok: 0, anchor: IidText::NONE };
}

/// Every form of one anchor, from `iid_describe`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidForms {
    pub immutable_id: IidText,
    pub hex: IidText,
    pub ldap_filter: IidText,
    pub distinguished_name: IidText,
    /// The GUID in `Guid.ToByteArray()` order, when `has_guid` is 1 (GUID-based anchors).
    pub guid: [u8; 16],
    pub has_guid: u32,
    /// As in `IidConverted`.
    pub field: u32,
    /// The number of bytes the anchor decodes to (its characters, when it is not Base64).
    pub byte_count: usize,
    pub ok: u32,
}

impl IidForms {
    const FAILED: IidForms = IidForms {
        immutable_id: IidText::NONE,
        hex: IidText::NONE,
        ldap_filter: IidText::NONE,
        distinguished_name: IidText::NONE,
        guid: [0; 16],
        has_guid: 0,
        field: IID_NO_FIELD,
        byte_count: 0,
        ok: 0,
    };
}

/// Runs `convert` on every record, writing errors (and `convert`'s warnings) as notes.
fn each_record<T>(
    input: &Input,
    built: &mut AnswerBuilder,
    mut convert: impl FnMut(&immutableid_rules::records::Record, &mut AnswerBuilder) -> Result<(T, Option<ConvertError>), ConvertError>,
    mut store: impl FnMut(usize, Option<T>, &mut AnswerBuilder),
) {
    for i in 0..input.records() {
        match input.with_record(i, |record| convert(record, built)).and_then(|r| r) {
            Ok((value, warning)) => {
                store(i, Some(value), built);
                if let Some(w) = warning {
                    built.note(i, IidSeverity::Warning, w.code, &w.message);
                }
            }
            Err(e) => {
                store(i, None, built);
                built.note(i, IidSeverity::Error, e.code, &e.message);
            }
        }
    }
}

/// `ConvertTo-ImmutableId`: the anchor of each record of the `ConvertTo` schema (a GUID in
/// any form given itself, or a record's anchor as the tenant's sourceAnchor says).
/// `format` (an `IidSourceFormat`) says how text given itself is read. `source_anchor`
/// (UTF-16, `source_anchor_len` units) is `ConsistencyGuid` (a record's
/// `mS-DS-ConsistencyGuid` when set, else its `objectGUID`; also when null or empty),
/// `ObjectGUID` (its `objectGUID` only), or the name of another attribute, whose value the
/// caller passes in the schema's `SOURCE_ANCHOR` field (its string as it is, the Base64 of
/// its bytes, the ImmutableId of a GUID); anything else is `INVALID_ARGUMENT`
/// (`iid_source_anchor` says why). `out` receives one `IidConverted` per record (`out_len`
/// at least the number of records); `answer` receives an error note for each record that
/// failed and a warning note for the all-zero GUID. `out` or `answer` sharing memory with
/// the input (the `IidInput`, its text, bytes or values) is `INVALID_ARGUMENT`, that output
/// left as it was and the input never written.
///
/// # Safety
/// `input` must point to an `IidInput` whose pointers are valid for their lengths;
/// `source_anchor` must be valid for `source_anchor_len` reads; `out` must be valid for
/// `out_len` writes; `answer` must point to an `IidAnswer` the caller owns. `out` and
/// `answer` must not overlap each other or the input.
#[no_mangle]
pub unsafe extern "C" fn iid_to_immutable_id(
    input: *const IidInput,
    format: u32,
    source_anchor: *const u16,
    source_anchor_len: usize,
    out: *mut IidConverted,
    out_len: usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let input = Input::read(input, Schema::ConvertTo);
        let (out, answer) = outputs_and_answer(out, out_len, IidConverted::FAILED, answer, &Input::regions_of(&input))?;
        let input = input?;
        let format = SourceFormat::from(IidSourceFormat::from_repr(format).ok_or(IidStatus::InvalidArgument)?);
        let choice = source_anchor_parameter(source_anchor, source_anchor_len)?;
        if out.len() < input.records() {
            return Err(IidStatus::InvalidArgument);
        }
        let mut built = AnswerBuilder::default();
        each_record(
            &input,
            &mut built,
            |record, _| convert::to_immutable_id(record, format, choice).map(|mut c| { let w = c.warning.take(); (c, w) }),
            |i, converted, built| {
                if let Some(c) = converted {
                    let slot = &mut out[i];
                    match &c.anchor {
                        Anchor::Guid(guid) => {
                            write_immutable_id(guid, &mut slot.immutable_id);
                            slot.guid = stored_bytes(guid);
                        }
                        Anchor::Text(text) => slot.anchor = built.text(text),
                    }
                    slot.field = c.field as u32;
                    slot.ok = 1;
                }
            },
        );
        built.finish(answer);
        Ok(())
    }
}

/// `ConvertTo-ImmutableId` for GUIDs the caller already holds as bytes: `count` GUIDs, 16
/// bytes each in `Guid.ToByteArray()` order, end to end in `guids`; `out` receives their
/// ImmutableIds, 24 ASCII characters each (no NUL), end to end, in `count * 24` bytes
/// (`out_len`, in bytes, at least that; the rest of `out` is left alone). Every 16 bytes
/// are a GUID, so no record fails and there are no notes: unlike `iid_to_immutable_id`, the
/// all-zero GUID comes without its warning (it gives `AAAAAAAAAAAAAAAAAAAAAA==`).
/// `INVALID_ARGUMENT`, with nothing written, for a null pointer with a length, a byte count
/// over `PTRDIFF_MAX`, an `out_len` under `count * 24`, or `guids` and `out` sharing
/// memory. A `count` of 0 is `OK`.
///
/// # Safety
/// `guids` must be valid for `count * 16` reads and `out` for `out_len` writes.
#[no_mangle]
pub unsafe extern "C" fn iid_guids_to_immutable_ids(guids: *const u8, count: usize, out: *mut u8, out_len: usize) -> IidStatus {
    ffi_boundary! {
        let stored_len = count.checked_mul(16).ok_or(IidStatus::InvalidArgument)?;
        let ids_len = count.checked_mul(IMMUTABLE_ID_CHARS).ok_or(IidStatus::InvalidArgument)?;
        // A count `out` cannot hold is refused before the GUIDs are taken to be that long;
        // then no reference to either buffer is made until they are known apart.
        if out_len < ids_len {
            return Err(IidStatus::InvalidArgument);
        }
        disjoint(&[region(guids, stored_len), region(out.cast_const(), out_len)])?;
        let stored = slice_in(guids, stored_len)?;
        let ids = &mut slice_out(out, out_len)?[..ids_len];
        for (guid, id) in stored.chunks_exact(16).zip(ids.chunks_exact_mut(IMMUTABLE_ID_CHARS)) {
            let guid = guid_from_stored_bytes(guid.try_into().expect("chunks of 16"));
            write_immutable_id(&guid, id.try_into().expect("chunks of 24"));
        }
        Ok(())
    }
}

/// Characters one value takes in `form` (an `IidOutputForm`; bytes for `Bytes`); 0 for an
/// unknown form.
#[no_mangle]
pub extern "C" fn iid_output_width(form: u32) -> usize {
    IidOutputForm::from_repr(form).map_or(0, |f| OutputForm::from(f).width())
}

/// `ConvertFrom-ImmutableId`: the GUID of each record of the `ConvertFrom` schema (an
/// ImmutableId or connector-space DN given itself, or a record's `ImmutableId` /
/// `OnPremisesImmutableId` / `SourceAnchor`), rendered in `form` (an `IidOutputForm`):
/// `iid_output_width(form)` ASCII characters (or bytes) per record, end to end, in `out`
/// (`out_len` at least records times width). A failed record's slot is zeros and its error
/// a note in `answer`.
///
/// # Safety
/// As for `iid_to_immutable_id`.
#[no_mangle]
pub unsafe extern "C" fn iid_from_immutable_id(
    input: *const IidInput,
    form: u32,
    out: *mut u8,
    out_len: usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let input = Input::read(input, Schema::ConvertFrom);
        let (out, answer) = outputs_and_answer(out, out_len, 0, answer, &Input::regions_of(&input))?;
        let input = input?;
        let form = OutputForm::from(IidOutputForm::from_repr(form).ok_or(IidStatus::InvalidArgument)?);
        let width = form.width();
        if out.len() < input.records().checked_mul(width).ok_or(IidStatus::InvalidArgument)? {
            return Err(IidStatus::InvalidArgument);
        }
        let mut built = AnswerBuilder::default();
        each_record(
            &input,
            &mut built,
            |record, _| convert::from_immutable_id(record).map(|c| (c.guid, c.warning)),
            |i, guid, _| {
                if let Some(guid) = guid {
                    out[i * width..(i + 1) * width].copy_from_slice(&render(&guid, form));
                }
            },
        );
        built.finish(answer);
        Ok(())
    }
}

/// `ConvertFrom-ImmutableId -Detailed`: every form of each record's anchor (records of the
/// `ConvertFrom` schema). Anchors that are not GUID-based are described too; only values
/// that are not valid anchors are errors. `out` receives one `IidForms` per record, whose
/// texts are in `answer`.
///
/// # Safety
/// As for `iid_to_immutable_id`.
#[no_mangle]
pub unsafe extern "C" fn iid_describe(input: *const IidInput, out: *mut IidForms, out_len: usize, answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let input = Input::read(input, Schema::ConvertFrom);
        let (out, answer) = outputs_and_answer(out, out_len, IidForms::FAILED, answer, &Input::regions_of(&input))?;
        let input = input?;
        if out.len() < input.records() {
            return Err(IidStatus::InvalidArgument);
        }
        let mut built = AnswerBuilder::default();
        each_record(
            &input,
            &mut built,
            |record, built| {
                let (forms, field) = convert::describe_record(record)?;
                let slot = IidForms {
                    immutable_id: built.text(&forms.immutable_id),
                    hex: built.text(&forms.hex),
                    ldap_filter: built.text(&forms.ldap_filter),
                    distinguished_name: built.text(&forms.distinguished_name),
                    guid: forms.guid.map(|g| stored_bytes(&g)).unwrap_or_default(),
                    has_guid: u32::from(forms.guid.is_some()),
                    field: field as u32,
                    byte_count: forms.byte_count,
                    ok: 1,
                };
                Ok((slot, forms.guid.as_ref().and_then(nil_guid_warning)))
            },
            |i, slot, _| {
                if let Some(slot) = slot {
                    out[i] = slot;
                }
            },
        );
        built.finish(answer);
        Ok(())
    }
}
