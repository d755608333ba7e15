//! `New-HardMatchPlan`: the ordered, read-only steps of the hard matches a reconciliation
//! found, each with the exact command an admin runs, whether it can be undone, and why it
//! is there. Nothing here runs anything.
//!
//! The steps go in phases, so that hundreds of accounts need two sync cycles, not hundreds:
//! notices, the tenant switch off, blockers lifted, twins out of sync scope, a sync, twins
//! checked deleted, anchors freed, UPNs moved off federated domains, holders checked, anchors
//! set, UPNs moved back, accounts back in scope, a sync, matches checked, blockers put back,
//! the tenant switch on.

mod commands;
mod script;

pub use commands::{parent_dn, percent_encode, ps_quote};
pub use script::script;

use strum::{EnumIter, FromRepr, IntoStaticStr};

use crate::reconcile::{
    is_graph_date_time, is_privileged, role_name, CloudAccount, Finding, OnPremAccount, Pair, Reconciliation, Weight, ROLE_SCOPE_UNSETTLED,
};

use commands as cmd;

/// How the sync engine picks up a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum SyncEngine {
    /// Entra Connect Sync: a delta cycle, started on its server.
    #[default]
    ConnectSync = 0,
    /// Entra Cloud Sync: picks changes up on its own every two minutes.
    CloudSync = 1,
}

/// How the anchor held by the synced twin is freed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum FreeAnchor {
    /// Purge the soft-deleted twin (irreversible; restore-and-clear shown as the alternative).
    #[default]
    Purge = 0,
    /// Restore the twin and clear its anchor (purging shown as the alternative).
    RestoreAndClear = 1,
}

/// What a plan needs beyond the reconciliation.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// A DN of an OU outside the sync scope, where accounts wait while their anchor moves.
    pub out_of_scope_ou: Option<String>,
    pub sync_engine: SyncEngine,
    pub free_anchor: FreeAnchor,
}

/// What a step does. The names are public (result objects): add, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Action {
    Notice,
    NotPlanned,
    TenantSwitchOff,
    ClearObjectIdentifier,
    RemoveRole,
    SwitchToOnPremisesManaged,
    OutOfScope,
    Sync,
    VerifyTwinDeleted,
    PurgeTwin,
    RestoreTwinAndClear,
    MoveUpnToInitialDomain,
    CheckNoHolder,
    SetAnchor,
    MoveUpnBack,
    BackInScope,
    VerifyMatch,
    RestoreRole,
    TenantSwitchOn,
}

/// One step.
#[derive(Debug, Clone)]
pub struct Step {
    pub order: u32,
    /// "alice -> Alice.Cloud@contoso.onmicrosoft.com", or "(tenant)".
    pub account: String,
    pub action: Action,
    /// The exact command; `None` for notices and for accounts not planned.
    pub command: Option<String>,
    pub reversible: bool,
    pub reason: String,
    pub warning: Option<String>,
    /// Another way to do the same, when there is a choice.
    pub alternative: Option<String>,
    /// Where Microsoft's documentation is unsettled about this step.
    pub unsettled: Option<String>,
}

/// The steps of every hard match, in order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
}

const TENANT: &str = "(tenant)";
const OVERWRITE: &str = "After the match, every attribute that has a value on-premises overwrites the cloud account's value, and password hash sync overwrites its password: fill mail, proxyAddresses and the other attributes in AD first, and tell the user.";
const CLEAR_UNSETTLED: &str = "Microsoft documents clearing onPremisesImmutableId (a PATCH of null on the beta endpoint) for cloud-only users; for a restored synced twin it is not documented, and the v1.0 PATCH has been reported to fail (msgraph-sdk-powershell #2819). Update-MgUser -OnPremisesImmutableId $null sends an empty string and does not work (#2514).";
const OBJECT_IDENTIFIER_NOTE: &str = "onPremisesObjectIdentifier is a beta property that can only be cleared (set to null); the next successful sync stamps a fresh value. Needs User-OnPremisesSyncBehavior.ReadWrite.All and the Global or Hybrid Identity Administrator role.";
const BLOCK_DATE_UNSETTLED: &str = "Microsoft has given different dates for the 2026 hard-match blocks (March, June and July 1, 2026) and different scopes; check the current state in the tenant.";

struct Builder<'r> {
    rec: &'r Reconciliation,
    options: &'r PlanOptions,
    steps: Vec<Step>,
}

impl Builder<'_> {
    fn step(&mut self, account: String, action: Action, command: Option<String>, reversible: bool, reason: impl Into<String>) -> &mut Step {
        let order = self.steps.len() as u32 + 1;
        self.steps.push(Step {
            order,
            account,
            action,
            command,
            reversible,
            reason: reason.into(),
            warning: None,
            alternative: None,
            unsettled: None,
        });
        self.steps.last_mut().expect("just pushed")
    }

    fn name(&self, pair: &Pair) -> String {
        let (o, c) = accounts(self.rec, pair);
        pair_name(o, c)
    }

    fn sync(&mut self, why: &str) {
        let (command, reason) = match self.options.sync_engine {
            SyncEngine::ConnectSync => ("Start-ADSyncSyncCycle -PolicyType Delta".to_string(), format!("{why} Run it on the Entra Connect server (Windows PowerShell, ADSync module) and let the cycle finish.")),
            SyncEngine::CloudSync => ("Start-Sleep -Seconds 180".to_string(), format!("{why} Entra Cloud Sync picks changes up on its own about every two minutes; wait for the cycle (check its provisioning logs).")),
        };
        self.step(TENANT.to_string(), Action::Sync, Some(command), true, reason);
    }
}

fn accounts<'r>(rec: &'r Reconciliation, pair: &Pair) -> (&'r OnPremAccount, &'r CloudAccount) {
    (&rec.on_prem[pair.on_prem], &rec.cloud[pair.target])
}

/// Why a pair cannot be planned, or `None` when it can. Needs a person: a conflict, an
/// out-of-scope OU, the tenant's initial domain, the synchronization object's id.
fn not_plannable(rec: &Reconciliation, options: &PlanOptions, pair: &Pair) -> Option<String> {
    let conflicts: Vec<&str> = pair.findings.iter().filter(|(f, _)| f.weight() == Weight::Conflict).map(|(_, m)| m.as_str()).collect();
    if !conflicts.is_empty() {
        return Some(conflicts.join(" "));
    }
    let (o, c) = (&rec.on_prem[pair.on_prem], &rec.cloud[pair.target]);
    // A proposal is a guess by name; a wrong one joins a person to someone else's mailbox.
    if pair
        .findings
        .first()
        .is_some_and(|(f, _)| matches!(f, Finding::ProposedByUpn | Finding::ProposedByMail | Finding::ProposedByProxyAddress))
    {
        let row = format!("@{{ OnPremises = {}; Cloud = {} }}", cmd::ps_quote(&o.label()), cmd::ps_quote(&c.label()));
        return Some(format!(
            "{} A plan is made only for pairs -Mapping names: if this pairing is right, add {row} to -Mapping and plan again.",
            pair.findings[0].1
        ));
    }
    if c.id.is_none() {
        return Some(format!("{} has no object id in the input; give Get-MgUser's Id.", c.label()));
    }
    for role in c.id.as_deref().and_then(|id| rec.facts.roles_of(id)).unwrap_or(&[]) {
        if let Some(why) = &role.not_removable {
            return Some(format!(
                "{} has the role {}, which a plan cannot take away and give back: {why}; then plan again.",
                c.label(),
                role_name(role)
            ));
        }
        if role.role_definition_id.is_none() || (!role.eligible && role.id.is_none()) {
            return Some(format!(
                "A role of {} has no RoleDefinitionId or Id in -RoleAssignment; give the records as Graph returns them.",
                c.label()
            ));
        }
    }
    if let Some(t) = pair.twins.iter().map(|&t| &rec.cloud[t]).find(|t| !t.deleted && t.sync_enabled == Some(false)) {
        return Some(format!("{} holds the anchor but is not synced, so moving {} out of sync scope will not delete it: clear its onPremisesImmutableId (or delete it) by hand, then plan again.", t.label(), o.label()));
    }
    if !pair.twins.is_empty() {
        if options.out_of_scope_ou.is_none() {
            return Some(format!("{}'s anchor is held by its synced twin, so {} must leave sync scope while the anchor moves: give -OutOfScopeOU, the DN of an OU Entra Connect does not sync.", o.label(), o.label()));
        }
        if o.dn.as_deref().and_then(parent_dn).is_none() || cmd::ad_identity(o).is_none() {
            return Some(format!(
                "{} has no DistinguishedName in the input, so the plan cannot move it back into scope; give Get-ADUser's output.",
                o.label()
            ));
        }
        let home = o.dn.as_deref().and_then(parent_dn).unwrap_or_default();
        if options.out_of_scope_ou.as_deref().is_some_and(|ou| ou.trim().eq_ignore_ascii_case(home.trim())) {
            return Some(format!("{} is already in {home}, the OU -OutOfScopeOU names, so the plan cannot tell which OU brings it back into sync scope; move it to its OU first, then plan again.", o.label()));
        }
        if pair.twins.iter().any(|&t| rec.cloud[t].id.is_none()) {
            return Some(
                "A twin holding the anchor has no object id in the input; give Get-MgUser's (and Get-MgDirectoryDeletedItemAsUser's) Id."
                    .to_string(),
            );
        }
    }
    if pair.has(Finding::FederatedUpn) && rec.facts.initial_domain().is_none() {
        return Some(format!("{}'s UPN is on a federated domain and must move to the tenant's onmicrosoft.com domain while the anchor is set, but -Domain names no initial domain (IsInitial).", c.label()));
    }
    if pair.has(Finding::TenantHardMatchBlocked) && rec.facts.synchronization.as_ref().and_then(|s| s.id.as_deref()).is_none() {
        return Some("The tenant blocks hard matches, and -Synchronization has no Id to turn the block off with.".to_string());
    }
    // The purge cannot be undone: it runs only when nothing left unchecked could still make
    // the match fail afterwards, leaving the user with no account.
    if !pair.twins.is_empty() && options.free_anchor == FreeAnchor::Purge && !pair.not_checked.is_empty() {
        let checks: Vec<&str> = pair.not_checked.iter().map(|c| c.code()).collect();
        return Some(format!(
            "The plan would purge the twin holding {}'s anchor (irreversible) while these checks are not made: {}. Give the facts (-Synchronization, -Domain, -RoleAssignment, -Deleted, and the cloud records' onPremisesImmutableId, onPremisesObjectIdentifier and onPremisesSyncBehavior), or use -FreeAnchorBy RestoreAndClear.",
            o.label(),
            checks.join(", ")
        ));
    }
    None
}

/// How steps name a pair: "alice -> Alice.Cloud@contoso.onmicrosoft.com".
fn pair_name(o: &OnPremAccount, c: &CloudAccount) -> String {
    format!("{} -> {}", o.label(), c.label())
}

/// The plan for every hard match `rec` found.
pub fn build(rec: &Reconciliation, options: &PlanOptions) -> Plan {
    let mut b = Builder { rec, options, steps: Vec::new() };
    let mut planned: Vec<&Pair> = Vec::new();
    for &(o, c) in &rec.already_matched {
        let (o, c) = (&rec.on_prem[o], &rec.cloud[c]);
        let reason = format!(
            "{} already holds {}'s anchor {}: they are matched, so there is nothing to plan.",
            c.label(),
            o.label(),
            o.anchor.as_deref().unwrap_or_default()
        );
        b.step(pair_name(o, c), Action::Notice, None, true, reason);
    }
    // With a -Mapping, the plan is about the pairs it names: proposals for other accounts
    // stay in Compare-ImmutableId's results. Without one, each proposal says how to confirm it.
    for pair in rec.pairs.iter().filter(|p| !rec.mapped || p.has(Finding::MappedExplicitly)) {
        let name = b.name(pair);
        let mut notes: Vec<String> = pair.findings.iter().map(|(_, m)| m.clone()).collect();
        if !pair.not_checked.is_empty() {
            let checks: Vec<&str> = pair.not_checked.iter().map(|c| c.code()).collect();
            notes.push(format!(
                "Not checked, for want of facts: {}. Give them, or check by hand before running this plan.",
                checks.join(", ")
            ));
        }
        match not_plannable(rec, options, pair) {
            Some(why) => {
                b.step(name, Action::NotPlanned, None, true, why);
            }
            None => {
                let step = b.step(name, Action::Notice, None, true, notes.join(" "));
                step.warning = Some(OVERWRITE.to_string());
                planned.push(pair);
            }
        }
    }
    if planned.is_empty() {
        return Plan { steps: b.steps };
    }
    let sync_id = rec.facts.synchronization.as_ref().and_then(|s| s.id.clone()).unwrap_or_default();
    let switch = planned.iter().any(|p| p.has(Finding::TenantHardMatchBlocked));
    if switch {
        let step = b.step(TENANT.to_string(), Action::TenantSwitchOff, Some(cmd::tenant_switch(&sync_id, false)), true, "BlockCloudObjectTakeoverThroughHardMatchEnabled refuses every hard match while it is on: turn it off for the matches (it is turned back on in the last step). Needs OnPremDirectorySynchronization.ReadWrite.All and a Global Administrator.");
        step.unsettled = Some(BLOCK_DATE_UNSETTLED.to_string());
    }
    // Blockers on the accounts to keep, lifted before the anchor moves.
    for pair in &planned {
        let (name, (_, c)) = (b.name(pair), accounts(rec, pair));
        for role in c.id.as_deref().and_then(|id| rec.facts.roles_of(id)).unwrap_or(&[]) {
            let kind = if is_privileged(role) { "privileged role" } else { "role" };
            let step = b.step(
                name.clone(),
                Action::RemoveRole,
                Some(cmd::remove_role(c, role)),
                true,
                format!(
                    "{} {} the {kind} {}; it is given back after the match.",
                    c.label(),
                    if role.eligible { "is eligible for" } else { "holds" },
                    role_name(role)
                ),
            );
            step.unsettled = Some(format!("{ROLE_SCOPE_UNSETTLED} {BLOCK_DATE_UNSETTLED}"));
        }
        if pair.has(Finding::CloudManaged) {
            let step = b.step(
                name,
                Action::SwitchToOnPremisesManaged,
                Some(cmd::cloud_managed(c, false)),
                true,
                format!(
                    "{} is cloud-managed; Entra Connect takes over only accounts whose source of authority can be on-premises.",
                    c.label()
                ),
            );
            step.unsettled = Some("Switching the source of authority back is documented for objects that were synced; for a cloud-created account Microsoft's documentation is silent.".to_string());
        }
    }
    // Twins leave sync scope, and are deleted by a sync.
    let out_ou = options.out_of_scope_ou.clone().unwrap_or_default();
    let moving: Vec<&&Pair> = planned.iter().filter(|p| !p.twins.is_empty()).collect();
    for pair in &moving {
        let (o, _) = accounts(rec, pair);
        let command = cmd::move_ad_object(o, &out_ou);
        b.step(
            b.name(pair),
            Action::OutOfScope,
            command,
            true,
            format!(
                "{} leaves sync scope, so the sync soft-deletes its cloud twin and the anchor can move; it comes back in a later step.",
                o.label()
            ),
        );
    }
    if !moving.is_empty() {
        b.sync("The accounts out of scope are synced: their twins go to the recycle bin.");
        // Connect Sync and Cloud Sync both refuse an export that deletes more than their
        // accidental-deletion threshold (500 objects by default).
        if moving.len() > 100 {
            if let Some(step) = b.steps.last_mut() {
                step.warning = Some(format!("{} twins are deleted in this one cycle: the accidental-deletion threshold (500 objects by default in Entra Connect Sync and Cloud Sync) stops the export when exceeded. Plan a few hundred users at a time.", moving.len()));
            }
        }
    }
    for pair in &moving {
        for &t in &pair.twins {
            let twin = &rec.cloud[t];
            let name = b.name(pair);
            if !twin.deleted {
                b.step(
                    name.clone(),
                    Action::VerifyTwinDeleted,
                    Some(cmd::verify_twin_deleted(twin)),
                    true,
                    format!("{} must be in the recycle bin before its anchor can be freed.", twin.label()),
                );
            }
            let (primary, secondary) = match options.free_anchor {
                FreeAnchor::Purge => ((Action::PurgeTwin, cmd::purge(twin), false), cmd::restore_and_clear(twin)),
                FreeAnchor::RestoreAndClear => ((Action::RestoreTwinAndClear, cmd::restore_and_clear(twin), true), cmd::purge(twin)),
            };
            let step = b.step(
                name,
                primary.0,
                Some(primary.1),
                primary.2,
                format!(
                    "{} still holds the anchor from the recycle bin, and Entra refuses a second account with the same anchor.",
                    twin.label()
                ),
            );
            step.warning = Some(match options.free_anchor {
                FreeAnchor::Purge => format!("Purging {} deletes it for good, with its mailbox and OneDrive: check nothing in it is needed. This cannot be undone.", twin.label()),
                FreeAnchor::RestoreAndClear => format!("{} comes back as an active account without its anchor, but with {}'s UPN and SMTP addresses: change its UPN and remove its addresses (in Exchange Online) before the match, or the account taking them over has them quarantined as duplicates. Then decide what becomes of it.", twin.label(), accounts(rec, pair).0.label()),
            });
            step.alternative = Some(secondary);
            step.unsettled = Some(CLEAR_UNSETTLED.to_string());
        }
    }
    // onPremisesObjectIdentifier cannot be put back: cleared only once every step that can
    // still fail before the anchor moves (the twins' deletion) has passed.
    for pair in &planned {
        let (name, (_, c)) = (b.name(pair), accounts(rec, pair));
        if pair.has(Finding::OnPremisesObjectIdentifierSet) {
            let step = b.step(
                name,
                Action::ClearObjectIdentifier,
                Some(cmd::clear_object_identifier(c)),
                false,
                format!("{} has onPremisesObjectIdentifier set, which Entra now refuses to map to another on-premises object.", c.label()),
            );
            step.unsettled = Some(format!("{OBJECT_IDENTIFIER_NOTE} {BLOCK_DATE_UNSETTLED}"));
        }
    }
    // The anchor moves.
    let initial = rec.facts.initial_domain().unwrap_or_default().to_string();
    for pair in &planned {
        let (o, c) = accounts(rec, pair);
        let (name, anchor) = (b.name(pair), o.anchor.clone().unwrap_or_default());
        let federated_upn = pair.has(Finding::FederatedUpn).then(|| c.upn.clone()).flatten();
        b.step(name.clone(), Action::CheckNoHolder, Some(cmd::no_holder_check(&anchor)), true, format!("Entra refuses a second account with the anchor {anchor}: no user, active or soft-deleted, may hold it before it is written."));
        if let Some(upn) = &federated_upn {
            let local = upn.rsplit_once('@').map_or(upn.as_str(), |(l, _)| l);
            b.step(
                name.clone(),
                Action::MoveUpnToInitialDomain,
                Some(cmd::set_upn(c, &format!("{local}@{initial}"))),
                true,
                format!("{upn} is on a federated domain, where the anchor cannot be set: the UPN moves to {initial} meanwhile."),
            );
        }
        b.step(
            name.clone(),
            Action::SetAnchor,
            Some(cmd::set_anchor(c, &anchor)),
            true,
            format!(
                "{} takes {}'s anchor ({} from {}), so the next sync joins the two.",
                c.label(),
                o.label(),
                anchor,
                o.anchor_source.unwrap_or("its GUID")
            ),
        );
        if let Some(upn) = &federated_upn {
            b.step(name, Action::MoveUpnBack, Some(cmd::set_upn(c, upn)), true, format!("{} goes back to its UPN {upn}.", c.label()));
        }
    }
    for pair in &moving {
        let (o, _) = accounts(rec, pair);
        let home = o.dn.as_deref().and_then(parent_dn).unwrap_or_default().to_string();
        let command = cmd::move_ad_object(o, &home);
        b.step(b.name(pair), Action::BackInScope, command, true, format!("{} returns to {home}, in sync scope.", o.label()));
    }
    b.sync("The sync matches each on-premises account to the cloud account holding its anchor.");
    for pair in &planned {
        let (o, c) = accounts(rec, pair);
        b.step(
            b.name(pair),
            Action::VerifyMatch,
            Some(cmd::verify_match(c, o.anchor.as_deref().unwrap_or_default())),
            true,
            format!("{} must now be synced from {}.", c.label(), o.label()),
        );
    }
    for pair in &planned {
        let (name, (_, c)) = (b.name(pair), accounts(rec, pair));
        for role in c.id.as_deref().and_then(|id| rec.facts.roles_of(id)).unwrap_or(&[]) {
            let step = b.step(
                name.clone(),
                Action::RestoreRole,
                Some(cmd::restore_role(c, role)),
                true,
                format!("{} gets back the role {}.", c.label(), role_name(role)),
            );
            match (role.eligible, role.ends.as_ref()) {
                (true, None) => {
                    step.warning = Some("The input does not say when this eligibility ends (ScheduleInfo.Expiration, or EndDateTime of an instance), so it comes back without an end date: if it had one, set it in the command before running it.".to_string());
                }
                (true, Some(Some(end))) if !is_graph_date_time(end) => {
                    step.warning = Some(format!("The eligibility's end '{end}' is not a date and time with its time zone (yyyy-MM-ddTHH:mm:ssZ), which Graph needs: write it so in the command before running it."));
                }
                _ => {}
            }
        }
    }
    if switch {
        b.step(
            TENANT.to_string(),
            Action::TenantSwitchOn,
            Some(cmd::tenant_switch(&sync_id, true)),
            true,
            "Microsoft advises turning the block back on once the matching is done.",
        );
    }
    Plan { steps: b.steps }
}
