//! Per-value errors of the conversions. A code is the PowerShell ErrorId, so it is part
//! of the public contract: add codes, never rename them. An ImmutableId that fails its
//! inspection is reported under its [`crate::inspect::Reason`] code instead.

use std::fmt;

use strum::{EnumIter, IntoStaticStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr)]
pub enum ErrorCode {
    /// Null, empty or only white space.
    EmptyValue,
    /// Longer than any form of an anchor can be.
    ValueTooLong,
    /// NUL, other control characters, or invalid UTF-16.
    InvalidCharacter,
    /// Not any of the accepted source forms.
    UnrecognizedFormat,
    /// 32 hex digits with no separators: an N-form GUID or the bytes in stored order.
    AmbiguousHex,
    /// Hex or LDAP-escaped bytes that are not 16 well-formed bytes.
    InvalidHex,
    /// A GUID string the GUID parser refuses.
    InvalidGuid,
    /// A byte array that does not hold 16 bytes.
    WrongByteCount,
    /// `CN={...}` that does not hold the hex of an anchor's characters.
    InvalidDistinguishedName,
    /// An ImmutableId given where a GUID form belongs.
    ImmutableIdNotSource,
    /// Not a CloudAnchor (`Type_<objectId>` packed as Base64 of length + UTF-16LE).
    InvalidCloudAnchor,
    /// A connector-space DN of an object that came from the cloud: it holds a CloudAnchor.
    CloudObjectDistinguishedName,
    /// An object type Entra Connect does not use in CloudAnchors.
    InvalidObjectType,
    /// A record (object, hashtable, CSV row) with none of the properties a cmdlet reads.
    NoAnchorProperty,
    /// A byte array given where an ImmutableId string belongs.
    ByteArrayNotImmutableId,
    /// Single bytes arriving one by one: a byte array that PowerShell unrolled in a pipeline.
    UnrolledByteArray,
    /// A value of a type no anchor form has (a date, a script block, a nested object).
    UnsupportedType,
    /// A `-SourceAnchor` that is neither ConsistencyGuid, ObjectGUID nor an LDAP attribute name.
    InvalidSourceAnchor,
    /// The text `System.Byte[]`: a byte array that Export-Csv wrote as its type name.
    FlattenedByteArray,
    /// A value ('alice', 42) given where a record belongs (-OnPremises, -Cloud, -Mapping...).
    NotARecord,
    /// A record with none of what its parameter reads: a record of another kind.
    WrongRecordType,
    /// A -Mapping row with OnPremises but no Cloud, or the other way round.
    IncompleteMapping,
    /// A -Mapping row names an account that none of the accounts given is.
    UnknownAccount,
    /// A -Mapping row names an account that more than one account given matches.
    AmbiguousAccount,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One value that could not be converted: a stable code and a message that names the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    /// The ErrorId: an [`ErrorCode`] or an inspection [`crate::inspect::Reason`].
    pub code: &'static str,
    pub message: String,
}

impl ConvertError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ConvertError { code: code.as_str(), message: message.into() }
    }

    /// The same error, its message introduced by where the value came from
    /// ("The mS-DS-ConsistencyGuid of this record").
    pub fn from_property(self, property: Option<&str>) -> Self {
        match property {
            Some(name) => ConvertError { code: self.code, message: format!("{name}: {}", self.message) },
            None => self,
        }
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ConvertError {}
