//! What is wrong with one ImmutableId string, on its own (no other records, no expected
//! GUID). `ConvertFrom-ImmutableId` reports the first problem as its error;
//! `Test-ImmutableId` reports them all and adds the batch checks of [`crate::validate`].

mod reason;

pub use reason::{Reason, Reasons, Severity};

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, PAD_INDIFFERENT, STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::{DecodeError, Engine};

use crate::codec::guid::IMMUTABLE_ID_CHARS;
use crate::codec::hex::{looks_like_spaced_hex, parse_byte_hex, upper_hex};
use crate::codec::{guid_from_stored_bytes, immutable_id, parse_guid_text, stored_bytes, Guid, HexReadings};
use crate::text::{is_invisible, is_padding, quote, trim_value};

/// Longest value considered at all. Every real form is under 100 characters; refusing
/// longer ones up front keeps a 10 MB paste cheap.
pub const MAX_VALUE_CHARS: usize = 1024;

/// Decodes Base64 whose last symbol carries non-zero padding bits, to say what it meant.
const TRAILING_BITS_ALLOWED: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
/// Decodes the URL-safe alphabet with or without padding, to suggest the standard form.
const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, PAD_INDIFFERENT);

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
    pub guid: Option<Guid>,
    /// The decoded bytes, when the value (once cleaned) is Base64.
    pub bytes: Option<Vec<u8>>,
    /// The value to write instead, when one can be worked out.
    pub suggestion: Option<String>,
    /// For 32 bare hex digits ([`Reason::AmbiguousHex`]): the two GUIDs it may stand for.
    /// Neither is the value's GUID, and there is no suggestion, until something outside the
    /// value (an expected GUID) settles which.
    pub hex_readings: Option<HexReadings>,
}

impl Inspection {
    pub fn first_problem(&self) -> Option<&Problem> {
        self.problems.first()
    }

    /// The first problem that makes the value Invalid (warnings skipped).
    pub fn first_invalid(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| !p.reason.is_warning())
    }

    pub fn reasons(&self) -> Reasons {
        let mut reasons = Reasons::default();
        for p in &self.problems {
            reasons.add(p.reason);
        }
        reasons
    }

    pub fn has(&self, reason: Reason) -> bool {
        self.problems.iter().any(|p| p.reason == reason)
    }

    fn flag(&mut self, reason: Reason, message: String) {
        self.problems.push(Problem { reason, message });
    }

    fn suggest_guid(&mut self, guid: Guid) {
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
pub fn guid_of_canonical_immutable_id(value: &str) -> Option<Guid> {
    let bytes: [u8; 16] = STANDARD.decode(value).ok()?.try_into().ok()?;
    Some(guid_from_stored_bytes(bytes))
}

/// Inspect one value exactly as it would be written to the cloud.
pub fn inspect(raw: &str) -> Inspection {
    canonical(raw).unwrap_or_else(|| inspect_in_full(raw))
}

/// The common case, a canonical GUID-based ImmutableId with nothing to warn about, without
/// building any message: the answer [`inspect_in_full`] gives, much faster.
fn canonical(raw: &str) -> Option<Inspection> {
    let guid = canonical_guid(raw)?;
    Some(Inspection { guid: Some(guid), bytes: Some(stored_bytes(&guid).to_vec()), ..Inspection::default() })
}

/// The GUID of a value [`inspect`] finds nothing wrong with because it is a canonical
/// GUID-based ImmutableId (not the nil GUID, not one case only); `None` for every other
/// value, whatever its verdict. Allocates nothing: the validator's per-record fast path.
pub fn canonical_guid(raw: &str) -> Option<Guid> {
    if raw.len() != IMMUTABLE_ID_CHARS || one_case_only(raw) {
        return None;
    }
    // 24 symbols may decode to 18 bytes: the decoder wants room for its estimate.
    let mut decoded = [0u8; 18];
    let written = STANDARD.decode_slice(raw, &mut decoded).ok()?;
    let stored: [u8; 16] = decoded.get(..written)?.try_into().ok()?;
    (stored != [0; 16]).then(|| guid_from_stored_bytes(stored))
}

/// True when a 24-character value's letters are all lower case or all upper case, with
/// enough different letters that it is not a run of one symbol (the nil GUID is all 'A').
/// Base64 of 16 random bytes is so with odds of about 1 in 50,000. One pass: it runs on
/// every value of a batch.
fn one_case_only(value: &str) -> bool {
    // Without branches: Base64 letters switch case at random, which no predictor follows.
    let (mut lower, mut upper) = (0u32, 0u32);
    for b in value.bytes() {
        let (l, u) = (b.wrapping_sub(b'a'), b.wrapping_sub(b'A'));
        lower |= u32::from(l < 26) << (l & 31);
        upper |= u32::from(u < 26) << (u & 31);
    }
    (lower == 0 || upper == 0) && (lower | upper).count_ones() >= 4
}

fn inspect_in_full(raw: &str) -> Inspection {
    let mut ins = Inspection::default();
    let q = quote(raw);
    if raw.chars().count() > MAX_VALUE_CHARS {
        ins.flag(Reason::TooLong, format!("{q} is longer than {MAX_VALUE_CHARS} characters; no anchor is that long."));
        return ins;
    }
    if raw.chars().all(|c| is_padding(c) || is_zero_width(c)) {
        ins.flag(Reason::Empty, format!("The value {q} is empty; an ImmutableId cannot be blank."));
        return ins;
    }
    // Before the stray characters go: the spaces of `2B CD 4B ...` are its separators.
    if let Some(stored) = Some(trim_value(raw)).filter(|v| looks_like_spaced_hex(v)).and_then(parse_byte_hex) {
        let guid = guid_from_stored_bytes(stored);
        ins.suggest_guid(guid);
        ins.bytes = Some(stored.to_vec());
        let id = immutable_id(&guid);
        ins.flag(Reason::HexInsteadOfImmutableId, format!("{q} is 16 bytes of hex, as Synchronization Service Manager and ADSI editors show objectGUID or mS-DS-ConsistencyGuid, not an ImmutableId. It stands for GUID {guid}, whose ImmutableId is {id}; ConvertTo-ImmutableId reads it."));
        return ins;
    }
    let core = strip_stray_characters(raw, &mut ins);
    inspect_core(&core, &q, &mut ins);
    let only_stray = ins.problems.iter().all(|p| p.reason.is_stray_character() || p.reason.is_warning());
    if !ins.problems.is_empty() && ins.suggestion.is_none() && core != raw && only_stray {
        ins.suggestion = Some(core);
    }
    ins
}

/// Flags and removes what copy and paste adds: white space, quotes, zero-width
/// characters and BOMs. Returns what is left.
fn strip_stray_characters(raw: &str, ins: &mut Inspection) -> String {
    let q = quote(raw);
    let trimmed = raw.trim_matches(char::is_whitespace);
    if trimmed.len() != raw.len() {
        ins.flag(Reason::SurroundingWhiteSpace, format!("{q} has white space before or after it; Entra stores the value as written, so it would match no on-premises object. Remove it."));
    }
    if raw.contains('\u{FEFF}') {
        ins.flag(
            Reason::ByteOrderMark,
            format!("{q} holds a byte-order mark (U+FEFF), usually left by a file saved with a BOM. Remove it."),
        );
    }
    if raw.chars().any(is_zero_width) {
        ins.flag(
            Reason::ZeroWidthCharacter,
            format!("{q} holds a zero-width character, invisible when printed but part of the value. Remove it."),
        );
    }
    if raw.chars().any(is_quote) {
        ins.flag(Reason::Quotes, format!("{q} holds quote characters, usually pasted with the value. Remove them."));
    }
    let inner = trimmed.trim_matches(|c: char| is_padding(c) || is_zero_width(c) || is_quote(c));
    if inner.chars().any(char::is_whitespace) {
        ins.flag(
            Reason::EmbeddedWhiteSpace,
            format!(
                "{q} has white space inside it. .NET's decoder skips it silently, but Entra compares the string as written. Remove it."
            ),
        );
    }
    raw.chars().filter(|&c| !(is_padding(c) || is_zero_width(c) || is_quote(c))).collect()
}

fn inspect_core(core: &str, q: &str, ins: &mut Inspection) {
    if core.is_empty() {
        ins.flag(Reason::Empty, format!("The value {q} holds nothing but white space, quotes or invisible characters."));
        return;
    }
    if let Some(readings) = HexReadings::of(core).filter(HexReadings::differ) {
        ins.hex_readings = Some(readings);
        ins.flag(Reason::AmbiguousHex, format!("{q} is 32 hex digits, not an ImmutableId, and reads two ways: {}. Nothing in the value says which is meant; with the record's GUID (-ExpectedGuid, or its objectGUID or mS-DS-ConsistencyGuid) Test-ImmutableId tells, and ConvertTo-ImmutableId -InputFormat Guid or -InputFormat Hex converts it.", readings.both()));
        return;
    }
    if let Some(guid) = parse_guid_text(core) {
        ins.suggest_guid(guid);
        let id = immutable_id(&guid);
        ins.flag(Reason::GuidInsteadOfImmutableId, format!("{q} is a GUID, not an ImmutableId. The ImmutableId of GUID {guid} is {id}."));
        return;
    }
    match STANDARD.decode(core) {
        Ok(bytes) => inspect_decoded(core, bytes, q, ins),
        Err(DecodeError::InvalidLastSymbol { .. }) => inspect_padding_bits(core, q, ins),
        Err(err) => inspect_undecodable(core, q, err, ins),
    }
}

fn inspect_decoded(core: &str, bytes: Vec<u8>, q: &str, ins: &mut Inspection) {
    if let Ok(stored) = <[u8; 16]>::try_from(bytes.as_slice()) {
        let guid = guid_from_stored_bytes(stored);
        ins.guid = Some(guid);
        if stored == [0; 16] {
            ins.flag(Reason::NilGuid, format!("{q} is the ImmutableId of the all-zero GUID {guid}, which is never a real object's objectGUID or mS-DS-ConsistencyGuid: usually a placeholder or a value read from an empty field."));
        } else if one_case_only(core) {
            ins.flag(Reason::MaybeCaseMangled, format!("{q} decodes to GUID {guid}, but its letters are all one case, which a real ImmutableId almost never is: it may have been copied through something that changed its case. Base64 is case-sensitive; check it against its source (objectGUID or Get-MgUser)."));
        }
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

/// Base64 whose last symbol carries non-zero padding bits: a typo in the last character,
/// or, when every letter is one case, a value whose case was changed.
fn inspect_padding_bits(core: &str, q: &str, ins: &mut Inspection) {
    let bytes = TRAILING_BITS_ALLOWED.decode(core).unwrap_or_default();
    if core.len() == IMMUTABLE_ID_CHARS && one_case_only(core) {
        ins.flag(Reason::CaseMangled, format!("{q} looks like an ImmutableId whose letters were all changed to one case (Base64 is case-sensitive): as written it is not valid, and the original cannot be worked out from it. Take the value again from its source: the on-premises objectGUID or mS-DS-ConsistencyGuid (ConvertTo-ImmutableId), or Get-MgUser."));
        return;
    }
    let canonical = STANDARD.encode(&bytes);
    ins.flag(Reason::NonCanonicalPadding, format!("{q} has non-zero padding bits: it decodes to the same bytes as {canonical} but is a different string, so it matches nothing. Use {canonical}."));
    if let Ok(stored) = <[u8; 16]>::try_from(bytes.as_slice()) {
        ins.guid = Some(guid_from_stored_bytes(stored));
    }
    ins.suggestion = Some(canonical);
    ins.bytes = Some(bytes);
}

/// True for Base64 in the URL-safe alphabet: '-' or '_' where the standard alphabet has '+'
/// and '/' (never both alphabets), decoding to a GUID's 16 bytes or, for other lengths, to
/// at least as many with letters of both cases, as Base64 of binary data has and a plain
/// string anchor with an underscore ("emp_1234", "j_smith") rarely does.
fn url_safe_bytes(core: &str) -> Option<Vec<u8>> {
    if !core.contains(['-', '_']) || core.contains(['+', '/']) {
        return None;
    }
    let bytes = URL_SAFE_ANY_PADDING.decode(core).ok()?;
    let mixed_case = core.bytes().any(|b| b.is_ascii_lowercase()) && core.bytes().any(|b| b.is_ascii_uppercase());
    (bytes.len() == 16 || (bytes.len() > 16 && mixed_case)).then_some(bytes)
}

fn inspect_undecodable(core: &str, q: &str, err: DecodeError, ins: &mut Inspection) {
    if let Some(bytes) = url_safe_bytes(core) {
        let standard = STANDARD.encode(&bytes);
        let what = match <[u8; 16]>::try_from(bytes.as_slice()) {
            Ok(stored) => {
                let guid = guid_from_stored_bytes(stored);
                ins.guid = Some(guid);
                format!("the ImmutableId of GUID {guid}")
            }
            Err(_) => format!("Base64 of {} bytes", bytes.len()),
        };
        ins.flag(Reason::UrlSafeAlphabet, format!("{q} uses the URL-safe Base64 alphabet ('-' and '_' for '+' and '/'); Entra Connect writes the standard one, and Graph rejects '_'. The standard form is {standard} ({what})."));
        ins.suggestion = Some(standard);
        ins.bytes = Some(bytes);
        return;
    }
    if core.contains(['$', '_']) {
        ins.flag(
            Reason::GraphForbiddenCharacter,
            format!("{q} contains '$' or '_', which Microsoft Graph rejects in onPremisesImmutableId."),
        );
    }
    if let Ok(Ok(stored)) = STANDARD_PAD_INDIFFERENT.decode(core).map(<[u8; 16]>::try_from) {
        let guid = guid_from_stored_bytes(stored);
        ins.suggest_guid(guid);
        let id = immutable_id(&guid);
        ins.flag(Reason::BadLengthOrPadding, format!("{q} is missing its '=' padding; Entra compares the string as written. Use {id}."));
        ins.bytes = Some(stored.to_vec());
        return;
    }
    let looks_like_base64 = core.contains(['+', '/', '=']);
    let printable = core.chars().all(|c| !is_invisible(c));
    if !looks_like_base64 && printable {
        if !core.contains(['$', '_']) {
            ins.flag(Reason::PlainString, format!("{q} is not Base64 but a plain string anchor (such as an employee ID or a third-party IdP's user ID): legitimate, but not what Entra Connect writes for an AD user."));
        }
        return;
    }
    match core.chars().enumerate().find(|&(_, c)| !is_base64_symbol(c) && c != '=') {
        Some((_, '$' | '_')) => {}
        Some((at, c)) => {
            let shown = if is_invisible(c) { format!("U+{:04X}", c as u32) } else { format!("'{c}'") };
            ins.flag(Reason::NotBase64Character, format!("{q} holds {shown} at position {}, which is not a Base64 character.", at + 1));
        }
        None => {
            let detail = match err {
                DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => {
                    format!("its length ({} characters) or '=' padding is wrong", core.chars().count())
                }
                DecodeError::InvalidByte(offset, _) => format!("'=' padding appears at position {} before the end", offset + 1),
                DecodeError::InvalidLastSymbol { .. } => "its last character is not a valid ending".to_string(),
            };
            ins.flag(
                Reason::BadLengthOrPadding,
                format!("{q} is not valid Base64: {detail}. A GUID's ImmutableId is 24 characters ending in '=='."),
            );
        }
    }
}

/// The hex of a value's bytes (for `-Detailed`), or of its characters when it is not Base64.
pub fn bytes_or_text_hex(value: &str, ins: &Inspection) -> (String, usize) {
    match &ins.bytes {
        Some(bytes) => (upper_hex(bytes), bytes.len()),
        None => (upper_hex(value.as_bytes()), value.len()),
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
        assert_eq!(reasons("k81lh40uykezczhfzpbb9q=="), [Reason::CaseMangled]);
        assert_eq!(reasons("K81LH40UYKEZCZHFZPBB9R=="), [Reason::CaseMangled]);
        assert_eq!(reasons("K81LH40UYKEZCZHFZPBB9Q=="), [Reason::MaybeCaseMangled]);
        assert_eq!(reasons("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5"), [Reason::HexInsteadOfImmutableId]);
        assert_eq!(reasons("AAAAAAAAAAAAAAAAAAAAAA=="), [Reason::NilGuid]);
        assert_eq!(reasons("2BCD4B878D14CA47B30991DF64F05BF5"), [Reason::AmbiguousHex]);
    }

    #[test]
    fn bare_hex_gives_both_readings_and_no_single_suggestion() {
        for value in ["2BCD4B878D14CA47B30991DF64F05BF5", "874bcd2b148d47cab30991df64f05bf5", " 2BCD4B878D14CA47B30991DF64F05BF5"] {
            let ins = inspect(value);
            assert!(ins.has(Reason::AmbiguousHex), "{value}");
            assert_eq!((ins.suggestion.as_deref(), ins.guid), (None, None), "{value}: no single reading wins");
            let message = &ins.problems.iter().find(|p| p.reason == Reason::AmbiguousHex).unwrap().message;
            assert!(message.contains("K81Lh40UykezCZHfZPBb9Q==") && message.contains("h0vNKxSNR8qzCZHfZPBb9Q=="), "{message}");
        }
        // The one value both readings agree on is a GUID alike.
        assert_eq!(reasons(&"0".repeat(32)), [Reason::GuidInsteadOfImmutableId]);
    }

    #[test]
    fn a_case_mangled_value_gets_no_suggestion() {
        let ins = inspect("k81lh40uykezczhfzpbb9q==");
        assert_eq!(ins.suggestion, None);
        assert!(ins.problems[0].message.contains("cannot be worked out"), "{}", ins.problems[0].message);
        // Lower-cased but still canonical: decodes, but is suspicious.
        let lowered = "k81lh40uykezczhfzpbb9g==";
        assert_eq!(reasons(lowered), [Reason::MaybeCaseMangled]);
    }

    #[test]
    fn spaced_hex_names_the_guid_and_the_cmdlet() {
        let ins = inspect("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5");
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
        let message = &ins.problems[0].message;
        assert!(message.contains("874bcd2b-148d-47ca-b309-91df64f05bf5") && message.contains("ConvertTo-ImmutableId"), "{message}");
    }

    #[test]
    fn the_canonical_shortcut_agrees_with_the_full_inspection() {
        for value in [
            "K81Lh40UykezCZHfZPBb9Q==",
            "AAAAAAAAAAAAAAAAAAAAAA==",
            "/////////////////////w==",
            "K81Lh40UykezCZHfZPBb9R==",
            "K81Lh40UykezCZHfZPBb9Q=",
            " K81Lh40UykezCZHfZPBb9Q=",
            "874bcd2b148d47cab30991df64f05bf5",
            "k81lh40uykezczhfzpbb9g==",
            "AAAA",
        ] {
            assert_eq!(inspect(value), inspect_in_full(value), "{value}");
        }
        assert!(canonical("K81Lh40UykezCZHfZPBb9Q==").is_some());
        assert!(canonical("K81Lh40UykezCZHfZPBb9R==").is_none());
    }

    #[test]
    fn one_case_only_counts_letters_as_it_reads() {
        // The rule spelled out: four or more different letters, all of one case.
        let spelled_out = |value: &str| {
            let letters: Vec<char> = value.chars().filter(char::is_ascii_alphabetic).collect();
            let mut distinct: Vec<char> = letters.iter().map(char::to_ascii_lowercase).collect();
            distinct.sort_unstable();
            distinct.dedup();
            distinct.len() >= 4 && (letters.iter().all(char::is_ascii_lowercase) || letters.iter().all(char::is_ascii_uppercase))
        };
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut one_case, mut mixed) = (0, 0);
        for _ in 0..20_000 {
            // Upper case, lower case, or both; few symbols, so some values have few letters.
            let alphabet = ["ABCDEF0123456789+/=é", "abcdef0123456789+/=é", "AbCdEfGh0123456789+/="][next() as usize % 3];
            let symbols: Vec<char> = alphabet.chars().collect();
            let value: String = (0..next() % 30).map(|_| symbols[next() as usize % symbols.len()]).collect();
            assert_eq!(one_case_only(&value), spelled_out(&value), "{value}");
            *(if one_case_only(&value) { &mut one_case } else { &mut mixed }) += 1;
        }
        assert!(one_case > 1000 && mixed > 1000, "both answers come up: {one_case} {mixed}");
        assert!(!one_case_only("AAAAAAAAAAAAAAAAAAAAAA==") && one_case_only("k81lh40uykezczhfzpbb9g=="));
    }

    #[test]
    fn url_safe_value_gets_standard_suggestion() {
        let ins = inspect("K81Lh40UykezCZHfZPBb9Q");
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
        let guid = guid_from_stored_bytes([0xfb, 0xff, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let url_safe = immutable_id(&guid).replace('+', "-").replace('/', "_");
        let ins = inspect(&url_safe);
        assert_eq!(ins.problems[0].reason, Reason::UrlSafeAlphabet);
        assert_eq!(ins.suggestion, Some(immutable_id(&guid)));
    }

    #[test]
    fn url_safe_base64_is_its_own_reason_with_the_standard_form() {
        // 18 bytes: not a GUID, but Base64 all the same.
        let ins = inspect("K81Lh40UykezCZHfZPBb9Q-_");
        assert_eq!(ins.problems.iter().map(|p| p.reason).collect::<Vec<_>>(), [Reason::UrlSafeAlphabet]);
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q+/"));
        assert!(ins.problems[0].message.contains("K81Lh40UykezCZHfZPBb9Q+/"), "{}", ins.problems[0].message);
        let ins = inspect("-_v_AAAAAAAAAAAAAAAAAA");
        assert_eq!((ins.problems[0].reason, ins.suggestion.as_deref()), (Reason::UrlSafeAlphabet, Some("+/v/AAAAAAAAAAAAAAAAAA==")));
        assert!(ins.guid.is_some());
        // Plain strings with an underscore stay what they were.
        assert_eq!(reasons("emp_1234"), [Reason::GraphForbiddenCharacter]);
        assert_eq!(reasons("john_smith_contractor_01"), [Reason::GraphForbiddenCharacter]);
        assert_eq!(reasons("K81Lh40UykezCZHfZPBb9Q+_"), [Reason::GraphForbiddenCharacter]);
    }

    #[test]
    fn stray_characters_suggest_the_cleaned_value() {
        let ins = inspect(" 'K81Lh40UykezCZHfZPBb9Q==' ");
        assert_eq!(ins.suggestion.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
        assert!(ins.guid.is_some());
    }
}
