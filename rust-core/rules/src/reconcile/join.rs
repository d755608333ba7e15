//! The join itself: indexes by anchor and by name, the pairs the mapping or the proposals
//! make, the blockers of each pair, and one status per account. Hash tables only, so
//! linear in the accounts.

use std::collections::{BTreeMap, HashMap};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::codec::guid::d_form;
use crate::codec::{immutable_id, parse_guid_text};
use crate::error::{ConvertError, ErrorCode};
use crate::text::quote;
use crate::{Interrupt, Interrupted};

use super::accounts::{CloudAccount, MappingRow, OnPremAccount};
use super::facts::{is_privileged, role_name, Facts, ROLE_SCOPE_UNSETTLED};
use super::status;
use super::{Check, Finding, Pair, Reconciliation};

const STEPS_BETWEEN_CHECKS: usize = 1 << 14;

/// Finds accounts by anchor and by name.
pub(super) struct Index<'a> {
    /// Anchor -> cloud accounts (active or deleted) holding it exactly.
    pub holders: HashMap<&'a str, Vec<usize>>,
    /// Lower-cased anchor -> the distinct anchors that fold to it.
    pub folded: HashMap<String, Vec<&'a str>>,
    /// Anchor -> on-premises accounts that make it.
    pub makers: HashMap<&'a str, Vec<usize>>,
    /// A wrong encoding of an on-premises GUID -> that account and which mistake it is.
    pub mistakes: HashMap<String, (usize, Finding)>,
    on_prem_by_name: HashMap<String, Vec<usize>>,
    cloud_by_name: HashMap<String, Vec<usize>>,
    cloud_by_mail: HashMap<String, Vec<usize>>,
    cloud_by_smtp: HashMap<String, Vec<usize>>,
}

fn push<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: K, value: usize) {
    let list = map.entry(key).or_default();
    if !list.contains(&value) {
        list.push(value);
    }
}

impl<'a> Index<'a> {
    fn new(on_prem: &'a [OnPremAccount], cloud: &'a [CloudAccount]) -> Index<'a> {
        let mut index = Index {
            holders: HashMap::new(),
            folded: HashMap::new(),
            makers: HashMap::new(),
            mistakes: HashMap::new(),
            on_prem_by_name: HashMap::new(),
            cloud_by_name: HashMap::new(),
            cloud_by_mail: HashMap::new(),
            cloud_by_smtp: HashMap::new(),
        };
        for (i, c) in cloud.iter().enumerate() {
            if let Some(anchor) = c.immutable_id.as_deref() {
                push(&mut index.holders, anchor, i);
                let twins = index.folded.entry(anchor.to_lowercase()).or_default();
                if !twins.contains(&anchor) {
                    twins.push(anchor);
                }
            }
            for name in [&c.id, &c.upn].into_iter().flatten() {
                push(&mut index.cloud_by_name, name.to_lowercase(), i);
            }
            if let Some(mail) = &c.mail {
                push(&mut index.cloud_by_mail, mail.clone(), i);
            }
            for address in &c.smtp {
                push(&mut index.cloud_by_smtp, address.clone(), i);
            }
        }
        for (i, o) in on_prem.iter().enumerate() {
            if let Some(anchor) = o.anchor.as_deref() {
                push(&mut index.makers, anchor, i);
            }
            for name in [&o.sam, &o.upn, &o.dn].into_iter().flatten() {
                push(&mut index.on_prem_by_name, name.to_lowercase(), i);
            }
            for guid in [o.object_guid, o.consistency_guid].into_iter().flatten() {
                push(&mut index.on_prem_by_name, guid.to_string(), i);
                index.mistakes.entry(STANDARD.encode(guid.as_bytes())).or_insert((i, Finding::BigEndianAnchor));
                index.mistakes.entry(STANDARD.encode(d_form(&guid))).or_insert((i, Finding::GuidTextAnchor));
                index.mistakes.entry(STANDARD.encode(d_form(&guid).to_uppercase())).or_insert((i, Finding::GuidTextAnchor));
            }
            if let (Some(object_guid), Some(consistency)) = (o.object_guid, o.consistency_guid) {
                if object_guid != consistency {
                    index.mistakes.entry(immutable_id(&object_guid)).or_insert((i, Finding::ObjectGuidAnchor));
                }
            }
        }
        index
    }

    fn find_on_prem(&self, key: &str) -> Vec<usize> {
        let key = parse_guid_text(key.trim()).map_or_else(|| key.trim().to_lowercase(), |g| g.to_string());
        self.on_prem_by_name.get(&key).cloned().unwrap_or_default()
    }

    fn find_cloud(&self, key: &str, cloud: &[CloudAccount]) -> Vec<usize> {
        let found = self.cloud_by_name.get(&key.trim().to_lowercase()).cloned().unwrap_or_default();
        // An active account wins over a soft-deleted one of the same name.
        let active: Vec<usize> = found.iter().copied().filter(|&c| !cloud[c].deleted).collect();
        if active.is_empty() {
            found
        } else {
            active
        }
    }
}

/// Where a pairing came from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Source {
    pub finding: Finding,
    pub row: Option<usize>,
}

pub(super) fn join(on_prem: Vec<OnPremAccount>, cloud: Vec<CloudAccount>, mappings: Vec<MappingRow>, facts: Facts, interrupt: Interrupt) -> Result<Reconciliation, Interrupted> {
    let index = Index::new(&on_prem, &cloud);
    if interrupt() {
        return Err(Interrupted);
    }
    let mut mapping_errors = Vec::new();
    // Explicit pairings: on-premises -> targets, target -> on-premises.
    let mut targets: BTreeMap<usize, Vec<(usize, Source)>> = BTreeMap::new();
    for row in &mappings {
        let o = index.find_on_prem(&row.on_premises);
        let c = index.find_cloud(&row.cloud, &cloud);
        let unknown = |what: &str, key: &str, n: usize| {
            let why = if n == 0 { "no account given matches it" } else { "more than one account given matches it" };
            ConvertError::new(ErrorCode::NoAnchorProperty, format!("-Mapping[{}]: the {what} {} cannot be used: {why}.", row.index, quote(key)))
        };
        match (o.as_slice(), c.as_slice()) {
            ([o], [c]) => {
                let pairs = targets.entry(*o).or_default();
                if !pairs.iter().any(|(t, _)| t == c) {
                    pairs.push((*c, Source { finding: Finding::MappedExplicitly, row: Some(row.index) }));
                }
            }
            ([_], c) => mapping_errors.push((row.index, unknown("cloud account", &row.cloud, c.len()))),
            (o, _) => mapping_errors.push((row.index, unknown("on-premises account", &row.on_premises, o.len()))),
        }
    }
    let mut claimed: HashMap<usize, Vec<usize>> = HashMap::new();
    for (o, list) in &targets {
        for (c, _) in list {
            claimed.entry(*c).or_default().push(*o);
        }
    }
    // Proposals for on-premises accounts the mapping does not name.
    let mut ambiguous: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, o) in on_prem.iter().enumerate() {
        if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
            return Err(Interrupted);
        }
        if targets.contains_key(&i) {
            continue;
        }
        let candidate = |c: &usize| {
            let account = &cloud[*c];
            !account.deleted
                && account.sync_enabled != Some(true)
                && (account.immutable_id.is_none() || account.immutable_id.as_deref() != o.anchor.as_deref())
                && !claimed.contains_key(c)
                && account.immutable_id.as_deref().is_none_or(|a| !index.makers.contains_key(a))
        };
        let by = |keys: Vec<&String>, map: &HashMap<String, Vec<usize>>| -> Vec<usize> {
            let mut found: Vec<usize> = keys.into_iter().filter_map(|k| map.get(&k.to_lowercase())).flatten().copied().filter(candidate).collect();
            found.sort_unstable();
            found.dedup();
            found
        };
        let levels = [
            (Finding::ProposedByUpn, by(o.upn.iter().collect(), &index.cloud_by_name)),
            (Finding::ProposedByMail, by(o.mail.iter().collect(), &index.cloud_by_mail)),
            (Finding::ProposedByProxyAddress, {
                let mut found = by(o.smtp.iter().collect(), &index.cloud_by_smtp);
                found.extend(by(o.smtp.iter().collect(), &index.cloud_by_mail));
                found.sort_unstable();
                found.dedup();
                found
            }),
        ];
        if let Some((finding, found)) = levels.into_iter().find(|(_, found)| !found.is_empty()) {
            if let [c] = found.as_slice() {
                targets.insert(i, vec![(*c, Source { finding, row: None })]);
                claimed.entry(*c).or_default().push(i);
            } else {
                ambiguous.insert(i, found);
            }
        }
    }

    let mut pairs = Vec::new();
    let mut pair_of_on_prem: HashMap<usize, usize> = HashMap::new();
    let mut pair_of_cloud: HashMap<usize, usize> = HashMap::new();
    for (&o, list) in &targets {
        let Some(&(c, source)) = list.first() else { continue };
        let account = &on_prem[o];
        // Already matched: nothing to plan.
        if account.anchor.is_some() && cloud[c].immutable_id.as_deref() == account.anchor.as_deref() {
            continue;
        }
        let mut pair = Pair { on_prem: o, target: c, twins: Vec::new(), findings: Vec::new(), not_checked: Vec::new() };
        pair.findings.push((source.finding, pairing_message(source, account, &cloud[c])));
        if list.len() > 1 {
            let names: Vec<String> = list.iter().map(|(t, _)| cloud[*t].label()).collect();
            pair.findings.push((Finding::MappingConflict, format!("-Mapping pairs {} with {} cloud accounts ({}); one on-premises account can take over one.", account.label(), list.len(), names.join(", "))));
        }
        if claimed.get(&c).is_some_and(|owners| owners.len() > 1) {
            let names: Vec<String> = claimed[&c].iter().map(|&o| on_prem[o].label()).collect();
            pair.findings.push((Finding::MappingConflict, format!("{} is paired with {} on-premises accounts ({}); only one can take it over.", cloud[c].label(), names.len(), names.join(", "))));
        }
        check_pair(&mut pair, &on_prem, &cloud, &index, &facts);
        pair_of_on_prem.insert(o, pairs.len());
        pair_of_cloud.insert(c, pairs.len());
        pairs.push(pair);
    }

    let mut results = Vec::with_capacity(on_prem.len() + cloud.len());
    for (i, o) in on_prem.iter().enumerate() {
        if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
            return Err(Interrupted);
        }
        results.push(status::on_prem_result(i, o, &on_prem, &cloud, &index, &pairs, &pair_of_on_prem, &targets, ambiguous.get(&i)));
    }
    for (i, c) in cloud.iter().enumerate() {
        if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
            return Err(Interrupted);
        }
        results.push(status::cloud_result(c, i, &on_prem, &cloud, &index, &pairs, &pair_of_cloud, &pair_of_on_prem));
    }
    Ok(Reconciliation { on_prem, cloud, results, pairs, mapping_errors, facts })
}

pub(super) fn pairing_message(source: Source, o: &OnPremAccount, c: &CloudAccount) -> String {
    let (o_name, c_name) = (o.label(), c.label());
    match (source.finding, source.row) {
        (Finding::MappedExplicitly, Some(row)) => format!("-Mapping[{row}] says {o_name} takes over {c_name}."),
        (Finding::ProposedByUpn, _) => format!("Proposed, not given: {o_name} and {c_name} have the same user principal name. Confirm it with -Mapping before acting on it."),
        (Finding::ProposedByMail, _) => format!("Proposed, not given: {o_name} and {c_name} have the same mail address. Confirm it with -Mapping before acting on it."),
        _ => format!("Proposed, not given: {o_name} and {c_name} share an SMTP proxy address. Confirm it with -Mapping before acting on it."),
    }
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
        add(Finding::DuplicateOnPremisesAnchor, format!("Another on-premises account makes the same anchor {anchor} as {o_name}; Entra Connect cannot sync both."));
    }
    if c.deleted {
        add(Finding::TargetSoftDeleted, format!("{c_name}, the cloud account to keep, is soft-deleted. Restore it first (Restore-MgDirectoryDeletedItem -DirectoryObjectId {}), then plan again.", c.id.as_deref().unwrap_or("<id>")));
    }
    if c.sync_enabled == Some(true) {
        add(Finding::TargetSyncEnabled, format!("{c_name} is already synced from another on-premises object (onPremisesSyncEnabled is True); taking it over would take it from that object. Find that object first."));
    }
    if let Some(other) = c.immutable_id.as_deref().filter(|&a| a != anchor) {
        match index.makers.get(other) {
            Some(owners) => add(Finding::MappingConflict, format!("{c_name} holds the anchor {other}, which is {}'s: it is that account's cloud account, not a free one.", on_prem[owners[0]].label())),
            None => {
                let what = match index.mistakes.get(other) {
                    Some((owner, Finding::BigEndianAnchor)) if *owner == pair.on_prem => format!("{o_name}'s GUID in big-endian byte order, a wrong encoding"),
                    Some((owner, Finding::GuidTextAnchor)) if *owner == pair.on_prem => format!("the Base64 of {o_name}'s GUID text, a wrong encoding"),
                    Some((owner, Finding::ObjectGuidAnchor)) if *owner == pair.on_prem => format!("made from {o_name}'s objectGUID, not the mS-DS-ConsistencyGuid Entra Connect anchors on"),
                    _ => "which no on-premises account given makes".to_string(),
                };
                add(Finding::TargetHoldsOtherAnchor, format!("{c_name} already holds the anchor {other}, {what}; the plan writes {anchor} over it."))
            }
        }
    }
    for &h in index.holders.get(anchor).map_or(&[][..], Vec::as_slice) {
        if h == pair.target {
            continue;
        }
        pair.twins.push(h);
        let twin = &cloud[h];
        if twin.deleted {
            pair.findings.push((Finding::AnchorHeldBySoftDeleted, format!("The soft-deleted {} holds {anchor}: Entra refuses a second account with the same anchor, so it must be purged (destroying its mailbox and files) or restored with its anchor cleared first.", twin.label())));
        } else {
            pair.findings.push((Finding::AnchorHeldByActiveTwin, format!("{} (the account sync made for {o_name}) holds {anchor}: it must leave sync scope and be deleted, and the anchor freed, before {c_name} can take it.", twin.label())));
        }
    }
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match facts.synchronization.as_ref().map(|s| (s.block_hard_match, s.block_soft_match)) {
        Some((hard, soft)) => {
            if hard == Some(true) {
                add(Finding::TenantHardMatchBlocked, "BlockCloudObjectTakeoverThroughHardMatchEnabled is on: Entra refuses every hard match of a cloud-created account until it is turned off (turn it back on afterwards).".to_string());
            }
            if soft == Some(true) {
                add(Finding::SoftMatchBlocked, "BlockSoftMatchEnabled is on: soft matching (by UPN or mail) is refused; a hard match by ImmutableId is not affected.".to_string());
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
    let mut add = |f: Finding, m: String| pair.findings.push((f, m));
    match c.id.as_deref().and_then(|id| facts.roles_of(id)) {
        Some(roles) => {
            for role in roles {
                let kind = if role.eligible { "is eligible for" } else { "holds" };
                let (finding, privileged) = if is_privileged(role) { (Finding::PrivilegedRole, "the privileged role") } else { (Finding::DirectoryRole, "the role") };
                add(finding, format!("{c_name} {kind} {privileged} {}: Entra refuses a hard match onto such an account. Remove it for the match and give it back afterwards. {ROLE_SCOPE_UNSETTLED}", role_name(role)));
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
}
