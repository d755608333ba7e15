//! Every rule of ImmutableId, in safe Rust.
//!
//! Entra Connect ties each on-premises user to its cloud account through the sourceAnchor,
//! shown in the cloud as `ImmutableId` (`onPremisesImmutableId` in Microsoft Graph): the
//! Base64 of the 16 bytes of the user's `mS-DS-ConsistencyGuid` (or `objectGUID`) in
//! `Guid.ToByteArray()` order (`Uuid::to_bytes_le`). This crate parses, formats, checks,
//! reconciles and plans; the C ABI (crate `immutableid`) and the PowerShell module only
//! marshal values to it and answers back.
//!
//! Layers, each using only those above it in this list (`rust-core/abi/tests/module_layers.rs`
//! checks that no modules use each other, here or in the ABI crate):
//! - [`text`], [`worker`]: trimming and quoting values in messages; threads the core starts.
//! - [`codec`]: GUID, stored bytes, Base64, hex, LDAP and DN text; output forms.
//! - [`error`]: per-value error codes.
//! - [`inspect`]: what is wrong with one ImmutableId on its own (reason codes).
//! - [`records`]: which property or column of a record holds what, and which wins.
//! - [`convert`], [`cloud_anchor`]: the conversions the cmdlets expose.
//! - [`csv`]: reading CSV files with line numbers and bounded memory.
//! - [`validate`]: a batch of ImmutableIds checked together.
//! - [`reconcile`]: on-premises and cloud accounts joined and judged.
//! - [`plan`]: the ordered, read-only steps of a hard match.
#![forbid(unsafe_code)]

pub mod cloud_anchor;
pub mod codec;
pub mod convert;
pub mod csv;
pub mod error;
pub mod inspect;
pub mod plan;
pub mod reconcile;
pub mod records;
pub mod text;
pub mod validate;
pub mod worker;

/// Asked between chunks of long work; `true` stops it (Ctrl+C in PowerShell).
pub type Interrupt<'a> = &'a dyn Fn() -> bool;

/// An [`Interrupt`] that never asks to stop.
pub fn never_interrupted() -> bool {
    false
}

/// Long work stopped because its [`Interrupt`] asked it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;
