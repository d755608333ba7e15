//! Bytes as hex text: upper case as ADSI and Synchronization Service Manager show them,
//! and the `\xx` escapes of an LDAP filter.

/// Upper-case hex with no separators.
pub fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// `\xx` per byte, lower case, as an LDAP filter escapes binary values.
pub fn ldap_escaped(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

/// True for exactly 32 hex digits: an N-form GUID or 16 bytes, which read differently.
pub fn is_bare_hex32(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    match pair {
        [hi, lo] => Some((hex_digit(*hi)? << 4) | hex_digit(*lo)?),
        _ => None,
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// An even run of hex digits as bytes.
pub fn decode_hex_run(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes().chunks(2).map(hex_byte).collect()
}

/// 16 bytes as hex: 32 digits bare, or 16 pairs split by one kind of separator
/// (space, '-' or ':'), as ADSI editors, ldp and Synchronization Service Manager show them.
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

/// True when a value is shaped like 16 separated hex pairs (whatever they decode to).
pub fn looks_like_spaced_hex(value: &str) -> bool {
    !is_bare_hex32(value) && parse_byte_hex(value).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    const STORED: [u8; 16] = [0x2b, 0xcd, 0x4b, 0x87, 0x8d, 0x14, 0xca, 0x47, 0xb3, 0x09, 0x91, 0xdf, 0x64, 0xf0, 0x5b, 0xf5];

    #[test]
    fn round_trips_every_hex_form() {
        assert_eq!(upper_hex(&STORED), "2BCD4B878D14CA47B30991DF64F05BF5");
        assert_eq!(parse_byte_hex("2BCD4B878D14CA47B30991DF64F05BF5"), Some(STORED));
        assert_eq!(parse_byte_hex("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5"), Some(STORED));
        assert_eq!(parse_byte_hex("2b:cd:4b:87:8d:14:ca:47:b3:09:91:df:64:f0:5b:f5"), Some(STORED));
        assert_eq!(parse_ldap_escaped(&ldap_escaped(&STORED)), Some(STORED));
        assert_eq!(parse_ldap_escaped(&format!("(objectGUID={})", ldap_escaped(&STORED))), Some(STORED));
        assert!(looks_like_spaced_hex("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5"));
    }

    #[test]
    fn refuses_what_is_not_sixteen_bytes() {
        assert_eq!(parse_byte_hex("2B CD 4B"), None);
        assert_eq!(parse_byte_hex("2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F"), None);
        assert_eq!(parse_byte_hex("+B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5"), None);
        assert_eq!(decode_hex_run("ABC"), None);
        assert_eq!(decode_hex_run("é1"), None);
    }
}
