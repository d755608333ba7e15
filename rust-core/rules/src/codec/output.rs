//! The fixed-width forms `ConvertFrom-ImmutableId -Format` renders a GUID in.

use strum::{EnumCount, EnumIter, FromRepr, IntoStaticStr};

use super::dn::connector_space_dn;
use super::guid::{d_form, immutable_id, stored_bytes, Guid};
use super::hex::{ldap_escaped, upper_hex};

/// An output form. Every form has a fixed width, so a batch fits a caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum OutputForm {
    /// Lower-case D form, 36 characters.
    Guid = 0,
    /// Upper-case hex of the bytes in stored order, 32 characters.
    Hex = 1,
    /// `\xx` per byte, lower case, 48 characters.
    LdapFilter = 2,
    /// `CN={...}`, 53 characters.
    DistinguishedName = 3,
    /// The 16 bytes in stored order, one character per byte.
    Bytes = 4,
    /// The ImmutableId itself, 24 characters.
    ImmutableId = 5,
    /// A PowerShell byte-array literal of the stored bytes, `[byte[]](0x2B,...)`, 89
    /// characters: what Set-ADUser -Replace takes for mS-DS-ConsistencyGuid.
    BytesLiteral = 6,
}

impl OutputForm {
    /// Characters (or bytes, for `Bytes`) one rendered value takes.
    pub fn width(self) -> usize {
        match self {
            OutputForm::Guid => 36,
            OutputForm::Hex => 32,
            OutputForm::LdapFilter => 48,
            OutputForm::DistinguishedName => 53,
            OutputForm::Bytes => 16,
            OutputForm::ImmutableId => 24,
            OutputForm::BytesLiteral => 89,
        }
    }
}

/// A GUID in `form`: ASCII text, or for `Bytes` the stored bytes themselves.
pub fn render(guid: &Guid, form: OutputForm) -> Vec<u8> {
    let rendered = match form {
        OutputForm::Guid => d_form(guid).into_bytes(),
        OutputForm::Hex => upper_hex(&stored_bytes(guid)).into_bytes(),
        OutputForm::LdapFilter => ldap_escaped(&stored_bytes(guid)).into_bytes(),
        OutputForm::DistinguishedName => connector_space_dn(&immutable_id(guid)).into_bytes(),
        OutputForm::Bytes => stored_bytes(guid).to_vec(),
        OutputForm::ImmutableId => immutable_id(guid).into_bytes(),
        OutputForm::BytesLiteral => byte_array_literal(guid).into_bytes(),
    };
    debug_assert_eq!(rendered.len(), form.width());
    rendered
}

/// The GUID's 16 bytes in `Guid.ToByteArray()` order as a PowerShell `[byte[]]` literal, to
/// paste into `Set-ADUser -Replace @{ 'mS-DS-ConsistencyGuid' = ... }`.
pub fn byte_array_literal(guid: &Guid) -> String {
    let bytes: Vec<String> = stored_bytes(guid).iter().map(|b| format!("0x{b:02X}")).collect();
    format!("[byte[]]({})", bytes.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_form_has_its_width() {
        let guid = Guid::parse_str("874bcd2b-148d-47ca-b309-91df64f05bf5").unwrap();
        for form in OutputForm::iter() {
            assert_eq!(render(&guid, form).len(), form.width(), "{form:?}");
        }
        assert_eq!(render(&guid, OutputForm::DistinguishedName), b"CN={4B38314C68343055796B657A435A48665A50426239513D3D}");
        assert_eq!(
            byte_array_literal(&guid),
            "[byte[]](0x2B,0xCD,0x4B,0x87,0x8D,0x14,0xCA,0x47,0xB3,0x09,0x91,0xDF,0x64,0xF0,0x5B,0xF5)",
            "Guid.ToByteArray() order, never the big-endian one"
        );
    }
}
