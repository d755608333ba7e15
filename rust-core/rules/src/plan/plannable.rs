//! Whether a pair can be planned: what needs a person first (a conflict, a proposal not
//! confirmed, a role a plan cannot take away and give back), what the input lacks (an
//! out-of-scope OU, the initial domain, the synchronization object's id), and what would
//! make an irreversible step run while a check is not made.

use crate::codec::ldap_dn::canonical_dn;
use crate::reconcile::{role_name, Adoption, Finding, Pair, Reconciliation, RoleKind, Weight};

use super::commands::{ad_identity, parent_dn, ps_quote};
use super::exchange::routing_address;
use super::{accounts, roles_of, target_mailbox, FreeAnchor, PlanOptions};

/// Why a pair cannot be planned, or `None` when it can.
/// `adoption`: the pair adopts the target's anchor on-premises instead of moving its own.
pub(super) fn not_plannable(rec: &Reconciliation, options: &PlanOptions, pair: &Pair, adoption: Option<&Adoption>) -> Option<String> {
    let conflicts: Vec<&str> = pair.findings.iter().filter(|(f, _)| f.weight() == Weight::Conflict).map(|(_, m)| m.as_str()).collect();
    if !conflicts.is_empty() {
        return Some(conflicts.join(" "));
    }
    let (o, c) = accounts(rec, pair);
    // A proposal is a guess by name; a wrong one joins a person to someone else's mailbox.
    if pair
        .findings
        .first()
        .is_some_and(|(f, _)| matches!(f, Finding::ProposedByUpn | Finding::ProposedByMail | Finding::ProposedByProxyAddress))
    {
        let row = format!("@{{ OnPremises = {}; Cloud = {} }}", ps_quote(&o.label()), ps_quote(&c.label()));
        return Some(format!(
            "{} A plan is made only for pairs -Mapping names: if this pairing is right, add {row} to -Mapping and plan again.",
            pair.findings[0].1
        ));
    }
    if c.id.is_none() {
        return Some(format!("{} has no object id in the input; give Get-MgUser's Id.", c.label()));
    }
    if let Some(why) = roles_not_plannable(rec, pair) {
        return Some(why);
    }
    let adopting = adoption.is_some();
    if let Some(t) = pair.twins.iter().map(|&t| &rec.cloud[t]).find(|t| !adopting && !t.deleted && t.sync_enabled == Some(false)) {
        return Some(format!("{} holds the anchor but is not synced, so moving {} out of sync scope will not delete it: clear its onPremisesImmutableId (or delete it) by hand, then plan again.", t.label(), o.label()));
    }
    if adoption.map_or(!pair.twins.is_empty(), |a| a.leave_scope) {
        let Some(ou) = options.out_of_scope_ou.as_deref() else {
            return Some(match adoption {
                Some(_) => format!("{} may have been imported by Entra Connect already (it is synced, or its mS-DS-ConsistencyGuid is set to another value), and changing an imported object's anchor breaks its join: it must leave sync scope while it adopts {}'s anchor. Give -OutOfScopeOU, the DN of an OU Entra Connect does not sync.", o.label(), c.label()),
                None => format!("{}'s anchor is held by its synced twin, so {} must leave sync scope while the anchor moves: give -OutOfScopeOU, the DN of an OU Entra Connect does not sync.", o.label(), o.label()),
            });
        };
        if let Err(why) = canonical_dn(ou) {
            return Some(format!(
                "-OutOfScopeOU {} is not the distinguished name of an OU ({why}); give one such as 'OU=Unsynced,DC=contoso,DC=com'.",
                ps_quote(ou)
            ));
        }
        if o.dn.as_deref().and_then(parent_dn).is_none() || ad_identity(o).is_none() {
            return Some(format!(
                "{} has no DistinguishedName in the input, so the plan cannot move it back into scope; give Get-ADUser's output.",
                o.label()
            ));
        }
        let home = o.dn.as_deref().and_then(parent_dn).unwrap_or_default();
        if canonical_dn(ou) == canonical_dn(home) {
            return Some(format!("{} is already in {home}, the OU -OutOfScopeOU names, so the plan cannot tell which OU brings it back into sync scope; move it to its OU first, then plan again.", o.label()));
        }
        if !adopting && pair.twins.iter().any(|&t| rec.cloud[t].id.is_none()) {
            return Some(
                "A twin holding the anchor has no object id in the input; give Get-MgUser's (and Get-MgDirectoryDeletedItemAsUser's) Id."
                    .to_string(),
            );
        }
        if !adopting && options.free_anchor == FreeAnchor::RestoreAndClear && rec.facts.initial_domain().is_none() {
            return Some(format!("-FreeAnchorBy RestoreAndClear restores the twin holding {}'s anchor under a UPN on the tenant's onmicrosoft.com domain, but -Domain names no initial domain (IsInitial).", o.label()));
        }
    }
    if let Some(why) = mailbox_not_plannable(rec, pair) {
        return Some(why);
    }
    if pair.has(Finding::FederatedUpn) && rec.facts.initial_domain().is_none() {
        return Some(format!("{}'s UPN is on a federated domain and must move to the tenant's onmicrosoft.com domain while the anchor is set, but -Domain names no initial domain (IsInitial).", c.label()));
    }
    if adopting && ad_identity(o).is_none() {
        return Some(format!(
            "{} has no ObjectGUID or DistinguishedName in the input, so the plan cannot name it to Set-ADUser; give Get-ADUser's output.",
            o.label()
        ));
    }
    if !adopting && pair.has(Finding::TenantHardMatchBlocked) && rec.facts.synchronization.as_ref().and_then(|s| s.id.as_deref()).is_none()
    {
        return Some("The tenant blocks hard matches, and -Synchronization has no Id to turn the block off with.".to_string());
    }
    // Nothing irreversible runs while a check is not made: a check not made could still make
    // the match fail afterwards, leaving the user with no account.
    let purge = !adopting && !pair.twins.is_empty() && options.free_anchor == FreeAnchor::Purge;
    let clear = pair.has(Finding::OnPremisesObjectIdentifierSet);
    if (purge || clear) && !pair.not_checked.is_empty() {
        let checks: Vec<&str> = pair.not_checked.iter().map(|c| c.code()).collect();
        let what = match (purge, clear) {
            (true, true) => format!("purge the twin holding {}'s anchor and clear onPremisesObjectIdentifier", o.label()),
            (true, false) => format!("purge the twin holding {}'s anchor", o.label()),
            _ => format!("clear {}'s onPremisesObjectIdentifier", c.label()),
        };
        let instead = if purge && !clear { ", or use -FreeAnchorBy RestoreAndClear" } else { "" };
        return Some(format!(
            "The plan would {what} (irreversible) while these checks are not made: {}. Give the facts (-Synchronization, -Domain, -RoleAssignment with PIM schedule instances, -GroupMembership, -Deleted, -Mailbox from Get-EXOMailbox (-Mailbox @() when the tenant has no cloud mailbox), the cloud records' onPremisesImmutableId, onPremisesObjectIdentifier and onPremisesSyncBehavior, and the AD records' msExch attributes and proxyAddresses){instead}.",
            checks.join(", ")
        ));
    }
    None
}

/// Roles a plan cannot take away and give back exactly: held through a group, without the
/// definition that names them, or an activation whose eligibility the input lacks.
fn roles_not_plannable(rec: &Reconciliation, pair: &Pair) -> Option<String> {
    let (_, c) = accounts(rec, pair);
    let roles = roles_of(rec, c);
    for role in roles {
        if let Some(why) = &role.not_removable {
            return Some(format!(
                "{} has the role {}, which a plan cannot take away and give back: {why}; then plan again.",
                c.label(),
                role_name(role)
            ));
        }
        if role.role_definition_id.is_none() {
            return Some(format!(
                "A role of {} has no RoleDefinitionId in -RoleAssignment; give the records as Graph returns them.",
                c.label()
            ));
        }
        if role.kind == RoleKind::Activated && !roles.iter().any(|e| e.kind == RoleKind::Eligible && e.same_role(role)) {
            return Some(format!(
                "{} holds {} by activating an eligibility that -RoleAssignment does not list, so the plan cannot give it back as an eligibility: add Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance's records for it.",
                c.label(),
                role_name(role)
            ));
        }
    }
    let through_groups = c.id.as_deref().and_then(|id| rec.facts.roles_through_groups(id)).unwrap_or_default();
    if let Some((group, role)) = through_groups.first() {
        return Some(format!(
            "{} holds the role {} through the group {group}: a plan does not change a group's members or roles (that changes them for everyone in it). Take {} out of the group, or the role off the group, by hand; then plan again.",
            c.label(),
            role_name(role),
            c.label()
        ));
    }
    None
}

/// What the mailbox steps need and the input lacks, or a recipient they cannot stamp.
fn mailbox_not_plannable(rec: &Reconciliation, pair: &Pair) -> Option<String> {
    let (o, c) = accounts(rec, pair);
    let stamp = pair.has(Finding::NotRemoteMailbox) || pair.has(Finding::RemoteMailboxGuidMismatch);
    if !stamp && !pair.has(Finding::CloudAddressesMissing) {
        return None;
    }
    let mailbox = target_mailbox(rec, c)?;
    if ad_identity(o).is_none() {
        return Some(format!("{} has no ObjectGUID or DistinguishedName in the input, so the plan cannot name it to Exchange and AD; give Get-ADUser's output.", o.label()));
    }
    if !stamp {
        return None;
    }
    if let Some(kind) = o.exchange.other_recipient() {
        return Some(format!("{} is mail-enabled on-premises as something other than a mailbox (msExchRecipientTypeDetails {kind}, such as a mail user): Enable-RemoteMailbox cannot make it the remote mailbox of {}'s mailbox. Make it one in the Exchange Management Shell (for a mail user: Disable-MailUser, then Enable-RemoteMailbox and Set-RemoteMailbox -ExchangeGuid), then plan again.", o.label(), c.label()));
    }
    if mailbox.exchange_guid.is_none() {
        return Some(format!("{}'s mailbox {} has no ExchangeGuid in -Mailbox, which its remote mailbox must carry: give Get-EXOMailbox -Properties ExchangeGuid,ArchiveGuid,LegacyExchangeDN.", c.label(), mailbox.label()));
    }
    if routing_address(rec, mailbox).is_none() {
        return Some(format!("{}'s mailbox {} has no address on the tenant's mail.onmicrosoft.com domain, and -Domain names no initial domain to make one from: give -Domain (Get-MgDomain) or the mailbox's EmailAddresses.", c.label(), mailbox.label()));
    }
    None
}
