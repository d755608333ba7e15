//! CloudAnchor: how Entra Connect names the cloud object it is joined to, `User_<objectId>`,
//! stored as Base64 of a 4-byte little-endian byte count, the UTF-16LE text, and a UTF-16 NUL.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use uuid::Uuid;

use crate::anchor::{parse_guid_text, precheck};
use crate::error::{ConvertError, ErrorCode};
use crate::quote::quote;

const LENGTH_PREFIX: usize = 4;

fn invalid(value: &str, why: &str) -> ConvertError {
    ConvertError::new(ErrorCode::InvalidCloudAnchor, format!("{} is not a CloudAnchor: {why}.", quote(value)))
}

/// `Type_<guid>` checked and normalised (lower-case D-form GUID).
fn parse_named_object(value: &str) -> Option<String> {
    let (kind, id) = value.split_once('_')?;
    let guid: Uuid = parse_guid_text(id)?;
    (!kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic())).then(|| format!("{kind}_{}", guid.hyphenated()))
}

/// Decode a CloudAnchor to `Type_<objectId>`, such as `User_c72903ed-7816-41cd-9066-eac33d171d77`.
pub fn decode(raw: &str) -> Result<String, ConvertError> {
    let value = precheck(raw)?;
    let bytes = STANDARD.decode(value).map_err(|_| invalid(raw, "it is not standard Base64"))?;
    if bytes.len() < LENGTH_PREFIX + 2 {
        return Err(invalid(raw, "it is too short to hold a length and any text"));
    }
    let (prefix, body) = bytes.split_at(LENGTH_PREFIX);
    let declared = u32::from_le_bytes(prefix.try_into().expect("split at 4")) as usize;
    if declared != body.len() || body.len() % 2 != 0 {
        return Err(invalid(raw, &format!("its length prefix says {declared} bytes but {} follow", body.len())));
    }
    let units: Vec<u16> = body.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
    let Some((&0, text_units)) = units.split_last() else {
        return Err(invalid(raw, "its text does not end with a NUL"));
    };
    let text = String::from_utf16(text_units).map_err(|_| invalid(raw, "its text is not valid UTF-16"))?;
    parse_named_object(&text).ok_or_else(|| invalid(raw, &format!("its text '{text}' is not Type_<objectId>")))
}

/// Encode `Type_<objectId>`, or a bare object ID with `object_type` (such as `User`), as a CloudAnchor.
pub fn encode(raw: &str, object_type: &str) -> Result<String, ConvertError> {
    let value = precheck(raw)?;
    let named = match parse_guid_text(value) {
        Some(guid) => parse_named_object(&format!("{object_type}_{}", guid.hyphenated())),
        None => parse_named_object(value),
    }
    .ok_or_else(|| {
        ConvertError::new(
            ErrorCode::InvalidCloudAnchor,
            format!(
                "{} is neither an object ID (GUID) nor Type_<objectId> such as User_c72903ed-7816-41cd-9066-eac33d171d77{}.",
                quote(raw),
                if object_type.chars().all(|c| c.is_ascii_alphabetic()) && !object_type.is_empty() { String::new() } else { format!("; the object type {} must be letters only", quote(object_type)) }
            ),
        )
    })?;
    let mut text: Vec<u8> = named.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
    let mut packed = (text.len() as u32).to_le_bytes().to_vec();
    packed.append(&mut text);
    Ok(STANDARD.encode(packed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = "VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==";

    #[test]
    fn round_trips_the_documented_vector() {
        assert_eq!(decode(VECTOR).unwrap(), "User_c72903ed-7816-41cd-9066-eac33d171d77");
        assert_eq!(encode("User_c72903ed-7816-41cd-9066-eac33d171d77", "User").unwrap(), VECTOR);
        assert_eq!(encode("C72903ED-7816-41CD-9066-EAC33D171D77", "User").unwrap(), VECTOR);
    }

    #[test]
    fn refuses_what_is_not_a_cloud_anchor() {
        assert_eq!(decode("K81Lh40UykezCZHfZPBb9Q==").unwrap_err().code, "InvalidCloudAnchor");
        assert_eq!(encode("User_nope", "User").unwrap_err().code, "InvalidCloudAnchor");
        assert_eq!(encode("c72903ed-7816-41cd-9066-eac33d171d77", "Us er").unwrap_err().code, "InvalidCloudAnchor");
    }
}
