//! `New-HardMatchPlan`: the ordered, read-only steps of the hard matches a reconciliation
//! found, each with the exact command an admin runs, whether it can be undone, and why it
//! is there. Nothing here runs anything.
//!
//! The steps go in phases, so that hundreds of accounts need two sync cycles, not hundreds,
//! and so that everything that can fail and be undone comes before anything that cannot:
//! notices; Entra Connect's scheduler paused; blockers on the accounts to keep lifted (roles,
//! cloud management, UPNs off federated domains); accounts with a synced twin out of sync
//! scope; a sync; twins checked deleted; no other holder of each anchor; twins restored and
//! cleared (reversible) or purged (not); onPremisesObjectIdentifier cleared (not reversible);
//! anchors set; UPNs moved back; the tenant's hard-match block lifted; accounts back in
//! scope; the sync that matches; matches checked; then everything lifted given back, as it
//! was: the block, the roles, the scheduler. A script (`-AsScript`) gives back in `finally`
//! whatever it lifted, whatever happens.

mod adopt;
mod checks;
mod commands;
mod exchange;
mod plannable;
mod script;
mod select;
#[cfg(test)]
mod tests;

pub use adopt::Route;
pub use commands::{parent_dn, percent_encode, ps_quote};
pub use script::script;

use strum::{EnumIter, FromRepr, IntoStaticStr};

use std::collections::HashMap;

use crate::reconcile::{
    active_mailbox, addresses_to_add, is_graph_date_time, is_privileged, primary_to_set, role_name, Adoption, CloudAccount, Finding,
    Mailbox, OnPremAccount, Pair, Reconciliation, RoleAssignment, RoleKind, ROLE_SCOPE_UNSETTLED,
};

use commands as cmd;
use plannable::not_plannable;

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
    /// Restore the twin under another UPN and clear its anchor and addresses (purging shown
    /// as the alternative).
    RestoreAndClear = 1,
}

/// What a plan needs beyond the reconciliation.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// A DN of an OU outside the sync scope, where accounts wait while their anchor moves.
    pub out_of_scope_ou: Option<String>,
    pub sync_engine: SyncEngine,
    pub free_anchor: FreeAnchor,
    /// The domain controller the ActiveDirectory commands go to (`-Server`): the one Entra
    /// Connect reads. Without it the sync steps say to wait for replication.
    pub server: Option<String>,
    /// Which way each pair's anchor goes (`-Route`).
    pub route: Route,
    /// The pairs to plan (`-Pair`): names of either account; empty plans every pair.
    pub pairs: Vec<String>,
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
    PauseScheduler,
    ResumeScheduler,
    RemoveTwinAddresses,
    VerifyTwinCleared,
    StampRemoteMailbox,
    AddProxyAddresses,
    VerifyMailbox,
    AdoptAnchor,
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
    /// For a step that gives back what another took away: that step's order. A script
    /// gives it back in `finally` if it stops between the two.
    pub gives_back: Option<u32>,
    /// The pair the step belongs to, numbered from 1 in the plan's order; 0 for the tenant.
    pub pair: u32,
    /// A PowerShell expression, `$true` when the step's effect is already in place: a script
    /// then skips the step (`checks`).
    pub check: Option<String>,
    /// What a script runs instead of `command`, when that differs (a check that reads what
    /// the script gathered once per run).
    pub script_command: Option<String>,
}

/// A planned pair, as a script tracks it.
#[derive(Debug, Clone)]
pub struct PlannedPair {
    pub number: u32,
    pub name: String,
    /// `$true` when the pair is matched already: a script whose log shows nothing of the pair
    /// does nothing for it.
    pub matched: String,
}

/// The steps of every hard match, in order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// The pairs that have steps to run.
    pub pairs: Vec<PlannedPair>,
}

const TENANT: &str = "(tenant)";
const OVERWRITE: &str = "After the match, every attribute that has a value on-premises overwrites the cloud account's value, and password hash sync overwrites its password: fill mail, proxyAddresses and the other attributes in AD first, and tell the user.";
const CLEAR_UNSETTLED: &str = "Microsoft documents clearing onPremisesImmutableId (a PATCH of null on the beta endpoint) for cloud-only users, which a twin restored after leaving sync scope becomes; the v1.0 PATCH has been reported to fail (msgraph-sdk-powershell #2819), and Update-MgUser -OnPremisesImmutableId $null sends an empty string and does not work (#2514). Whether the twin's onPremisesSecurityIdentifier would collide is not documented; ADSyncTools' Clear-ADSyncToolsOnPremisesAttribute clears it if it does.";
const OBJECT_IDENTIFIER_NOTE: &str = "onPremisesObjectIdentifier is a beta property that can only be cleared (set to null); the next successful sync stamps a fresh value. Needs User-OnPremisesSyncBehavior.ReadWrite.All and the Global or Hybrid Identity Administrator role.";
/// Dates as Microsoft's pages give them (hardmatch-facts.md: [ET] 07/01/2026, [WN]).
const BLOCK_DATE_UNSETTLED: &str = "Microsoft's existing-tenant page (dated 07/01/2026) says the 2026 hard-match blocks begin July 1, 2026, rolled out to tenants in phases with no opt-out; an earlier what's-new entry said March 2026. Check the current state in the tenant.";
/// What a purge destroys, as the twin is the identity the user signs in with.
const PURGE_LOSS: &str = "its mailbox and archive, OneDrive, authentication methods (MFA), registered devices (Intune, Windows Hello for Business), Teams chats, cloud group memberships, app role assignments, licences and owned objects";
const FEDERATED_UNSETTLED: &str = "Moving a UPN from a federated to a managed domain needed a new password in MSOnline (Set-MsolUserPrincipalName -NewPassword) and a password profile in AzureAD; Microsoft Graph's documentation does not say, so the step sets one, read when it runs.";

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
            gives_back: None,
            pair: 0,
            check: None,
            script_command: None,
        });
        self.steps.last_mut().expect("just pushed")
    }

    /// The order the next step will have.
    fn next_order(&self) -> u32 {
        self.steps.len() as u32 + 1
    }

    fn name(&self, pair: &Pair) -> String {
        let (o, c) = accounts(self.rec, pair);
        pair_name(o, c)
    }

    fn sync(&mut self, why: &str) {
        let replication = if self.options.server.is_none() {
            " The ActiveDirectory commands went to any domain controller (no -Server): wait until they have replicated to the one Entra Connect reads."
        } else {
            ""
        };
        let (command, reason) = match self.options.sync_engine {
            SyncEngine::ConnectSync => ("Start-ADSyncSyncCycle -PolicyType Delta".to_string(), format!("{why}{replication} Run it on the Entra Connect server (Windows PowerShell, ADSync module) and let the cycle finish.")),
            SyncEngine::CloudSync => ("Start-Sleep -Seconds 180".to_string(), format!("{why}{replication} Entra Cloud Sync picks changes up on its own about every two minutes; wait for the cycle (check its provisioning logs).")),
        };
        self.step(TENANT.to_string(), Action::Sync, Some(command), true, reason);
    }
}

/// Clears onPremisesObjectIdentifier on every planned account that has it (irreversible).
fn clear_object_identifiers(b: &mut Builder, planned: &[&Pair]) {
    for pair in planned {
        let (name, (_, c)) = (b.name(pair), accounts(b.rec, pair));
        if pair.has(Finding::OnPremisesObjectIdentifierSet) {
            let step = b.step(
                name,
                Action::ClearObjectIdentifier,
                Some(cmd::clear_object_identifier(c)),
                false,
                format!("{} has onPremisesObjectIdentifier set, which Entra now refuses to map to another on-premises object.", c.label()),
            );
            step.unsettled = Some(format!("{OBJECT_IDENTIFIER_NOTE} {BLOCK_DATE_UNSETTLED}"));
            step.check = Some(checks::object_identifier_cleared(c));
        }
    }
}

impl Builder<'_> {
    /// The plan: each step numbered with its pair (by the name steps give it, in the order
    /// pairs first appear), and the planned pairs with how a script sees one matched already.
    fn finish(self, matched: &[(String, String)]) -> Plan {
        let mut steps = self.steps;
        let mut numbers: HashMap<String, u32> = HashMap::new();
        for step in steps.iter_mut().filter(|s| s.account != TENANT) {
            let next = numbers.len() as u32 + 1;
            step.pair = *numbers.entry(step.account.clone()).or_insert(next);
        }
        let mut pairs: Vec<PlannedPair> = matched
            .iter()
            .filter_map(|(name, check)| Some(PlannedPair { number: *numbers.get(name)?, name: name.clone(), matched: check.clone() }))
            .collect();
        pairs.sort_by_key(|p| p.number);
        pairs.dedup_by_key(|p| p.number);
        Plan { steps, pairs }
    }
}

fn accounts<'r>(rec: &'r Reconciliation, pair: &Pair) -> (&'r OnPremAccount, &'r CloudAccount) {
    (&rec.on_prem[pair.on_prem], &rec.cloud[pair.target])
}

/// How steps name a pair: "alice -> Alice.Cloud@contoso.onmicrosoft.com".
fn pair_name(o: &OnPremAccount, c: &CloudAccount) -> String {
    format!("{} -> {}", o.label(), c.label())
}

/// The UPN a restored twin takes, so that it holds nothing the account taking over brings:
/// its own name and the start of its id, on the tenant's initial domain.
fn restored_upn(twin: &CloudAccount, initial: &str) -> String {
    let local = twin.upn.as_deref().and_then(|u| u.rsplit_once('@')).map_or("restored", |(l, _)| l);
    let id: String = twin.id.as_deref().unwrap_or("").chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    format!("{local}.twin-{id}@{initial}")
}

/// The SMTP addresses an on-premises account brings to the cloud (lower case).
fn addresses_brought(o: &OnPremAccount) -> Vec<String> {
    let mut addresses: Vec<String> = o.smtp.clone();
    addresses.extend(o.mail.clone());
    addresses.extend(o.upn.as_deref().map(str::to_ascii_lowercase));
    addresses.sort();
    addresses.dedup();
    addresses
}

/// The roles to lift on the account to keep, as the facts give them.
fn roles_of<'r>(rec: &'r Reconciliation, c: &CloudAccount) -> &'r [RoleAssignment] {
    c.id.as_deref().and_then(|id| rec.facts.roles_of(id)).unwrap_or(&[])
}

/// The active cloud mailbox of the account to keep, when -Mailbox shows one.
fn target_mailbox<'r>(rec: &'r Reconciliation, c: &CloudAccount) -> Option<&'r Mailbox> {
    rec.facts.mailboxes_of(c).and_then(active_mailbox)
}

/// What a purge of `twin` destroys of Exchange, as -Mailbox shows it.
fn twin_mailbox_note(rec: &Reconciliation, twin: &CloudAccount) -> String {
    match rec.facts.mailboxes_of(twin) {
        None => " Whether it has a mailbox was not checked (give -Mailbox).".to_string(),
        Some([]) => String::new(),
        Some(list) => {
            let shown: Vec<String> =
                list.iter().map(|m| format!("{} ({})", m.label(), m.size.as_deref().unwrap_or("size unknown"))).collect();
            format!(" Its mailbox goes with it: {}.", shown.join(", "))
        }
    }
}

/// The plan for every hard match `rec` found.
pub fn build(rec: &Reconciliation, options: &PlanOptions) -> Plan {
    let mut b = Builder { rec, options, steps: Vec::new() };
    let mut planned: Vec<&Pair> = Vec::new();
    // The pairs that adopt the target's anchor on-premises, by on-premises account; the
    // others move it in the cloud.
    let mut adopting: HashMap<usize, &Adoption> = HashMap::new();
    let selection = select::Selection::new(&options.pairs);
    for &(o, c) in &rec.already_matched {
        let (o, c) = (&rec.on_prem[o], &rec.cloud[c]);
        if !selection.picks(o, c) {
            continue;
        }
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
        let (o, c) = accounts(rec, pair);
        if !selection.picks(o, c) {
            continue;
        }
        let name = b.name(pair);
        let mut notes: Vec<String> = pair.findings.iter().map(|(_, m)| m.clone()).collect();
        if !pair.not_checked.is_empty() {
            let checks: Vec<&str> = pair.not_checked.iter().map(|c| c.code()).collect();
            notes.push(format!(
                "Not checked, for want of facts: {}. Give them, or check by hand before running this plan.",
                checks.join(", ")
            ));
        }
        let chosen = adopt::choose(pair, o, c, options.route);
        let why_not = match &chosen {
            Err(why) => Some(why.clone()),
            Ok((adoption, _)) => not_plannable(rec, options, pair, *adoption),
        };
        match (why_not, chosen) {
            (Some(why), _) => {
                b.step(name, Action::NotPlanned, None, true, why);
            }
            (None, Ok((adoption, said))) => {
                notes.extend(said);
                let step = b.step(name, Action::Notice, None, true, notes.join(" "));
                step.warning = Some(OVERWRITE.to_string());
                if let Some(a) = adoption {
                    adopting.insert(pair.on_prem, a);
                }
                planned.push(pair);
            }
            (None, Err(_)) => unreachable!("a route not taken is a reason"),
        }
    }
    for name in selection.unused() {
        b.step(TENANT.to_string(), Action::Notice, None, true, format!("-Pair '{name}' names no pair of this plan: give the sAMAccountName, UPN, DN or objectGUID of an on-premises account, or the UPN or object id of a cloud account, of a pair the plan has."));
    }
    if planned.is_empty() {
        return b.finish(&[]);
    }
    let sync = rec.facts.synchronization.as_ref();
    if sync.and_then(|s| s.allow_object_identifier_update) == Some(true) {
        let step = b.step(TENANT.to_string(), Action::Notice, None, true, "AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled is on: a temporary, tenant-wide bypass of the onPremisesObjectIdentifier block. While it is on, Entra lets any on-premises object take over an account whose onPremisesObjectIdentifier differs, in every match of the tenant, not only these; the plan still clears the identifier where it is set, so it does not depend on the bypass.");
        step.warning = Some("Turn the bypass off (Update-MgDirectoryOnPremiseSynchronization, features.allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled = $false) once no migration needs it.".to_string());
        step.unsettled = Some(format!("The bypass exists since July 2026 and Microsoft calls it temporary. {BLOCK_DATE_UNSETTLED}"));
    }
    let pause = (options.sync_engine == SyncEngine::ConnectSync).then(|| {
        let order = b.next_order();
        let step = b.step(TENANT.to_string(), Action::PauseScheduler, Some(cmd::scheduler(false)), true, "No scheduled sync may run between the steps (an account back in scope before the block is lifted would fail to match): Entra Connect's scheduler is paused on its server until the last step. If Get-ADSyncScheduler already shows SyncCycleEnabled False, it is left so at the end.");
        step.check = Some(checks::scheduler_is(false));
        order
    });
    // Reversible lifts on the accounts to keep: given back in the last steps (or, by a
    // script that stops, in its finally block).
    let mut lifted_roles: Vec<(u32, &Pair, &RoleAssignment)> = Vec::new();
    // The UPNs moved off a federated domain, by on-premises account: (the step, the UPN).
    let mut moved_upns: HashMap<usize, (u32, String)> = HashMap::new();
    let initial = rec.facts.initial_domain().unwrap_or_default().to_string();
    for pair in &planned {
        let (name, (_, c)) = (b.name(pair), accounts(rec, pair));
        for role in roles_of(rec, c) {
            let kind = if is_privileged(role) { "privileged role" } else { "role" };
            let back = match role.kind {
                RoleKind::Activated => "it comes back through its eligibility, which the user activates again",
                RoleKind::ActiveUnknown => "it is given back as a permanent assignment",
                _ => "it is given back as it was",
            };
            let order = b.next_order();
            let step = b.step(
                name.clone(),
                Action::RemoveRole,
                Some(cmd::remove_role(c, role)),
                true,
                format!(
                    "{} {} the {kind} {}; {back} after the match.",
                    c.label(),
                    if role.eligible { "is eligible for" } else { "holds" },
                    role_name(role)
                ),
            );
            step.unsettled = Some(format!("{ROLE_SCOPE_UNSETTLED} {BLOCK_DATE_UNSETTLED}"));
            step.check = Some(checks::role_gone(c, role));
            if role.kind == RoleKind::ActiveUnknown {
                step.warning = Some("The records do not say whether this assignment is permanent or ends (give Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance's records): it is given back as permanent; if it had an end, give it back with that end instead.".to_string());
            }
            lifted_roles.push((order, pair, role));
        }
        if pair.has(Finding::CloudManaged) {
            let step = b.step(
                name.clone(),
                Action::SwitchToOnPremisesManaged,
                Some(cmd::cloud_managed(c, false)),
                true,
                format!(
                    "{} is cloud-managed; Entra Connect takes over only accounts whose source of authority can be on-premises.",
                    c.label()
                ),
            );
            step.unsettled = Some("Switching the source of authority back is documented for objects that were synced; for a cloud-created account Microsoft's documentation is silent.".to_string());
            step.check = Some(checks::not_cloud_managed(c));
        }
        if let Some(upn) = pair.has(Finding::FederatedUpn).then(|| c.upn.clone()).flatten() {
            let local = upn.rsplit_once('@').map_or(upn.as_str(), |(l, _)| l);
            let moved_to = format!("{local}@{initial}");
            let order = b.next_order();
            let step = b.step(
                name,
                Action::MoveUpnToInitialDomain,
                Some(cmd::set_upn_off_federated(c, &moved_to)),
                true,
                format!("{upn} is on a federated domain, where the anchor cannot be set: the UPN moves to {initial} meanwhile (before anything that cannot be undone), and back once the anchor is set."),
            );
            step.unsettled = Some(FEDERATED_UNSETTLED.to_string());
            step.check = Some(checks::upn_is(c, &moved_to));
            moved_upns.insert(pair.on_prem, (order, upn));
        }
    }
    // Twins leave sync scope, and are deleted by a sync.
    let out_ou = options.out_of_scope_ou.clone().unwrap_or_default();
    let server = options.server.as_deref();
    let adoption_of = |pair: &Pair| adopting.get(&pair.on_prem).copied();
    // Out of scope while the anchor changes: a user whose synced twin holds its anchor, or
    // one adopting an anchor that Entra Connect may have imported another of.
    let moving: Vec<&&Pair> = planned.iter().filter(|p| adoption_of(p).map_or(!p.twins.is_empty(), |a| a.leave_scope)).collect();
    // The pairs whose anchor moves in the cloud: the twin frees it, the target takes it.
    let cloud_moves: Vec<&&Pair> = planned.iter().filter(|p| adoption_of(p).is_none()).collect();
    for pair in &moving {
        let (o, _) = accounts(rec, pair);
        let command = cmd::move_ad_object(o, &out_ou, server);
        let check = checks::in_ou(o, &out_ou, server);
        let name = b.name(pair);
        b.step(
            name,
            Action::OutOfScope,
            command,
            true,
            format!(
                "{} leaves sync scope, so the sync soft-deletes its cloud twin and the anchor can move; it comes back in a later step.",
                o.label()
            ),
        )
        .check = check;
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
            if !twin.deleted {
                b.step(
                    b.name(pair),
                    Action::VerifyTwinDeleted,
                    Some(cmd::verify_twin_deleted(twin)),
                    true,
                    format!("{} must be in the recycle bin before its anchor can be freed.", twin.label()),
                );
            }
        }
    }
    // The person keeps the cloud mailbox: on-premises Exchange and AD are made to describe it
    // before the user comes back into scope (the user is out of scope now, or never synced).
    for pair in &planned {
        let (o, c) = accounts(rec, pair);
        let Some(mailbox) = target_mailbox(rec, c) else { continue };
        if pair.has(Finding::NotRemoteMailbox) || pair.has(Finding::RemoteMailboxGuidMismatch) {
            let routing = exchange::routing_address(rec, mailbox).unwrap_or_default();
            let step = b.step(
                b.name(pair),
                Action::StampRemoteMailbox,
                exchange::stamp_remote_mailbox(o, mailbox, &routing, server),
                true,
                format!("{} becomes the remote mailbox of {} (ExchangeGuid {}), routed to {routing}, so that on-premises Exchange manages the mailbox the person keeps. Run it in the Exchange Management Shell. Undo, before the match only: {}", o.label(), mailbox.label(), mailbox.exchange_guid.map(|g| g.to_string()).unwrap_or_default(), if o.exchange.is_remote_mailbox() { format!("Set-RemoteMailbox back to the msExchMailboxGuid it had ({}).", o.exchange.mailbox_guid.map_or("none".to_string(), |g| g.to_string())) } else { "Disable-RemoteMailbox (after the match it would take the mailbox's on-premises object away).".to_string() }),
            );
            step.check = mailbox
                .exchange_guid
                .and_then(|g| checks::remote_mailbox_is(o, g, mailbox.archive_guid, &cmd::on_dc(server, "DomainController")));
            step.warning = Some("Enable-RemoteMailbox marks the user to have a mailbox provisioned in Exchange Online; with its ExchangeGuid set to the existing mailbox's, the match keeps that mailbox. Run this step and the next before the user comes back into scope.".to_string());
        }
        if pair.has(Finding::CloudAddressesMissing) {
            let add = addresses_to_add(&o.exchange, mailbox);
            let primary = primary_to_set(&o.exchange, mailbox);
            let undo = exchange::restore_proxy_addresses(o, server).unwrap_or_default();
            let step = b.step(
                b.name(pair),
                Action::AddProxyAddresses,
                exchange::add_proxy_addresses(o, &add, primary, server),
                true,
                format!(
                    "After the match every address comes from AD: {} gets the cloud mailbox's addresses it lacks{}{}. Undo: {undo}",
                    o.label(),
                    if add.is_empty() { String::new() } else { format!(" ({})", add.join(", ")) },
                    primary.map_or(String::new(), |p| format!(", and {p} as its primary address, as in the cloud"))
                ),
            );
            step.check = checks::proxy_addresses_hold(o, &add, primary, server);
            if rec.facts.exchange_on_premises {
                step.warning = Some("An email address policy applied to the remote mailbox can rewrite these addresses: keep it off for this user (Set-RemoteMailbox -EmailAddressPolicyEnabled $false) or make the policy produce them.".to_string());
            }
        }
    }
    // Nothing else may hold an anchor: checked before anything that cannot be undone.
    for pair in &cloud_moves {
        let (o, c) = accounts(rec, pair);
        let anchor = o.anchor.clone().unwrap_or_default();
        let freed: Vec<&str> = pair.twins.iter().filter_map(|&t| rec.cloud[t].id.as_deref()).collect();
        let target = c.id.as_deref().unwrap_or_default();
        let name = b.name(pair);
        b.step(name, Action::CheckNoHolder, Some(cmd::no_holder_check(&anchor, &freed, target)), true, format!("Entra refuses a second account with the anchor {anchor}: no user, active or soft-deleted, may hold it but the twin this plan frees."))
            .script_command = Some(cmd::no_holder_check_in_run(&anchor, &freed, target));
    }
    // onPremisesObjectIdentifier cannot be put back: cleared only once every step that can
    // still fail and be undone has passed; of the two irreversible steps it goes first, so
    // that a refused clear stops a pair before its twin is purged.
    if options.free_anchor == FreeAnchor::Purge {
        clear_object_identifiers(&mut b, &planned);
    }
    // The anchors are freed: restored and cleared (reversible), or purged (not). A user
    // adopting another anchor leaves its twin in the recycle bin: its anchor is not wanted.
    for pair in moving.iter().filter(|p| adoption_of(p).is_none()) {
        let (o, _) = accounts(rec, pair);
        for &t in &pair.twins {
            let twin = &rec.cloud[t];
            let name = b.name(pair);
            let holds = format!(
                "{} still holds the anchor from the recycle bin, and Entra refuses a second account with the same anchor.",
                twin.label()
            );
            match options.free_anchor {
                FreeAnchor::RestoreAndClear => {
                    let new_upn = restored_upn(twin, &initial);
                    let step = b.step(
                        name.clone(),
                        Action::RestoreTwinAndClear,
                        Some(cmd::restore_and_clear(twin, &new_upn)),
                        true,
                        format!("{holds} It comes back as {new_upn}, a cloud-only account, and its onPremisesImmutableId is cleared (the recycle bin keeps a twin 30 days from its deletion: restore it within them)."),
                    );
                    step.warning = Some(format!("{} comes back as an active account: after the match, decide what becomes of it (its data stays; delete it when nothing in it is needed). Until then it may be licensed and can sign in with {new_upn}.", twin.label()));
                    step.alternative = Some(cmd::purge(twin));
                    step.unsettled = Some(CLEAR_UNSETTLED.to_string());
                    step.check = Some(checks::restored_and_cleared(twin, &new_upn));
                    b.step(name.clone(), Action::RemoveTwinAddresses, Some(cmd::remove_twin_addresses(twin, &new_upn)), true, format!("The restored twin gives up the SMTP addresses {} brings, keeping only {new_upn}; otherwise the account taking over would have them quarantined as duplicates.", o.label()))
                        .check = Some(checks::twin_addresses_removed(twin, &new_upn));
                    b.step(
                        name,
                        Action::VerifyTwinCleared,
                        Some(cmd::verify_twin_cleared(twin, &new_upn, &addresses_brought(o))),
                        true,
                        format!(
                            "{} must hold nothing {} brings (UPN, anchor, addresses) before the anchor is written.",
                            twin.label(),
                            o.label()
                        ),
                    );
                }
                FreeAnchor::Purge => {
                    let step = b.step(name, Action::PurgeTwin, Some(cmd::purge(twin)), false, holds);
                    step.warning = Some(format!("Purging {} deletes for good the identity the user signs in with today, with {PURGE_LOSS}.{} Save what is needed first (export the mailbox, copy OneDrive, note groups, licences and app roles). This cannot be undone; until the purge, the recycle bin keeps the twin for 30 days from its deletion.", twin.label(), twin_mailbox_note(rec, twin)));
                    step.alternative =
                        Some(format!("-FreeAnchorBy RestoreAndClear: {}", cmd::restore_and_clear(twin, &restored_upn(twin, &initial))));
                    step.unsettled = Some(CLEAR_UNSETTLED.to_string());
                    step.check = Some(checks::purged(twin));
                }
            }
        }
    }
    if options.free_anchor == FreeAnchor::RestoreAndClear {
        clear_object_identifiers(&mut b, &planned);
    }
    // The anchors move, or are adopted.
    for pair in &planned {
        let (o, c) = accounts(rec, pair);
        if let Some(a) = adoption_of(pair) {
            let undo = adopt::undo_adopt(o, a.previous, server).unwrap_or_default();
            let was = a.previous.map_or("empty".to_string(), |g| format!("GUID {g}"));
            let step = b.step(
                b.name(pair),
                Action::AdoptAnchor,
                adopt::adopt_anchor(o, a, server),
                true,
                format!("{} takes {}'s anchor {}: its 16 bytes (GUID {}, in Guid.ToByteArray() order) go into {}'s mS-DS-ConsistencyGuid, so the next sync joins the two without changing {} in the cloud. Its mS-DS-ConsistencyGuid was {was}; undo: {undo}", o.label(), c.label(), a.anchor, a.guid, o.label(), c.label()),
            );
            step.check = checks::consistency_guid_is(o, a.guid, server);
            if a.leave_scope && !pair.twins.is_empty() {
                step.warning = Some(format!("{}'s own twin stays in the recycle bin with its old anchor, and goes for good 30 days after its deletion: restore what is needed from it before then.", o.label()));
            }
            if pair.has(Finding::TenantHardMatchBlocked) {
                step.unsettled = Some("The adopt route lifts no tenant switch: Microsoft's page describes BlockCloudObjectTakeoverThroughHardMatchEnabled as refusing the takeover of cloud-managed accounts, and an account a retired sync left behind may count as one. If the sync does not match the two while the block is on, plan the pair again with -Route MoveAnchor.".to_string());
            }
            continue;
        }
        let anchor = o.anchor.clone().unwrap_or_default();
        let name = b.name(pair);
        b.step(
            name,
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
        )
        .check = Some(checks::anchor_is(c, &anchor));
        if let Some((lift, upn)) = moved_upns.get(&pair.on_prem) {
            let step = b.step(
                b.name(pair),
                Action::MoveUpnBack,
                Some(cmd::set_upn(c, upn)),
                true,
                format!("{} goes back to its UPN {upn}.", c.label()),
            );
            step.gives_back = Some(*lift);
            step.check = Some(checks::upn_is(c, upn));
        }
    }
    // The tenant's block is lifted for the one sync that needs it.
    let sync_id = sync.and_then(|s| s.id.clone()).unwrap_or_default();
    let switch = cloud_moves.iter().any(|p| p.has(Finding::TenantHardMatchBlocked)).then(|| {
        let order = b.next_order();
        let step = b.step(TENANT.to_string(), Action::TenantSwitchOff, Some(cmd::tenant_switch(&sync_id, false)), true, "BlockCloudObjectTakeoverThroughHardMatchEnabled refuses every hard match while it is on: it is turned off just before the accounts come back into scope and the sync that matches them, and turned back on right after. Needs OnPremDirectorySynchronization.ReadWrite.All and a Global Administrator.");
        step.unsettled = Some(BLOCK_DATE_UNSETTLED.to_string());
        step.check = Some(checks::block_is(&sync_id, false));
        order
    });
    for pair in &moving {
        let (o, _) = accounts(rec, pair);
        let home = o.dn.as_deref().and_then(parent_dn).unwrap_or_default().to_string();
        let command = cmd::move_ad_object(o, &home, server);
        let name = b.name(pair);
        b.step(name, Action::BackInScope, command, true, format!("{} returns to {home}, in sync scope.", o.label())).check =
            checks::in_ou(o, &home, server);
    }
    b.sync("The sync matches each on-premises account to the cloud account holding its anchor.");
    for pair in &planned {
        let (o, c) = accounts(rec, pair);
        let command = match adoption_of(pair) {
            Some(a) => adopt::verify_adopted(c, o, &a.anchor),
            None => cmd::verify_match(c, o.anchor.as_deref().unwrap_or_default()),
        };
        b.step(b.name(pair), Action::VerifyMatch, Some(command), true, format!("{} must now be synced from {}.", c.label(), o.label()));
    }
    // The block goes back on once the matches are checked (a pair retried on a rerun needs it
    // lifted for the sync that matches, and until its match is checked).
    if let Some(lift) = switch {
        let step = b.step(
            TENANT.to_string(),
            Action::TenantSwitchOn,
            Some(cmd::tenant_switch(&sync_id, true)),
            true,
            "The block goes back on as it was; Microsoft advises keeping it on once the matching is done. (A script runs this in its finally block if it stops after lifting the block.)",
        );
        step.gives_back = Some(lift);
        step.check = Some(checks::block_is(&sync_id, true));
    }
    for pair in &planned {
        let (_, c) = accounts(rec, pair);
        let Some(mailbox) = target_mailbox(rec, c) else { continue };
        b.step(
            b.name(pair),
            Action::VerifyMailbox,
            Some(exchange::verify_mailbox(c, mailbox)),
            true,
            format!(
                "{} must still have its mailbox {} (ExchangeGuid {}) and no provisioning error now that AD is its source.",
                c.label(),
                mailbox.label(),
                mailbox.exchange_guid.map(|g| g.to_string()).unwrap_or_default()
            ),
        );
    }
    // Everything lifted is given back, as it was, the shortest lift first.
    for (lift, pair, role) in &lifted_roles {
        let (name, (_, c)) = (b.name(pair), accounts(rec, pair));
        let Some(command) = cmd::restore_role(c, role) else { continue };
        let step = b.step(
            name,
            Action::RestoreRole,
            Some(command),
            true,
            format!("{} gets back the role {}, as it was.", c.label(), role_name(role)),
        );
        step.gives_back = Some(*lift);
        step.check = Some(checks::role_back(c, role));
        match (role.kind, role.ends.as_ref()) {
            (RoleKind::Eligible, None) => {
                step.warning = Some("The input does not say when this eligibility ends (ScheduleInfo.Expiration, or EndDateTime of an instance), so it comes back without an end date: if it had one, set it in the command before running it.".to_string());
            }
            (RoleKind::Eligible | RoleKind::TimeBound, Some(Some(end))) if !is_graph_date_time(end) => {
                step.warning = Some(format!("The role's end '{end}' is not a date and time with its time zone (yyyy-MM-ddTHH:mm:ssZ), which Graph needs: write it so in the command before running it."));
            }
            _ => {}
        }
    }
    if let Some(lift) = pause {
        let step = b.step(
            TENANT.to_string(),
            Action::ResumeScheduler,
            Some(cmd::scheduler(true)),
            true,
            "Entra Connect's scheduler runs again, as it was before the plan.",
        );
        step.gives_back = Some(lift);
        step.check = Some(checks::scheduler_is(true));
    }
    let matched: Vec<(String, String)> = planned
        .iter()
        .map(|pair| {
            let (o, c) = accounts(rec, pair);
            let anchor = adoption_of(pair).map_or_else(|| o.anchor.clone().unwrap_or_default(), |a| a.anchor.clone());
            (b.name(pair), checks::matched(c, &anchor))
        })
        .collect();
    b.finish(&matched)
}
