//! Rules for Entra Connect sourceAnchor values (`ImmutableId`, `onPremisesImmutableId`).
//!
//! An ImmutableId is the Base64 of the 16 bytes of an `objectGUID` or `mS-DS-ConsistencyGuid`
//! in `Guid.ToByteArray()` order (`Uuid::to_bytes_le`). Every parsing, formatting and checking
//! rule of the project lives in this crate; the PowerShell module only marshals values to
//! the C ABI in [`ffi`] and turns the answers into objects and error records.

pub mod anchor;
pub mod cloud_anchor;
pub mod csv_source;
pub mod error;
pub mod ffi;
pub mod ffi_validate;
pub mod inspect;
mod quote;
pub mod validate;

pub use anchor::{AnchorForms, OutputForm, SourceFormat};
pub use error::{ConvertError, ErrorCode};
pub use validate::{Mode, Outcome, Record, RecordResult, Status, Summary, Validator};
