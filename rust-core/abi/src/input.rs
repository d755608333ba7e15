//! The caller's input: values in two buffers, described one by one, read into the rules
//! crate's `Value`s record by record. The whole description is checked before any value
//! is read, so a bad offset anywhere fails the call before anything is written.

use std::cell::Cell;

use immutableid_rules::codec::guid_from_stored_bytes;
use immutableid_rules::error::{ConvertError, ErrorCode};
use immutableid_rules::records::{Record, Schema, SourceAnchor, Value};

use crate::enums::IidValueKind;
use crate::memory::{in_ref, region, slice_in};
use crate::status::IidStatus;

/// One value: an `IidValueKind` and where it lies in the input's `text` (UTF-16 code units)
/// or `bytes` buffer. `Absent` and `Null` values have no place (offset and length 0).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IidValue {
    pub kind: u32,
    pub offset: usize,
    pub len: usize,
}

/// The values of a call: `values_len` values, a record's fields end to end, record after
/// record, pointing into `text` and `bytes`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidInput {
    pub text: *const u16,
    pub text_len: usize,
    pub bytes: *const u8,
    pub bytes_len: usize,
    pub values: *const IidValue,
    pub values_len: usize,
}

/// Most passed fields of any schema (a test checks): a record's values fit on the stack.
const MOST_FIELDS: usize = 16;

/// A checked input.
pub(crate) struct Input<'a> {
    text: &'a [u16],
    bytes: &'a [u8],
    values: &'a [IidValue],
    /// Values per record.
    pub fields: usize,
    pub schema: Schema,
    /// Where the caller's `IidInput` itself lies.
    at: (usize, usize),
    /// The text values of the record being read, as UTF-8, end to end: one buffer for the
    /// whole call, so reading a record allocates nothing once it has grown.
    record_text: Cell<String>,
}

impl<'a> Input<'a> {
    /// Checks the input of a call on `schema`'s records: pointers, lengths, every value's
    /// kind and range, and that the values make whole records.
    ///
    /// # Safety
    /// `input` must be null or point to an `IidInput` whose pointers are valid for their lengths.
    pub unsafe fn read(input: *const IidInput, schema: Schema) -> Result<Input<'a>, IidStatus> {
        let at = region(input, 1);
        let input = in_ref(input)?;
        let checked = Input {
            text: slice_in(input.text, input.text_len)?,
            bytes: slice_in(input.bytes, input.bytes_len)?,
            values: slice_in(input.values, input.values_len)?,
            fields: schema.passed_count(),
            schema,
            at,
            record_text: Cell::default(),
        };
        if !checked.values.len().is_multiple_of(checked.fields) {
            return Err(IidStatus::InvalidArgument);
        }
        for v in checked.values {
            checked.check(v)?;
        }
        Ok(checked)
    }

    fn check(&self, v: &IidValue) -> Result<(), IidStatus> {
        let kind = IidValueKind::from_repr(v.kind).ok_or(IidStatus::InvalidArgument)?;
        let end = v.offset.checked_add(v.len).ok_or(IidStatus::InvalidArgument)?;
        let fits = match kind {
            IidValueKind::Absent | IidValueKind::Null => v.len == 0,
            IidValueKind::Text => end <= self.text.len(),
            IidValueKind::Guid => v.len == 16 && end <= self.bytes.len(),
            IidValueKind::Bytes | IidValueKind::UnrolledBytes => end <= self.bytes.len(),
        };
        fits.then_some(()).ok_or(IidStatus::InvalidArgument)
    }

    /// The memory the input covers: the `IidInput` and the three buffers it describes, which
    /// no output may share.
    pub fn regions(&self) -> [(usize, usize); 4] {
        [
            self.at,
            region(self.text.as_ptr(), self.text.len()),
            region(self.bytes.as_ptr(), self.bytes.len()),
            region(self.values.as_ptr(), self.values.len()),
        ]
    }

    /// The regions of an input as [`Input::read`] gave it; none for an input that could not
    /// be read: the call refuses it anyway, so it keeps no output from being reset.
    pub fn regions_of(read: &Result<Input, IidStatus>) -> Vec<(usize, usize)> {
        read.as_ref().map(|input| input.regions().to_vec()).unwrap_or_default()
    }

    pub fn records(&self) -> usize {
        self.values.len() / self.fields
    }

    /// Runs `body` on record `index`. A text value that is not valid UTF-16 makes the
    /// record an `InvalidCharacter` error naming its property, without calling `body`.
    pub fn with_record<T>(&self, index: usize, body: impl FnOnce(&Record) -> T) -> Result<T, ConvertError> {
        let mut text = self.record_text.take();
        let mut values = [Value::Absent; MOST_FIELDS];
        let result =
            self.read_record(index, &mut text, &mut values).map(|()| body(&Record { schema: self.schema, values: &values[..self.fields] }));
        self.record_text.set(text);
        result
    }

    /// Reads record `index` into `read`, its text decoded into `text`.
    fn read_record<'t>(&self, index: usize, text: &'t mut String, read: &mut [Value<'t>; MOST_FIELDS]) -> Result<(), ConvertError>
    where
        'a: 't,
    {
        let values = &self.values[index * self.fields..(index + 1) * self.fields];
        text.clear();
        // Where each value's text ends in `text` (non-text values take none).
        let mut ends = [0usize; MOST_FIELDS];
        for ((v, field), end) in values.iter().zip(self.schema.passed()).zip(&mut ends) {
            if v.kind == IidValueKind::Text as u32 {
                push_utf16(&self.text[v.offset..v.offset + v.len], text).map_err(|()| {
                    ConvertError::new(ErrorCode::InvalidCharacter, "The value holds an unpaired UTF-16 surrogate, so it is not text.")
                        .from_property(Some(field.name).filter(|_| index_is_property(field)))
                })?;
            }
            *end = text.len();
        }
        let text: &'t str = text;
        let mut start = 0;
        for ((v, &end), slot) in values.iter().zip(&ends).zip(read.iter_mut()) {
            let range = v.offset..v.offset + v.len;
            *slot = match IidValueKind::from_repr(v.kind).expect("checked") {
                IidValueKind::Absent => Value::Absent,
                IidValueKind::Null => Value::Null,
                IidValueKind::Text => Value::Text(&text[start..end]),
                IidValueKind::Guid => Value::Guid(guid_from_stored_bytes(self.bytes[range].try_into().expect("checked: 16 bytes"))),
                IidValueKind::Bytes => Value::Bytes(&self.bytes[range]),
                IidValueKind::UnrolledBytes => Value::UnrolledBytes(&self.bytes[range]),
            };
            start = end;
        }
        Ok(())
    }
}

/// Appends UTF-16 text to `out` as UTF-8; `Err` at an unpaired surrogate.
fn push_utf16(units: &[u16], out: &mut String) -> Result<(), ()> {
    if units.iter().all(|&u| u < 0x80) {
        out.extend(units.iter().map(|&u| char::from(u as u8)));
        return Ok(());
    }
    for c in char::decode_utf16(units.iter().copied()) {
        out.push(c.map_err(|_| ())?);
    }
    Ok(())
}

fn index_is_property(field: &immutableid_rules::records::Field) -> bool {
    field.role != immutableid_rules::records::Role::Itself
}

/// Text given as a parameter (a path, a column, an object type); null or empty is `None`,
/// text that is not UTF-16 is an argument error.
///
/// # Safety
/// `ptr` must be null or valid for `len` reads.
pub(crate) unsafe fn parameter_text(ptr: *const u16, len: usize) -> Result<Option<String>, IidStatus> {
    let units = slice_in(ptr, len)?;
    if units.is_empty() {
        return Ok(None);
    }
    String::from_utf16(units).map(Some).map_err(|_| IidStatus::InvalidArgument)
}

/// The tenant's sourceAnchor given as a parameter (`-SourceAnchor`): `ConsistencyGuid`,
/// `ObjectGUID` or an LDAP attribute name, as UTF-16; null or empty is `ConsistencyGuid`.
/// Anything else is an argument error (`iid_source_anchor` says why).
///
/// # Safety
/// `ptr` must be null or valid for `len` reads.
pub(crate) unsafe fn source_anchor_parameter(ptr: *const u16, len: usize) -> Result<SourceAnchor, IidStatus> {
    match parameter_text(ptr, len)? {
        None => Ok(SourceAnchor::ConsistencyGuid),
        Some(name) => SourceAnchor::parse(&name).map_err(|_| IidStatus::InvalidArgument),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_schema_fits_a_record_on_the_stack() {
        for schema in Schema::iter() {
            assert!(schema.passed_count() <= MOST_FIELDS, "{schema:?} passes {} fields", schema.passed_count());
        }
    }

    #[test]
    fn text_is_read_as_utf16_and_refused_at_an_unpaired_surrogate() {
        let mut out = String::from("kept ");
        assert_eq!(push_utf16(&"Ab é 😀".encode_utf16().collect::<Vec<_>>(), &mut out), Ok(()));
        assert_eq!(out, "kept Ab é 😀");
        assert_eq!(push_utf16(&[0x41, 0xD800, 0x42], &mut String::new()), Err(()));
        assert_eq!(push_utf16(&[0xDC00], &mut String::new()), Err(()));
        let long: String = "K81Lh40UykezCZHfZPBb9Q==".repeat(3) + "é" + &"x".repeat(40) + "😀";
        let mut out = String::new();
        assert_eq!(push_utf16(&long.encode_utf16().collect::<Vec<_>>(), &mut out), Ok(()));
        assert_eq!(out, long);
    }
}
