//! Per-value conversion errors. The code is the PowerShell ErrorId, so it is part of the
//! public contract: add codes, never rename them.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
    /// `CN={...}` that does not hold the hex of an ImmutableId's characters.
    InvalidDistinguishedName,
    /// An ImmutableId given where a GUID form belongs.
    ImmutableIdNotSource,
    /// Not a CloudAnchor (`Type_<objectId>` packed as Base64 of length + UTF-16LE).
    InvalidCloudAnchor,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptyValue => "EmptyValue",
            ErrorCode::ValueTooLong => "ValueTooLong",
            ErrorCode::InvalidCharacter => "InvalidCharacter",
            ErrorCode::UnrecognizedFormat => "UnrecognizedFormat",
            ErrorCode::AmbiguousHex => "AmbiguousHex",
            ErrorCode::InvalidHex => "InvalidHex",
            ErrorCode::InvalidGuid => "InvalidGuid",
            ErrorCode::WrongByteCount => "WrongByteCount",
            ErrorCode::InvalidDistinguishedName => "InvalidDistinguishedName",
            ErrorCode::ImmutableIdNotSource => "ImmutableIdNotSource",
            ErrorCode::InvalidCloudAnchor => "InvalidCloudAnchor",
        }
    }
}

/// One value that could not be converted: a stable code and a message that names the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConvertError {
    /// The ErrorId: an [`ErrorCode`] or, for an ImmutableId that fails inspection, a
    /// [`crate::inspect::Reason`] code.
    pub code: &'static str,
    pub message: String,
}

impl ConvertError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ConvertError { code: code.as_str(), message: message.into() }
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ConvertError {}
