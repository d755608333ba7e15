//! The name Entra Connect gives an object that came from the cloud: `<ObjectType>_<objectId>`,
//! such as `User_c72903ed-7816-41cd-9066-eac33d171d77`. It is what a CloudAnchor packs and
//! what the connector-space DN of such an object spells in hex.

use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use super::guid::{d_form, parse_guid_text, Guid};

/// The object types Entra Connect syncs, which `ConvertTo-CloudAnchor -ObjectType` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr)]
pub enum CloudObjectType {
    User,
    Group,
    Device,
    Contact,
}

impl CloudObjectType {
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// A type by name, ignoring case (`user` is `User`).
    pub fn parse(name: &str) -> Option<CloudObjectType> {
        CloudObjectType::iter().find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// "User, Group, Device or Contact", for messages.
    pub fn listed() -> String {
        let names: Vec<&str> = CloudObjectType::iter().map(CloudObjectType::name).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }
}

/// `<ObjectType>_<objectId>`, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudName {
    /// A known type in its own spelling (`User`), any other as written.
    pub object_type: String,
    pub object_id: Guid,
}

impl CloudName {
    pub fn new(kind: CloudObjectType, object_id: Guid) -> CloudName {
        CloudName { object_type: kind.name().to_string(), object_id }
    }

    /// Reads `User_<guid>` (letters before the `_`, GUID in N, D, B or P form).
    pub fn parse(text: &str) -> Option<CloudName> {
        let (kind, id) = text.split_once('_')?;
        if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let object_type = CloudObjectType::parse(kind).map_or_else(|| kind.to_string(), |k| k.name().to_string());
        Some(CloudName { object_type, object_id: parse_guid_text(id)? })
    }

    /// `User_c72903ed-7816-41cd-9066-eac33d171d77`: the type's own spelling, D-form id.
    pub fn text(&self) -> String {
        format!("{}_{}", self.object_type, d_form(&self.object_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let name = CloudName::parse("user_{C72903ED-7816-41CD-9066-EAC33D171D77}").unwrap();
        assert_eq!(name.text(), "User_c72903ed-7816-41cd-9066-eac33d171d77");
        assert_eq!(CloudName::parse("ObjectType_c72903ed-7816-41cd-9066-eac33d171d77").unwrap().object_type, "ObjectType");
        assert_eq!(CloudName::parse("Use r_c72903ed-7816-41cd-9066-eac33d171d77"), None);
        assert_eq!(CloudName::parse("User_nope"), None);
        assert_eq!(CloudObjectType::listed(), "User, Group, Device or Contact");
    }
}
