//! `Compare-ImmutableId`: on-premises and cloud accounts joined through their anchors, each
//! given a status and the findings behind it, and every hard match the input asks for
//! (through -Mapping, or proposed by UPN, mail or proxy address) checked against every
//! blocker the facts show. Reads only what it is given.
//!
//! Statuses: `Matched` (the cloud account holds the on-premises account's anchor),
//! `NotSynced` (no cloud account holds it), `HardMatchCandidate` (an on-premises account is
//! to take over a cloud account), `CloudOnly` (no anchor), `Orphan` (an anchor no given
//! on-premises account makes), `Conflict` (something a person must resolve first) and
//! `SoftDeleted` (a user in the recycle bin).

mod accounts;
mod adopt;
mod csv_input;
mod exchange;
mod facts;
mod finding;
mod index;
mod join;
mod mailbox;
mod pairing;
mod propose;
mod record_errors;
mod status;

pub use accounts::{
    is_graph_date_time, CloudAccount, Domain, GroupMembership, MappingRow, OnPremAccount, RoleAssignment, RoleKind, RowOrigin,
    Synchronization,
};
pub use adopt::Adoption;
pub use csv_input::RowError;
pub use facts::{is_privileged, role_name, Facts, PRIVILEGED_ROLES, ROLE_SCOPE_UNSETTLED};
pub use finding::{Check, Finding, Weight};
pub use mailbox::{active_mailbox, addresses_to_add, primary_to_set, Mailbox, OnPremExchange};

use strum::{EnumCount, EnumIter, FromRepr, IntoStaticStr};

use crate::error::ConvertError;
use crate::records::{Record, SourceAnchor};
use crate::{Interrupt, Interrupted};

/// Which input an account came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Side {
    OnPremises = 0,
    Cloud = 1,
    Deleted = 2,
}

/// An account's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum AccountStatus {
    Matched = 0,
    NotSynced = 1,
    HardMatchCandidate = 2,
    CloudOnly = 3,
    Orphan = 4,
    Conflict = 5,
    SoftDeleted = 6,
}

/// One account's result.
#[derive(Debug, Clone)]
pub struct AccountResult {
    pub side: Side,
    /// Its position in its input (-OnPremises, -Cloud or -Deleted).
    pub index: usize,
    /// How plans and messages name it.
    pub label: String,
    /// The anchor: the on-premises account's ImmutableId, or the cloud account's onPremisesImmutableId.
    pub anchor: Option<String>,
    /// For on-premises accounts: the property the anchor is made from.
    pub anchor_source: Option<&'static str>,
    pub status: AccountStatus,
    /// The account it is matched to, or paired with for a hard match.
    pub counterpart: Option<String>,
    pub findings: Vec<(Finding, String)>,
    pub not_checked: Vec<Check>,
}

/// A hard match the input asks for: an on-premises account to take over a cloud account.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Index into [`Reconciliation::on_prem`].
    pub on_prem: usize,
    /// Index into [`Reconciliation::cloud`].
    pub target: usize,
    /// Other cloud accounts (indexes into `cloud`) holding the anchor to move.
    pub twins: Vec<usize>,
    pub findings: Vec<(Finding, String)>,
    pub not_checked: Vec<Check>,
    /// How the on-premises account could adopt the anchor the target already holds instead
    /// (or why it cannot); `None` when the target holds no anchor.
    pub adoption: Option<Result<Adoption, String>>,
}

impl Pair {
    pub fn has(&self, finding: Finding) -> bool {
        self.findings.iter().any(|(f, _)| *f == finding)
    }

    /// False when a finding needs a person first.
    pub fn plannable(&self) -> bool {
        self.findings.iter().all(|(f, _)| f.weight() != Weight::Conflict)
    }
}

/// Everything the reconciliation found.
#[derive(Debug, Default)]
pub struct Reconciliation {
    pub on_prem: Vec<OnPremAccount>,
    /// Active and soft-deleted cloud accounts, each flagged.
    pub cloud: Vec<CloudAccount>,
    /// One per account: on-premises in input order, then cloud, then soft-deleted.
    pub results: Vec<AccountResult>,
    pub pairs: Vec<Pair>,
    /// Errors about -Mapping rows (unknown accounts), by row.
    pub mapping_errors: Vec<MappingError>,
    /// True when a -Mapping was given: the plan is then about the pairs it names only.
    pub mapped: bool,
    /// Pairs -Mapping names that are matched already (the cloud account holds the
    /// on-premises account's anchor): (on-premises index, cloud index). Nothing to plan.
    pub already_matched: Vec<(usize, usize)>,
    pub facts: Facts,
    /// What the caller should know about the input as a whole (a property not requested).
    pub warnings: Vec<String>,
    /// The tenant's sourceAnchor the anchors were read by.
    pub source_anchor: SourceAnchor,
}

/// A -Mapping row the join could not use (it names an account no record is, or several).
#[derive(Debug, Clone)]
pub struct MappingError {
    /// Its position among every -Mapping row, given or read from a file.
    pub row: usize,
    pub origin: RowOrigin,
    pub error: ConvertError,
}

/// Takes the inputs, then joins them ([`Reconciler::finish`]).
#[derive(Debug, Default)]
pub struct Reconciler {
    on_prem: Vec<OnPremAccount>,
    cloud: Vec<CloudAccount>,
    deleted: Vec<CloudAccount>,
    mappings: Vec<MappingRow>,
    mapping_rows: usize,
    /// -Mapping records given (not read from a file), which messages number.
    mapping_given_rows: usize,
    /// A -Mapping was given (even one whose rows could not be used, or none at all).
    mapping_given: bool,
    facts: Facts,
    /// The tenant's sourceAnchor: what on-premises users' anchors are made from.
    source_anchor: SourceAnchor,
}

impl Reconciler {
    pub fn new() -> Reconciler {
        Reconciler::default()
    }

    /// A reconciler for a tenant anchored on `choice` (`-SourceAnchor`).
    pub fn anchored_on(choice: SourceAnchor) -> Reconciler {
        Reconciler { source_anchor: choice, ..Reconciler::default() }
    }

    pub fn source_anchor(&self) -> SourceAnchor {
        self.source_anchor
    }

    /// Adds an on-premises user; an `Err` is that record's error (it is not used).
    pub fn add_on_prem(&mut self, record: &Record) -> Result<(), ConvertError> {
        let index = self.on_prem.len();
        self.on_prem.push(accounts::on_prem_account(index, record, self.source_anchor)?);
        Ok(())
    }

    pub fn add_cloud(&mut self, record: &Record, deleted: bool) -> Result<(), ConvertError> {
        if deleted {
            self.facts.deleted_given = true;
            let index = self.deleted.len();
            self.deleted.push(accounts::cloud_account(index, true, record)?);
        } else {
            let index = self.cloud.len();
            self.cloud.push(accounts::cloud_account(index, false, record)?);
        }
        Ok(())
    }

    /// Marks -Deleted as given, even when it holds no user.
    pub fn deleted_given(&mut self) {
        self.facts.deleted_given = true;
    }

    /// Marks -Mapping as given, even when it holds no usable row: the plan is then about
    /// the pairs it names, never the proposals.
    pub fn mapping_given(&mut self) {
        self.mapping_given = true;
    }

    /// Adds a -Mapping record given to the cmdlet (messages call it `-Mapping[n]`).
    pub fn add_mapping(&mut self, record: &Record) -> Result<(), ConvertError> {
        let origin = RowOrigin::Given(self.mapping_given_rows);
        self.mapping_given_rows += 1;
        self.add_mapping_from(record, origin)
    }

    /// Adds a -Mapping row from where `origin` says.
    pub(crate) fn add_mapping_from(&mut self, record: &Record, origin: RowOrigin) -> Result<(), ConvertError> {
        self.mapping_given = true;
        let index = self.mapping_rows;
        self.mapping_rows += 1;
        self.mappings.push(accounts::mapping_row(index, origin, record)?);
        Ok(())
    }

    pub fn add_domain(&mut self, record: &Record) -> Result<(), ConvertError> {
        self.facts.domains_given();
        self.facts.add_domain(accounts::domain(record)?);
        Ok(())
    }

    pub fn domains_given(&mut self) {
        self.facts.domains_given();
    }

    pub fn add_synchronization(&mut self, record: &Record) -> Result<(), ConvertError> {
        let read = accounts::synchronization(record)?;
        let known = self.facts.synchronization.get_or_insert_with(Synchronization::default);
        known.id = known.id.take().or(read.id);
        known.block_hard_match = read.block_hard_match.or(known.block_hard_match);
        known.block_soft_match = read.block_soft_match.or(known.block_soft_match);
        known.allow_object_identifier_update = read.allow_object_identifier_update.or(known.allow_object_identifier_update);
        Ok(())
    }

    pub fn add_group_membership(&mut self, record: &Record) -> Result<(), ConvertError> {
        self.facts.groups_given();
        self.facts.add_group_membership(accounts::group_membership(record)?);
        Ok(())
    }

    pub fn groups_given(&mut self) {
        self.facts.groups_given();
    }

    pub fn add_role(&mut self, record: &Record) -> Result<(), ConvertError> {
        self.facts.roles_given();
        self.facts.add_role(accounts::role_assignment(record)?);
        Ok(())
    }

    pub fn roles_given(&mut self) {
        self.facts.roles_given();
    }

    pub fn add_mailbox(&mut self, record: &Record) -> Result<(), ConvertError> {
        self.facts.mailboxes_given();
        self.facts.add_mailbox(mailbox::mailbox(record)?);
        Ok(())
    }

    /// Marks -Mailbox as given, even empty: no account has a cloud mailbox.
    pub fn mailboxes_given(&mut self) {
        self.facts.mailboxes_given();
    }

    /// The active cloud accounts taken so far, for tests that shape them.
    #[cfg(test)]
    pub(crate) fn cloud_mut(&mut self) -> &mut Vec<CloudAccount> {
        &mut self.cloud
    }

    /// How many records of each kind were taken, to take back a file's ([`Self::rollback`]).
    fn mark(&self) -> [usize; 5] {
        [self.on_prem.len(), self.cloud.len(), self.deleted.len(), self.mappings.len(), self.mapping_rows]
    }

    fn rollback(&mut self, mark: [usize; 5]) {
        self.on_prem.truncate(mark[0]);
        self.cloud.truncate(mark[1]);
        self.deleted.truncate(mark[2]);
        self.mappings.truncate(mark[3]);
        self.mapping_rows = mark[4];
    }

    /// Joins everything given. Linear in the accounts (hash tables), stopping early when
    /// `interrupt` asks.
    pub fn finish(self, interrupt: Interrupt) -> Result<Reconciliation, Interrupted> {
        let Reconciler { on_prem, mut cloud, deleted, mappings, mapping_given, facts, source_anchor, .. } = self;
        cloud.extend(deleted);
        join::join(on_prem, cloud, mappings, mapping_given, facts, source_anchor, interrupt)
    }
}

#[cfg(test)]
mod adopt_tests;
#[cfg(test)]
mod exchange_tests;
#[cfg(test)]
pub(crate) mod tests;
