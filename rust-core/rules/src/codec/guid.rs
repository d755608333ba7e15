//! A GUID and its 16 bytes in stored order (`objectGUID`, `mS-DS-ConsistencyGuid`,
//! `Guid.ToByteArray()`), and the ImmutableId that is their Base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

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
    fn reads_every_windows_form_and_only_those() {
        let d = "874bcd2b-148d-47ca-b309-91df64f05bf5";
        for form in [d.to_string(), d.replace('-', ""), format!("{{{d}}}"), format!("({d})"), d.to_uppercase()] {
            assert_eq!(parse_guid_text(&form).map(|g| d_form(&g)).as_deref(), Some(d), "{form}");
        }
        assert_eq!(parse_guid_text(&format!("urn:uuid:{d}")), None);
        assert_eq!(parse_guid_text(&d[..35]), None);
    }
}
