//! The join itself: the pairs the mapping or the proposals make, the blockers of each pair,
//! and one status per account. Hash tables only, and no message grows with the number of
//! accounts sharing a value, so linear in the accounts.

use std::collections::{BTreeMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::codec::immutable_id;
use crate::error::{ConvertError, ErrorCode};
use crate::records::SourceAnchor;
use crate::text::quote;
use crate::worker::{self, join_worker, spawn_worker};
use crate::{Interrupt, Interrupted};

use super::accounts::{CloudAccount, MappingRow, OnPremAccount};
use super::accounts::{RoleAssignment, RoleKind};
use super::adopt::pair_adoption;
use super::exchange::check_mailboxes;
use super::facts::{is_privileged, role_name, Facts, ROLE_SCOPE_UNSETTLED};
use super::finding::OBJECT_GUID_TENANT;
use super::index::{new_map, some_names, Index, Map};
use super::pairing::{pairing_message, Source};
use super::propose::{propose, Proposal};
use super::status;
use super::MappingError;
use super::{AccountResult, Check, Finding, Pair, Reconciliation};

const STEPS_BETWEEN_CHECKS: usize = 1 << 14;
/// How to ask Graph for what the join reads of a cloud user.
const CLOUD_PROPERTIES: &str =
    "Get-MgUser -All -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled";
/// Accounts a side needs before its results are worth a second thread.
pub(super) const PARALLEL_FROM: usize = 20_000;

/// `mapped`: a -Mapping was given (even one with no usable row).
pub(super) fn join(
    on_prem: Vec<OnPremAccount>,
    cloud: Vec<CloudAccount>,
    mappings: Vec<MappingRow>,
    mapped: bool,
    mut facts: Facts,
    source_anchor: SourceAnchor,
    interrupt: Interrupt,
) -> Result<Reconciliation, Interrupted> {
    let mut mappings = mappings;
    facts.exchange_on_premises = on_prem.iter().any(|o| o.exchange.carries_exchange());
    let index = Index::new(&on_prem, &cloud, !mappings.is_empty());
    if interrupt() {
        return Err(Interrupted);
    }
    let mut mapping_errors = Vec::new();
    // The accounts each row names, and what became of a DOMAIN\sam's domain part.
    let mut named = Vec::with_capacity(mappings.len());
    for row in &mut mappings {
        let (o, note) = on_prem_named(&index, &on_prem, &row.on_premises);
        row.domain_note = note;
        named.push((o, index.find_cloud(&row.cloud, &cloud)));
    }
    // Explicit pairings: on-premises -> targets, each pair once.
    let mut targets: BTreeMap<usize, Vec<(usize, Source)>> = BTreeMap::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for (row, (o, c)) in mappings.iter().zip(&named) {
        let fail = |error: ConvertError| MappingError { row: row.index, origin: row.origin.clone(), error };
        match (o.as_slice(), c.as_slice()) {
            ([o], [c]) => {
                if seen.insert((*o, *c)) {
                    targets.entry(*o).or_default().push((*c, Source { finding: Finding::MappedExplicitly, row: Some(row) }));
                }
            }
            ([_], c) => {
                let names = c.iter().map(|&c| cloud[c].label());
                mapping_errors.push(fail(unnamed(
                    row,
                    "cloud account",
                    &row.cloud,
                    ("-Cloud or -Deleted", "UPN or object id", "object id"),
                    names,
                    c.len(),
                )));
            }
            (o, _) => {
                let names = o.iter().map(|&o| on_prem[o].label());
                let how = ("-OnPremises", "sAMAccountName, DOMAIN\\sam, UPN, DN or GUID", "DN or GUID");
                mapping_errors.push(fail(unnamed(row, "on-premises account", &row.on_premises, how, names, o.len())));
            }
        }
    }
    // Proposals for on-premises accounts the mapping does not name.
    let mut ambiguous: Map<usize, (Vec<usize>, bool)> = new_map();
    for (i, proposal) in propose(&on_prem, &cloud, &index, &targets, interrupt)? {
        match proposal {
            Proposal::One(c, finding) => {
                targets.insert(i, vec![(c, Source { finding, row: None })]);
            }
            Proposal::Ambiguous { candidates, more } => {
                ambiguous.insert(i, (candidates, more));
            }
        }
    }
    let mut claimed: Map<usize, Vec<usize>> = new_map();
    for (o, list) in &targets {
        for (c, _) in list {
            claimed.entry(*c).or_default().push(*o);
        }
    }

    // Cloud records without the property: a holder of the anchor could hide among them. So
    // could they when no active record has an anchor or a sync state: Get-MgUser's objects
    // have the properties, empty unless -Property asks for them.
    let without_property = cloud.iter().filter(|c| !c.anchor_known).count();
    let mut active = cloud.iter().filter(|c| !c.deleted).peekable();
    let none_known = active.peek().is_some() && active.all(|c| c.immutable_id.is_none() && c.sync_enabled.is_none());
    let anchors_unknown = without_property > 0 || none_known;
    let mut warnings = Vec::new();
    if none_known {
        warnings.push(format!("No cloud record carries an onPremisesImmutableId or an onPremisesSyncEnabled: Get-MgUser returns them empty unless asked, so no account is known to hold an anchor. Request them ({CLOUD_PROPERTIES}); until then the check CloudAnchors is not made."));
    } else if without_property > 0 {
        warnings.push(format!("{without_property} cloud records have no onPremisesImmutableId property, so an account holding an anchor could be among them. Request it ({CLOUD_PROPERTIES}); until then the check CloudAnchors is not made."));
    }
    let mut pairs = Vec::new();
    let mut already_matched = Vec::new();
    let mut pair_of_on_prem: Map<usize, usize> = new_map();
    let mut pair_of_cloud: Map<usize, usize> = new_map();
    for (&o, list) in &targets {
        let Some(&(c, source)) = list.first() else { continue };
        let account = &on_prem[o];
        // Already matched: nothing to plan (the plan says so for a pair -Mapping names). A
        // soft-deleted holder is not a match, and a second row for the account still counts.
        if account.anchor.is_some() && cloud[c].immutable_id.as_deref() == account.anchor.as_deref() && !cloud[c].deleted && list.len() == 1
        {
            if source.row.is_some() {
                already_matched.push((o, c));
            }
            continue;
        }
        let mut pair = Pair { on_prem: o, target: c, twins: Vec::new(), findings: Vec::new(), not_checked: Vec::new(), adoption: None };
        pair.findings.push((source.finding, pairing_message(source, account, &cloud[c])));
        if list.len() > 1 {
            let names = some_names(list.iter().map(|(t, _)| cloud[*t].label()), list.len());
            pair.findings.push((
                Finding::MappingConflict,
                format!(
                    "-Mapping pairs {} with {} cloud accounts ({names}); one on-premises account can take over one.",
                    account.label(),
                    list.len()
                ),
            ));
        }
        if claimed.get(&c).is_some_and(|owners| owners.len() > 1) {
            let owners = &claimed[&c];
            let names = some_names(owners.iter().map(|&o| on_prem[o].label()), owners.len());
            pair.findings.push((
                Finding::MappingConflict,
                format!("{} is paired with {} on-premises accounts ({names}); only one can take it over.", cloud[c].label(), owners.len()),
            ));
        }
        check_pair(&mut pair, &on_prem, &cloud, &index, &facts);
        pair.adoption = pair_adoption((account, &cloud[c]), &on_prem, &cloud, &index, source_anchor, !pair.twins.is_empty());
        if anchors_unknown {
            pair.not_checked.push(Check::CloudAnchors);
        }
        pair_of_on_prem.insert(o, pairs.len());
        pair_of_cloud.insert(c, pairs.len());
        pairs.push(pair);
    }

    // The two sides' results are independent: the cloud side's are made on a second thread
    // (when there are enough to pay for one). Only this thread may ask `interrupt`; it tells
    // the other through `stop`.
    let stop = AtomicBool::new(false);
    let on_prem_results = |interrupt: &dyn Fn() -> bool| -> Result<Vec<AccountResult>, Interrupted> {
        let mut results = Vec::with_capacity(on_prem.len() + cloud.len());
        for (i, o) in on_prem.iter().enumerate() {
            if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
                return Err(Interrupted);
            }
            results.push(status::on_prem_result(i, o, &on_prem, &cloud, &index, &pairs, &pair_of_on_prem, &targets, ambiguous.get(&i)));
        }
        Ok(results)
    };
    let cloud_results = |interrupt: &dyn Fn() -> bool| -> Result<Vec<AccountResult>, Interrupted> {
        let mut results = Vec::with_capacity(cloud.len());
        for (i, c) in cloud.iter().enumerate() {
            if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
                return Err(Interrupted);
            }
            results.push(status::cloud_result(c, i, &on_prem, &cloud, &index, &pairs, (&pair_of_cloud, &pair_of_on_prem), source_anchor));
        }
        Ok(results)
    };
    let (mine, theirs) = if on_prem.len().min(cloud.len()) < PARALLEL_FROM {
        (on_prem_results(interrupt), cloud_results(interrupt))
    } else {
        std::thread::scope(|scope| {
            let (stop, cloud_side) = (&stop, &cloud_results);
            let spawned = spawn_worker(scope, move || cloud_side(&|| stop.load(Ordering::Relaxed)));
            let asked = || {
                let asked = interrupt();
                if asked {
                    stop.store(true, Ordering::Relaxed);
                }
                asked
            };
            // A panic here stops the other side too, then comes back up.
            let mine = std::panic::catch_unwind(AssertUnwindSafe(|| on_prem_results(&asked))).unwrap_or_else(|payload| {
                stop.store(true, Ordering::Relaxed);
                worker::resume(payload)
            });
            if mine.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            let theirs = match spawned {
                Some(handle) => {
                    // Keep answering Ctrl+C while the other side finishes.
                    while !handle.is_finished() {
                        if asked() {
                            break;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    join_worker(handle)
                }
                // No thread to be had: this one does both.
                None => cloud_results(&asked),
            };
            (mine, theirs)
        })
    };
    let mut results = mine?;
    results.extend(theirs?);
    Ok(Reconciliation { on_prem, cloud, results, pairs, mapping_errors, mapped, already_matched, facts, warnings, source_anchor })
}

/// Every check of a hard match of `pair.on_prem` onto `pair.target`.
fn check_pair(pair: &mut Pair, on_prem: &[OnPremAccount], cloud: &[CloudAccount], index: &Index, facts: &Facts) {
    let o = &on_prem[pair.on_prem];
    let c = &cloud[pair.target];
    let (o_name, c_name) = (o.label(), c.label());
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    let Some(anchor) = o.anchor.as_deref() else {
        add(Finding::NoOnPremisesAnchor, format!("{o_name} has no anchor to move: {}.", o.anchor_problem.as_deref().unwrap_or("no GUID")));
        return;
    };
    if index.makers.get(anchor).is_some_and(|m| m.len() > 1) {
        // A conflict whatever else holds; stopping here also keeps the pairs that share an
        // anchor from each walking all its holders.
        add(
            Finding::DuplicateOnPremisesAnchor,
            format!("Another on-premises account makes the same anchor {anchor} as {o_name}; Entra Connect cannot sync both."),
        );
        return;
    }
    if c.deleted {
        add(Finding::TargetSoftDeleted, format!("{c_name}, the cloud account to keep, is soft-deleted. Restore it first (Restore-MgDirectoryDeletedItem -DirectoryObjectId {}), then plan again.", c.id.as_deref().unwrap_or("<id>")));
    }
    if c.sync_enabled == Some(true) {
        add(Finding::TargetSyncEnabled, format!("{c_name} is already synced from another on-premises object (onPremisesSyncEnabled is True); taking it over would take it from that object. Find that object first."));
    }
    if let Some(other) = c.immutable_id.as_deref().filter(|&a| a != anchor) {
        match index.makers.get(other) {
            Some(owners) => add(
                Finding::MappingConflict,
                format!(
                    "{c_name} holds the anchor {other}, which is {}'s: it is that account's cloud account, not a free one.",
                    on_prem[owners[0]].label()
                ),
            ),
            None => {
                let what = match index.mistakes.get(other) {
                    Some((owner, Finding::BigEndianAnchor)) if *owner == pair.on_prem => {
                        format!("{o_name}'s GUID in big-endian byte order, a wrong encoding")
                    }
                    Some((owner, Finding::GuidTextAnchor)) if *owner == pair.on_prem => {
                        format!("the Base64 of {o_name}'s GUID text, a wrong encoding")
                    }
                    Some((owner, Finding::ObjectGuidAnchor)) if *owner == pair.on_prem => {
                        format!("made from {o_name}'s objectGUID, not the mS-DS-ConsistencyGuid Entra Connect anchors on ({OBJECT_GUID_TENANT})")
                    }
                    // A tenant that anchors on objectGUID ignores mS-DS-ConsistencyGuid.
                    _ if o.consistency_guid.is_some_and(|g| o.anchor_guid != Some(g) && immutable_id(&g) == other) => format!(
                        "made from {o_name}'s mS-DS-ConsistencyGuid: {}, so mS-DS-ConsistencyGuid is ignored",
                        SourceAnchor::ObjectGuid.said()
                    ),
                    _ => "which no on-premises account given makes".to_string(),
                };
                add(
                    Finding::TargetHoldsOtherAnchor,
                    format!("{c_name} already holds the anchor {other}, {what}; the plan writes {anchor} over it."),
                )
            }
        }
    }
    for &h in index.holders_of(anchor) {
        if h == pair.target {
            continue;
        }
        pair.twins.push(h);
        let twin = &cloud[h];
        if twin.deleted {
            pair.findings.push((Finding::AnchorHeldBySoftDeleted, format!("The soft-deleted {} holds {anchor}: Entra refuses a second account with the same anchor, so it must be purged (destroying its mailbox and files) or restored with its anchor cleared first.", twin.label())));
        } else if twin.sync_enabled == Some(false) {
            pair.findings.push((Finding::AnchorHeldByActiveTwin, format!("{} holds {anchor} but is not synced (onPremisesSyncEnabled is False), so no sync will delete it: clear its anchor or delete it by hand before {c_name} can take the anchor.", twin.label())));
        } else {
            pair.findings.push((Finding::AnchorHeldByActiveTwin, format!("{} (the account sync made for {o_name}) holds {anchor}: it must leave sync scope and be deleted, and the anchor freed, before {c_name} can take it.", twin.label())));
        }
    }
    // A twin holding a wrong encoding of the user's GUID stays joined to it (or to nothing):
    // a person must sort it out before the anchor moves.
    for (mistake, finding) in index.mistakes_held(pair.on_prem) {
        let hint = if finding == Finding::ObjectGuidAnchor { format!(" {OBJECT_GUID_TENANT}") } else { String::new() };
        for &h in index.holders_of(mistake).iter().filter(|&&h| h != pair.target) {
            pair.findings.push((
                finding,
                format!(
                    "{} holds {mistake}, a wrong encoding of {o_name}'s GUID: correct or remove it before {c_name} takes {anchor}.{hint}",
                    cloud[h].label()
                ),
            ));
        }
    }
    if let Some(why) = o.anchor_unwritable.as_deref() {
        pair.findings.push((
            Finding::InvalidAnchor,
            format!(
                "{o_name}'s anchor comes from its {}, and Graph cannot write it to {c_name}: {why}",
                o.anchor_source.unwrap_or("anchor")
            ),
        ));
    }
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match facts.synchronization.as_ref().map(|s| (s.block_hard_match, s.block_soft_match)) {
        Some((hard, soft)) => {
            if hard == Some(true) {
                add(Finding::TenantHardMatchBlocked, "BlockCloudObjectTakeoverThroughHardMatchEnabled is on: Entra refuses every hard match of a cloud-created account until it is turned off (turn it back on afterwards).".to_string());
            }
            if soft == Some(true) {
                add(
                    Finding::SoftMatchBlocked,
                    "BlockSoftMatchEnabled is on: soft matching (by UPN or mail) is refused; a hard match by ImmutableId is not affected."
                        .to_string(),
                );
            }
            if hard.is_none() {
                pair.not_checked.push(Check::TenantSwitches);
            }
        }
        None => pair.not_checked.push(Check::TenantSwitches),
    }
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match c.upn_domain() {
        Some(domain) => match facts.federated(&domain) {
            Some(true) => add(Finding::FederatedUpn, format!("{c_name}'s UPN is on the federated domain {domain}: its anchor cannot be set there. Move the UPN to the tenant's onmicrosoft.com domain, set the anchor, and move it back.")),
            Some(false) => {}
            None => pair.not_checked.push(Check::Federation),
        },
        None => pair.not_checked.push(Check::Federation),
    }
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match &c.object_identifier {
        Some(Some(value)) => add(Finding::OnPremisesObjectIdentifierSet, format!("{c_name} has onPremisesObjectIdentifier {}: since 2026 Entra refuses to map such an account to another on-premises object. Clear it (set it to null) first.", quote(value))),
        Some(None) => {}
        None => pair.not_checked.push(Check::ObjectIdentifier),
    }
    // Microsoft's unsettled scope is said once, with the first role.
    let mut scope_note = Some(ROLE_SCOPE_UNSETTLED);
    let mut role_finding = |role: &RoleAssignment, through: Option<&str>| {
        let kind = if role.eligible { "is eligible for" } else { "holds" };
        let (finding, privileged) =
            if is_privileged(role) { (Finding::PrivilegedRole, "the privileged role") } else { (Finding::DirectoryRole, "the role") };
        let (through, what) = match through {
            Some(group) => (
                format!(" through the group {group}"),
                "Take the account out of the group (or the role off the group) for the match, and put it back afterwards.",
            ),
            None => (String::new(), "Remove it for the match and give it back afterwards."),
        };
        let note = scope_note.take().map(|n| format!(" {n}")).unwrap_or_default();
        (
            finding,
            format!(
                "{c_name} {kind} {privileged} {}{through}: Entra refuses a hard match onto such an account. {what}{note}",
                role_name(role)
            ),
        )
    };
    match c.id.as_deref().and_then(|id| facts.roles_of(id)) {
        Some(roles) => {
            for role in roles {
                let found = role_finding(role, None);
                pair.findings.push(found);
            }
            if roles.iter().any(|r| r.kind == RoleKind::ActiveUnknown) {
                pair.not_checked.push(Check::RoleKinds);
            }
            match c.id.as_deref().and_then(|id| facts.roles_through_groups(id)) {
                Some(held) => {
                    for (group, role) in held {
                        let found = role_finding(role, Some(group));
                        pair.findings.push(found);
                    }
                }
                None => pair.not_checked.push(Check::RolesThroughGroups),
            }
        }
        None => pair.not_checked.push(Check::Roles),
    }
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match c.cloud_managed {
        Some(true) => add(Finding::CloudManaged, format!("{c_name} was switched to cloud-managed (onPremisesSyncBehavior.isCloudManaged is True): Entra Connect does not take such an account over. Switch it back (isCloudManaged False) first.")),
        Some(false) => {}
        None => pair.not_checked.push(Check::CloudManagedState),
    }
    if !facts.deleted_given {
        pair.not_checked.push(Check::SoftDeletedHolders);
    }
    check_mailboxes(pair, on_prem, cloud, facts);
}

/// The error for a -Mapping row whose account is not exactly one of those given:
/// `UnknownAccount` when it is none, `AmbiguousAccount` when it is several. `how` is the
/// parameter the accounts came from, what they are matched by, and what names one alone.
fn unnamed(
    row: &MappingRow,
    what: &str,
    key: &str,
    how: (&str, &str, &str),
    names: impl Iterator<Item = String>,
    total: usize,
) -> ConvertError {
    let (parameter, matched_by, unique) = how;
    let note = row.domain_note.as_deref().filter(|_| what.starts_with("on")).map_or(String::new(), |n| format!(" {n}"));
    let (origin, key) = (row.origin.describe(), quote(key));
    if total == 0 {
        ConvertError::new(
            ErrorCode::UnknownAccount,
            format!("{origin}: the {what} {key} is none of the accounts given in {parameter} (matched by {matched_by}), so the row is not used.{note}"),
        )
    } else {
        ConvertError::new(
            ErrorCode::AmbiguousAccount,
            format!(
                "{origin}: the {what} {key} matches more than one account given in {parameter} ({}), so the row is not used: name one by its {unique}.{note}",
                some_names(names, total)
            ),
        )
    }
}

/// `DOMAIN\sam` as admins copy it from AD tools: the domain and the sAMAccountName. `None`
/// for anything else (a DN's escaped characters come with '=').
fn domain_and_sam(key: &str) -> Option<(&str, &str)> {
    let (domain, sam) = key.split_once('\\')?;
    let domain_ok = !domain.is_empty() && domain.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
    let sam_ok = !sam.is_empty() && !sam.contains(['\\', '=', '@', ',']);
    (domain_ok && sam_ok).then_some((domain, sam))
}

/// The DNS domain of a DN: its DC= parts, joined with dots ("contoso.com").
fn dn_domain(dn: &str) -> Option<String> {
    let labels: Vec<&str> = dn
        .split(',')
        .map(str::trim)
        .filter_map(|part| part.get(..3).filter(|p| p.eq_ignore_ascii_case("DC=")).map(|_| &part[3..]))
        .collect();
    (!labels.is_empty()).then(|| labels.join("."))
}

/// True when `domain` (a NetBIOS or DNS name) names the DNS domain `dns`: it is the whole
/// name or its first label, as a NetBIOS name usually is.
fn names_domain(domain: &str, dns: &str) -> bool {
    dns.eq_ignore_ascii_case(domain) || dns.split('.').next().is_some_and(|first| first.eq_ignore_ascii_case(domain))
}

/// The on-premises accounts a -Mapping key names. For `DOMAIN\sam` the sAMAccountName
/// finds them and the domain part is checked against their DistinguishedName: it narrows
/// several to those in that domain, and is said to be checked, or ignored when nothing
/// can check it (no DN given, or one account whose domain's first label differs: a
/// NetBIOS name need not be).
fn on_prem_named(index: &Index, on_prem: &[OnPremAccount], key: &str) -> (Vec<usize>, Option<String>) {
    let Some((domain, sam)) = domain_and_sam(key.trim()) else { return (index.find_on_prem(key).to_vec(), None) };
    let found: Vec<usize> = index
        .find_on_prem(sam)
        .iter()
        .copied()
        .filter(|&o| on_prem[o].sam.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(sam)))
        .collect();
    let read = format!("Its OnPremises {} was read as the sAMAccountName {}", quote(key), quote(sam));
    if found.is_empty() {
        return (found, Some(format!("{read}; the domain part {} was not needed.", quote(domain))));
    }
    let domains: Vec<Option<String>> = found.iter().map(|&o| on_prem[o].dn.as_deref().and_then(dn_domain)).collect();
    let inside: Vec<usize> =
        found.iter().zip(&domains).filter(|(_, d)| d.as_deref().is_some_and(|d| names_domain(domain, d))).map(|(&o, _)| o).collect();
    let d = quote(domain);
    if let [only] = inside.as_slice() {
        let dns = on_prem[*only].dn.as_deref().and_then(dn_domain).unwrap_or_default();
        return (inside, Some(format!("{read}; the domain part {d} was checked: its DistinguishedName is in {dns}.")));
    }
    if !inside.is_empty() {
        return (inside, Some(format!("{read}; the domain part {d} was checked against their DistinguishedNames.")));
    }
    let note = match (found.as_slice(), &domains[..]) {
        (_, all) if all.iter().all(Option::is_none) => {
            format!("{read}; the domain part {d} was ignored: the -OnPremises records carry no DistinguishedName to check it against.")
        }
        ([_], [Some(dns)]) => format!(
            "{read}; the domain part {d} was ignored: its DistinguishedName is in {dns}, whose name does not start with it (a NetBIOS name can differ from the DNS name)."
        ),
        _ => format!("{read}; the domain part {d} is in none of their DistinguishedNames."),
    };
    (found, Some(note))
}
