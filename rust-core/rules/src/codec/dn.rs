//! The Entra connector-space DN of an object: `CN={` + upper-case hex of the ASCII of its
//! anchor text + `}`. For objects that came from AD the text is the ImmutableId; for
//! objects that came from the cloud it is the CloudAnchor name, `User_<objectId>`.

use super::hex::{decode_hex_run, upper_hex};

/// `CN={hex}` of an anchor string (any anchor, GUID-based or not).
pub fn connector_space_dn(anchor: &str) -> String {
    format!("CN={{{}}}", upper_hex(anchor.as_bytes()))
}

/// True when a value is shaped like a connector-space DN (`CN={`...), any case.
pub fn looks_like_dn(value: &str) -> bool {
    value.len() >= 4 && value.as_bytes()[..4].eq_ignore_ascii_case(b"CN={")
}

/// Why a `CN={...}` value holds no anchor text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnProblem {
    /// Not `CN={` ... `}`.
    Shape,
    /// An odd number of digits, or none.
    Length,
    /// Characters that are not hex digits.
    NotHex,
    /// The bytes are not printable ASCII text.
    NotText,
}

impl DnProblem {
    pub fn describe(self) -> &'static str {
        match self {
            DnProblem::Shape => "it must start with CN={ and end with }",
            DnProblem::Length => "the part in braces must be an even number of hex digits",
            DnProblem::NotHex => "the part in braces is not hex",
            DnProblem::NotText => "the hex does not spell printable ASCII characters",
        }
    }
}

/// The anchor text inside `CN={hex}`.
pub fn anchor_from_dn_hex(value: &str) -> Result<String, DnProblem> {
    if !looks_like_dn(value) || !value.ends_with('}') {
        return Err(DnProblem::Shape);
    }
    let hex = &value[4..value.len() - 1];
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return Err(DnProblem::Length);
    }
    let bytes = decode_hex_run(hex).ok_or(DnProblem::NotHex)?;
    match String::from_utf8(bytes) {
        Ok(text) if text.chars().all(|c| c.is_ascii_graphic()) => Ok(text),
        _ => Err(DnProblem::NotText),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_public_vectors() {
        assert_eq!(connector_space_dn("QF5HMK7n80qvdYsUPIHa9Q=="), "CN={514635484D4B376E38307176645973555049486139513D3D}");
        assert_eq!(anchor_from_dn_hex("cn={514635484D4B376E38307176645973555049486139513D3D}").unwrap(), "QF5HMK7n80qvdYsUPIHa9Q==");
        assert_eq!(anchor_from_dn_hex("CN={XYZ}"), Err(DnProblem::Length));
        assert_eq!(anchor_from_dn_hex("CN={ZZ}"), Err(DnProblem::NotHex));
        assert_eq!(anchor_from_dn_hex("CN={0001}"), Err(DnProblem::NotText));
    }
}
