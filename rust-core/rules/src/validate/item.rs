//! One input of `Test-ImmutableId`, as the validator takes it: what to check, what it
//! must stand for, and where it came from.

use std::sync::Arc;

use crate::convert::subject_of;
use crate::error::{ConvertError, ErrorCode};
use crate::records::{Pick, Record, SourceAnchor, Value};

use super::expected::Expected;

/// What an input offers to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject<'a> {
    /// An ImmutableId, exactly as it would be written, and the property it came from
    /// (`None` when the input was the value itself).
    Value { text: &'a str, property: Option<&'static str> },
    /// The record's anchor property is empty (as written: null, "" or blank): a cloud-only
    /// account has no anchor.
    NoAnchor { text: &'a str, property: &'static str },
    /// Nothing that can be checked (no such property, a byte array): one error.
    NotChecked(ConvertError),
}

/// A CSV record's other columns, in file order (names shared by every record of a file).
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Arc<[String]>,
    /// The values end to end, and where each ends: two allocations a record, not one a cell.
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Columns {
    /// The values of `names`, in their order.
    pub fn new<'v>(names: Arc<[String]>, values: impl Iterator<Item = &'v str>) -> Columns {
        let mut text = String::new();
        let ends = values
            .map(|value| {
                text.push_str(value);
                u32::try_from(text.len()).expect("a record's cells are under 4 GiB")
            })
            .collect();
        Columns { names, text: text.into_boxed_str(), ends }
    }

    pub fn values(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(start, end)| &self.text[start as usize..end as usize])
    }
}

/// One input.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub subject: Subject<'a>,
    pub expected: Expected,
    /// The CSV file (its number among the files read) and the line the record starts on.
    pub source: Option<(u32, u64)>,
    /// The record's other CSV columns (kept only in results mode).
    pub columns: Option<Columns>,
}

impl<'a> Item<'a> {
    /// A plain value, with no expected GUID.
    pub fn value(text: &'a str) -> Item<'a> {
        Item { subject: Subject::Value { text, property: None }, expected: Expected::None, source: None, columns: None }
    }

    /// An input that could not be checked, reported in its place.
    pub fn not_checked(error: ConvertError) -> Item<'a> {
        Item { subject: Subject::NotChecked(error), expected: Expected::None, source: None, columns: None }
    }

    pub fn expecting(mut self, expected: Expected) -> Item<'a> {
        self.expected = expected;
        self
    }
}

/// The item a `Test-ImmutableId` record makes: its ImmutableId property (or the input
/// itself), and its expected GUID (the `-ExpectedGuid` parameter, else its anchor as the
/// tenant's sourceAnchor `choice` says: by default its `mS-DS-ConsistencyGuid` when set,
/// else its `objectGUID`).
pub fn item_from_record<'a>(record: &Record<'_, 'a>, choice: SourceAnchor) -> Item<'a> {
    let subject = match record.subject() {
        Pick::Found(picked) => match picked.value {
            Value::Text(text) => Subject::Value { text, property: picked.property },
            Value::Bytes(bytes) => Subject::NotChecked(
                ConvertError::new(
                    ErrorCode::ByteArrayNotImmutableId,
                    format!(
                        "A byte array ({} bytes) is not an ImmutableId. Convert it first: ConvertTo-ImmutableId -InputObject $bytes.",
                        bytes.len()
                    ),
                )
                .from_property(picked.property),
            ),
            Value::UnrolledBytes(bytes) => Subject::NotChecked(crate::convert::unrolled_bytes_error(bytes)),
            Value::Guid(guid) => Subject::NotChecked(
                ConvertError::new(
                    ErrorCode::UnsupportedType,
                    format!(
                        "{guid} is a [guid], not an ImmutableId. Convert it first: ConvertTo-ImmutableId, or pass it as -ExpectedGuid."
                    ),
                )
                .from_property(picked.property),
            ),
            // `$null` given as the value itself: an empty value, checked as one.
            Value::Null | Value::Absent => Subject::Value { text: "", property: picked.property },
        },
        Pick::Unset(picked) if picked.property.is_some() => Subject::NoAnchor {
            text: if let Value::Text(text) = picked.value { text } else { "" },
            property: picked.property.unwrap_or_default(),
        },
        Pick::Unset(_) | Pick::Missing => match subject_of(record) {
            Err(e) => Subject::NotChecked(e),
            Ok(_) => unreachable!("an unset or missing subject is an error"),
        },
    };
    Item { subject, expected: Expected::from_pick_by(record.expected_by(choice), choice), source: None, columns: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Schema;

    fn record_item<'a>(values: &'a [Value<'a>]) -> Item<'a> {
        item_from_record(&Record::new(Schema::Test, values).unwrap(), SourceAnchor::ConsistencyGuid)
    }

    #[test]
    fn columns_keep_their_values_in_order() {
        let columns = Columns::new(["A", "B", "C"].map(String::from).into(), ["x", "", "yé"].into_iter());
        assert_eq!(columns.values().collect::<Vec<_>>(), ["x", "", "yé"]);
        assert_eq!(Columns::new(Arc::from([]), std::iter::empty()).values().count(), 0);
    }

    #[test]
    fn records_make_values_no_anchors_and_unchecked_inputs() {
        use Value::{Absent as A, Null, Text};
        let cloud_only = [A, A, Null, A, A, A, A, A, A, A];
        assert_eq!(record_item(&cloud_only).subject, Subject::NoAnchor { text: "", property: "OnPremisesImmutableId" });
        let printer = [A, A, A, A, A, A, A, A, A, A];
        assert!(matches!(record_item(&printer).subject, Subject::NotChecked(ConvertError { code: "NoAnchorProperty", .. })));
        let bytes = [1u8; 16];
        let value_bytes = [Value::Bytes(&bytes), A, A, A, A, A, A, A, A, A];
        assert!(matches!(record_item(&value_bytes).subject, Subject::NotChecked(ConvertError { code: "ByteArrayNotImmutableId", .. })));
        let empty_string = [Text(""), A, A, A, A, A, A, A, A, A];
        assert_eq!(record_item(&empty_string).subject, Subject::Value { text: "", property: None });
    }
}
