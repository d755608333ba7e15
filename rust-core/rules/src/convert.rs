//! The conversions `ConvertTo-ImmutableId` and `ConvertFrom-ImmutableId` expose: a GUID in
//! any source form to its ImmutableId, and an ImmutableId (or connector-space DN) back to
//! the GUID and every other form. Records go through [`crate::records`] first, so the
//! ConsistencyGuid-before-objectGUID rule and the property names live there.

use strum::{EnumIter, FromRepr, IntoStaticStr};

use crate::codec::dn::{anchor_from_dn_hex, DnProblem};
use crate::codec::hex::{ldap_escaped, parse_byte_hex, parse_ldap_escaped, upper_hex};
use crate::codec::{
    connector_space_dn, guid_from_stored_bytes, immutable_id, looks_like_dn, parse_guid_text, CloudName, Guid, HexReadings,
};
use crate::error::{ConvertError, ErrorCode};
use crate::inspect::{self, guid_of_canonical_immutable_id, Reason, MAX_VALUE_CHARS};
use crate::records::{graph_refuses, read_anchor, read_guid, AnchorRead, GuidRead, Pick, Picked, Record, SourceAnchor, Value};
use crate::text::{quote, trim_value};

/// How `ConvertTo-ImmutableId` reads a source string (`-InputFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum SourceFormat {
    /// Any unambiguous form; a bare 32-hex-digit string is refused as ambiguous.
    Auto = 0,
    /// GUID text in N, D, B or P form.
    Guid = 1,
    /// The 16 bytes in stored order as hex, bare or with separators.
    Hex = 2,
    /// `\2b\cd...`, optionally wrapped as `(objectGUID=...)`.
    LdapFilter = 3,
    /// `CN={...}` from the Entra connector space.
    DistinguishedName = 4,
}

/// First checks every text input gets: not absurdly long, not blank, no control characters.
/// Returns the value without the white space around it.
pub fn precheck(raw: &str) -> Result<&str, ConvertError> {
    if raw.len() > MAX_VALUE_CHARS * 4 || raw.chars().count() > MAX_VALUE_CHARS {
        return Err(ConvertError::new(
            ErrorCode::ValueTooLong,
            format!("{} is too long to be an anchor in any form (more than {MAX_VALUE_CHARS} characters).", quote(raw)),
        ));
    }
    let trimmed = trim_value(raw);
    if trimmed.is_empty() {
        return Err(ConvertError::new(ErrorCode::EmptyValue, format!("The value {} is empty.", quote(raw))));
    }
    if let Some(c) = trimmed.chars().find(|c| c.is_control()) {
        return Err(ConvertError::new(
            ErrorCode::InvalidCharacter,
            format!("{} holds the control character U+{:04X}, which no anchor form contains.", quote(raw), c as u32),
        ));
    }
    Ok(trimmed)
}

/// The GUID a source string names. White space around it is ignored: a GUID is never
/// compared as text.
pub fn guid_from_source_text(raw: &str, format: SourceFormat) -> Result<Guid, ConvertError> {
    let value = precheck(raw)?;
    match format {
        SourceFormat::Guid => parse_guid_text(value)
            .ok_or_else(|| ConvertError::new(ErrorCode::InvalidGuid, format!("{} is not a GUID in N, D, B or P form.", quote(raw)))),
        SourceFormat::Hex => parse_byte_hex(value).map(guid_from_stored_bytes).ok_or_else(|| {
            ConvertError::new(
                ErrorCode::InvalidHex,
                format!("{} is not 16 bytes of hex (32 hex digits, optionally separated by spaces, '-' or ':').", quote(raw)),
            )
        }),
        SourceFormat::LdapFilter => parse_ldap_escaped(value).map(guid_from_stored_bytes).ok_or_else(|| {
            ConvertError::new(
                ErrorCode::InvalidHex,
                format!("{} is not 16 LDAP-escaped bytes such as \\2b\\cd\\4b... (optionally inside (objectGUID=...)).", quote(raw)),
            )
        }),
        SourceFormat::DistinguishedName => guid_from_dn(value),
        SourceFormat::Auto => guid_from_any_source(raw, value),
    }
}

fn guid_from_any_source(raw: &str, value: &str) -> Result<Guid, ConvertError> {
    if looks_like_dn(value) {
        return guid_from_dn(value);
    }
    if let Some(readings) = HexReadings::of(value).filter(HexReadings::differ) {
        return Err(ConvertError::new(
            ErrorCode::AmbiguousHex,
            format!(
                "{} is 32 hex digits, which reads two ways: {}. Say which with -InputFormat Guid or -InputFormat Hex.",
                quote(raw),
                readings.both()
            ),
        ));
    }
    if let Some(guid) = parse_guid_text(value) {
        return Ok(guid);
    }
    if let Some(bytes) = parse_byte_hex(value).or_else(|| parse_ldap_escaped(value)) {
        return Ok(guid_from_stored_bytes(bytes));
    }
    if let Some(guid) = guid_of_canonical_immutable_id(value) {
        return Err(ConvertError::new(
            ErrorCode::ImmutableIdNotSource,
            format!("{} is already an ImmutableId (of GUID {guid}); use ConvertFrom-ImmutableId to read it.", quote(raw)),
        ));
    }
    Err(ConvertError::new(
        ErrorCode::UnrecognizedFormat,
        format!("{} is not a GUID, byte hex, LDAP-escaped bytes or a connector-space DN.", quote(raw)),
    ))
}

/// The anchor text a connector-space DN holds. The DN of an object that came from the
/// cloud holds its CloudAnchor name instead, and says so.
fn anchor_of_dn(value: &str) -> Result<String, ConvertError> {
    let anchor = anchor_from_dn_hex(value).map_err(|problem| dn_error(value, problem))?;
    if let Some(name) = CloudName::parse(&anchor) {
        return Err(ConvertError::new(
            ErrorCode::CloudObjectDistinguishedName,
            format!(
                "{} is the connector-space DN of a {} that came from the cloud (object id {}): it spells the CloudAnchor name '{}', not an ImmutableId. ConvertFrom-CloudAnchor reads it.",
                quote(value),
                name.object_type,
                name.object_id,
                name.text()
            ),
        ));
    }
    Ok(anchor)
}

fn dn_error(value: &str, problem: DnProblem) -> ConvertError {
    ConvertError::new(
        ErrorCode::InvalidDistinguishedName,
        format!("{} is not a connector-space DN: {}. Expected CN={{...}} holding the hex of the anchor's characters, such as CN={{4B38314C68343055796B657A435A48665A50426239513D3D}}.", quote(value), problem.describe()),
    )
}

fn guid_from_dn(value: &str) -> Result<Guid, ConvertError> {
    let anchor = anchor_of_dn(value)?;
    guid_from_anchor(&anchor).map(|(guid, _)| guid).map_err(|e| ConvertError {
        code: e.code,
        message: format!("{} holds the anchor '{anchor}', which has no GUID: {}", quote(value), e.message),
    })
}

/// The GUID of 16 stored-order bytes (`mS-DS-ConsistencyGuid` as `Get-ADUser` returns it).
pub fn guid_from_source_bytes(bytes: &[u8]) -> Result<Guid, ConvertError> {
    <[u8; 16]>::try_from(bytes).map(guid_from_stored_bytes).map_err(|_| {
        ConvertError::new(
            ErrorCode::WrongByteCount,
            format!(
                "The byte array [{}{}] holds {} bytes; a GUID (objectGUID, mS-DS-ConsistencyGuid) holds 16.",
                upper_hex(&bytes[..bytes.len().min(20)]),
                if bytes.len() > 20 { "..." } else { "" },
                bytes.len()
            ),
        )
    })
}

/// Single bytes piped one by one: PowerShell unrolls a byte array in a pipeline, so the
/// cmdlet sees bytes, not the array. Says how to pass it whole, and what it would be.
pub fn unrolled_bytes_error(bytes: &[u8]) -> ConvertError {
    let meant = match <[u8; 16]>::try_from(bytes) {
        Ok(stored) => {
            let guid = guid_from_stored_bytes(stored);
            format!(" Passed whole, these 16 bytes are GUID {guid}, ImmutableId {}.", immutable_id(&guid))
        }
        Err(_) => String::new(),
    };
    ConvertError::new(
        ErrorCode::UnrolledByteArray,
        format!(
            "{} single bytes arrived one at a time: PowerShell unrolls a byte array piped to a cmdlet. Pass an mS-DS-ConsistencyGuid whole: ConvertTo-ImmutableId -ConsistencyGuid $bytes (or -InputObject $bytes), or wrap it in an array: ,$bytes | ConvertTo-ImmutableId.{meant}",
            bytes.len()
        ),
    )
}

/// The GUID a value stands for, read as a source (`ConvertTo-ImmutableId`).
pub fn guid_from_source_value(value: Value, format: SourceFormat) -> Result<Guid, ConvertError> {
    match value {
        Value::Guid(guid) => Ok(guid),
        Value::Text(text) => guid_from_source_text(text, format),
        Value::Bytes(bytes) => guid_from_source_bytes(bytes),
        Value::UnrolledBytes(bytes) => Err(unrolled_bytes_error(bytes)),
        Value::Null | Value::Absent => Err(ConvertError::new(ErrorCode::EmptyValue, "The value is null; there is no GUID to convert.")),
    }
}

/// What an ImmutableId string stands for, read as the anchor it is. The text is the anchor,
/// so nothing is trimmed: white space around it is an error that names the GUID it would
/// be without. A connector-space DN may have white space around it.
fn guid_from_anchor(raw: &str) -> Result<(Guid, Option<ConvertError>), ConvertError> {
    let inspection = inspect::inspect(raw);
    let first = inspection.first_invalid().or(inspection.first_problem());
    match (inspection.first_invalid(), inspection.guid) {
        // Warnings about a GUID-based value (the nil GUID, letters all one case) come with it.
        (None, Some(guid)) => Ok((guid, inspection.first_problem().map(|p| anchor_error(&inspection, p)))),
        _ => Err(anchor_error(&inspection, first.expect("an inspection without a GUID names a problem"))),
    }
}

/// The error for an anchor's problem; for pasted characters, with what it would be without them.
fn anchor_error(inspection: &inspect::Inspection, problem: &inspect::Problem) -> ConvertError {
    let mut message = problem.message.clone();
    if problem.reason.is_stray_character() {
        if let (Some(guid), Some(clean)) = (inspection.guid, &inspection.suggestion) {
            message.push_str(&format!(" Without them it is {clean}, the ImmutableId of GUID {guid}."));
        }
    }
    ConvertError { code: problem.reason.code(), message }
}

/// The GUID behind an ImmutableId or a connector-space DN (`ConvertFrom-ImmutableId`),
/// with a warning worth giving with it (the nil GUID, letters all one case).
pub fn guid_from_immutable_id_text(raw: &str) -> Result<(Guid, Option<ConvertError>), ConvertError> {
    let value = precheck(raw)?;
    if looks_like_dn(value) {
        let guid = guid_from_dn(value)?;
        return Ok((guid, nil_guid_warning(&guid)));
    }
    guid_from_anchor(raw)
}

/// An ImmutableId value as `ConvertFrom-ImmutableId` gets it: only text is one.
pub fn immutable_id_text<'a>(value: Value<'a>) -> Result<&'a str, ConvertError> {
    match value {
        Value::Text(text) => Ok(text),
        Value::Null | Value::Absent => Err(ConvertError::new(ErrorCode::EmptyValue, "The value is null; there is no ImmutableId to read.")),
        Value::Guid(guid) => Err(ConvertError {
            code: Reason::GuidInsteadOfImmutableId.code(),
            message: format!("{guid} is a GUID, not an ImmutableId. Its ImmutableId is {}; ConvertTo-ImmutableId converts GUIDs.", immutable_id(&guid)),
        }),
        Value::UnrolledBytes(bytes) => Err(unrolled_bytes_error(bytes)),
        Value::Bytes(bytes) => Err(ConvertError::new(
            ErrorCode::ByteArrayNotImmutableId,
            format!("A byte array ({} bytes) is not an ImmutableId; ConvertTo-ImmutableId converts the bytes of objectGUID or mS-DS-ConsistencyGuid.", bytes.len()),
        )),
    }
}

/// The value a record offers, or the error that says why it offers none.
pub fn subject_of<'a>(record: &Record<'_, 'a>) -> Result<Picked<'a>, ConvertError> {
    match record.subject() {
        Pick::Found(picked) => Ok(picked),
        Pick::Unset(picked) => Err(unset_error(&picked)),
        Pick::Missing => Err(ConvertError::new(
            ErrorCode::NoAnchorProperty,
            format!("The input object has none of the properties {}, and is not itself a value to convert.", record.schema.wanted()),
        )),
    }
}

fn unset_error(picked: &Picked) -> ConvertError {
    let name = picked.property.unwrap_or("value");
    ConvertError::new(
        ErrorCode::EmptyValue,
        format!("The record's {name} is empty: there is no anchor to read (a cloud-only account has none, and an AD object without mS-DS-ConsistencyGuid uses its objectGUID)."),
    )
}

/// The anchor property a record offers when the tenant anchors on `choice`, or the error
/// that says why it offers none, naming the choice where it decides.
fn anchor_subject_of<'a>(record: &Record<'_, 'a>, choice: SourceAnchor) -> Result<Picked<'a>, ConvertError> {
    if choice == SourceAnchor::ConsistencyGuid {
        return subject_of(record);
    }
    match record.subject_by(choice) {
        Pick::Found(picked) => Ok(picked),
        Pick::Unset(picked) => Err(ConvertError::new(
            ErrorCode::EmptyValue,
            format!(
                "The record's {} is empty: {}, so this object has no anchor and Entra Connect does not sync it.",
                picked.property.unwrap_or("value"),
                choice.said()
            ),
        )),
        Pick::Missing => Err(ConvertError::new(
            ErrorCode::NoAnchorProperty,
            match choice {
                SourceAnchor::ObjectGuid => format!(
                    "The input object has none of the properties {}, and is not itself a value to convert: {}, so mS-DS-ConsistencyGuid is ignored.",
                    record.schema.wanted_by(choice),
                    choice.said()
                ),
                _ => format!(
                    "The input object has no property {}, and is not itself a value to convert: {}. Read it with the object (Get-ADUser -Properties {}).",
                    record.schema.wanted_by(choice),
                    choice.said(),
                    choice.name()
                ),
            },
        )),
    }
}

/// One record converted: the GUID, where it came from, and a warning to give with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub guid: Guid,
    /// The property that supplied it (`None` for a value given itself).
    pub property: Option<&'static str>,
    pub field: usize,
    pub warning: Option<ConvertError>,
}

/// The GUID a record's anchor property holds as text, by the rule every cmdlet reads
/// records with ([`read_guid`]): the property's type settles 32 bare hex digits, and an
/// ImmutableId (the Base64 of the 16 bytes, as admins export mS-DS-ConsistencyGuid) is read.
fn guid_from_record_text(value: &Value, property: &'static str) -> Result<Guid, ConvertError> {
    match read_guid(value, property) {
        GuidRead::Guid(guid) => Ok(guid),
        GuidRead::Unreadable { shown, why, code } => Err(ConvertError::new(code, format!("{shown} is not a GUID: {why}."))),
        GuidRead::Unset => Err(ConvertError::new(ErrorCode::EmptyValue, "The value is empty; there is no GUID to convert.")),
    }
}

/// An on-premises object's anchor: a GUID's ImmutableId, or (from an attribute
/// `-SourceAnchor` names) a text that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Guid(Guid),
    Text(String),
}

impl Anchor {
    /// The anchor as written to the cloud (`onPremisesImmutableId`).
    pub fn immutable_id(&self) -> String {
        match self {
            Anchor::Guid(guid) => immutable_id(guid),
            Anchor::Text(text) => text.clone(),
        }
    }
}

/// One record converted by `ConvertTo-ImmutableId`: its anchor, where it came from, and a
/// warning to give with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertedAnchor {
    pub anchor: Anchor,
    /// The property that supplied it (`None` for a value given itself).
    pub property: Option<&'static str>,
    pub field: usize,
    pub warning: Option<ConvertError>,
}

/// `ConvertTo-ImmutableId` on one record or value, the record's anchor read as the
/// tenant's sourceAnchor (`choice`) says; a value given itself is always a GUID. Errors
/// about a property say its name.
pub fn to_immutable_id(record: &Record, format: SourceFormat, choice: SourceAnchor) -> Result<ConvertedAnchor, ConvertError> {
    let picked = anchor_subject_of(record, choice)?;
    let at = |anchor, warning: Option<ConvertError>| ConvertedAnchor {
        anchor,
        property: picked.property,
        field: picked.field,
        warning: warning.map(|w| w.from_property(picked.property)),
    };
    match (picked.property, choice.attribute()) {
        (Some(property), Some(_)) => match read_anchor(&picked.value, property, choice) {
            AnchorRead::Guid(guid) => Ok(at(Anchor::Guid(guid), nil_guid_warning(&guid))),
            AnchorRead::Text(text) => match graph_refuses(&text) {
                Some((reason, message)) => Err(ConvertError { code: reason.code(), message }.from_property(picked.property)),
                None => Ok(at(Anchor::Text(text), None)),
            },
            AnchorRead::Unreadable { shown, why } => {
                Err(ConvertError::new(ErrorCode::UnrecognizedFormat, format!("{shown} makes no anchor: {why}."))
                    .from_property(picked.property))
            }
            AnchorRead::Unset => unreachable!("a found anchor property is set"),
        },
        _ => {
            // A record's anchor property is read by the rule every cmdlet reads records with.
            let guid = match (picked.property, &picked.value) {
                (Some(property), Value::Text(_)) => guid_from_record_text(&picked.value, property),
                (Some(_), _) => guid_from_source_value(picked.value, SourceFormat::Auto),
                _ => guid_from_source_value(picked.value, format),
            }
            .map_err(|e| e.from_property(picked.property))?;
            Ok(at(Anchor::Guid(guid), nil_guid_warning(&guid)))
        }
    }
}

/// `ConvertFrom-ImmutableId` on one record or value.
pub fn from_immutable_id(record: &Record) -> Result<Converted, ConvertError> {
    let picked = subject_of(record)?;
    let (guid, warning) =
        immutable_id_text(picked.value).and_then(guid_from_immutable_id_text).map_err(|e| e.from_property(picked.property))?;
    Ok(Converted { guid, property: picked.property, field: picked.field, warning: warning.map(|w| w.from_property(picked.property)) })
}

/// A warning to give with a converted GUID: the all-zero GUID is never a real anchor.
pub fn nil_guid_warning(guid: &Guid) -> Option<ConvertError> {
    guid.is_nil().then(|| ConvertError {
        code: Reason::NilGuid.code(),
        message: format!("{guid} is the all-zero GUID, never a real object's objectGUID or mS-DS-ConsistencyGuid: usually a placeholder or a value read from an empty field. Its ImmutableId is {}.", immutable_id(guid)),
    })
}

/// Every form of one anchor, for `ConvertFrom-ImmutableId -Detailed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorForms {
    pub immutable_id: String,
    pub guid: Option<Guid>,
    pub hex: String,
    pub ldap_filter: String,
    pub distinguished_name: String,
    pub byte_count: usize,
}

/// All forms of an ImmutableId or DN. Anchors that are not GUID-based are described too
/// (hex of their bytes, DN of their characters); only values that are not valid anchors
/// are errors.
pub fn describe(raw: &str) -> Result<AnchorForms, ConvertError> {
    let value = precheck(raw)?;
    let anchor = if looks_like_dn(value) { anchor_of_dn(value)? } else { raw.to_string() };
    let inspection = inspect::inspect(&anchor);
    if let Some(problem) = inspection.first_invalid() {
        return Err(anchor_error(&inspection, problem));
    }
    // A plain-string anchor is legitimate; its "bytes" are its characters.
    let bytes = inspection.bytes.clone().unwrap_or_else(|| anchor.as_bytes().to_vec());
    Ok(AnchorForms {
        guid: inspection.guid,
        hex: upper_hex(&bytes),
        ldap_filter: ldap_escaped(&bytes),
        distinguished_name: connector_space_dn(&anchor),
        byte_count: bytes.len(),
        immutable_id: anchor,
    })
}

/// `ConvertFrom-ImmutableId -Detailed` on one record or value: the forms, and the field
/// that supplied the anchor.
pub fn describe_record(record: &Record) -> Result<(AnchorForms, usize), ConvertError> {
    let picked = subject_of(record)?;
    let forms = immutable_id_text(picked.value).and_then(describe).map_err(|e| e.from_property(picked.property))?;
    Ok((forms, picked.field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Schema;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;

    const ID: &str = "K81Lh40UykezCZHfZPBb9Q==";
    const GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";

    #[test]
    fn white_space_is_ignored_around_a_guid_and_refused_around_an_immutable_id() {
        assert_eq!(guid_from_source_text("  {874bcd2b-148d-47ca-b309-91df64f05bf5}\t", SourceFormat::Auto).unwrap().to_string(), GUID);
        let e = guid_from_immutable_id_text(" K81Lh40UykezCZHfZPBb9Q==\r\n").unwrap_err();
        assert_eq!(e.code, "SurroundingWhiteSpace");
        assert!(e.message.contains(GUID) && e.message.contains(ID), "{}", e.message);
        assert_eq!(guid_from_immutable_id_text(" CN={4B38314C68343055796B657A435A48665A50426239513D3D} ").unwrap().0.to_string(), GUID);
        let (nil, warning) = guid_from_immutable_id_text("AAAAAAAAAAAAAAAAAAAAAA==").unwrap();
        assert_eq!((nil.is_nil(), warning.unwrap().code), (true, "NilGuid"));
    }

    #[test]
    fn a_cloud_object_dn_names_the_cmdlet_that_reads_it() {
        let dn = connector_space_dn("User_c72903ed-7816-41cd-9066-eac33d171d77");
        for e in [guid_from_immutable_id_text(&dn).unwrap_err(), describe(&dn).unwrap_err()] {
            assert_eq!(e.code, "CloudObjectDistinguishedName");
            assert!(
                e.message.contains("ConvertFrom-CloudAnchor") && e.message.contains("c72903ed-7816-41cd-9066-eac33d171d77"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn bare_hex_reads_two_ways_wherever_it_is_given() {
        // ConvertTo-ImmutableId and ConvertFrom-ImmutableId: the same ErrorId, both readings named.
        let to = guid_from_source_text("2BCD4B878D14CA47B30991DF64F05BF5", SourceFormat::Auto).unwrap_err();
        let from = guid_from_immutable_id_text("2BCD4B878D14CA47B30991DF64F05BF5").unwrap_err();
        for e in [&to, &from] {
            assert_eq!(e.code, "AmbiguousHex");
            assert!(
                e.message.contains(ID) && e.message.contains("h0vNKxSNR8qzCZHfZPBb9Q==") && e.message.contains("-InputFormat"),
                "{}",
                e.message
            );
        }
        assert_eq!(describe("2BCD4B878D14CA47B30991DF64F05BF5").unwrap_err().code, "AmbiguousHex");
        assert_eq!(guid_from_source_text("2BCD4B878D14CA47B30991DF64F05BF5", SourceFormat::Hex).unwrap().to_string(), GUID);
    }

    #[test]
    fn spaced_hex_given_as_an_immutable_id_points_at_convert_to() {
        let e = guid_from_immutable_id_text("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5").unwrap_err();
        assert_eq!(e.code, "HexInsteadOfImmutableId");
        assert!(e.message.contains(GUID) && e.message.contains(ID) && e.message.contains("ConvertTo-ImmutableId"));
    }

    #[test]
    fn record_errors_name_the_property() {
        let bytes = [1u8, 2, 3];
        let values = [Value::Absent, Value::Bytes(&bytes), Value::Absent, Value::Absent, Value::Absent, Value::Absent];
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        let e = to_immutable_id(&record, SourceFormat::Auto, SourceAnchor::ConsistencyGuid).unwrap_err();
        assert_eq!(e.code, "WrongByteCount");
        assert!(e.message.starts_with("mS-DS-ConsistencyGuid: "), "{}", e.message);
        let values = [Value::Absent, Value::Absent, Value::Null, Value::Absent];
        let record = Record::new(Schema::ConvertFrom, &values).unwrap();
        let e = from_immutable_id(&record).unwrap_err();
        assert_eq!(e.code, "EmptyValue");
        assert!(e.message.contains("OnPremisesImmutableId") && e.message.contains("cloud-only"), "{}", e.message);
    }

    #[test]
    fn a_record_property_is_read_by_the_one_rule_for_records() {
        let convert = |property: usize, text: &str| {
            let mut values = [Value::Absent; 6];
            values[property] = Value::Text(text);
            to_immutable_id(&Record::new(Schema::ConvertTo, &values).unwrap(), SourceFormat::Auto, SourceAnchor::ConsistencyGuid)
        };
        let guid = Anchor::Guid(Guid::parse_str(GUID).unwrap());
        // An ImmutableId in an mS-DS-ConsistencyGuid column: its 16 bytes, as Compare reads it.
        assert_eq!(convert(1, ID).unwrap().anchor, guid);
        // The property's type settles 32 bare hex digits.
        assert_eq!(convert(1, "2BCD4B878D14CA47B30991DF64F05BF5").unwrap().anchor, guid);
        assert_eq!(convert(3, "874bcd2b148d47cab30991df64f05bf5").unwrap().anchor, guid);
        assert_eq!(convert(3, "\\2b\\cd\\4b\\87\\8d\\14\\ca\\47\\b3\\09\\91\\df\\64\\f0\\5b\\f5").unwrap().anchor, guid);
        // A byte array Export-Csv flattened to its type name is said to be one.
        let e = convert(1, "System.Byte[]").unwrap_err();
        assert_eq!(e.code, "FlattenedByteArray");
        assert!(e.message.starts_with("mS-DS-ConsistencyGuid: 'System.Byte[]'") && e.message.contains("Export-Csv"), "{}", e.message);
        assert_eq!(convert(3, "alice").unwrap_err().code, "UnrecognizedFormat");
        // The value itself is still a source, not a record: an ImmutableId given is not one.
        assert_eq!(convert(0, ID).unwrap_err().code, "ImmutableIdNotSource");
    }

    #[test]
    fn the_nil_guid_converts_with_a_warning() {
        let nil = Guid::nil();
        assert_eq!(nil_guid_warning(&nil).unwrap().code, "NilGuid");
        assert!(nil_guid_warning(&Guid::parse_str(GUID).unwrap()).is_none());
    }

    #[test]
    fn describes_non_guid_anchors() {
        let forms = describe("AAAA").unwrap();
        assert_eq!((forms.guid, forms.byte_count, forms.distinguished_name.as_str()), (None, 3, "CN={41414141}"));
        assert_eq!(describe("K81Lh40UykezCZHfZPBb9R==").unwrap_err().code, "NonCanonicalPadding");
    }
    fn convert_to<'a>(consistency: Value<'a>, object_guid: Value<'a>, attribute: Value<'a>) -> [Value<'a>; 6] {
        [Value::Absent, consistency, Value::Absent, object_guid, Value::Absent, attribute]
    }

    #[test]
    fn object_guid_tenants_ignore_the_consistency_guid() {
        let object_guid = Guid::parse_str(GUID).unwrap();
        let stray = [7u8; 16];
        let values = convert_to(Value::Bytes(&stray), Value::Guid(object_guid), Value::Absent);
        let record = Record::new(Schema::ConvertTo, &values).unwrap();
        let default = to_immutable_id(&record, SourceFormat::Auto, SourceAnchor::ConsistencyGuid).unwrap();
        assert_eq!((default.anchor.immutable_id(), default.property), (STANDARD.encode(stray), Some("mS-DS-ConsistencyGuid")));
        let c = to_immutable_id(&record, SourceFormat::Auto, SourceAnchor::ObjectGuid).unwrap();
        assert_eq!((c.anchor, c.property, c.field), (Anchor::Guid(object_guid), Some("ObjectGUID"), 3));
        // Only the ConsistencyGuid: nothing to convert, and the message says why.
        let values = convert_to(Value::Bytes(&stray), Value::Absent, Value::Absent);
        let e =
            to_immutable_id(&Record::new(Schema::ConvertTo, &values).unwrap(), SourceFormat::Auto, SourceAnchor::ObjectGuid).unwrap_err();
        assert_eq!(e.code, "NoAnchorProperty");
        assert!(e.message.contains("(-SourceAnchor ObjectGUID), so mS-DS-ConsistencyGuid is ignored"), "{}", e.message);
    }

    #[test]
    fn attribute_tenants_anchor_on_the_attribute_as_it_is() {
        let employee = SourceAnchor::parse("employeeID").unwrap();
        let object_guid = Value::Guid(Guid::parse_str(GUID).unwrap());
        let convert = |attribute: Value| {
            let values = convert_to(Value::Absent, object_guid, attribute);
            to_immutable_id(&Record::new(Schema::ConvertTo, &values).unwrap(), SourceFormat::Auto, employee)
        };
        let c = convert(Value::Text("E1234")).unwrap();
        assert_eq!((c.anchor, c.property, c.field, c.warning), (Anchor::Text("E1234".into()), Some("employeeID"), 5, None));
        assert_eq!(convert(Value::Bytes(&[0xde, 0xad, 0xbe, 0xef])).unwrap().anchor, Anchor::Text("3q2+7w==".into()));
        assert_eq!(convert(Value::Bytes(&crate::codec::stored_bytes(&Guid::parse_str(GUID).unwrap()))).unwrap().anchor.immutable_id(), ID);
        let e = convert(Value::Text("")).unwrap_err();
        assert_eq!(e.code, "EmptyValue");
        assert!(e.message.contains("employeeID is empty") && e.message.contains("-SourceAnchor employeeID"), "{}", e.message);
        let e = convert(Value::Absent).unwrap_err();
        assert_eq!(e.code, "NoAnchorProperty");
        assert!(e.message.contains("Get-ADUser -Properties employeeID"), "{}", e.message);
        let e = convert(Value::Text("emp_1234")).unwrap_err();
        assert_eq!(e.code, "GraphForbiddenCharacter");
        assert!(e.message.starts_with("employeeID: "), "{}", e.message);
        assert_eq!(convert(Value::Text("System.Byte[]")).unwrap_err().code, "UnrecognizedFormat");
        // A value given itself is a GUID whatever the choice.
        let values = [Value::Text(GUID), Value::Absent, Value::Absent, Value::Absent, Value::Absent, Value::Text("E1")];
        let c = to_immutable_id(&Record::new(Schema::ConvertTo, &values).unwrap(), SourceFormat::Auto, employee).unwrap();
        assert_eq!((c.anchor.immutable_id(), c.property), (ID.to_string(), None));
    }
}
