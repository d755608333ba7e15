//! The on-premises GUID a record's ImmutableId must stand for, and how the two can disagree.

use crate::codec::{immutable_id, Guid};
use crate::inspect::{Inspection, Reason};
use crate::records::{read_anchor, read_guid, AnchorRead, GuidRead, Pick, Picked, SourceAnchor};
use crate::text::quote;

/// What a record says its on-premises GUID is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Nothing: no parameter and no anchor property, or none of them set.
    None,
    /// The GUID, and the property (or parameter) it came from.
    Guid { guid: Guid, property: &'static str },
    /// Something that is not a GUID: a finding, never a silently skipped check.
    Unreadable { shown: String, property: &'static str, why: String },
    /// The anchor an attribute `-SourceAnchor` names makes when it is not a GUID's
    /// ImmutableId (a string as it is, the Base64 of bytes): the value must be exactly it.
    Anchor { text: String, property: &'static str },
}

impl Expected {
    pub fn guid(&self) -> Option<Guid> {
        match self {
            Expected::Guid { guid, .. } => Some(*guid),
            _ => None,
        }
    }

    pub fn from_pick(pick: Pick) -> Expected {
        Expected::from_pick_by(pick, SourceAnchor::ConsistencyGuid)
    }

    /// What a record's expected anchor says, its anchor property read as `choice` says (the
    /// `-ExpectedGuid` parameter is always a GUID).
    pub fn from_pick_by(pick: Pick, choice: SourceAnchor) -> Expected {
        match pick {
            Pick::Found(picked) if picked.property.is_some() && picked.property == choice.attribute() => {
                let property = picked.property.unwrap_or_default();
                match read_anchor(&picked.value, property, choice) {
                    AnchorRead::Guid(guid) => Expected::Guid { guid, property },
                    AnchorRead::Text(text) => Expected::Anchor { text, property },
                    AnchorRead::Unreadable { shown, why } => Expected::Unreadable { shown, property, why: why.to_string() },
                    AnchorRead::Unset => Expected::None,
                }
            }
            Pick::Found(picked) => read(&picked),
            Pick::Unset(_) | Pick::Missing => Expected::None,
        }
    }

    /// The property (or parameter) it came from.
    pub fn property(&self) -> Option<&'static str> {
        match self {
            Expected::Guid { property, .. } | Expected::Unreadable { property, .. } | Expected::Anchor { property, .. } => Some(*property),
            Expected::None => None,
        }
    }
}

fn read(picked: &Picked) -> Expected {
    let property = picked.property.unwrap_or("ExpectedGuid");
    match read_guid(&picked.value, property) {
        GuidRead::Guid(guid) => Expected::Guid { guid, property },
        GuidRead::Unreadable { shown, why, .. } => Expected::Unreadable { shown, property, why: why.to_string() },
        GuidRead::Unset => Expected::None,
    }
}

/// How a value disagrees with its record's expected GUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GuidFinding {
    pub reason: Reason,
    pub message: String,
    /// What the value should be, when known.
    pub suggestion: Option<String>,
    /// The GUID the value stands for, when the finding says more than its inspection.
    pub guid: Option<Guid>,
}

/// The GUID check of one record: `None` when the value stands for the expected GUID, or
/// when there is nothing to check it against (or the value is broken in a way that says
/// nothing about GUIDs).
pub(super) fn check(value: &str, ins: &Inspection, expected: &Expected) -> Option<GuidFinding> {
    let (expected, property) = match expected {
        Expected::None => return None,
        Expected::Unreadable { shown, property, why } => {
            return Some(GuidFinding {
                reason: Reason::ExpectedGuidUnreadable,
                message: format!("This record's {property} is {shown}, so {} could not be checked against it: {why}.", quote(value)),
                suggestion: None,
                guid: None,
            })
        }
        Expected::Guid { guid, property } => (*guid, *property),
        Expected::Anchor { text, property } => {
            return (value != text.as_str()).then(|| GuidFinding {
                reason: Reason::GuidMismatch,
                message: format!(
                    "{} is not this object's anchor: {}, and this object's {property} is {}, so the value must be exactly that.",
                    quote(value),
                    SourceAnchor::Attribute(property).said(),
                    quote(text)
                ),
                suggestion: Some(text.clone()),
                guid: None,
            })
        }
    };
    // Most records match: the quoted value and the ImmutableId are built only for a finding.
    let reason = disagreement(ins, expected)?;
    let (q, id) = (quote(value), immutable_id(&expected));
    if let Some(readings) = ins.hex_readings {
        // 32 bare hex digits: the expected GUID says which reading was meant, if either.
        let message = match reason {
            Reason::HexInsteadOfImmutableId => format!("{q} is the hex of this object's {property} {expected}: its 16 bytes in stored order, as ADSI and Synchronization Service Manager show them, not an ImmutableId. Its ImmutableId is {id}."),
            Reason::GuidInsteadOfImmutableId => format!("{q} is this object's {property} {expected} written as an N-form GUID (32 hex digits), not an ImmutableId. Its ImmutableId is {id}."),
            _ => format!("{q} is 32 hex digits that read as GUID {} or {}, but this object's {property} is {expected}: it is neither. The ImmutableId of {expected} is {id}.", readings.as_guid, readings.as_stored),
        };
        let guid = readings.either_is(expected).then_some(expected);
        return Some(GuidFinding { reason, message, suggestion: Some(id), guid });
    }
    let message = match (reason, ins.guid) {
        (Reason::BigEndianByteOrder, _) => format!("{q} holds the bytes of GUID {expected} in big-endian (RFC 4122) order, as Python's uuid.bytes, MySQL's UNHEX or Java produce them, not in the Guid.ToByteArray() order Entra Connect uses, so it matches no on-premises object. The ImmutableId of {expected} is {id}."),
        (_, Some(actual)) => format!("{q} stands for GUID {actual}, but this object's {property} is {expected}: a hard match would join it to the wrong cloud object, or to none. The ImmutableId of {expected} is {id}."),
        (_, None) => format!("{q} is not GUID-based, but this object's {property} is {expected}: Entra Connect would not match the two. The ImmutableId of {expected} is {id}."),
    };
    let guid = (reason == Reason::BigEndianByteOrder).then_some(expected);
    Some(GuidFinding { reason, message, suggestion: Some(id), guid })
}

/// The reason [`check`] finds, without its message: what a summary counts.
pub(super) fn check_reason(value: &str, ins: &Inspection, expected: &Expected) -> Option<Reason> {
    match expected {
        Expected::None => None,
        Expected::Unreadable { .. } => Some(Reason::ExpectedGuidUnreadable),
        Expected::Guid { guid, .. } => disagreement(ins, *guid),
        Expected::Anchor { text, .. } => (value != text.as_str()).then_some(Reason::GuidMismatch),
    }
}

/// True when a finding settles which reading of 32 bare hex digits was meant: the value's
/// own [`Reason::AmbiguousHex`] is then answered, and replaced by the finding.
pub(super) fn settles_hex(finding: Option<Reason>) -> bool {
    matches!(finding, Some(Reason::HexInsteadOfImmutableId | Reason::GuidInsteadOfImmutableId))
}

/// How a value disagrees with the GUID it should stand for, if it does.
fn disagreement(ins: &Inspection, expected: Guid) -> Option<Reason> {
    if let Some(readings) = ins.hex_readings {
        return Some(if readings.as_stored == expected {
            Reason::HexInsteadOfImmutableId
        } else if readings.as_guid == expected {
            Reason::GuidInsteadOfImmutableId
        } else {
            Reason::GuidMismatch
        });
    }
    if ins.guid == Some(expected) {
        None
    } else if ins.bytes.as_deref() == Some(expected.as_bytes().as_slice()) {
        Some(Reason::BigEndianByteOrder)
    } else if ins.guid.is_some() {
        Some(Reason::GuidMismatch)
    } else if ins.problems.iter().all(|p| p.reason.is_warning()) {
        // A non-GUID anchor on an object whose GUID is known cannot hard-match that object.
        Some(Reason::GuidMismatch)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::records::Value;

    fn expected(property: &'static str, value: Value) -> Expected {
        read(&Picked { value, property: Some(property), field: 0 })
    }

    #[test]
    fn reads_every_form_admins_export() {
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        for (property, text) in [
            ("ObjectGUID", "874bcd2b-148d-47ca-b309-91df64f05bf5"),
            ("ObjectGUID", "874bcd2b148d47cab30991df64f05bf5"),
            ("mS-DS-ConsistencyGuid", "2BCD4B878D14CA47B30991DF64F05BF5"),
            ("mS-DS-ConsistencyGuid", "2B-CD-4B-87-8D-14-CA-47-B3-09-91-DF-64-F0-5B-F5"),
            ("mS-DS-ConsistencyGuid", "K81Lh40UykezCZHfZPBb9Q=="),
            ("mS-DS-ConsistencyGuid", " {874BCD2B-148D-47CA-B309-91DF64F05BF5} "),
        ] {
            assert_eq!(expected(property, Value::Text(text)).guid(), Some(guid), "{property} {text}");
        }
        assert_eq!(expected("ObjectGUID", Value::Bytes(&crate::codec::stored_bytes(&guid))).guid(), Some(guid));
    }

    #[test]
    fn what_is_not_a_guid_is_unreadable_never_nothing() {
        for text in ["alice@contoso.com", "874bcd2b-148d-47ca-b309-91df64f05bf", "System.Byte[]"] {
            assert!(matches!(expected("ObjectGUID", Value::Text(text)), Expected::Unreadable { .. }), "{text}");
        }
        assert!(matches!(expected("ObjectGUID", Value::Bytes(&[1, 2, 3])), Expected::Unreadable { .. }));
    }
}
