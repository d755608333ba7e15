//! What is wrong with one ImmutableId string, on its own (no other records, no expected
//! GUID). `ConvertFrom-ImmutableId` reports the first problem as its error;
//! `Test-ImmutableId` reports them all and adds the batch checks from [`crate::validate`].

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, PAD_INDIFFERENT, STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::{DecodeError, Engine};
use serde::Serialize;
use uuid::Uuid;

use crate::anchor::{immutable_id, parse_guid_text, MAX_VALUE_CHARS};
use crate::quote::quote;

/// Decodes Base64 whose last symbol carries non-zero padding bits, to say what it meant.
const TRAILING_BITS_ALLOWED: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
/// Decodes the URL-safe alphabet with or without padding, to suggest the standard form.
const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, PAD_INDIFFERENT);

/// Reason codes of `Test-ImmutableId`. The names are public (documented in
/// about_ImmutableId, used as ErrorIds): add, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Reason {
    Empty,
    TooLong,
    NotBase64Character,
    BadLengthOrPadding,
    UrlSafeAlphabet,
    GraphForbiddenCharacter,
    SurroundingWhiteSpace,
    EmbeddedWhiteSpace,
    Quotes,
    ZeroWidthCharacter,
    ByteOrderMark,
    NonCanonicalPadding,
    GuidInsteadOfImmutableId,
    Base64OfGuidText,
    NotGuidBased,
    PlainString,
    Duplicate,
    CaseOnlyDuplicate,
    GuidMismatch,
    BigEndianByteOrder,
}

impl Reason {
    pub const ALL: [Reason; 20] = [
        Reason::Empty,
        Reason::TooLong,
        Reason::NotBase64Character,
        Reason::BadLengthOrPadding,
        Reason::UrlSafeAlphabet,
        Reason::GraphForbiddenCharacter,
        Reason::SurroundingWhiteSpace,
        Reason::EmbeddedWhiteSpace,
        Reason::Quotes,
        Reason::ZeroWidthCharacter,
        Reason::ByteOrderMark,
        Reason::NonCanonicalPadding,
        Reason::GuidInsteadOfImmutableId,
        Reason::Base64OfGuidText,
        Reason::NotGuidBased,
        Reason::PlainString,
        Reason::Duplicate,
        Reason::CaseOnlyDuplicate,
        Reason::GuidMismatch,
        Reason::BigEndianByteOrder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Empty => "Empty",
            Reason::TooLong => "TooLong",
            Reason::NotBase64Character => "NotBase64Character",
            Reason::BadLengthOrPadding => "BadLengthOrPadding",
            Reason::UrlSafeAlphabet => "UrlSafeAlphabet",
            Reason::GraphForbiddenCharacter => "GraphForbiddenCharacter",
            Reason::SurroundingWhiteSpace => "SurroundingWhiteSpace",
            Reason::EmbeddedWhiteSpace => "EmbeddedWhiteSpace",
            Reason::Quotes => "Quotes",
            Reason::ZeroWidthCharacter => "ZeroWidthCharacter",
            Reason::ByteOrderMark => "ByteOrderMark",
            Reason::NonCanonicalPadding => "NonCanonicalPadding",
            Reason::GuidInsteadOfImmutableId => "GuidInsteadOfImmutableId",
            Reason::Base64OfGuidText => "Base64OfGuidText",
            Reason::NotGuidBased => "NotGuidBased",
            Reason::PlainString => "PlainString",
            Reason::Duplicate => "Duplicate",
            Reason::CaseOnlyDuplicate => "CaseOnlyDuplicate",
            Reason::GuidMismatch => "GuidMismatch",
            Reason::BigEndianByteOrder => "BigEndianByteOrder",
        }
    }

    /// Warnings are legitimate but worth a look; everything else makes the value Invalid.
    pub fn is_warning(self) -> bool {
        matches!(self, Reason::NotGuidBased | Reason::PlainString | Reason::CaseOnlyDuplicate)
    }
}

/// One thing wrong with a value, with a message that names the value and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub reason: Reason,
    pub message: String,
}

/// The verdict on one value on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inspection {
    pub problems: Vec<Problem>,
    /// The GUID the value stands for, or most likely meant.
    pub guid: Option<Uuid>,
    /// The decoded bytes, when the value (once cleaned) is Base64.
    pub bytes: Option<Vec<u8>>,
    /// The value to write instead, when one can be worked out.
    pub suggestion: Option<String>,
}

impl Inspection {
    pub fn first_problem(&self) -> Option<&Problem> {
        self.problems.first()
    }

    fn flag(&mut self, reason: Reason, message: String) {
        self.problems.push(Problem { reason, message });
    }

    fn suggest_guid(&mut self, guid: Uuid) {
        self.guid = Some(guid);
        self.suggestion = Some(immutable_id(&guid));
    }
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '`')
}

fn is_base64_symbol(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// The GUID of a value only when it is a canonical, GUID-based ImmutableId.
pub fn guid_of_canonical_immutable_id(value: &str) -> Option<Uuid> {
    let bytes: [u8; 16] = STANDARD.decode(value).ok()?.try_into().ok()?;
    Some(Uuid::from_bytes_le(bytes))
}

/// Inspect one value exactly as it would be written to the cloud.
pub fn inspect(raw: &str) -> Inspection {
    canonical(raw).unwrap_or_else(|| inspect_in_full(raw))
}

/// The common case, a canonical GUID-based ImmutableId, without building any message:
/// the same answer [`inspect_in_full`] gives, much faster (a batch is mostly these).
fn canonical(raw: &str) -> Option<Inspection> {
    if raw.len() != 24 {
        return None;
    }
    let bytes = STANDARD.decode(raw).ok()?;
    let stored = <[u8; 16]>::try_from(bytes.as_slice()).ok()?;
    Some(Inspection { problems: Vec::new(), guid: Some(Uuid::from_bytes_le(stored)), bytes: Some(bytes), suggestion: None })
}

fn inspect_in_full(raw: &str) -> Inspection {
    let mut ins = Inspection::default();
    let q = quote(raw);
    if raw.chars().count() > MAX_VALUE_CHARS {
        ins.flag(Reason::TooLong, format!("{q} is longer than {MAX_VALUE_CHARS} characters; no anchor is that long."));
        return ins;
    }
    if raw.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}' || is_zero_width(c)) {
        ins.flag(Reason::Empty, format!("The value {q} is empty; an ImmutableId cannot be blank."));
        return ins;
    }
    let core = strip_stray_characters(raw, &mut ins);
    inspect_core(&core, &q, &mut ins);
    if !ins.problems.is_empty() && ins.suggestion.is_none() && core != raw && ins.problems.iter().all(|p| is_stray(p.reason) || p.reason.is_warning()) {
        ins.suggestion = Some(core);
    }
    ins
}

fn is_stray(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::SurroundingWhiteSpace | Reason::EmbeddedWhiteSpace | Reason::Quotes | Reason::ZeroWidthCharacter | Reason::ByteOrderMark
    )
}

/// Flags and removes what copy and paste adds: white space, quotes, zero-width
/// characters and BOMs. Returns what is left.
fn strip_stray_characters(raw: &str, ins: &mut Inspection) -> String {
    let q = quote(raw);
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace());
    if trimmed.len() != raw.len() {
        ins.flag(Reason::SurroundingWhiteSpace, format!("{q} has white space before or after it; Entra stores the value as written, so it would match no on-premises object. Remove it."));
    }
    if raw.contains('\u{FEFF}') {
        ins.flag(Reason::ByteOrderMark, format!("{q} holds a byte-order mark (U+FEFF), usually left by a file saved with a BOM. Remove it."));
    }
    if raw.chars().any(is_zero_width) {
        ins.flag(Reason::ZeroWidthCharacter, format!("{q} holds a zero-width character, invisible when printed but part of the value. Remove it."));
    }
    if raw.chars().any(is_quote) {
        ins.flag(Reason::Quotes, format!("{q} holds quote characters, usually pasted with the value. Remove them."));
    }
    let inner = trimmed.trim_matches(|c: char| c == '\u{FEFF}' || is_zero_width(c) || is_quote(c) || c.is_whitespace());
    if inner.chars().any(char::is_whitespace) {
        ins.flag(Reason::EmbeddedWhiteSpace, format!("{q} has white space inside it. .NET's decoder skips it silently, but Entra compares the string as written. Remove it."));
    }
    raw.chars().filter(|&c| !(c.is_whitespace() || c == '\u{FEFF}' || is_zero_width(c) || is_quote(c))).collect()
}

fn inspect_core(core: &str, q: &str, ins: &mut Inspection) {
    if core.is_empty() {
        ins.flag(Reason::Empty, format!("The value {q} holds nothing but white space, quotes or invisible characters."));
        return;
    }
    if let Some(guid) = parse_guid_text(core) {
        ins.suggest_guid(guid);
        let id = immutable_id(&guid);
        ins.flag(Reason::GuidInsteadOfImmutableId, format!("{q} is a GUID, not an ImmutableId. The ImmutableId of GUID {guid} is {id}."));
        return;
    }
    match STANDARD.decode(core) {
        Ok(bytes) => inspect_decoded(bytes, q, ins),
        Err(DecodeError::InvalidLastSymbol { .. }) => {
            let bytes = TRAILING_BITS_ALLOWED.decode(core).unwrap_or_default();
            let canonical = STANDARD.encode(&bytes);
            ins.flag(Reason::NonCanonicalPadding, format!("{q} has non-zero padding bits: it decodes to the same bytes as {canonical} but is a different string, so it matches nothing. Use {canonical}."));
            if let Ok(stored) = <[u8; 16]>::try_from(bytes.as_slice()) {
                ins.guid = Some(Uuid::from_bytes_le(stored));
            }
            ins.suggestion = Some(canonical);
            ins.bytes = Some(bytes);
        }
        Err(err) => inspect_undecodable(core, q, err, ins),
    }
}

fn inspect_decoded(bytes: Vec<u8>, q: &str, ins: &mut Inspection) {
    if let Ok(stored) = <[u8; 16]>::try_from(bytes.as_slice()) {
        ins.guid = Some(Uuid::from_bytes_le(stored));
    } else if let Some(guid) = std::str::from_utf8(&bytes).ok().and_then(parse_guid_text) {
        ins.suggest_guid(guid);
        let id = immutable_id(&guid);
        ins.flag(Reason::Base64OfGuidText, format!("{q} is the Base64 of the text of GUID {guid}, not of its 16 bytes; Entra Connect would never match it. The ImmutableId of that GUID is {id}."));
    } else {
        let n = bytes.len();
        ins.flag(Reason::NotGuidBased, format!("{q} is valid Base64 of {n} bytes, not the 16 of a GUID: a legitimate anchor that is not GUID-based (a third-party identity provider, an employee or student ID), with no GUID form."));
    }
    ins.bytes = Some(bytes);
}

fn inspect_undecodable(core: &str, q: &str, err: DecodeError, ins: &mut Inspection) {
    if core.contains(['-', '_']) {
        if let Ok(stored) = URL_SAFE_ANY_PADDING.decode(core).map(<[u8; 16]>::try_from) {
            if let Ok(stored) = stored {
                let guid = Uuid::from_bytes_le(stored);
                ins.suggest_guid(guid);
                let id = immutable_id(&guid);
                ins.flag(Reason::UrlSafeAlphabet, format!("{q} uses the URL-safe Base64 alphabet ('-' and '_'); Entra uses the standard one and Graph rejects '_'. The standard form is {id}."));
                ins.bytes = Some(stored.to_vec());
                return;
            }
        }
    }
    if core.contains(['$', '_']) {
        ins.flag(Reason::GraphForbiddenCharacter, format!("{q} contains '$' or '_', which Microsoft Graph rejects in onPremisesImmutableId."));
    }
    if let Ok(stored) = STANDARD_PAD_INDIFFERENT.decode(core).map(<[u8; 16]>::try_from) {
        if let Ok(stored) = stored {
            let guid = Uuid::from_bytes_le(stored);
            ins.suggest_guid(guid);
            let id = immutable_id(&guid);
            ins.flag(Reason::BadLengthOrPadding, format!("{q} is missing its '=' padding; Entra compares the string as written. Use {id}."));
            ins.bytes = Some(stored.to_vec());
            return;
        }
    }
    let looks_like_base64 = core.contains(['+', '/', '=']);
    let printable = core.chars().all(|c| !c.is_control() && !crate::quote::is_invisible(c));
    if !looks_like_base64 && printable {
        if !core.contains(['$', '_']) {
            ins.flag(Reason::PlainString, format!("{q} is not Base64 but a plain string anchor (such as an employee ID or a third-party IdP's user ID): legitimate, but not what Entra Connect writes for an AD user."));
        }
        return;
    }
    match core.char_indices().find(|&(_, c)| !is_base64_symbol(c) && c != '=') {
        Some((_, c)) if !(c == '$' || c == '_') => {
            let pos = core[..core.find(c).unwrap_or(0)].chars().count() + 1;
            let shown = if c.is_control() || crate::quote::is_invisible(c) { format!("U+{:04X}", c as u32) } else { format!("'{c}'") };
            ins.flag(Reason::NotBase64Character, format!("{q} holds {shown} at position {pos}, which is not a Base64 character."));
        }
        Some(_) => {}
        None => {
            let detail = match err {
                DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => format!("its length ({} characters) or '=' padding is wrong", core.chars().count()),
                DecodeError::InvalidByte(offset, _) => format!("'=' padding appears at position {} before the end", offset + 1),
                DecodeError::InvalidLastSymbol { .. } => "its last character is not a valid ending".to_string(),
            };
            ins.flag(Reason::BadLengthOrPadding, format!("{q} is not valid Base64: {detail}. A GUID's ImmutableId is 24 characters ending in '=='."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(value: &str) -> Vec<Reason> {
        inspect(value).problems.iter().map(|p| p.reason).collect()
    }

    #[test]
    fn canonical_value_has_no_problem() {
        let ins = inspect("K81Lh40UykezCZHfZPBb9Q==");
        assert!(ins.problems.is_empty());
        assert_eq!(ins.guid.unwrap().to_string(), "874bcd2b-148d-47ca-b309-91df64f05bf5");
    }

    #[test]
    fn each_single_value_reason_is_detected() {
        assert_eq!(reasons(""), [Reason::Empty]);
        assert_eq!(reasons(&"A".repeat(2000)), [Reason::TooLong]);
        assert_eq!(reasons("K81Lh40Uyk!zCZHfZPBb9Q=="), [Reason::NotBase64Character]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPBb9Q"), [Reason::BadLengthOrPadding]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPB/9Q="), [Reason::BadLengthOrPadding]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPBb9Q=="), []);
        assert_eq!(reasons("a_b-c9ZPBb9Q"), [Reason::GraphForbiddenCharacter]);
        assert_eq!(reasons("emp$1234"), [Reason::GraphForbiddenCharacter]);
        assert_eq!(reasons(" K81Lh40UykezCZHfZPBb9Q=="), [Reason::SurroundingWhiteSpace]);
        assert_eq!(reasons("K81Lh40Uykez CZHfZPBb9Q=="), [Reason::EmbeddedWhiteSpace]);
        assert_eq!(reasons("\"K81Lh40UykezCZHfZPBb9Q==\""), [Reason::Quotes]);
        assert_eq!(reasons("K81Lh40Uykez\u{200B}CZHfZPBb9Q=="), [Reason::ZeroWidthCharacter]);
        assert_eq!(reasons("\u{FEFF}K81Lh40UykezCZHfZPBb9Q=="), [Reason::ByteOrderMark]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPBb9R=="), [Reason::NonCanonicalPadding]);
        assert_eq!(reasons("874bcd2b-148d-47ca-b309-91df64f05bf5"), [Reason::GuidInsteadOfImmutableId]);
        assert_eq!(reasons("ODc0YmNkMmItMTQ4ZC00N2NhLWIzMDktOTFkZjY0ZjA1YmY1"), [Reason::Base64OfGuidText]);
        assert_eq!(reasons("AAAA"), [Reason::NotGuidBased]);
        assert_eq!(reasons("ABCDEFG1234567890"), [Reason::PlainString]);
        assert_eq!(reasons("260051"), [Reason::PlainString]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPBb9Q\0="), [Reason::NotBase64Character]);
    }

    #[test]
    fn the_canonical_shortcut_agrees_with_the_full_inspection() {
        for value in ["K81Lh40UykezCZHfZPBb9Q==", "AAAAAAAAAAAAAAAAAAAAAA==", "/////////////////////w==", "K81Lh40UykezCZHfZPBb9R==", "K81Lh40UykezCZHfZPBb9Q=", " K81Lh40UykezCZHfZPBb9Q=", "874bcd2b148d47cab30991df64f05bf5", "AAAA"] {
            assert_eq!(inspect(value), inspect_in_full(value), "{value}");
        }
        assert!(canonical("K81Lh40UykezCZHfZPBb9Q==").is_some());
        assert!(canonical("K81Lh40UykezCZHfZPBb9R==").is_none());
    }

    #[test]
    fn url_safe_value_gets_standard_suggestion() {
        let ins = inspect("K81Lh40UykezCZHfZPBb9Q");
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
        // 0xFB 0xFF... gives '-' and '_' in the URL-safe alphabet
        let guid = Uuid::from_bytes_le([0xfb, 0xff, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let url_safe = immutable_id(&guid).replace('+', "-").replace('/', "_");
        let ins = inspect(&url_safe);
        assert_eq!(ins.problems[0].reason, Reason::UrlSafeAlphabet);
        assert_eq!(ins.suggestion, Some(immutable_id(&guid)));
    }

    #[test]
    fn stray_characters_suggest_the_cleaned_value() {
        let ins = inspect(" 'K81Lh40UykezCZHfZPBb9Q==' ");
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
        assert!(ins.guid.is_some());
    }
}
