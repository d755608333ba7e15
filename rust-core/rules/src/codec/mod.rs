//! The leaf codecs: a GUID and its 16 stored bytes, and the texts they are written as
//! (Base64, hex, LDAP-escaped bytes, connector-space DN). No judgement lives here: what is
//! wrong with a value is [`crate::inspect`]'s business.
//!
//! Byte order is the whole point: an ImmutableId is Base64 of `Uuid::to_bytes_le()`
//! (.NET's `Guid.ToByteArray()`), and hex, LDAP-escaped bytes and `mS-DS-ConsistencyGuid`
//! are those same 16 bytes in stored order. Nothing here produces `Uuid::as_bytes()`.

pub mod cloud_name;
pub mod dn;
pub mod guid;
pub mod hex;
pub mod ldap_dn;
pub mod output;

pub use cloud_name::{CloudName, CloudObjectType};
pub use dn::{anchor_from_dn_hex, connector_space_dn, looks_like_dn};
pub use guid::{d_form, guid_from_stored_bytes, immutable_id, parse_guid_text, stored_bytes, write_immutable_id, Guid, HexReadings};
pub use output::{byte_array_literal, render, OutputForm};
