//! The enums whose numbers cross the boundary, exported into the header so that callers
//! (and the C# layer's test) read them from there. Each mirrors a rules enum exactly: the
//! conversions below are exhaustive both ways, and a test checks the numbers match.

use immutableid_rules::codec::OutputForm;
use immutableid_rules::convert::SourceFormat;
use immutableid_rules::plan::{FreeAnchor, Route, SyncEngine};
use immutableid_rules::reconcile::{AccountStatus, Side};
use immutableid_rules::records::{Role, Schema, SourceAnchor};
use immutableid_rules::validate::{Mode, Status};
use strum::FromRepr;

/// How an `IidValue` is to be read.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidValueKind {
    /// The record has no such property.
    Absent = 0,
    /// The property holds null.
    Null = 1,
    /// UTF-16 text in `text`.
    Text = 2,
    /// A GUID: 16 bytes in `bytes`, in .NET `Guid.ToByteArray()` order.
    Guid = 3,
    /// A byte array in `bytes` (such as `mS-DS-ConsistencyGuid`, in stored order).
    Bytes = 4,
    /// Single bytes that arrived one at a time (a byte array PowerShell unrolled in a
    /// pipeline), in `bytes`: never converted, always an `UnrolledByteArray` error.
    UnrolledBytes = 5,
}

/// How `iid_to_immutable_id` reads text (`ConvertTo-ImmutableId -InputFormat`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSourceFormat {
    Auto = 0,
    Guid = 1,
    Hex = 2,
    LdapFilter = 3,
    DistinguishedName = 4,
}

impl From<IidSourceFormat> for SourceFormat {
    fn from(f: IidSourceFormat) -> SourceFormat {
        match f {
            IidSourceFormat::Auto => SourceFormat::Auto,
            IidSourceFormat::Guid => SourceFormat::Guid,
            IidSourceFormat::Hex => SourceFormat::Hex,
            IidSourceFormat::LdapFilter => SourceFormat::LdapFilter,
            IidSourceFormat::DistinguishedName => SourceFormat::DistinguishedName,
        }
    }
}

/// What `iid_from_immutable_id` renders (`ConvertFrom-ImmutableId -Format`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidOutputForm {
    Guid = 0,
    Hex = 1,
    LdapFilter = 2,
    DistinguishedName = 3,
    Bytes = 4,
    ImmutableId = 5,
    BytesLiteral = 6,
}

impl From<IidOutputForm> for OutputForm {
    fn from(f: IidOutputForm) -> OutputForm {
        match f {
            IidOutputForm::Guid => OutputForm::Guid,
            IidOutputForm::Hex => OutputForm::Hex,
            IidOutputForm::LdapFilter => OutputForm::LdapFilter,
            IidOutputForm::DistinguishedName => OutputForm::DistinguishedName,
            IidOutputForm::Bytes => OutputForm::Bytes,
            IidOutputForm::ImmutableId => OutputForm::ImmutableId,
            IidOutputForm::BytesLiteral => OutputForm::BytesLiteral,
        }
    }
}

/// The field lists of the cmdlets (`iid_schema`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSchema {
    ConvertTo = 0,
    ConvertFrom = 1,
    CloudAnchorFrom = 2,
    CloudAnchorTo = 3,
    Test = 4,
    OnPremisesUser = 5,
    CloudUser = 6,
    DeletedUser = 7,
    Mapping = 8,
    Domain = 9,
    Synchronization = 10,
    RoleAssignment = 11,
    GroupMembership = 12,
    Mailbox = 13,
}

impl From<IidSchema> for Schema {
    fn from(s: IidSchema) -> Schema {
        match s {
            IidSchema::ConvertTo => Schema::ConvertTo,
            IidSchema::ConvertFrom => Schema::ConvertFrom,
            IidSchema::CloudAnchorFrom => Schema::CloudAnchorFrom,
            IidSchema::CloudAnchorTo => Schema::CloudAnchorTo,
            IidSchema::Test => Schema::Test,
            IidSchema::OnPremisesUser => Schema::OnPremisesUser,
            IidSchema::CloudUser => Schema::CloudUser,
            IidSchema::DeletedUser => Schema::DeletedUser,
            IidSchema::Mapping => Schema::Mapping,
            IidSchema::Domain => Schema::Domain,
            IidSchema::Synchronization => Schema::Synchronization,
            IidSchema::RoleAssignment => Schema::RoleAssignment,
            IidSchema::GroupMembership => Schema::GroupMembership,
            IidSchema::Mailbox => Schema::Mailbox,
        }
    }
}

/// What a schema field is for.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidRole {
    /// The input itself, when it is a value and not a record.
    Itself = 0,
    /// Holds the value the cmdlet works on.
    Value = 1,
    /// Holds an on-premises anchor GUID.
    Anchor = 2,
    /// Given by a cmdlet parameter.
    Parameter = 3,
    /// Read for the join, the plan or a message.
    Attribute = 4,
    /// Not passed: copied by the caller into detailed output, to name the record.
    Identity = 5,
    /// Holds the attribute a `source_anchor` parameter names: the caller reads the property
    /// of that name (not the field's placeholder name), and passes `Absent` when the choice
    /// is `ConsistencyGuid` or `ObjectGUID`.
    SourceAnchor = 6,
}

impl From<Role> for IidRole {
    fn from(r: Role) -> IidRole {
        match r {
            Role::Itself => IidRole::Itself,
            Role::Value => IidRole::Value,
            Role::Anchor => IidRole::Anchor,
            Role::Parameter => IidRole::Parameter,
            Role::Attribute => IidRole::Attribute,
            Role::Identity => IidRole::Identity,
            Role::SourceAnchor => IidRole::SourceAnchor,
        }
    }
}

/// What a `source_anchor` parameter (`-SourceAnchor`) names, from `iid_source_anchor`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSourceAnchorKind {
    /// `mS-DS-ConsistencyGuid` when set, else `objectGUID` (the default).
    ConsistencyGuid = 0,
    /// `objectGUID` always; `mS-DS-ConsistencyGuid` is ignored.
    ObjectGuid = 1,
    /// Another attribute, read through the schema's `SOURCE_ANCHOR` field.
    Attribute = 2,
}

impl From<SourceAnchor> for IidSourceAnchorKind {
    fn from(choice: SourceAnchor) -> IidSourceAnchorKind {
        match choice {
            SourceAnchor::ConsistencyGuid => IidSourceAnchorKind::ConsistencyGuid,
            SourceAnchor::ObjectGuid => IidSourceAnchorKind::ObjectGuid,
            SourceAnchor::Attribute(_) => IidSourceAnchorKind::Attribute,
        }
    }
}

/// A `Test-ImmutableId` verdict.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidTestStatus {
    Valid = 0,
    Warning = 1,
    Invalid = 2,
    NoAnchor = 3,
    NotChecked = 4,
}

impl From<Status> for IidTestStatus {
    fn from(s: Status) -> IidTestStatus {
        match s {
            Status::Valid => IidTestStatus::Valid,
            Status::Warning => IidTestStatus::Warning,
            Status::Invalid => IidTestStatus::Invalid,
            Status::NoAnchor => IidTestStatus::NoAnchor,
            Status::NotChecked => IidTestStatus::NotChecked,
        }
    }
}

/// What `iid_validator_finish` prepares.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidValidatorMode {
    /// One result per record, read with `iid_validator_next`.
    Results = 0,
    /// Counts only; memory proportional to distinct values.
    Summary = 1,
    /// As `RESULTS`, but only the results whose status is not `VALID`, in input order:
    /// `iid_validator_finish`'s `summary.total` counts those alone, and the valid
    /// records' results are never built.
    Problems = 2,
}

impl From<IidValidatorMode> for Mode {
    fn from(m: IidValidatorMode) -> Mode {
        match m {
            IidValidatorMode::Results => Mode::Results,
            IidValidatorMode::Summary => Mode::Summary,
            IidValidatorMode::Problems => Mode::Problems,
        }
    }
}

/// Which input a reconciled account came from.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSide {
    OnPremises = 0,
    Cloud = 1,
    Deleted = 2,
}

impl From<Side> for IidSide {
    fn from(s: Side) -> IidSide {
        match s {
            Side::OnPremises => IidSide::OnPremises,
            Side::Cloud => IidSide::Cloud,
            Side::Deleted => IidSide::Deleted,
        }
    }
}

/// A reconciled account's status (`Compare-ImmutableId`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidAccountStatus {
    Matched = 0,
    NotSynced = 1,
    HardMatchCandidate = 2,
    CloudOnly = 3,
    Orphan = 4,
    Conflict = 5,
    SoftDeleted = 6,
}

impl From<AccountStatus> for IidAccountStatus {
    fn from(s: AccountStatus) -> IidAccountStatus {
        match s {
            AccountStatus::Matched => IidAccountStatus::Matched,
            AccountStatus::NotSynced => IidAccountStatus::NotSynced,
            AccountStatus::HardMatchCandidate => IidAccountStatus::HardMatchCandidate,
            AccountStatus::CloudOnly => IidAccountStatus::CloudOnly,
            AccountStatus::Orphan => IidAccountStatus::Orphan,
            AccountStatus::Conflict => IidAccountStatus::Conflict,
            AccountStatus::SoftDeleted => IidAccountStatus::SoftDeleted,
        }
    }
}

/// How a plan's syncs run (`New-HardMatchPlan -SyncEngine`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSyncEngine {
    ConnectSync = 0,
    CloudSync = 1,
}

impl From<IidSyncEngine> for SyncEngine {
    fn from(e: IidSyncEngine) -> SyncEngine {
        match e {
            IidSyncEngine::ConnectSync => SyncEngine::ConnectSync,
            IidSyncEngine::CloudSync => SyncEngine::CloudSync,
        }
    }
}

/// How a plan frees an anchor held by a soft-deleted twin (`New-HardMatchPlan -FreeAnchorBy`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidFreeAnchor {
    Purge = 0,
    RestoreAndClear = 1,
}

impl From<IidFreeAnchor> for FreeAnchor {
    fn from(f: IidFreeAnchor) -> FreeAnchor {
        match f {
            IidFreeAnchor::Purge => FreeAnchor::Purge,
            IidFreeAnchor::RestoreAndClear => FreeAnchor::RestoreAndClear,
        }
    }
}

/// Which way a pair's anchor goes (`New-HardMatchPlan -Route`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidRoute {
    /// Adopt on-premises where the target's anchor can be adopted, else move in the cloud.
    Auto = 0,
    MoveAnchor = 1,
    AdoptAnchor = 2,
}

impl From<IidRoute> for Route {
    fn from(r: IidRoute) -> Route {
        match r {
            IidRoute::Auto => Route::Auto,
            IidRoute::MoveAnchor => Route::MoveAnchor,
            IidRoute::AdoptAnchor => Route::AdoptAnchor,
        }
    }
}

/// How bad an `IidNote` is.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRepr)]
pub enum IidSeverity {
    /// The item has no result.
    Error = 0,
    /// The item has its result, and something worth saying about it.
    Warning = 1,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn numbers_match_the_rules_enums() {
        for f in SourceFormat::iter() {
            assert_eq!(SourceFormat::from(IidSourceFormat::from_repr(f as u32).unwrap()), f);
        }
        for f in OutputForm::iter() {
            assert_eq!(OutputForm::from(IidOutputForm::from_repr(f as u32).unwrap()), f);
        }
        for s in Schema::iter() {
            assert_eq!(Schema::from(IidSchema::from_repr(s as u32).unwrap()), s);
        }
        for s in Status::iter() {
            assert_eq!(IidTestStatus::from(s) as u32, s as u32);
        }
        for m in Mode::iter() {
            assert_eq!(Mode::from(IidValidatorMode::from_repr(m as u32).unwrap()), m);
        }
        for s in Side::iter() {
            assert_eq!(IidSide::from(s) as u32, s as u32);
        }
        for s in AccountStatus::iter() {
            assert_eq!(IidAccountStatus::from(s) as u32, s as u32);
        }
        for e in SyncEngine::iter() {
            assert_eq!(SyncEngine::from(IidSyncEngine::from_repr(e as u32).unwrap()), e);
        }
        for f in FreeAnchor::iter() {
            assert_eq!(FreeAnchor::from(IidFreeAnchor::from_repr(f as u32).unwrap()), f);
        }
        for r in Route::iter() {
            assert_eq!(Route::from(IidRoute::from_repr(r as u32).unwrap()), r);
        }
    }
}
