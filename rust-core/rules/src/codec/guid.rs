//! A GUID and its 16 bytes in stored order (`objectGUID`, `mS-DS-ConsistencyGuid`,
//! `Guid.ToByteArray()`), and the ImmutableId that is their Base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::hex::{decode_hex_run, is_bare_hex32};

pub use uuid::Uuid as Guid;

/// Characters of an ImmutableId of 16 bytes.
pub const IMMUTABLE_ID_CHARS: usize = 24;

/// The GUID whose stored bytes (ImmutableId bytes, `Guid.ToByteArray()`) these are.
pub fn guid_from_stored_bytes(bytes: [u8; 16]) -> Guid {
    Guid::from_bytes_le(bytes)
}

/// A GUID's 16 bytes in stored order.
pub fn stored_bytes(guid: &Guid) -> [u8; 16] {
    guid.to_bytes_le()
}

/// The ImmutableId of a GUID: Base64 of its bytes in stored order.
pub fn immutable_id(guid: &Guid) -> String {
    STANDARD.encode(stored_bytes(guid))
}

/// Writes the ImmutableId of a GUID into 24 bytes of ASCII, without allocating.
pub fn write_immutable_id(guid: &Guid, out: &mut [u8; IMMUTABLE_ID_CHARS]) {
    let written = STANDARD.encode_slice(stored_bytes(guid), out).expect("24 bytes hold the Base64 of 16");
    debug_assert_eq!(written, IMMUTABLE_ID_CHARS);
}

/// GUID text in the forms Windows writes: N (32 digits), D (hyphens), B ({...}) and P ((...)).
/// The uuid crate's `urn:` form is not a Windows GUID form and is refused.
pub fn parse_guid_text(value: &str) -> Option<Guid> {
    if let Some(inner) = value.strip_prefix('(').and_then(|v| v.strip_suffix(')')) {
        return if inner.len() == 36 { Guid::try_parse(inner).ok() } else { None };
    }
    matches!(value.len(), 32 | 36 | 38).then(|| Guid::try_parse(value).ok()).flatten()
}

/// The D form Windows and Graph print: lower case with hyphens.
pub fn d_form(guid: &Guid) -> String {
    guid.hyphenated().to_string()
}

/// The two readings of 32 bare hex digits, the one rule for them everywhere: tools disagree
/// on whether such a string is an N-form GUID (`[guid]` text without hyphens) or the 16
/// bytes in stored order (the hex of objectGUID or mS-DS-ConsistencyGuid, as ADSI and
/// Synchronization Service Manager show them), and the two give different GUIDs. Only
/// something outside the value settles it: `-InputFormat`, the property it came from, or
/// the GUID it is expected to stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HexReadings {
    /// Read as an N-form GUID.
    pub as_guid: Guid,
    /// Read as the 16 bytes in stored order.
    pub as_stored: Guid,
}

impl HexReadings {
    /// The readings of `value` when it is exactly 32 hex digits.
    pub fn of(value: &str) -> Option<HexReadings> {
        if !is_bare_hex32(value) {
            return None;
        }
        let digits: [u8; 16] = decode_hex_run(value)?.try_into().ok()?;
        Some(HexReadings { as_guid: Guid::from_bytes(digits), as_stored: guid_from_stored_bytes(digits) })
    }

    /// False for the rare value both readings give the same GUID (the nil GUID).
    pub fn differ(&self) -> bool {
        self.as_guid != self.as_stored
    }

    /// True when either reading is `guid`.
    pub fn either_is(&self, guid: Guid) -> bool {
        self.as_guid == guid || self.as_stored == guid
    }

    /// "as an N-form GUID (...) its ImmutableId is ...; as the 16 bytes in stored order ..."
    pub fn both(&self) -> String {
        format!(
            "as an N-form GUID ({}) its ImmutableId is {}; as the 16 bytes in stored order (the hex of objectGUID or mS-DS-ConsistencyGuid, GUID {}) it is {}",
            self.as_guid,
            immutable_id(&self.as_guid),
            self.as_stored,
            immutable_id(&self.as_stored)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_vector_in_little_endian_order() {
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        assert_eq!(immutable_id(&guid), "K81Lh40UykezCZHfZPBb9Q==");
        let mut out = [0u8; 24];
        write_immutable_id(&guid, &mut out);
        assert_eq!(&out, b"K81Lh40UykezCZHfZPBb9Q==");
        assert_eq!(guid_from_stored_bytes(stored_bytes(&guid)), guid);
    }

    #[test]
    fn bare_hex_reads_two_ways() {
        let readings = HexReadings::of("2BCD4B878D14CA47B30991DF64F05BF5").unwrap();
        assert_eq!(d_form(&readings.as_stored), "874bcd2b-148d-47ca-b309-91df64f05bf5");
        assert_eq!(d_form(&readings.as_guid), "2bcd4b87-8d14-ca47-b309-91df64f05bf5");
        assert!(
            readings.differ()
                && readings.both().contains("K81Lh40UykezCZHfZPBb9Q==")
                && readings.both().contains("h0vNKxSNR8qzCZHfZPBb9Q==")
        );
        assert_eq!(
            HexReadings::of("874bcd2b148d47cab30991df64f05bf5").unwrap().as_guid.to_string(),
            "874bcd2b-148d-47ca-b309-91df64f05bf5"
        );
        assert!(!HexReadings::of(&"0".repeat(32)).unwrap().differ());
        assert_eq!(HexReadings::of("2BCD4B878D14CA47B30991DF64F05BF"), None);
        assert_eq!(HexReadings::of("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5"), None);
    }

    #[test]
    fn reads_every_windows_form_and_only_those() {
        let d = "874bcd2b-148d-47ca-b309-91df64f05bf5";
        for form in [d.to_string(), d.replace('-', ""), format!("{{{d}}}"), format!("({d})"), d.to_uppercase()] {
            assert_eq!(parse_guid_text(&form).map(|g| d_form(&g)).as_deref(), Some(d), "{form}");
        }
        assert_eq!(parse_guid_text(&format!("urn:uuid:{d}")), None);
        assert_eq!(parse_guid_text(&d[..35]), None);
    }
}
