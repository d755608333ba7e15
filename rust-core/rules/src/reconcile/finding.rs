//! What the reconciliation can say about an account, and which checks it could not make.
//! The names are public (about_ImmutableId, result objects): add, never rename.

use strum::{EnumCount, EnumIter, FromRepr, IntoStaticStr};

/// One thing found about an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Finding {
    /// Two accounts (active or soft-deleted) hold the same anchor.
    DuplicateAnchor,
    /// Anchors that differ only in letter case.
    CaseOnlyAnchorTwin,
    /// Two on-premises accounts make the same anchor.
    DuplicateOnPremisesAnchor,
    /// The cloud anchor is not a valid ImmutableId (see Test-ImmutableId).
    InvalidAnchor,
    /// The cloud anchor is not GUID-based (a third-party IdP, an employee ID).
    NotGuidBasedAnchor,
    /// The cloud anchor holds an on-premises GUID's bytes in big-endian order.
    BigEndianAnchor,
    /// The cloud anchor is the Base64 of an on-premises GUID's text.
    GuidTextAnchor,
    /// The cloud anchor is made from the objectGUID, but the account's mS-DS-ConsistencyGuid
    /// (what Entra Connect anchors on) is set to something else.
    ObjectGuidAnchor,
    /// The pairing comes from -Mapping.
    MappedExplicitly,
    /// Proposed: the two accounts have the same user principal name.
    ProposedByUpn,
    /// Proposed: the two accounts have the same mail.
    ProposedByMail,
    /// Proposed: the two accounts share an SMTP proxy address.
    ProposedByProxyAddress,
    /// More than one cloud account could be meant; name it with -Mapping.
    AmbiguousProposal,
    /// -Mapping pairs one account with more than one other.
    MappingConflict,
    /// The cloud account to keep already holds another anchor.
    TargetHoldsOtherAnchor,
    /// This account holds the anchor an on-premises account will take to another cloud account.
    TwinOfHardMatch,
    /// An active cloud account (the synced twin) holds the anchor to move.
    AnchorHeldByActiveTwin,
    /// A soft-deleted cloud account holds the anchor to move.
    AnchorHeldBySoftDeleted,
    /// BlockCloudObjectTakeoverThroughHardMatchEnabled is on.
    TenantHardMatchBlocked,
    /// BlockSoftMatchEnabled is on (a hard match is not affected).
    SoftMatchBlocked,
    /// The cloud account's UPN is on a federated domain: the anchor cannot be set there.
    FederatedUpn,
    /// The cloud account has onPremisesObjectIdentifier set.
    OnPremisesObjectIdentifierSet,
    /// The cloud account holds or is eligible for a privileged directory role.
    PrivilegedRole,
    /// The cloud account holds or is eligible for another directory role.
    DirectoryRole,
    /// The cloud account was switched to cloud-managed (onPremisesSyncBehavior.isCloudManaged).
    CloudManaged,
    /// The cloud account is already synced from another on-premises object.
    TargetSyncEnabled,
    /// The cloud account to keep is soft-deleted.
    TargetSoftDeleted,
    /// The on-premises account has no objectGUID or mS-DS-ConsistencyGuid that is a GUID (or
    /// no readable value of the attribute -SourceAnchor names).
    NoOnPremisesAnchor,
    /// The attribute -SourceAnchor names (employeeID, msDS-SourceAnchor...) is empty on the
    /// on-premises account: it has no anchor, so Entra Connect does not sync it.
    SourceAnchorEmpty,
    /// The on-premises user has a mailbox in on-premises Exchange while the account to keep
    /// has one in Exchange Online: one person would have two.
    OnPremisesMailbox,
    /// The organisation is hybrid and the on-premises user is not the remote mailbox of the
    /// cloud mailbox: the plan stamps it.
    NotRemoteMailbox,
    /// The on-premises user is a remote mailbox whose msExchMailboxGuid (or archive GUID)
    /// differs from the cloud mailbox's: the plan corrects it.
    RemoteMailboxGuidMismatch,
    /// The cloud mailbox has addresses (or the X500 of its LegacyExchangeDN) that AD lacks,
    /// or another primary address: the match would drop them; the plan adds them.
    CloudAddressesMissing,
    /// A twin the plan frees has a mailbox of its own, which a purge destroys.
    TwinHasMailbox,
    /// The account to keep has only a soft-deleted or inactive mailbox.
    MailboxNotActive,
    /// The on-premises user's msExch attributes could not be read.
    ExchangeAttributesUnreadable,
    /// No on-premises user holds this orphan's anchor: the AD user meant to have the account
    /// can adopt it (its 16 bytes into mS-DS-ConsistencyGuid).
    AdoptPossible,
    /// This orphan's anchor cannot be adopted on-premises, and why.
    AdoptNotPossible,
}

/// Said with [`Finding::ObjectGuidAnchor`] (on tenants read as anchoring on
/// mS-DS-ConsistencyGuid): on a tenant that anchors on objectGUID, the value is right.
pub const OBJECT_GUID_TENANT: &str = "If the tenant's sourceAnchor is objectGUID (older Entra Connect installs, or a custom choice), that value is right and mS-DS-ConsistencyGuid is ignored: say -SourceAnchor ObjectGUID.";

/// How a finding weighs on the account's status and on a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Worth knowing; changes nothing.
    Note,
    /// A plan can lift it (and put it back afterwards).
    Liftable,
    /// Nothing can be planned safely until a person resolves it.
    Conflict,
}

impl Finding {
    pub const COUNT: usize = <Finding as EnumCount>::COUNT;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn weight(self) -> Weight {
        use Finding::*;
        match self {
            DuplicateAnchor
            | DuplicateOnPremisesAnchor
            | InvalidAnchor
            | BigEndianAnchor
            | GuidTextAnchor
            | ObjectGuidAnchor
            | AmbiguousProposal
            | MappingConflict
            | TargetSyncEnabled
            | TargetSoftDeleted
            | NoOnPremisesAnchor
            | OnPremisesMailbox => Weight::Conflict,
            TenantHardMatchBlocked
            | FederatedUpn
            | OnPremisesObjectIdentifierSet
            | PrivilegedRole
            | DirectoryRole
            | CloudManaged
            | AnchorHeldByActiveTwin
            | AnchorHeldBySoftDeleted
            | TargetHoldsOtherAnchor
            | NotRemoteMailbox
            | RemoteMailboxGuidMismatch
            | CloudAddressesMissing => Weight::Liftable,
            CaseOnlyAnchorTwin
            | NotGuidBasedAnchor
            | MappedExplicitly
            | ProposedByUpn
            | ProposedByMail
            | ProposedByProxyAddress
            | TwinOfHardMatch
            | SoftMatchBlocked
            | SourceAnchorEmpty
            | TwinHasMailbox
            | MailboxNotActive
            | ExchangeAttributesUnreadable
            | AdoptPossible
            | AdoptNotPossible => Weight::Note,
        }
    }
}

/// A check that needs facts that were not given; reported, never assumed to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Check {
    /// The tenant's synchronization features (-Synchronization).
    TenantSwitches,
    /// Whether the cloud account's UPN domain is federated (-Domain).
    Federation,
    /// Directory roles held or eligible (-RoleAssignment).
    Roles,
    /// Soft-deleted users that may hold the anchor (-Deleted).
    SoftDeletedHolders,
    /// onPremisesObjectIdentifier (a beta property, absent from the cloud record).
    ObjectIdentifier,
    /// onPremisesSyncBehavior.isCloudManaged (absent from the cloud record).
    CloudManagedState,
    /// Cloud records without an onPremisesImmutableId property (or none of them with an
    /// anchor or a sync state, as Get-MgUser gives without -Property): an account holding
    /// the anchor could be among them.
    CloudAnchors,
    /// Whether an active role is permanent, time-bound or an activation: a plain
    /// roleAssignments record does not say (give the PIM schedule instances).
    RoleKinds,
    /// Roles held through role-assignable groups (-GroupMembership of the account to keep).
    RolesThroughGroups,
    /// The cloud mailboxes of the account to keep and of the twins (-Mailbox).
    Mailboxes,
    /// Whether on-premises Exchange holds a mailbox for the user, or a remote mailbox (its
    /// msExch attributes in the -OnPremises records).
    OnPremisesMailbox,
}

impl Check {
    pub fn code(self) -> &'static str {
        self.into()
    }
}
