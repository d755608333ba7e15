//! CloudAnchor: how Entra Connect names the cloud object it is joined to, `User_<objectId>`,
//! stored as Base64 of a 4-byte little-endian byte count, the UTF-16LE text, and a UTF-16
//! NUL. Objects that came from the cloud show the same name, as hex, in their
//! connector-space DN: `CN={hex of "User_<objectId>"}`; both forms are read.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::codec::dn::anchor_from_dn_hex;
use crate::codec::{connector_space_dn, looks_like_dn, parse_guid_text, CloudName, CloudObjectType, Guid};
use crate::convert::precheck;
use crate::error::{ConvertError, ErrorCode};
use crate::records::Value;
use crate::text::quote;

const LENGTH_PREFIX: usize = 4;

fn invalid(value: &str, why: &str) -> ConvertError {
    ConvertError::new(ErrorCode::InvalidCloudAnchor, format!("{} is not a CloudAnchor: {why}.", quote(value)))
}

/// A cloud object named every way Entra Connect writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudAnchorForms {
    pub name: CloudName,
    /// The Base64 CloudAnchor.
    pub cloud_anchor: String,
    /// The connector-space DN of the object.
    pub distinguished_name: String,
}

impl CloudAnchorForms {
    fn of(name: CloudName) -> CloudAnchorForms {
        let text = name.text();
        let mut packed: Vec<u8> = Vec::with_capacity(LENGTH_PREFIX + 2 * text.len() + 2);
        let units: Vec<u8> = text.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        packed.extend_from_slice(&(units.len() as u32).to_le_bytes());
        packed.extend_from_slice(&units);
        CloudAnchorForms { name, cloud_anchor: STANDARD.encode(packed), distinguished_name: connector_space_dn(&text) }
    }
}

/// Reads a CloudAnchor (Base64) or a cloud object's connector-space DN.
pub fn decode(raw: &str) -> Result<CloudAnchorForms, ConvertError> {
    let value = precheck(raw)?;
    if looks_like_dn(value) {
        let text = anchor_from_dn_hex(value).map_err(|p| invalid(raw, &format!("as a connector-space DN, {}", p.describe())))?;
        return CloudName::parse(&text).map(CloudAnchorForms::of).ok_or_else(|| {
            invalid(raw, &format!("the DN spells '{text}', which is not <ObjectType>_<objectId> (the DN of an object that came from AD holds an ImmutableId: ConvertFrom-ImmutableId reads it)"))
        });
    }
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
    CloudName::parse(&text)
        .map(CloudAnchorForms::of)
        .ok_or_else(|| invalid(raw, &format!("its text {} is not <ObjectType>_<objectId>", quote(&text))))
}

/// The object type for bare object ids (`-ObjectType`), checked against the types Entra
/// Connect uses.
pub fn object_type(name: &str) -> Result<CloudObjectType, ConvertError> {
    CloudObjectType::parse(name).ok_or_else(|| {
        ConvertError::new(
            ErrorCode::InvalidObjectType,
            format!("{} is not an object type Entra Connect uses in CloudAnchors; use {}.", quote(name), CloudObjectType::listed()),
        )
    })
}

/// Encodes `Type_<objectId>`, or a bare object id as `kind`, as a CloudAnchor.
pub fn encode(raw: &str, kind: CloudObjectType) -> Result<CloudAnchorForms, ConvertError> {
    let value = precheck(raw)?;
    let name = match parse_guid_text(value) {
        Some(object_id) => Some(CloudName::new(kind, object_id)),
        None => CloudName::parse(value),
    };
    // A typed name encodes only with a type -ObjectType would take: the same rule both ways.
    if let Some(name) = &name {
        object_type(&name.object_type)?;
    }
    name.map(CloudAnchorForms::of).ok_or_else(|| {
        ConvertError::new(
            ErrorCode::InvalidCloudAnchor,
            format!(
                "{} is neither an object id (GUID) nor <ObjectType>_<objectId> such as User_c72903ed-7816-41cd-9066-eac33d171d77 (object types: {}).",
                quote(raw),
                CloudObjectType::listed()
            ),
        )
    })
}

/// [`encode`] for a value as it reached the core: a `[guid]` or text.
pub fn encode_value(value: Value, kind: CloudObjectType) -> Result<CloudAnchorForms, ConvertError> {
    match value {
        Value::Guid(object_id) => Ok(CloudAnchorForms::of(CloudName::new(kind, object_id))),
        Value::Text(text) => encode(text, kind),
        Value::Null | Value::Absent => Err(ConvertError::new(ErrorCode::EmptyValue, "The value is null; there is no object id to encode.")),
        Value::Bytes(_) => {
            Err(ConvertError::new(ErrorCode::UnsupportedType, "A byte array is not an object id; give the id as a GUID or a string."))
        }
        Value::UnrolledBytes(bytes) => Err(crate::convert::unrolled_bytes_error(bytes)),
    }
}

/// [`decode`] for a value as it reached the core: only text is a CloudAnchor.
pub fn decode_value(value: Value) -> Result<CloudAnchorForms, ConvertError> {
    match value {
        Value::Text(text) => decode(text),
        Value::Null | Value::Absent => Err(ConvertError::new(ErrorCode::EmptyValue, "The value is null; there is no CloudAnchor to read.")),
        Value::Guid(guid) => Err(invalid(&guid.to_string(), "it is a GUID; ConvertTo-CloudAnchor makes the CloudAnchor of an object id")),
        Value::Bytes(_) => Err(ConvertError::new(ErrorCode::UnsupportedType, "A byte array is not a CloudAnchor; give the Base64 text.")),
        Value::UnrolledBytes(bytes) => Err(crate::convert::unrolled_bytes_error(bytes)),
    }
}

/// The object id, for callers that only want it.
pub fn object_id(forms: &CloudAnchorForms) -> Guid {
    forms.name.object_id
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str =
        "VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==";
    const NAME: &str = "User_c72903ed-7816-41cd-9066-eac33d171d77";

    #[test]
    fn round_trips_the_documented_vector() {
        assert_eq!(decode(VECTOR).unwrap().name.text(), NAME);
        assert_eq!(encode(NAME, CloudObjectType::User).unwrap().cloud_anchor, VECTOR);
        assert_eq!(encode("C72903ED-7816-41CD-9066-EAC33D171D77", CloudObjectType::User).unwrap().cloud_anchor, VECTOR);
    }

    #[test]
    fn reads_the_connector_space_dn_of_a_cloud_object() {
        let dn = connector_space_dn(NAME);
        let forms = decode(&dn).unwrap();
        assert_eq!(
            (forms.name.text().as_str(), forms.cloud_anchor.as_str(), forms.distinguished_name.as_str()),
            (NAME, VECTOR, dn.as_str())
        );
        let ad_dn = "CN={4B38314C68343055796B657A435A48665A50426239513D3D}";
        assert!(decode(ad_dn).unwrap_err().message.contains("ConvertFrom-ImmutableId"));
    }

    #[test]
    fn refuses_what_is_not_a_cloud_anchor() {
        assert_eq!(decode("K81Lh40UykezCZHfZPBb9Q==").unwrap_err().code, "InvalidCloudAnchor");
        assert_eq!(encode("User_nope", CloudObjectType::User).unwrap_err().code, "InvalidCloudAnchor");
        assert_eq!(object_type("Banana").unwrap_err().code, "InvalidObjectType");
        assert_eq!(encode("Printer_c72903ed-7816-41cd-9066-eac33d171d77", CloudObjectType::User).unwrap_err().code, "InvalidObjectType");
        assert!(decode(&encode("group_c72903ed-7816-41cd-9066-eac33d171d77", CloudObjectType::User).unwrap().cloud_anchor).is_ok());
        assert_eq!(object_type("device").unwrap(), CloudObjectType::Device);
    }
}
