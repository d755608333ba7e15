//! The caller's input: values in two buffers, described one by one, read into the rules
//! crate's `Value`s record by record. The whole description is checked before any value
//! is read, so a bad offset anywhere fails the call before anything is written.

use immutableid_rules::codec::{guid_from_stored_bytes, Guid};
use immutableid_rules::error::{ConvertError, ErrorCode};
use immutableid_rules::records::{Record, Schema, Value};

use crate::boundary::IidStatus;
use crate::enums::IidValueKind;
use crate::memory::{in_ref, slice_in};

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

/// A checked input.
pub(crate) struct Input<'a> {
    text: &'a [u16],
    bytes: &'a [u8],
    values: &'a [IidValue],
    /// Values per record.
    pub fields: usize,
    pub schema: Schema,
}

/// A value read out of the buffers, owning its text.
enum Owned<'a> {
    Absent,
    Null,
    Text(String),
    Guid(Guid),
    Bytes(&'a [u8]),
    UnrolledBytes(&'a [u8]),
}

impl<'a> Input<'a> {
    /// Checks the input of a call on `schema`'s records: pointers, lengths, every value's
    /// kind and range, and that the values make whole records.
    ///
    /// # Safety
    /// `input` must be null or point to an `IidInput` whose pointers are valid for their lengths.
    pub unsafe fn read(input: *const IidInput, schema: Schema) -> Result<Input<'a>, IidStatus> {
        let input = in_ref(input)?;
        let checked = Input {
            text: slice_in(input.text, input.text_len)?,
            bytes: slice_in(input.bytes, input.bytes_len)?,
            values: slice_in(input.values, input.values_len)?,
            fields: schema.passed_count(),
            schema,
        };
        if checked.values.len() % checked.fields != 0 {
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

    pub fn records(&self) -> usize {
        self.values.len() / self.fields
    }

    fn owned(&self, v: &IidValue) -> Result<Owned<'a>, ()> {
        let range = v.offset..v.offset + v.len;
        Ok(match IidValueKind::from_repr(v.kind).expect("checked") {
            IidValueKind::Absent => Owned::Absent,
            IidValueKind::Null => Owned::Null,
            IidValueKind::Text => Owned::Text(String::from_utf16(&self.text[range]).map_err(|_| ())?),
            IidValueKind::Guid => Owned::Guid(guid_from_stored_bytes(self.bytes[range].try_into().expect("checked: 16 bytes"))),
            IidValueKind::Bytes => Owned::Bytes(&self.bytes[range]),
            IidValueKind::UnrolledBytes => Owned::UnrolledBytes(&self.bytes[range]),
        })
    }

    /// Runs `body` on record `index`. A text value that is not valid UTF-16 makes the
    /// record an `InvalidCharacter` error naming its property, without calling `body`.
    pub fn with_record<T>(&self, index: usize, body: impl FnOnce(&Record) -> T) -> Result<T, ConvertError> {
        let values = &self.values[index * self.fields..(index + 1) * self.fields];
        let mut owned = Vec::with_capacity(self.fields);
        for (v, field) in values.iter().zip(self.schema.passed()) {
            owned.push(self.owned(v).map_err(|()| {
                ConvertError::new(ErrorCode::InvalidCharacter, "The value holds an unpaired UTF-16 surrogate, so it is not text.")
                    .from_property(Some(field.name).filter(|_| index_is_property(field)))
            })?);
        }
        let borrowed: Vec<Value> = owned
            .iter()
            .map(|o| match o {
                Owned::Absent => Value::Absent,
                Owned::Null => Value::Null,
                Owned::Text(s) => Value::Text(s),
                Owned::Guid(g) => Value::Guid(*g),
                Owned::Bytes(b) => Value::Bytes(b),
                Owned::UnrolledBytes(b) => Value::UnrolledBytes(b),
            })
            .collect();
        let record = Record::new(self.schema, &borrowed).expect("whole records were checked");
        Ok(body(&record))
    }
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
