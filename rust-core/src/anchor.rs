//! The forms of a GUID-based sourceAnchor and the conversions between them.
//!
//! Byte order is the whole point: an ImmutableId is Base64 of `Uuid::to_bytes_le()`
//! (.NET's `Guid.ToByteArray()`), and hex, LDAP-escaped bytes and `mS-DS-ConsistencyGuid`
//! are those same 16 bytes in stored order. Nothing here produces `Uuid::as_bytes()`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{ConvertError, ErrorCode};
use crate::inspect::{self, Inspection};
use crate::quote::quote;

/// Longest input considered at all. Every real form is under 100 characters; refusing
/// longer ones up front keeps a 10 MB paste cheap.
pub const MAX_VALUE_CHARS: usize = 1024;

/// How `ConvertTo-ImmutableId` reads a source string (`-InputFormat`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl SourceFormat {
    pub fn from_u32(value: u32) -> Option<Self> {
        Some(match value {
            0 => SourceFormat::Auto,
            1 => SourceFormat::Guid,
            2 => SourceFormat::Hex,
            3 => SourceFormat::LdapFilter,
            4 => SourceFormat::DistinguishedName,
            _ => return None,
        })
    }
}

/// What `ConvertFrom-ImmutableId -Format` renders. Every form has a fixed width, so a
/// batch fits a caller-allocated buffer.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputForm {
    /// Lower-case D form, 36 characters.
    Guid = 0,
    /// Upper-case hex of the bytes in stored order, 32 characters.
    Hex = 1,
    /// `\xx` per byte, lower case, 48 characters.
    LdapFilter = 2,
    /// `CN={...}`, 53 characters.
    DistinguishedName = 3,
    /// The 16 bytes in stored order.
    Bytes = 4,
    /// The ImmutableId itself, 24 characters.
    ImmutableId = 5,
}

impl OutputForm {
    pub fn from_u32(value: u32) -> Option<Self> {
        Some(match value {
            0 => OutputForm::Guid,
            1 => OutputForm::Hex,
            2 => OutputForm::LdapFilter,
            3 => OutputForm::DistinguishedName,
            4 => OutputForm::Bytes,
            5 => OutputForm::ImmutableId,
            _ => return None,
        })
    }

    /// Bytes one rendered value takes.
    pub fn width(self) -> usize {
        match self {
            OutputForm::Guid => 36,
            OutputForm::Hex => 32,
            OutputForm::LdapFilter => 48,
            OutputForm::DistinguishedName => 53,
            OutputForm::Bytes => 16,
            OutputForm::ImmutableId => 24,
        }
    }
}

/// The ImmutableId of a GUID: Base64 of its bytes in `ToByteArray()` order.
pub fn immutable_id(guid: &Uuid) -> String {
    STANDARD.encode(guid.to_bytes_le())
}

/// Writes the ImmutableId of a GUID into a 24-byte slot, without allocating.
pub fn write_immutable_id(guid: &Uuid, out: &mut [u8]) {
    let written = STANDARD.encode_slice(guid.to_bytes_le(), out).expect("24 bytes hold the Base64 of 16");
    debug_assert_eq!(written, 24);
}

/// The GUID whose ImmutableId is these 16 stored-order bytes.
pub fn guid_from_stored_bytes(bytes: [u8; 16]) -> Uuid {
    Uuid::from_bytes_le(bytes)
}

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn ldap_escaped(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

/// Render a GUID in one of the fixed-width forms (ASCII, or raw bytes for `Bytes`).
pub fn render(guid: &Uuid, form: OutputForm) -> Vec<u8> {
    let stored = guid.to_bytes_le();
    match form {
        OutputForm::Guid => guid.hyphenated().to_string().into_bytes(),
        OutputForm::Hex => upper_hex(&stored).into_bytes(),
        OutputForm::LdapFilter => ldap_escaped(&stored).into_bytes(),
        OutputForm::DistinguishedName => connector_space_dn(&immutable_id(guid)).into_bytes(),
        OutputForm::Bytes => stored.to_vec(),
        OutputForm::ImmutableId => immutable_id(guid).into_bytes(),
    }
}

/// The Entra connector-space DN of an anchor: `CN={` + upper-case hex of the anchor's
/// characters + `}`. Defined for any anchor string, GUID-based or not.
pub fn connector_space_dn(anchor: &str) -> String {
    format!("CN={{{}}}", upper_hex(anchor.as_bytes()))
}

/// True when a value is shaped like a connector-space DN (`CN={`...), any case.
pub fn looks_like_dn(value: &str) -> bool {
    value.len() >= 4 && value.as_bytes()[..4].eq_ignore_ascii_case(b"CN={")
}

/// The anchor string inside `CN={hex}`.
pub fn anchor_from_dn(value: &str) -> Result<String, ConvertError> {
    let bad = |why: &str| {
        ConvertError::new(
            ErrorCode::InvalidDistinguishedName,
            format!("{} is not a connector-space DN: {why}. Expected CN={{...}} holding the hex of the anchor's characters, such as CN={{4B38314C68343055796B657A435A48665A50426239513D3D}}.", quote(value)),
        )
    };
    if !looks_like_dn(value) || !value.ends_with('}') {
        return Err(bad("it must start with CN={ and end with }"));
    }
    let hex = &value[4..value.len() - 1];
    if hex.is_empty() || hex.len() % 2 != 0 {
        return Err(bad("the part in braces must be an even number of hex digits"));
    }
    let bytes = decode_hex_run(hex).ok_or_else(|| bad("the part in braces is not hex"))?;
    match String::from_utf8(bytes) {
        Ok(text) if text.chars().all(|c| c.is_ascii_graphic()) => Ok(text),
        _ => Err(bad("the hex does not spell printable ASCII characters")),
    }
}

/// First checks every text input gets: not empty, not absurdly long, no control characters.
/// Returns the value with surrounding white space removed.
pub fn precheck(raw: &str) -> Result<&str, ConvertError> {
    if raw.len() > MAX_VALUE_CHARS * 4 || raw.chars().count() > MAX_VALUE_CHARS {
        return Err(ConvertError::new(
            ErrorCode::ValueTooLong,
            format!("{} is too long to be an anchor in any form (more than {MAX_VALUE_CHARS} characters).", quote(raw)),
        ));
    }
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
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

/// The GUID a source string names (`ConvertTo-ImmutableId`).
pub fn guid_from_source_text(raw: &str, format: SourceFormat) -> Result<Uuid, ConvertError> {
    let value = precheck(raw)?;
    match format {
        SourceFormat::Guid => parse_guid_text(value).ok_or_else(|| {
            ConvertError::new(ErrorCode::InvalidGuid, format!("{} is not a GUID in N, D, B or P form.", quote(raw)))
        }),
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

fn guid_from_any_source(raw: &str, value: &str) -> Result<Uuid, ConvertError> {
    if looks_like_dn(value) {
        return guid_from_dn(value);
    }
    if is_bare_hex32(value) {
        let as_guid = parse_guid_text(value).map(|g| immutable_id(&g)).unwrap_or_default();
        let as_bytes = parse_byte_hex(value).map(|b| STANDARD.encode(b)).unwrap_or_default();
        return Err(ConvertError::new(
            ErrorCode::AmbiguousHex,
            format!(
                "{} is 32 hex digits, which reads two ways: as an N-form GUID its ImmutableId is {as_guid}; as the 16 bytes in stored order (hex of objectGUID or mS-DS-ConsistencyGuid) it is {as_bytes}. Say which with -InputFormat Guid or -InputFormat Hex.",
                quote(raw)
            ),
        ));
    }
    if let Some(guid) = parse_guid_text(value) {
        return Ok(guid);
    }
    if let Some(bytes) = parse_byte_hex(value).or_else(|| parse_ldap_escaped(value)) {
        return Ok(guid_from_stored_bytes(bytes));
    }
    if let Some(guid) = inspect::guid_of_canonical_immutable_id(value) {
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

fn guid_from_dn(value: &str) -> Result<Uuid, ConvertError> {
    let anchor = anchor_from_dn(value)?;
    guid_from_immutable_id_text(&anchor).map_err(|e| ConvertError {
        code: e.code,
        message: format!("{} holds the anchor '{anchor}', which has no GUID: {}", quote(value), e.message),
    })
}

/// The GUID of 16 stored-order bytes (`mS-DS-ConsistencyGuid` as `Get-ADUser` returns it).
pub fn guid_from_source_bytes(bytes: &[u8]) -> Result<Uuid, ConvertError> {
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

/// The GUID behind an ImmutableId or a connector-space DN (`ConvertFrom-ImmutableId`).
/// Surrounding white space is ignored; anything else wrong with the value is an error
/// named by its inspection reason.
pub fn guid_from_immutable_id_text(raw: &str) -> Result<Uuid, ConvertError> {
    let value = precheck(raw)?;
    if looks_like_dn(value) {
        return guid_from_dn(value);
    }
    let inspection = inspect::inspect(value);
    match (inspection.first_problem(), inspection.guid) {
        (None, Some(guid)) => Ok(guid),
        (Some(problem), _) => Err(ConvertError { code: problem.reason.code(), message: problem.message.clone() }),
        (None, None) => unreachable!("an inspection without a GUID always names a problem"),
    }
}

/// Every form of one anchor, for `ConvertFrom-ImmutableId -Detailed`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AnchorForms {
    pub input: String,
    pub immutable_id: String,
    pub is_guid_based: bool,
    pub guid: Option<String>,
    pub hex: String,
    pub ldap_filter: String,
    pub distinguished_name: String,
    pub byte_count: usize,
}

/// All forms of an ImmutableId or DN. Non-GUID anchors are described too (hex of their
/// bytes, DN of their characters); only values that are not valid anchors are errors.
pub fn describe(raw: &str) -> Result<AnchorForms, ConvertError> {
    let value = precheck(raw)?;
    let anchor = if looks_like_dn(value) { anchor_from_dn(value)? } else { value.to_string() };
    let inspection: Inspection = inspect::inspect(&anchor);
    if let Some(problem) = inspection.problems.iter().find(|p| !p.reason.is_warning()) {
        return Err(ConvertError { code: problem.reason.code(), message: problem.message.clone() });
    }
    // A plain-string anchor is legitimate; its "bytes" are its characters.
    let bytes = inspection.bytes.clone().unwrap_or_else(|| anchor.as_bytes().to_vec());
    Ok(AnchorForms {
        input: raw.to_string(),
        is_guid_based: inspection.guid.is_some(),
        guid: inspection.guid.map(|g| g.hyphenated().to_string()),
        hex: upper_hex(&bytes),
        ldap_filter: ldap_escaped(&bytes),
        distinguished_name: connector_space_dn(&anchor),
        byte_count: bytes.len(),
        immutable_id: anchor,
    })
}

pub fn parse_guid_text(value: &str) -> Option<Uuid> {
    if let Some(inner) = value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
        return if inner.len() == 36 { Uuid::try_parse(inner).ok() } else { None };
    }
    // 32 = N, 36 = D, 38 = B; the uuid crate's urn: form is not a Windows GUID form.
    matches!(value.len(), 32 | 36 | 38).then(|| Uuid::try_parse(value).ok()).flatten()
}

fn is_bare_hex32(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(pair).ok()?;
    if pair.len() != 2 || !pair.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u8::from_str_radix(text, 16).ok()
}

fn decode_hex_run(hex: &str) -> Option<Vec<u8>> {
    hex.as_bytes().chunks(2).map(hex_byte).collect()
}

/// 16 bytes as hex: 32 digits bare, or 16 pairs split by one kind of separator
/// (space, '-' or ':'), as ADSI editors and ldp show them.
pub fn parse_byte_hex(value: &str) -> Option<[u8; 16]> {
    let bytes = if is_bare_hex32(value) {
        decode_hex_run(value)?
    } else {
        let sep = value.chars().find(|c| matches!(c, ' ' | '-' | ':'))?;
        let pairs: Vec<&str> = value.split(sep).collect();
        if pairs.len() != 16 {
            return None;
        }
        pairs.iter().map(|p| hex_byte(p.as_bytes())).collect::<Option<Vec<u8>>>()?
    };
    bytes.try_into().ok()
}

/// `\2b\cd...` (16 escaped bytes), bare or as a whole `(objectGUID=...)` filter.
pub fn parse_ldap_escaped(value: &str) -> Option<[u8; 16]> {
    let escaped = match value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
        Some(filter) => filter.split_once('=')?.1,
        None => value,
    };
    let body = escaped.strip_prefix('\\')?;
    let bytes: Vec<u8> = body.split('\\').map(|p| hex_byte(p.as_bytes())).collect::<Option<_>>()?;
    bytes.try_into().ok()
}
